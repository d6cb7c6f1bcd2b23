"""The article list on its own, in a bare app: what a cursor move leaves on screen."""

from __future__ import annotations

import re

from datetime import UTC, datetime

from textual.app import App
from textual.geometry import Region
from textual.scroll_view import ScrollView

from reader.query import Row
from reader.tui.widgets.article_list import ArticleList
from reader.tui.textual_private import forget_styles, screen_strips, send_key
from tui_helpers import drain, screen_text, stale_rows


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
        send_key(app, key)
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


def _textuals(articles: ArticleList, crop: Region) -> list[list[tuple[str, object]]]:
    """Textual's own lines for `crop`, less the column under the scroll bar (the scroll bar's
    widget draws there, so the list's lines stop short of it)."""
    forget_styles(articles)
    visible = articles.size.width - articles.scrollbar_size_vertical
    return _cells(strip.crop(0, visible - crop.x) for strip in ScrollView.render_lines(articles, crop))


async def test_the_list_draws_what_textuals_line_pipeline_would():
    """The list hands its cached lines to the compositor itself (Textual's pipeline rebuilds
    every line of a scrolled view); what it hands over must be the same, focused or not."""
    app = ListApp(300)
    async with app.run_test(size=(60, 20)) as pilot:
        await drain(pilot)
        articles = app.query_one(ArticleList)
        assert articles.scrollbar_size_vertical  # the case where the lines stop short
        for keys in (["down"] * 3, ["pagedown", "down"], ["end"]):
            for key in keys:
                send_key(app, key)
            await drain(pilot)
            width, height = articles.size
            for crop in (Region(0, 0, width, height), Region(3, 2, width - 10, height - 5)):
                ours = _cells(articles.render_lines(crop))
                assert ours == _textuals(articles, crop)
        articles.blur()
        await drain(pilot)
        crop = Region(0, 0, *articles.size)
        assert _cells(articles.render_lines(crop)) == _textuals(articles, crop)


async def test_a_short_list_draws_to_its_edge():
    """With no scroll bar, the lines are as wide as the list, as Textual's are."""
    app = ListApp(5)
    async with app.run_test(size=(60, 20)) as pilot:
        await drain(pilot)
        articles = app.query_one(ArticleList)
        assert not articles.scrollbar_size_vertical
        crop = Region(0, 0, *articles.size)
        ours = _cells(articles.render_lines(crop))
        assert ours == _textuals(articles, crop) and len(ours[0]) == articles.size.width


async def test_a_row_is_drawn_as_the_content_pipeline_would_draw_it():
    """Rows are built from segments for speed; they must match the Content-built reference
    cell for cell: wide and combining characters, cut titles, missing fields, any state."""
    titles = ["Short", "A title long enough to be cut somewhere in the middle of the pane width", "",
              "漢字のタイトルがとても長い場合にはどこで切られるのでしょうか、全角文字で", "Emoji 🧪🤖 and e\u0301 combining",
              "x" * 300]
    providers = [None, "Example", "A provider with a very long name indeed", "東京新聞"]
    app = ListApp(1)
    async with app.run_test(size=(60, 20)) as pilot:
        await drain(pilot)
        articles = app.query_one(ArticleList)
        for width in (20, 30, 51, 69, 70, 100):
            for i, title in enumerate(titles):
                for provider in providers:
                    row = Row(n=i, id=f"a{i}", title=title, provider=provider, domain=None, url=None, path="/x.md",
                              published=None if i % 3 == 0 else datetime(2024, 5, 6, tzinfo=UTC),
                              quality=[None, 7.25, 50.0, 123456.0][i % 4], heat=None, read=i % 2 == 0, starred=i % 3 == 1)
                    for on_cursor, focus in ((False, True), (True, True), (True, False)):
                        fast = articles._render_row(row, width, on_cursor, focus)  # noqa: SLF001
                        reference = articles._render_row_content(row, width, on_cursor, focus)  # noqa: SLF001
                        assert fast.cell_length == reference.cell_length == width
                        assert _cells([fast]) == _cells([reference]), (width, title, provider, on_cursor, focus)


