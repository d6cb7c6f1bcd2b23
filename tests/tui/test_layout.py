"""From 80x24 up: three panes side by side when wide, stacked with a hidden sidebar when narrow."""

from __future__ import annotations

from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.detail import DetailPane
from reader.tui.widgets.sidebar import Sidebar
from tui_helpers import detail_title, press, screen_text, settle, wait_for


async def test_wide_terminals_show_three_panes_side_by_side(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        sidebar, articles, detail = app.main.sidebar.region, app.main.articles.region, app.main.detail.region
        assert sidebar.width > 0 and sidebar.right <= articles.x and articles.right <= detail.x
        assert sidebar.y == articles.y == detail.y


async def test_at_80x24_the_sidebar_hides_and_the_article_sits_below_the_list(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.main.sidebar.display
        articles, detail = app.main.articles.region, app.main.detail.region
        assert articles.bottom <= detail.y and articles.width >= 78 and detail.width >= 78
        assert articles.height >= 5 and detail.height >= 8
        text = screen_text(app)
        assert "5 articles" in text and detail_title(app)[:30] in text
        await press(pilot, "tab")
        assert isinstance(app.focused, DetailPane)
        await press(pilot, "tab")
        assert isinstance(app.focused, ArticleList), "a hidden sidebar is not a stop for Tab"
        await press(pilot, "b")
        assert app.main.sidebar.display and isinstance(app.focused, Sidebar)
        sidebar, articles = app.main.sidebar, app.main.articles
        await wait_for(pilot, lambda: sidebar.region.width and sidebar.region.right <= articles.region.x, what="the layout")
        await press(pilot, "b")
        assert not app.main.sidebar.display and isinstance(app.focused, ArticleList)


async def test_resizing_moves_between_the_layouts(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(130, 30)) as pilot:
        await settle(pilot)
        assert app.main.sidebar.display
        main = app.main
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: not main.sidebar.display and main.articles.region.bottom <= main.detail.region.y, what="stacked")
        await pilot.resize_terminal(130, 30)
        await wait_for(pilot, lambda: main.sidebar.display and main.articles.region.right <= main.detail.region.x, what="side by side")


async def test_the_key_bar_shows_whole_hints_only(make_app, seeds):
    # At 120 and 80 columns there are more hints than room: each one shown names its key and
    # its whole description, and the palette hint keeps the right-hand end.
    from reader.tui.widgets.keybar import KeyBar

    for width in (120, 80):
        app = make_app(seeds)
        async with app.run_test(size=(width, 30)) as pilot:
            await settle(pilot)
            bar = app.screen.query_one(KeyBar)
            text = "".join(strip.text for strip in bar.render_lines(bar.region.reset_offset)).rstrip()
            assert text.endswith("^p Commands")
            shown = text[: text.rindex("▏")].rstrip()
            hints = [f"{display} {description}" for _key, display, description in bar._hints]  # noqa: SLF001
            assert shown, "some hints fit"
            rebuilt = ""
            for hint in hints:
                if len(rebuilt) + len(hint) + 2 > len(shown) + 1:
                    break
                rebuilt += f" {hint} "
            assert shown == rebuilt.rstrip(), (shown, rebuilt)
