"""The line that says where a shown text came from: "full text from theverge.com, fetched 2 min ago"."""

from __future__ import annotations

from reader.store.fulltexts import FullText


def source_label(full: FullText, now: float) -> str:
    where = full.domain or "the article's page"
    return f"full text from {where}, fetched {_ago((now - (full.fetched_at or now)))}"


def _ago(seconds: float) -> str:
    if seconds < 60:
        return "just now"
    for unit, size in (("day", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if unit == 'day' and count != 1 else ''} ago"
    raise AssertionError("unreachable")
