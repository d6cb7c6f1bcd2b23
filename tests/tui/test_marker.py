"""The marker on its own, in an app with nothing else in it: r and U on one article, an article
opened, a whole view marked read and put back, and an undo that fails and can be tried again."""

from __future__ import annotations

import threading
from pathlib import Path

from textual.app import App

from reader.library import Library
from reader.query import Query
from msgspec.structs import replace
from reader.tui.background import BackgroundLibrary
from reader.tui.marking import Marker
from reader.tui.messages import WorkerFailed
from tui_helpers import broken_until_mended, wait_for


class Host(App):
    """Hears what the marker says, as the main screen does (failures included)."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.background = BackgroundLibrary(library.paths)
        self.marker = Marker(library, self.background, self.settled)
        self.heard: list = []
        self.said: list[str] = []

    def compose(self):
        yield self.marker

    def say(self, message: str, **_options) -> None:
        self.said.append(message)

    def on_marker_marked(self, message: Marker.Marked) -> None:
        self.heard.append(message)

    def settled(self, change, undone: bool) -> None:
        self.heard.append(("settled", change, undone))

    def on_worker_failed(self, message: WorkerFailed) -> None:
        self.marker.failed(message.worker.group, message.text)

    def on_unmount(self) -> None:
        self.background.close()


def _indexed(library: Library, seeds: Path) -> list:
    library.index([str(seeds)])
    return library.list(Query())


async def _settled(pilot, host: Host) -> None:
    await wait_for(pilot, lambda: not host.marker.marking, what="the marks to land")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_r_marks_one_article_at_once_and_u_puts_it_back(library: Library, seeds: Path):
    rows = _indexed(library, seeds)
    host = Host(library)
    async with host.run_test() as pilot:
        host.marker.toggle_read(rows[0])
        assert library.list(Query())[0].read, "written before the key returns"
        await pilot.pause()
        marked = host.heard[-1]
        assert isinstance(marked, Marker.Marked) and marked.flag == "read" and marked.value
        assert marked.change.previous == {rows[0].id: False}

        host.marker.undo()
        await _settled(pilot, host)
        assert not library.list(Query())[0].read
        assert host.heard[-1][0] == "settled" and host.heard[-1][2], "put back"
        assert host.said[-1] == "Undone: read marks of 1 article put back"
        host.marker.undo()
        assert host.said[-1] == "Nothing to undo"


async def test_a_whole_view_is_marked_in_a_worker_and_one_mark_at_a_time(library: Library, seeds: Path, monkeypatch):
    rows = _indexed(library, seeds)
    release = threading.Event()
    original = Library.unread_ids

    def held(self, ns):
        release.wait(10)
        return original(self, ns)

    monkeypatch.setattr(Library, "unread_ids", held)
    host = Host(library)
    try:
        async with host.run_test() as pilot:
            host.marker.mark_all_read([row.n for row in rows], stories=False)
            assert host.marker.marking
            host.marker.undo()
            assert host.said[-1] == "Still marking; one moment"
            release.set()
            await _settled(pilot, host)
            assert host.said[-1] == "Marked 5 articles read. Press U to undo."
            assert all(row.read for row in library.list(Query()))
            host.marker.mark_all_read([row.n for row in rows], stories=False)
            await _settled(pilot, host)
            assert host.said[-1] == "Everything here is read already"
            assert sum(heard[0] == "settled" for heard in host.heard if isinstance(heard, tuple)) == 1
    finally:
        release.set()


async def test_an_undo_that_fails_stays_undoable(library: Library, seeds: Path, monkeypatch):
    rows = _indexed(library, seeds)
    broken = broken_until_mended(monkeypatch, Library, "restore")
    host = Host(library)
    async with host.run_test() as pilot:
        host.marker.mark_all_read([row.n for row in rows], stories=False)
        await _settled(pilot, host)
        host.marker.undo()
        await _settled(pilot, host)
        await wait_for(pilot, lambda: host.said[-1] == "database is locked", what="the failure")
        broken[0] = False
        host.marker.undo()
        await _settled(pilot, host)
        assert host.said[-1] == "Undone: read marks of 5 articles put back"
        assert not any(row.read for row in library.list(Query()))


async def test_an_opened_article_is_marked_read_only_when_so_configured(library: Library, seeds: Path):
    row = _indexed(library, seeds)[0]

    def read() -> bool:
        return next(r for r in library.list(Query()) if r.id == row.id).read

    host = Host(library)
    async with host.run_test() as pilot:
        library.settings = replace(library.settings, mark_read_on_open=False)
        host.marker.opened(row)
        assert not read()
        library.settings = replace(library.settings, mark_read_on_open=True)
        host.marker.opened(row)
        assert read(), "written before the key returns"
        host.marker.opened(replace(row, read=True))  # read already: no second change to undo
        await pilot.pause()
        assert [(m.flag, m.value) for m in host.heard] == [("read", True)]
