"""Seed text is plain text everywhere (the detail pane, the sidebar, notifications), even when
it bypassed ingestion; links open only over http and https. (test_hostile_tui.py covers the
hostile fixture folder: titles, terminal output, click actions.)"""

from __future__ import annotations

import re
import sqlite3
import threading
import webbrowser

import pytest

from reader.library import Library
from reader.tui.textual_private import notifications, terminal_output
from tui_helpers import HOSTILE_TITLES, detail_title, press, screen_text, settle, titles, wait_for, write_seed

# What Textual itself writes: colours and styles, cursor moves. Anything else is suspect.
_OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;]*m|\x1b\[\d+;\d+H|\x1b\[\?\d+[hl]")


@pytest.fixture
def hostile(tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    for index, (name, title) in enumerate(HOSTILE_TITLES.items()):
        write_seed(folder, name, title, date=f"2023-06-0{index + 1}T10:00:00Z", provider=f"[b]{name}[/b]",
                   topics=("[@click=app.quit]topic",), body=f"Body of {name}: [i]not italic[/i] \x1b[5m")
    write_seed(folder, "bracket-url", "An article with a bracketed URL", date="2023-05-01T10:00:00Z",
               url="https://example.com/[bold]x[/bold]")
    return folder


async def test_markup_in_titles_is_shown_literally(make_app, hostile):
    app = make_app(hostile)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        assert HOSTILE_TITLES["click"] in titles(app)
        text = screen_text(app)
        assert "[bold red]Bold claim[/] and [li" in text
        assert "[@click=app.quit]Click to win[/]" in text
        assert "[b]click[/b]" in text, "provider names too"
        assert "[@click=app.quit]to" in text, "and topics in the sidebar"
        await press(pilot, "G", "k")  # the markup title (second oldest), in the detail pane
        assert detail_title(app) == HOSTILE_TITLES["markup"]
        text = screen_text(app)
        assert "[bold red]Bold claim[/]" in text and "[i]not italic[/i]" in text
        assert "[@click=app.quit]topic" in text


async def test_escapes_in_a_stale_cache_are_stripped_at_the_screen(make_app, seeds, home, monkeypatch):
    """Even text that bypassed ingestion (an old cache, a bug) cannot drive the terminal."""
    library = Library()
    library.index([str(seeds)])
    library.close()
    with sqlite3.connect(home / "cache" / "cache.sqlite3") as conn:
        conn.execute("UPDATE articles SET title = ? WHERE title LIKE 'OpenAI reportedly%'",
                     ("Injected \x1b]52;c;cHduZWQ=\x07 \x1b[2J clear \x9b31m title",))
    hold = threading.Event()  # no rescan may repair the title while the test looks
    original = Library.index
    monkeypatch.setattr(Library, "index", lambda self, paths=(), progress=None: hold.wait(10) and original(self, paths, progress))
    app = make_app(seeds)
    try:
        async with app.run_test(size=(120, 24)) as pilot:
            await wait_for(pilot, lambda: app.main is not None and len(app.main.articles.ids) == 5, what="rows")
            await pilot.press("j")
            await wait_for(pilot, lambda: (detail_title(app) or "").startswith("Injected"), what="the detail")
            output = terminal_output(app)
            assert "Injected ]52;c;cHduZWQ= [2J clear 31m" in screen_text(app), "shown as inert text"
            leftover = _OWN_SEQUENCES.sub("", output)
            assert "\x1b" not in leftover and "\x07" not in leftover and "\x9b" not in leftover
    finally:
        hold.set()


async def test_notifications_show_seed_text_literally(make_app, hostile):
    app = make_app(hostile)
    async with app.run_test(size=(160, 30), notifications=True) as pilot:
        await settle(pilot)
        await press(pilot, "G", "y")
        assert app.clipboard == "https://example.com/[bold]x[/bold]"
        await pilot.pause(0.1)
        assert "Copied https://example.com/[bold]x[/bold]" in screen_text(app)


async def test_o_opens_only_http_and_https_and_passes_the_url_as_is(make_app, tmp_path, monkeypatch):
    opened: list[str] = []

    class GraphicalBrowser(webbrowser.BackgroundBrowser):  # what webbrowser picks with a display
        def open(self, url, new=0, autoraise=True):
            return opened.append(url) or True

    monkeypatch.setattr(webbrowser, "get", lambda *a: GraphicalBrowser("firefox"))
    folder = tmp_path / "links"
    folder.mkdir()
    write_seed(folder, "good", "A good link", date="2023-06-02T10:00:00Z", url="https://example.com/a?b=1&c=$(rm)")
    write_seed(folder, "bad", "A javascript link", date="2023-06-01T10:00:00Z", url="javascript:alert(1)")
    app = make_app(folder)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "o")
        await app.workers.wait_for_complete()
        assert opened == ["https://example.com/a?b=1&c=$(rm)"]
        await press(pilot, "j", "o")
        await app.workers.wait_for_complete()
        assert opened == ["https://example.com/a?b=1&c=$(rm)"], "javascript: is refused"
        messages = notifications(app)
        assert any("not opening" in m or "no URL" in m for m in messages), messages
