"""Coming back as it was left, and config.toml: sort, theme, mark-read-on-open, key overrides,
and a bad file that still lets the app start."""

from __future__ import annotations

import pytest

from reader.tui.widgets.article_list import ArticleList
from reader.tui.textual_private import notifications
from tui_helpers import current_title, press, settle, titles


def messages(app) -> list[str]:
    return notifications(app)


def write_config(home, text: str) -> None:
    (home / "config").mkdir(exist_ok=True)
    (home / "config" / "config.toml").write_text(text, encoding="utf-8")


async def test_a_restart_comes_back_as_it_was_left(make_app, corpus):
    app = make_app(corpus)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "t", *"vision", "enter", "f", *"venture", "enter")
        await press(pilot, "x")  # clearing works, then build the view again
        await press(pilot, "t", *"vision", "enter", "u", "S", "S", "j", "j", "b")
        app.theme = "nord"  # as the palette's theme picker does
        left = (app.main.state, current_title(app), titles(app), app.main.sidebar.display)
        assert left[0].sort == "quality" and left[0].unread_only and left[0].view == "topic:Computer Vision"
        await press(pilot, "q")
    assert not app.is_running

    again = make_app(corpus)
    async with again.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        state, title, listed, sidebar_shown = left
        assert again.main.state == state
        assert current_title(again) == title
        assert titles(again) == listed
        assert again.theme == "nord"
        assert again.main.sidebar.display == sidebar_shown is False
        assert again.main.sidebar.view == "topic:Computer Vision", "the sidebar shows the restored selection"


@pytest.mark.usefixtures("quick_search")
async def test_a_restart_restores_a_search_and_the_article_under_the_cursor(make_app, corpus):
    app = make_app(corpus)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *"vision", "enter", "G")
        title = current_title(app)
        await press(pilot, "q")
    again = make_app(corpus)
    async with again.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        assert again.main.state.search == "vision" and again.main.search_bar.input.value == "vision"
        assert current_title(again) == title


async def test_a_restart_draws_its_first_frame_on_the_saved_article(make_app, corpus, monkeypatch):
    """No frame of the top of the list first and a jump to the saved article after it."""
    app = make_app(corpus)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "pagedown", "pagedown", "pagedown", "down")
        title, cursor = current_title(app), app.main.articles.cursor
        assert cursor > 2 * app.main.articles.size.height
        await press(pilot, "q")
    first_frame: list[tuple[int, int, int]] = []
    original = ArticleList.render_lines

    def render_lines(self, crop):
        strips = original(self, crop)
        if not first_frame:
            first_frame.append((round(self.scroll_y), self.size.height, self.cursor))
        return strips

    monkeypatch.setattr(ArticleList, "render_lines", render_lines)
    again = make_app(corpus)
    async with again.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        assert current_title(again) == title
    top, height, drawn_cursor = first_frame[0]
    assert drawn_cursor == cursor and top <= cursor < top + height


async def test_config_sets_sort_theme_and_key_overrides(make_app, seeds, home):
    write_config(home, 'sort = "quality"\ntheme = "gruvbox"\n[keys]\n"list.toggle_read" = "m"\n"nonsense.id" = "z"\n')
    app = make_app(seeds)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        assert app.main.state.sort == "quality" and app.theme == "gruvbox"
        assert any("nonsense.id" in message for message in messages(app))
        await press(pilot, "r")
        assert not app.main.articles.current.read, "r is remapped away"
        await press(pilot, "m")
        assert app.main.articles.current.read


async def test_a_bad_config_names_the_line_and_the_app_starts_on_defaults(make_app, seeds, home):
    write_config(home, 'sort = "date"\ntheme = [broken\n')
    app = make_app(seeds)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        assert any("line 2" in message for message in messages(app)), messages(app)
        assert len(titles(app)) == 5 and isinstance(app.focused, ArticleList)
        assert app.theme == "textual-dark"


async def test_an_unknown_theme_falls_back_with_a_message(make_app, seeds, home):
    write_config(home, 'theme = "no-such-theme"\n')
    app = make_app(seeds)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        assert any("no-such-theme" in message for message in messages(app))
