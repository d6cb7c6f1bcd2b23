"""Helpers for the app tests: wait for the app to settle (scan, id lists, counts, the preview)
instead of sleeping, read what the screen shows, write seed files."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

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


async def settle(pilot, timeout: float = 15.0) -> None:
    """Until the scan, the id list, the counts and the preview have all arrived."""
    app = pilot.app

    def idle() -> bool:
        main = app.main
        return main is not None and main.is_mounted and not main.busy and main.counts is not None

    await wait_for(pilot, idle, timeout, "the app to settle")
    await pilot.pause()


async def press(pilot, *keys: str) -> None:
    """Press keys, letting the app settle after each."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def titles(app) -> list[str]:
    """The titles in the list, in order (fetched through the list itself)."""
    articles = app.main.articles
    return [articles.row_at(i).title for i in range(len(articles.ids))]


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
    strips = app.screen._compositor.render_strips()  # noqa: SLF001 (a test's eye on the screen)
    return "\n".join(strip.text for strip in strips)


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