async def test_a_theme_change_redraws_the_rows_in_the_new_colours():
    """The screen after switching theme is the one a start in that theme shows."""
    keys = ["down", "pagedown", "up"]
    screens = []
    for switch in (True, False):
        app = ListApp(50)
        async with app.run_test(size=(60, 20)) as pilot:
            if not switch:
                app.theme = "nord"
            await drain(pilot)
            await _step_through(app, pilot, keys)
            if switch:
                assert app.theme != "nord"
                app.theme = "nord"
                await drain(pilot)
                await pilot.pause()
            screens.append(_cells(screen_strips(app)))
    assert screens[0] == screens[1]


async def test_rows_are_fetched_ahead_the_way_the_cursor_goes():
    """Once keys pause, the rows a few pages on are fetched, up the list as well as down: paging
    on then draws rows already there instead of waiting for the cache."""
    asked: list[list[int]] = []

    def fetch(ns):
        asked.append(list(ns))
        return _rows(ns)

    class Recording(ListApp):
        def compose(self):
            yield ArticleList(fetch, id="articles")

    app = Recording(5_000)
    async with app.run_test(size=(60, 20)) as pilot:
        articles = app.query_one(ArticleList)
        for key in ("end", "pageup"):
            send_key(app, key)
            await drain(pilot)
        while articles._prefetch_timer is not None:  # noqa: SLF001 - until the keys' pause has been used
            await pilot.pause(0.02)
        asked.clear()
        for _ in range(3):
            send_key(app, "pageup")
            await drain(pilot)
        assert asked == [], "paging up fetched rows the pause could have"
        assert "Article 4950" not in screen_text(app) and articles.cursor < 4_950


class _Workers:
    """Stands in for the workers' Library (BackgroundLibrary.get()): records what it fetched."""

    def __init__(self) -> None:
        self.asked: list[list[int]] = []

    def get(self):
        return self

    def rows(self, ns):
        self.asked.append(list(ns))
        return _rows(ns)

    story_list_rows = rows


def _ahead_app(fetch, workers: _Workers) -> ListApp:
    """5,000 rows in a list that fetches rows ahead through `workers`."""

    class Ahead(ListApp):
        def compose(self):
            yield ArticleList(fetch, workers, id="articles")

    return Ahead(5_000)


async def test_with_the_workers_connection_rows_ahead_are_fetched_at_once_off_the_screen():
    """Paging on straight away (no pause in the keys) finds the next pages' rows fetched by a
    worker, so the screen fetches none itself."""
    on_screen: list[list[int]] = []
    workers = _Workers()

    def fetch(ns):
        on_screen.append(list(ns))
        return _rows(ns)

    app = _ahead_app(fetch, workers)
    async with app.run_test(size=(60, 20)) as pilot:
        articles = app.query_one(ArticleList)
        await drain(pilot)
        while articles._prefetch_timer is not None:  # noqa: SLF001 - the first paint's, on the screen's thread
            await pilot.pause(0.02)
        assert workers.asked == [], "fetched ahead while the first frame was drawn"

        async def page_on(pages: int) -> None:
            for _ in range(pages):
                send_key(app, "pagedown")
                await drain(pilot)
                await app.workers.wait_for_complete()
                await drain(pilot)

        await page_on(3)  # on past what the pause fetched
        assert workers.asked, "nothing was fetched ahead"
        on_screen.clear()
        await page_on(3)
        assert on_screen == [], "paging on fetched rows on the screen's connection"
        assert f"Article {articles.cursor}" in screen_text(app)


async def test_rows_fetched_ahead_before_the_rows_were_forgotten_are_dropped():
    """A mark or a rescan makes the list forget its rows: an older fetch arriving after that
    would bring back the old read marks."""
    workers = _Workers()

    app = _ahead_app(_rows, workers)
    async with app.run_test(size=(60, 20)) as pilot:
        articles = app.query_one(ArticleList)
        await drain(pilot)
        from reader.tui.messages import RowsFetched

        old = articles._epoch  # noqa: SLF001
        articles.forget_rows()
        articles.post_message(RowsFetched(old, _rows([4_000])))
        articles.post_message(RowsFetched(articles._epoch, _rows([4_001])))  # noqa: SLF001
        await drain(pilot)
        assert 4_000 not in articles._rows and 4_001 in articles._rows  # noqa: SLF001
