"""The refresher on its own, in an app with nothing else in it: what the status line is told
while the folders are scanned, when the list is told to reload, a second ctrl+r, and the
refresh that `refresh_minutes` repeats."""

from __future__ import annotations

import threading
from pathlib import Path

from textual.app import App

from reader.library import Library
from reader.tui.refresh import Refresher
from tui_helpers import wait_for, write_seed


class Host(App):
    """Hears what the refresher says, as the main screen does."""

    def __init__(self, library: Library, paths: tuple[str, ...]) -> None:
        super().__init__()
        self.refresher = Refresher(library, paths, self.reload)
        self.statuses: list[str] = []
        self.changes = 0
        self.said: list[str] = []

    def compose(self):
        yield self.refresher

    def say(self, message: str, **_options) -> None:
        self.said.append(message)

    def on_refresher_status(self, message: Refresher.Status) -> None:
        self.statuses.append(message.text)

    def reload(self) -> None:
        self.changes += 1


async def _finished(pilot, host: Host) -> None:
    await wait_for(pilot, lambda: not host.refresher.scanning, what="the refresh to end")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_scan_that_finds_new_files_reports_progress_then_asks_for_a_reload(library: Library, seeds: Path):
    host = Host(library, (str(seeds),))
    async with host.run_test() as pilot:
        host.refresher.expect()
        host.refresher.run(fetch=False, announce=False)
        await _finished(pilot, host)
        assert host.statuses[0] == "scanning…"
        assert "indexing 5/5" in host.statuses
        assert host.statuses[-1] == ""  # nothing left to say: no problem files
        assert host.changes == 1
        assert host.said == []  # not asked for: no notice

        host.refresher.run(fetch=False, announce=False)  # nothing changed since
        await _finished(pilot, host)
        assert host.changes == 1, "an unchanged cache is not reloaded"


async def test_a_problem_file_stays_in_the_status_line_and_ctrl_r_says_what_it_found(library: Library, seeds: Path):
    (seeds / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    write_seed(seeds, "zz-new", "One more")
    host = Host(library, (str(seeds),))
    async with host.run_test() as pilot:
        assert host.refresher.start(announce=True)  # no feeds: straight on to the folders
        await _finished(pilot, host)
        assert host.statuses[-1] == "1 problem file"
        assert host.said == ["Rescanned 7 files: 7 new, 0 changed, 0 removed"]
        assert host.changes == 1


async def test_ctrl_r_during_a_refresh_is_refused_and_the_refresh_goes_on(library: Library, seeds: Path, monkeypatch):
    release = threading.Event()
    original = Library.index

    def held(self, paths=(), progress=None, handed=None):
        release.wait(10)
        return original(self, paths, progress, handed)

    monkeypatch.setattr(Library, "index", held)
    host = Host(library, (str(seeds),))
    try:
        async with host.run_test() as pilot:
            assert host.refresher.start(announce=False)
            assert not host.refresher.start(announce=True), "one refresh at a time"
            assert host.refresher.scanning and host.said == ["Already scanning"]
            assert not host.refresher.start(announce=False) and host.said == ["Already scanning"], "a timed one says nothing"
            release.set()
            await _finished(pilot, host)
            assert host.changes == 1 and host.said == ["Already scanning"]
    finally:
        release.set()


async def test_refresh_minutes_starts_a_refresh_again_and_again_by_itself(library: Library, seeds: Path):
    host = Host(library, (str(seeds),))
    async with host.run_test() as pilot:
        host.refresher.every(0.002)  # every 0.12 s
        await wait_for(pilot, lambda: host.statuses.count("fetching…") >= 2, what="two timed refreshes")
        await _finished(pilot, host)
        assert host.changes == 1, "the first found the files; the next ones found nothing new"
        assert host.said == [], "not asked for: no notice"
