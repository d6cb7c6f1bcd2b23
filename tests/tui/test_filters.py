"""Filters: the sidebar, the topic and provider pickers, unread only, sort, and all of them
together (checked against the query layer, which the CLI shares)."""

from __future__ import annotations

import pytest

from reader.query import Query
from reader.tui.widgets.sidebar import Sidebar
from tui_helpers import current_title, listed_rows, press, screen_text, settle, titles

TOPIC = "Computer Vision"


async def go_to_sidebar_entry(pilot, kind: str, name: str) -> None:
    app = pilot.app
    await press(pilot, "shift+tab")
    assert isinstance(app.focused, Sidebar)
    index = app.main.sidebar.index_of(kind, name)
    assert index is not None, f"{name} is in the sidebar"
    await press(pilot, "g", *["j"] * index)


def listed_ids(app) -> list[str]:
    return [app.main.articles.row_at(i).id for i in range(len(app.main.articles.ids))]


def expected_ids(app, query: Query) -> list[str]:
    return [row.id for row in app.main.library.list(query)]


async def test_choosing_a_topic_in_the_sidebar_filters_the_list(make_app, corpus):
    app = make_app(corpus)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert len(titles(app)) == 181
        await go_to_sidebar_entry(pilot, "topic", TOPIC)
        await press(pilot, "enter")
        rows = [app.main.articles.row_at(i) for i in range(len(app.main.articles.ids))]
        count = next(c for c in app.main.counts.topics if c.name == TOPIC)
        assert len(rows) == count.total == 25
        assert all(TOPIC in row.topics for row in rows)
        assert f"topic: {TOPIC}" in screen_text(app)
        await press(pilot, "enter")  # choosing it again goes back to everything
        assert len(titles(app)) == 181


async def test_clicking_a_sidebar_entry_selects_it(make_app, corpus):
    app = make_app(corpus)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        index = app.main.sidebar.index_of("topic", TOPIC)
        await pilot.click(Sidebar, offset=(5, index))
        await settle(pilot)
        assert app.main.state.view == f"topic:{TOPIC}"
        assert listed_ids(app) == expected_ids(app, Query(topics=(TOPIC,)))


async def test_topic_picker_narrows_by_typing_and_escape_leaves_it(make_app, corpus):
    app = make_app(corpus)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "t", "v", "i", "s", "escape")
        assert app.main.state.view == "all" and len(titles(app)) == 181
        await press(pilot, "t", "v", "i", "s", "i", "o", "n", "enter")
        assert app.main.state.view == f"topic:{TOPIC}"
        assert listed_ids(app) == expected_ids(app, Query(topics=(TOPIC,)))
        sidebar = app.main.sidebar
        assert sidebar.entries[sidebar.cursor].key == TOPIC, "the sidebar shows where you are"
        await press(pilot, "t", "enter")  # the first choice with nothing typed: any topic
        assert app.main.state.view == "all"


async def test_provider_picker_filters_by_provider(make_app, corpus):
    app = make_app(corpus)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "f", "a", "w", "s", "enter")
        assert app.main.state.provider == "AWS"
        rows = [app.main.articles.row_at(i) for i in range(len(app.main.articles.ids))]
        assert rows and all(row.provider == "AWS" for row in rows)
        assert "provider: AWS" in screen_text(app)


async def test_unread_only_hides_read_articles(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        read = current_title(app)
        await press(pilot, "r", "u")
        assert len(titles(app)) == 4 and read not in titles(app)
        assert "unread" in app.main.status.filters
        await press(pilot, "u")
        assert len(titles(app)) == 5


@pytest.mark.usefixtures("quick_search")
async def test_filters_combine_and_x_clears_them_all(make_app, corpus):
    app = make_app(corpus)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "j", "r")  # one read article
        await press(pilot, "t", *"aws ai", "enter")
        await press(pilot, "f", *"aws", "enter")
        await press(pilot, "u")
        await press(pilot, "slash", *"sagemaker", "enter")
        query = Query(topics=("AWS AI",), providers=("AWS",), read=False, search="sagemaker", sort="relevance")
        expected = expected_ids(app, query)
        assert 0 < len(expected) < 30
        assert listed_ids(app) == expected
        status = app.main.status.filters
        for part in ("topic: AWS AI", "provider: AWS", "unread", "search: sagemaker"):
            assert part in status
        await press(pilot, "x")
        assert len(titles(app)) == 181
        assert app.main.status.filters == "all articles"
        assert not app.main.search_bar.has_class("-shown")


async def test_sort_cycles_and_the_cursor_stays_on_its_article(make_app, corpus):
    app = make_app(corpus)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await press(pilot, *["j"] * 7)
        here = current_title(app)
        for sort in ("newest", "quality", "date"):
            await press(pilot, "S")
            assert app.main.state.sort == sort
            assert listed_ids(app) == expected_ids(app, Query(sort=sort))
            assert current_title(app) == here
        assert listed_ids(app) != expected_ids(app, Query(sort="quality"))


async def test_starred_view_lists_starred_articles(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "s", "j", "j", "s")
        starred = {titles(app)[0], titles(app)[2]}
        await go_to_sidebar_entry(pilot, "view", "starred")
        await press(pilot, "enter")
        assert set(titles(app)) == starred
        assert all(row.starred for row in listed_rows(app))
