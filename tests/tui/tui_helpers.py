"""Helpers for the app tests: wait for the app to settle (scan, id lists, counts, the preview)
instead of sleeping, read what the screen shows, write seed files."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from reader.tui.textual_private import queues_empty, screen_strips, send_key, visible_widgets, wait_for_screen
from reader.tui.widgets.cursor_lines import CursorLines


NOW = datetime(2024, 1, 15, 12, 0, tzinfo=UTC)  # "N days ago" in snapshots never changes
HOSTILE_TITLES = {
    "markup": "[bold red]Bold claim[/] and [link=https://evil.example]a link[/link]",
    "click": "[@click=app.quit]Click to win[/]",
    "escape": "Terminal \x1b[2J\x1b]0;pwned\x07 takeover \x1b[31mred\x1b[0m title",
}


async def wait_for(pilot, condition: Callable[[], object], timeout: float = 10.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await pilot.pause(0.01)


async def settle(pilot, timeout: float = 15.0, counts: bool = True) -> None:
    """Until the scan, the id list, the counts (unless told they may fail) and the preview have
    all arrived, and what a finished worker has to say (a failure's notice) has been said."""
    app = pilot.app

    def idle() -> bool:
        main = app.main
        return main is not None and main.is_mounted and not main.busy and (main.counts is not None or not counts)

    deadline = time.monotonic() + timeout
    while True:
        await drain(pilot)
        await wait_for(pilot, idle, max(0.0, deadline - time.monotonic()), "the app to settle")
        await drain(pilot)
        if idle():  # a message still in flight (a new cursor row, say) may have started more
            return


async def press(pilot, *keys: str) -> None:
    """Press keys, letting the app settle after each. Like Pilot.press, but it waits for the
    app's queues to drain rather than for the CPU to look idle (which, on a busy shared
    machine, costs a large part of a second per key)."""
    app = pilot.app
    for key in keys:
        send_key(app, key)
        await drain(pilot)
        await settle(pilot)


async def drain(pilot) -> None:
    """Until every message queue on the screen is empty: a key is forwarded to the focused
    widget, whose messages bubble up one parent at a time."""
    app = pilot.app
    for _ in range(50):
        await wait_for_screen(pilot)
        if queues_empty(app):
            break
    await pilot.pause(0)  # and lay the screen out, so regions (for clicks) are current


def listed_rows(app) -> list:
    """The rows in the list, in order (fetched through the list itself)."""
    articles = app.main.articles
    return [articles.row_at(i) for i in range(len(articles.ids))]


def titles(app) -> list[str]:
    return [row.title for row in listed_rows(app)]


def current_title(app) -> str | None:
    row = app.main.articles.current
    return row.title if row else None


def detail_title(app) -> str | None:
    detail = app.main.detail
    if detail.detail is not None:
        return detail.detail.row.title
    return detail.entry.title if detail.entry is not None else None


def screen_text(app) -> str:
    """Everything on screen as plain text, line by line."""
    return "\n".join(strip.text for strip in screen_strips(app))


def stale_rows(app) -> list[int]:
    """Screen rows whose drawn content differs from drawing the same state from scratch:
    lines a change forgot to mark for redrawing, which a terminal would go on showing."""
    def cells(strips) -> list[list[tuple[str, object]]]:
        return [[(char, segment.style) for segment in strip for char in segment.text] for strip in strips]

    drawn = cells(screen_strips(app))
    for widget in visible_widgets(app):
        widget.refresh()  # forgets the drawn lines and the rendered content
        if isinstance(widget, CursorLines):
            widget.forget_drawn()
    fresh = cells(screen_strips(app))
    return [y for y, (old, new) in enumerate(zip(drawn, fresh, strict=True)) if old != new]


def write_seed(folder: Path, name: str, title: str, *, date: str = "2023-06-01T10:00:00Z", provider: str = "Example",
               topics: tuple[str, ...] = ("Testing",), url: str | None = None, body: str = "Body text.", quality: int = 50) -> Path:
    """A seed file with YAML front matter (strings double-quoted, escapes written out)."""
    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\x1b", "\\e").replace("\x07", "\\a") + '"'

    url = url or f"https://example.com/{name}"
    lines = [
        "---", f"title: {q(title)}", f"publishedDateTime: {date}", f"webUrl: {q(url)}", f"quality: {quality}",
        "provider:", f"  name: {q(provider)}", "  domain: example.com", "topics:", *(f"  - {q(t)}" for t in topics), "---", body,
    ]
    path = folder / f"{name}.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def broken_until_mended(monkeypatch, cls, name: str, error: str = "database is locked") -> list[bool]:
    """`cls.name` raises ReaderError(error) while the returned flag's [0] is true (set it
    False to mend it): a store that fails, then works when tried again."""
    from reader.errors import ReaderError

    broken = [True]
    working = getattr(cls, name)

    def failing(self, *args, **kwargs):
        if broken[0]:
            raise ReaderError(error)
        return working(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, failing)
    return broken

