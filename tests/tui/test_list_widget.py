"""The article list on its own, in a bare app: what a cursor move leaves on screen."""

from __future__ import annotations

import re

from datetime import UTC, datetime

from textual.app import App
from textual.geometry import Region
from textual.scroll_view import ScrollView

from reader.query import Row
from reader.tui.widgets.article_list import ArticleList
from tui_helpers import drain, key_event, screen_text, stale_rows


def _rows(ns) -> dict[int, Row]:
    day = datetime(2024, 1, 1, tzinfo=UTC)
    return {
        n: Row(n=n, id=f"a{n}", title=f"Article {n}", published=day, provider="Example", domain="example.com",
               quality=50.0, heat=None, url=None, path=f"/seeds/{n}.md", read=n % 3 == 0, starred=n % 7 == 0)
        for n in ns
    }


class ListApp(App):
    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self):
        yield ArticleList(_rows, id="articles")

    def on_mount(self) -> None:
        articles = self.query_one(ArticleList)
        articles.set_ids(list(range(self.count)))
        articles.focus()


async def _step_through(app: ListApp, pilot, keys: list[str]) -> None:
    for key in keys:
        app._driver.send_message(key_event(key))  # noqa: SLF001 (the route Pilot.press takes)
        await drain(pilot)
        assert stale_rows(app) == [], f"after {key}"
        articles = app.query_one(ArticleList)
        top = round(articles.scroll_y)
        shown = [re.findall(r"Article (\d+)", line) for line in screen_text(app).splitlines()]
        assert shown == [[str(n)] for n in articles.ids[top : top + len(shown)]], f"after {key}: the rows in view"


async def test_a_cursor_move_leaves_no_row_or_scroll_bar_out_of_date():
    """Moves redraw only what changed: the two rows the cursor left and reached, the list when
    it scrolls, the scroll bar when its thumb moves (over 5,000 rows, most one-line scrolls
    leave the thumb where it was drawn)."""
    for count in (150, 5_000):
        app = ListApp(count)
        async with app.run_test(size=(60, 20)) as pilot:
            await drain(pilot)
            articles = app.query_one(ArticleList)
            keys = ["down"] * 25 + ["pagedown"] * 4 + ["up"] * 3 + ["pageup", "end", "up", "pageup", "home", "down"]
            await _step_through(app, pilot, keys)
            assert articles.cursor == 1 and articles.scroll_y == 0


def _cells(strips) -> list[list[tuple[str, object]]]:
    return [[(char, segment.style) for segment in strip for char in segment.text] for strip in strips]


async def test_the_list_draws_what_textuals_line_pipeline_would():
    """The list hands its cached lines to the compositor itself (Textual's pipeline rebuilds
    every line of a scrolled view); what it hands over must be the same, focused or not."""
    app = ListApp(300)
    async with app.run_test(size=(60, 20)) as pilot:
        await drain(pilot)
        articles = app.query_one(ArticleList)
        for keys in (["down"] * 3, ["pagedown", "down"], ["end"]):
            for key in keys:
                app._driver.send_message(key_event(key))  # noqa: SLF001
            await drain(pilot)
            width, height = articles.size
            for crop in (Region(0, 0, width, height), Region(3, 2, width - 10, height - 5)):
                ours = _cells(articles.render_lines(crop))
                articles._styles_cache.clear()  # noqa: SLF001
                assert ours == _cells(ScrollView.render_lines(articles, crop))
        articles.blur()
        await drain(pilot)
        crop = Region(0, 0, *articles.size)
        articles._styles_cache.clear()  # noqa: SLF001
        assert _cells(articles.render_lines(crop)) == _cells(ScrollView.render_lines(articles, crop))
