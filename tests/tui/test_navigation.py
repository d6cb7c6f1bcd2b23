"""Moving around: the list, the panes, opening, next/previous unread, the mouse."""

from __future__ import annotations

from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.detail import DetailPane
from reader.tui.widgets.sidebar import Sidebar
from reader.tui.textual_private import send_key
from tui_helpers import current_title, detail_title, drain, listed_rows, press, screen_text, settle, stale_rows, titles

NEWEST = "Microsoft is distancing itself from OpenAI chaos by assuring investors it's spreading its AI bets"
SECOND = "OpenAI reportedly in advanced talks to raise funding from Microsoft"


async def test_start_shows_the_list_newest_day_first_and_the_first_article(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert len(titles(app)) == 5
        assert titles(app)[:2] == [NEWEST, SECOND]  # dated ones first; undated at the end
        assert current_title(app) == NEWEST
        assert detail_title(app) == NEWEST
        assert "5 articles" in screen_text(app)
        assert isinstance(app.focused, ArticleList)


async def test_cursor_keys_move_and_the_detail_follows(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        articles = app.main.articles
        await press(pilot, "j")
        assert articles.cursor == 1 and detail_title(app) == SECOND
        await press(pilot, "down", "down")
        assert articles.cursor == 3
        await press(pilot, "k")
        assert articles.cursor == 2
        await press(pilot, "G")
        assert articles.cursor == 4 and detail_title(app) == titles(app)[4]
        await press(pilot, "g")
        assert articles.cursor == 0
        await press(pilot, "end")
        assert articles.cursor == 4
        await press(pilot, "home")
        assert articles.cursor == 0
        await press(pilot, "pagedown")
        assert articles.cursor == 4  # a page is more than the five rows
        await press(pilot, "pageup")
        assert articles.cursor == 0
        await press(pilot, "up")  # stays at the top
        assert articles.cursor == 0
        assert not any(row.read for row in listed_rows(app)), "moving the cursor marks nothing read"


async def test_what_a_cursor_move_changes_is_redrawn(make_app, corpus):
    """A move redraws only what changed (two rows, or the list and its scroll bar when it
    scrolls): nothing on screen may be left showing the state before the key."""
    app = make_app(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        articles = app.main.articles
        assert len(articles.ids) > 2 * articles.size.height, "enough rows to scroll"
        list_keys = ["down"] * 3 + ["pagedown", "down", "pagedown", "pagedown", "up", "pageup", "end", "up", "home"]
        sidebar_keys = ["shift+tab", "down", "down", "end", "up", "home", "down", "tab"]
        for key in list_keys + sidebar_keys:
            # Looked at as soon as the key is handled, before what follows it (the preview, a
            # style or layout pass) redraws more than the key itself asked for.
            send_key(app, key)
            await drain(pilot)
            assert stale_rows(app) == [], f"after {key}"
        await settle(pilot)
        assert stale_rows(app) == []


async def test_tab_and_shift_tab_change_pane(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, ArticleList)
        await press(pilot, "tab")
        assert isinstance(app.focused, DetailPane)
        await press(pilot, "tab")
        assert isinstance(app.focused, Sidebar)
        await press(pilot, "tab")
        assert isinstance(app.focused, ArticleList)
        await press(pilot, "shift+tab")
        assert isinstance(app.focused, Sidebar)


async def test_enter_opens_marks_read_and_moves_to_the_article(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "j", "enter")
        assert detail_title(app) == SECOND
        assert app.main.articles.current.read
        assert isinstance(app.focused, DetailPane)
        assert app.main.library.list(app.main.state.query())[1].read  # stored, not just shown
        await press(pilot, "escape")
        assert isinstance(app.focused, ArticleList)


async def test_enter_does_not_mark_read_when_configured_off(make_app, seeds, home):
    (home / "config").mkdir(exist_ok=True)
    (home / "config" / "config.toml").write_text("mark_read_on_open = false\n")
    app = make_app(seeds)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        assert detail_title(app) == NEWEST
        assert not app.main.articles.current.read


async def test_n_and_p_open_the_next_and_previous_unread(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        articles = app.main.articles
        await press(pilot, "j", "j", "r")  # third is read now
        await press(pilot, "g", "n")
        assert articles.cursor == 1 and detail_title(app) == SECOND and articles.current.read
        await press(pilot, "n")
        assert articles.cursor == 3, "the read third article is skipped"
        await press(pilot, "p")
        assert articles.cursor == 0, "second is read now (opened by n), so p goes to the first"
        await press(pilot, "p")
        assert articles.cursor == 0  # nothing unread above: stays


async def test_clicking_a_row_opens_it(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.click(ArticleList, offset=(20, 2))
        await settle(pilot)
        assert app.main.articles.cursor == 2
        assert detail_title(app) == titles(app)[2]
        assert app.main.articles.current.read
