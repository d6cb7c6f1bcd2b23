"""Seed text made safe to show (dates and numbers are in `reader.formats`).

Seed text is cleaned once at ingestion; this is the second fence at the edge of the screen.
Everything leaves here as plain `Content` (never parsed as markup), stripped of any control
character a terminal could act on.
"""

from __future__ import annotations

import re

from textual.content import Content

from reader.unsafe_chars import UNSAFE_CHARS

# The characters ingestion removes, and a carriage return (ingestion turns line endings into
# \n; anything that reaches the screen without being ingested must not move the cursor).
_UNSAFE_RE = re.compile(f"[\r{UNSAFE_CHARS}]")
_SPACES_RE = re.compile(r"\s+")


def safe(text: str | None) -> str:
    """Multi-line text without control characters."""
    return _UNSAFE_RE.sub("", text or "").replace("\t", "    ")


def line(text: str | None) -> str:
    """One line: control characters gone, runs of whitespace (newlines too) folded to a space."""
    return _SPACES_RE.sub(" ", safe(text)).strip()


def plain(text: str | None, style: str = "") -> Content:
    """Seed text as Content that is never read as markup."""
    content = Content(safe(text))
    return content.stylize(style) if style and content else content


def plain_line(text: str | None, style: str = "") -> Content:
    content = Content(line(text))
    return content.stylize(style) if style and content else content
