"""Coming back with care: the saved article gone, the saved view unreadable, the saved article
further down than the first page the app draws, a cache without an index its queries name."""

from __future__ import annotations

import sqlite3

from reader.library import Library
from reader.tui import startup
from reader.tui.view_state import ViewState
from tui_helpers import current_title, press, settle, titles


def messages(app) -> list[str]:
    return [notification.message for notification in app._notifications]  # noqa: SLF001


async def test_an_article_that_has_gone_gives_way_to_the_nearest_in_the_same_view(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "S", "j", "j")  # newest first, the third
        before, gone = titles(app), app.main.articles.current
        await press(pilot, "q")
    next(path for path in seeds.iterdir() if gone.title in path.read_text(encoding="utf-8")).unlink()
    library = Library()
    library.index([str(seeds)])  # gone before the app starts (`reader index`, another app's rescan)
    library.close()

    again = make_app(seeds)
    async with again.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        assert again.main.state.sort == "newest"
        assert titles(again) == [title for title in before if title != gone.title]
        assert current_title(again) == before[3], "the one that came after it, now in its place"


async def test_a_saved_view_that_cannot_be_read_opens_the_default_view_with_a_notice(make_app, seeds):
    library = Library()
    library.save_session({"tui.view": "folder:from-a-newer-reader", "tui.sort": "quality", "tui.cursor": "nope"})
    library.close()
    app = make_app(seeds)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        assert app.main.state == ViewState(sort="date")
        assert len(titles(app)) == 5 and app.main.articles.cursor == 0
        notices = [message for message in messages(app) if "saved view" in message]
        assert len(notices) == 1 and "folder:from-a-newer-reader" in notices[0] and "\n" not in notices[0]


async def test_the_saved_article_beyond_the_first_page_is_found_again(make_app, corpus, monkeypatch):
    monkeypatch.setattr(startup, "FIRST_PAGE", 20)  # the corpus is smaller than the real first page
    app = make_app(corpus)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "G", "k")
        title, cursor = current_title(app), app.main.articles.cursor
        assert cursor > 20
        await press(pilot, "q")
    again = make_app(corpus)
    async with again.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        assert current_title(again) == title and again.main.articles.cursor == cursor


async def test_a_cache_without_the_index_queries_name_opens_with_its_counts_and_stories(make_app, seeds, home):
    library = Library()
    library.index([str(seeds)])
    library.close()
    conn = sqlite3.connect(home / "cache" / "cache.sqlite3")
    conn.execute("DROP INDEX articles_keys")  # INDEXED BY articles_keys: "no such index" without it
    conn.close()
    app = make_app(seeds)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        assert len(titles(app)) == 5 and app.main.counts.unread == 5
        await press(pilot, "v")  # the stories view
        assert len(titles(app)) == 4
        assert messages(app) == []
