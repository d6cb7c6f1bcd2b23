"""The date and number formats every view shows: the CLI's tables and `show`, the TUI's list
rows and article pages. Plain strings, no terminal or Textual in here."""

from __future__ import annotations

from datetime import datetime


def local(moment: datetime) -> datetime:
    return moment.astimezone()


def short_date(moment: datetime | None) -> str:
    """`2024-03-02` in local time, or a dash for an undated article."""
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
    """A quality or heat in a column: whole from 10 up, one decimal below, a dash for none."""
    if value is None:
        return "—"
    return f"{value:.0f}" if float(value).is_integer() or abs(value) >= 10 else f"{value:.1f}"


def exact_number(value: float | None) -> str | None:
    """A quality or heat in full (`reader show`), or None when there is none."""
    return None if value is None else f"{value:g}"


def counted(count: int, noun: str) -> str:
    """"1 item", "1,204 items": a count and its noun, for every message that names one."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def json_line(value: object) -> str:
    """One JSON object a line, as every `--json` prints: text as written (no \\u escapes)."""
    import json  # here: the table path of the CLI never needs it

    return json.dumps(value, ensure_ascii=False)
