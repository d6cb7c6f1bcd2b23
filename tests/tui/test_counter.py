"""The counter on its own, in an app with nothing else in it: counts arrive from a worker, and
a saved views' answer that a newer request has overtaken is never shown."""

from __future__ import annotations

import threading
from pathlib import Path

from textual.app import App

from reader.library import Library
from reader.query import Query
from reader.tui.background import BackgroundLibrary
from reader.tui.counting import Counter
from reader.tui.messages import CountsLoaded, SavedCountsLoaded
from tui_helpers import wait_for


class Host(App):
    def __init__(self, library: Library, views: dict[str, str]) -> None:
        super().__init__()
        self.background = BackgroundLibrary(library.paths)
        self.views = views
        self.counter = Counter(self.background, lambda: self.views)
        self.counts: list = []
        self.saved: list = []

    def compose(self):
        yield self.counter

    def on_counts_loaded(self, message: CountsLoaded) -> None:
        self.counts.append(message.counts)

    def on_saved_counts_loaded(self, message: SavedCountsLoaded) -> None:
        self.saved.append({count.name: (count.unread, count.total) for count in message.counts})

    def on_unmount(self) -> None:
        self.background.close()


async def test_the_counts_come_from_a_worker(library: Library, seeds: Path):
    library.index([str(seeds)])
    host = Host(library, {"mine": "is:unread"})
    async with host.run_test() as pilot:
        host.counter.count()
        await wait_for(pilot, lambda: host.counts and host.saved, what="the counts")
        assert host.counts[0].unread == 5 and host.saved == [{"mine": (5, 5)}]
        assert not host.counter.counting


async def test_an_overtaken_answer_for_the_saved_views_is_dropped(library: Library, seeds: Path, monkeypatch):
    library.index([str(seeds)])
    first = library.list(Query())[0]
    release = threading.Event()
    original = Library.view_counts
    calls = []

    def slow_first(self, views=None):
        calls.append(views)
        if len(calls) == 1:
            release.wait(10)  # the answer to the older request comes last
        return original(self, views)

    monkeypatch.setattr(Library, "view_counts", slow_first)
    host = Host(library, {"unread": "is:unread"})
    try:
        async with host.run_test() as pilot:
            host.counter.count_saved()
            await wait_for(pilot, lambda: calls, what="the first request")
            library.mark([first.id], "read", True)
            host.counter.count_saved()
            await wait_for(pilot, lambda: host.saved, what="the newer answer")
            release.set()
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            assert host.saved == [{"unread": (4, 4)}], "the older answer (5 unread) never shows"
    finally:
        release.set()
