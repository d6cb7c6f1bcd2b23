"""Seed text made safe to show, and the few formats the views share (dates, numbers).

Seed text is cleaned once at ingestion; this is the second fence at the edge of the screen.
Everything leaves here as plain `Content` (never parsed as markup), stripped of any control
character a terminal could act on.
"""

from __future__ import annotations

import re
from datetime import datetime

from textual.content import Content

from reader.ingest.clean import UNSAFE_CHARS

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


# -- dates and numbers ---------------------------------------------------------------------

def local(moment: datetime) -> datetime:
    return moment.astimezone()


def short_date(moment: datetime | None) -> str:
    return local(moment).strftime("%Y-%m-%d") if moment else "—"


def long_date(moment: datetime | None) -> str:
    return local(moment).strftime("%a %d %b %Y, %H:%M") if moment else "no date"


def ago(moment: datetime | None, now: datetime) -> str:
    """How long ago, in local calendar days: 'today', 'yesterday', 'N days ago'."""
    if moment is None:
        return ""
    days = (local(now).date() - local(moment).date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days == -1:
        return "tomorrow"
    if days < 0:
        return f"in {-days:,} days"
    return f"{days:,} days ago"


def number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.0f}" if float(value).is_integer() or abs(value) >= 10 else f"{value:.1f}"
