"""The characters no text may carry to a terminal: one definition, for ingestion
(reader/ingest/clean.py), file names (scan.py) and the screen's edge (reader/tui/text.py).
A module of its own so the app's start loads it without the cleaners (and their HTML tables)."""

# The body of a regex character class.
UNSAFE_CHARS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 (but \t \n \r), DEL, C1
    "\ud800-\udfff"  # lone surrogates (YAML escapes can produce them)
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "\u200b\u2060-\u2064\ufeff\ufff9-\ufffb"  # zero-width space, word joiner, invisible operators, BOM, annotation marks
    "\u180e\u206a-\u206f"  # Mongolian vowel separator, deprecated shaping/swapping controls
)
