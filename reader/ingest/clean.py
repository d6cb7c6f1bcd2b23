"""Text cleaning, done once at ingestion so nothing downstream can emit a control sequence.

Removed from every string: C0 and C1 control characters (ESC included; newline and tab are
kept in multi-line text), DEL, lone surrogates, bidi embedding/override/isolate controls, and
invisible zero-width characters that are only ever used to disguise text. Zero-width
(non-)joiners stay: scripts and emoji need them.
"""

from __future__ import annotations

import html
import re
import unicodedata

from reader.unsafe_chars import UNSAFE_CHARS  # scan.py takes it from here too

_UNSAFE_RE = re.compile(f"[{UNSAFE_CHARS}]")
_LINE_BREAKS_RE = re.compile("\r\n?|[\u2028\u2029\x85]")
_SPACES_RE = re.compile(r"\s+")
_ANY_TO_CLEAN_RE = re.compile(f"[\r\u2028\u2029\x85{UNSAFE_CHARS}]")  # what the two above would change


def clean_text(value: str) -> str:
    """Multi-line text: unsafe characters gone, line endings normalised to \\n, NFC."""
    if _ANY_TO_CLEAN_RE.search(value):  # one scan instead of two for the usual clean body
        value = _LINE_BREAKS_RE.sub("\n", value)
        value = _UNSAFE_RE.sub("", value)
    if not value.isascii():
        value = unicodedata.normalize("NFC", value)
    return value


def clean_line(value: str, *, unescape: bool = False) -> str:
    """Single-line text (titles, names): as `clean_text`, whitespace runs folded to one space.

    With `unescape`, HTML entities (`&amp;`, `&#8217;`) are decoded first, so an entity can
    never smuggle a control character past the cleaning.
    """
    if value.isascii() and value.isprintable() and "  " not in value and not (unescape and "&" in value):
        return value.strip()  # the usual value (~18 a file): nothing to decode, fold or normalise
    if unescape and "&" in value:
        value = html.unescape(value)
    # Fast path for the usual title or name (same result, a fraction of the time): printable
    # text holds no control, unsafe or line-break character and no whitespace but " ".
    if value.isprintable():
        if not value.isascii():
            value = unicodedata.normalize("NFC", value)
        if "  " not in value and value.isprintable():
            return value.strip()
    return _SPACES_RE.sub(" ", clean_text(value)).strip()


def shorten(text: str, limit: int = 120) -> str:
    """Cut at a word boundary, adding an ellipsis when something was cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"
