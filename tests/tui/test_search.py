"""Full-text search from the box above the list."""

from __future__ import annotations

import pytest

from reader.query import Query
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.search import SearchInput
from tui_helpers import press, screen_text, settle, titles, wait_for


@pytest.mark.usefixtures("quick_search")
async def test_results_follow_typing_and_enter_keeps_the_search(make_app, corpus):
    app = make_app(corpus)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        assert isinstance(app.focused, SearchInput)
        await press(pilot, *"amazon")
        after_first = len(titles(app))
        await press(pilot, *" mod")
        narrowed = titles(app)
        assert 0 < len(narrowed) < after_first < 181, "each word narrows the results as it is typed"
        expected = [row.title for row in app.main.library.list(Query(search="amazon mod", sort="relevance"))]
        assert narrowed == expected
        await press(pilot, "enter")
        assert isinstance(app.focused, ArticleList)
        assert app.main.state.sort == "relevance"
        assert "search: amazon mod" in screen_text(app)
        await press(pilot, "escape")  # on the list, Escape ends the search
        assert len(titles(app)) == 181 and app.main.state.sort == "date"


@pytest.mark.usefixtures("quick_search")
async def test_escape_in_the_box_puts_the_search_back_as_it_was(make_app, corpus):
    app = make_app(corpus)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *"vision", "enter")
        found = titles(app)
        assert len(found) == 12
        await press(pilot, "slash", *["backspace"] * 6, *"nvidia")
        assert titles(app) != found
        await press(pilot, "escape")
        assert titles(app) == found and app.main.state.search == "vision"
        assert app.main.search_bar.input.value == "vision"
        assert isinstance(app.focused, ArticleList)


@pytest.mark.usefixtures("quick_search")
async def test_a_search_of_only_punctuation_finds_nothing_and_says_so(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *'&!*', "enter")
        assert titles(app) == []
        assert "No articles in this view" in screen_text(app)
        assert "0 articles" in screen_text(app)


async def test_typing_a_word_quickly_runs_one_search_not_one_per_letter(make_app, corpus, monkeypatch):
    # At 100,000 articles a one-letter prefix takes ~175 ms to search: a query per keystroke
    # would queue up behind each other while the user types.
    from reader.library import Library
    from reader.tui.textual_private import send_key
    from tui_helpers import drain

    searched: list[str] = []
    original = Library.ids

    def counting(self, query, *args, **kwargs):
        if query.expression:  # the box's text, a query in the query language
            searched.append(query.expression)
        return original(self, query, *args, **kwargs)

    monkeypatch.setattr(Library, "ids", counting)
    # A loaded machine can leave more than the shipped 0.12 s between two sent keys (CI once
    # left over 1 s between two, the start-up rescan running); a longer
    # pause keeps the test about the debounce, not about the machine's speed.
    from reader.tui.widgets import search

    monkeypatch.setattr(search, "SEARCH_DELAY", 3.0)
    app = make_app(corpus)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        for key in "amazon":  # faster than the search delay, as a person types
            send_key(app, key)
            await drain(pilot)
        await settle(pilot)
        assert searched == ["amazon"]
        assert titles(app) == [row.title for row in app.main.library.list(Query(search="amazon", sort="relevance"))]


@pytest.mark.usefixtures("quick_search")
async def test_a_search_while_the_first_index_builds_search_says_it_waits(make_app, seeds):
    # A cold index of a big folder builds the search index at its end (reader/store/bulk.py):
    # until then a search finds nothing, and the count says why instead of a bare 0.
    from reader.store.cache import BULK_BUILD

    app = make_app(seeds)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        conn = app.main.library.cache.conn
        conn.execute("INSERT OR REPLACE INTO meta VALUES (?, '1')", (BULK_BUILD,))  # a build under way
        conn.commit()
        await press(pilot, "slash", *"microsoft", "enter")
        await wait_for(pilot, lambda: "search is ready when indexing ends" in screen_text(app), what="the note")
        await press(pilot, "escape")
        await wait_for(pilot, lambda: "search is ready" not in screen_text(app), what="no note without a search")
        await press(pilot, "slash", *"microsoft", "enter")
        await wait_for(pilot, lambda: "search is ready when indexing ends" in screen_text(app), what="the note again")
        await press(pilot, "ctrl+r")  # the rescan takes the unfinished build up and ends it
        await wait_for(pilot, lambda: "search is ready" not in screen_text(app), what="the note gone")
        assert titles(app) and app.main.state.search == "microsoft", "the search is still shown, with its matches"
