"""The start-up sequence on its own, in an app with only a list, a refresher and a counter: one
page before the first frame, and only once that is painted the full list (back on the saved
article), the counts and the first refresh."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from reader.errors import ReaderError
from reader.library import Library
from reader.query import Query
from reader.tui import startup
from reader.tui.background import BackgroundLibrary
from reader.tui.counting import Counter
from reader.tui.messages import CountsLoaded
from reader.tui.refresh import Refresher
from reader.tui.session import CURSOR
from reader.tui.startup import StartUp
from reader.tui.view_state import session_item
from reader.tui.viewing import Viewing
from reader.tui.widgets.article_list import ArticleList
from tui_helpers import wait_for


class Host(App):
    """Wires the parts as the main screen does; `forward_paint` False: the list's paint is
    never passed on (only the backstop starts the rest)."""

    def __init__(self, library: Library, paths: tuple[str, ...], saved: dict[str, str] | None = None, *, forward_paint: bool = True) -> None:
        super().__init__()
        self.background = BackgroundLibrary(library.paths)
        self.articles = ArticleList(library.rows, self.background, story_fetch=library.story_list_rows)
        self.refresher = Refresher(library, paths, lambda: None)
        self.counter = Counter(self.background, dict)
        self.counted: list[int] = []
        self.startup = StartUp(library, Viewing(saved or {}), self.articles, self.refresher, self.counter, counted=self.counted.append)
        self.forward_paint = forward_paint
        self.counts: list = []
        self.said: list[str] = []
        self.at_first_frame: dict = {}
        self.gc_resumed = 0

    def compose(self):
        yield self.articles
        yield self.refresher
        yield self.counter

    def on_mount(self) -> None:
        self.startup.first_frame()
        self.at_first_frame = {"ids": list(self.articles.ids), "scanning": self.refresher.scanning, "workers": len(self.workers)}

    def on_article_list_painted(self) -> None:
        if self.forward_paint:
            self.startup.painted()

    def on_counts_loaded(self, message: CountsLoaded) -> None:
        self.counts.append(message.counts)

    def say(self, message: str, **_options) -> None:
        self.said.append(message)

    def resume_gc(self) -> None:
        self.gc_resumed += 1

    def on_unmount(self) -> None:
        self.background.close()


async def _started(pilot, host: Host) -> None:
    await wait_for(pilot, lambda: host.counts and not host.refresher.scanning and not host.articles.waiting, what="the rest of start-up")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_one_page_first_then_the_full_list_the_counts_and_the_refresh(library: Library, seeds: Path, monkeypatch):
    library.index([str(seeds)])
    monkeypatch.setattr(startup, "FIRST_PAGE", 2)
    host = Host(library, (str(seeds),))
    async with host.run_test() as pilot:
        await _started(pilot, host)
        first = host.at_first_frame
        assert len(first["ids"]) == 2 and first["workers"] == 0, "nothing else starts before the first frame"
        assert first["scanning"], "the refresh counts as under way from the first frame on"
        assert len(host.articles.ids) == 5, "the full list once the page was painted"
        assert host.counts[-1].total == 5 and host.gc_resumed == 1
        assert host.counted == [], "the first page was not all of the list: its length comes with the full one"
        host.startup.painted()
        await pilot.pause()
        assert host.gc_resumed == 1 and not host.refresher.scanning, "started once"


async def test_a_short_list_is_all_in_the_first_page_and_counted_at_once(library: Library, seeds: Path):
    library.index([str(seeds)])
    host = Host(library, (str(seeds),))
    async with host.run_test() as pilot:
        await _started(pilot, host)
        assert len(host.at_first_frame["ids"]) == 5 and host.counted == [5]


async def test_the_saved_article_beyond_the_first_page_is_where_the_cursor_goes(library: Library, seeds: Path, monkeypatch):
    library.index([str(seeds)])
    last = library.list(Query())[-1]
    monkeypatch.setattr(startup, "FIRST_PAGE", 2)
    host = Host(library, (str(seeds),), session_item(CURSOR, last.id))
    async with host.run_test() as pilot:
        await _started(pilot, host)
        assert host.articles.cursor == 4 and host.articles.current.id == last.id


async def test_the_rest_starts_after_the_backstop_if_the_list_never_paints(library: Library, seeds: Path, monkeypatch):
    library.index([str(seeds)])
    monkeypatch.setattr(startup, "BACKSTOP", 0.05)
    host = Host(library, (str(seeds),), forward_paint=False)
    async with host.run_test() as pilot:
        await _started(pilot, host)
        assert host.counts and host.gc_resumed == 1


async def test_a_first_page_that_cannot_be_read_says_why(library: Library, seeds: Path, monkeypatch):
    library.index([str(seeds)])

    def broken(self, query, limit=None):
        raise ReaderError("cannot read the cache: disk I/O error")

    monkeypatch.setattr(Library, "ids", broken)
    host = Host(library, (str(seeds),))
    async with host.run_test() as pilot:
        await pilot.pause()
        assert host.said[0] == "cannot read the cache: disk I/O error"
        assert host.at_first_frame["ids"] == []
