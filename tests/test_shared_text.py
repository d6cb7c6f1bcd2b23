"""What the CLI and the TUI share at the edge of the screen: one unsafe-character set, one set
of date and number formats."""

from __future__ import annotations

import re

from reader.ingest.clean import UNSAFE_CHARS, clean_line, clean_text
from reader.tui.text import line, plain, safe

# Every character ingestion removes, spelled out: the TUI fence must remove each of them too.
UNSAFE_RE = re.compile(f"[{UNSAFE_CHARS}]")
EVERY_UNSAFE = [chr(c) for c in range(0x110000) if UNSAFE_RE.match(chr(c))]


def test_the_set_covers_what_the_tui_copy_used_to_miss():
    for char in ("\u200b", "\u2060", "\u2061", "\u2062", "\u2063", "\u2064", "\ufeff", "\ud800", "\udfff", "\x1b", "\u202e"):
        assert char in EVERY_UNSAFE, hex(ord(char))


def test_the_screen_fence_removes_every_character_ingestion_removes():
    for char in EVERY_UNSAFE:
        text = f"a{char}b"
        assert not UNSAFE_RE.search(clean_text(text)) and not UNSAFE_RE.search(clean_line(text))
        assert safe(text) == line(text) == plain(text).plain == "ab", f"U+{ord(char):04X}"


def test_the_screen_fence_keeps_joiners_newlines_and_markup():
    family = "👩\u200d👩\u200d👧"
    assert safe(f"{family}\n[bold]x[/bold]\r") == f"{family}\n[bold]x[/bold]"
