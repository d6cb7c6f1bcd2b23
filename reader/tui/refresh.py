"""Fetching the feeds and rescanning the folders behind the screen: at start-up, on ctrl+r and
every `refresh_minutes`.

`Refresher` owns whether a refresh is under way and what the last fetch left to say ("2 feeds
failed (L)"). Its thread workers post progress (reader/tui/messages.py) to it; it tells the
screen only two things: the status line's new activity text (`Status`) and, by the `changed`
call it is handed, that the cache changed underneath. That one is a call, not a message, so
the refresh ends and the reload starts in one step: nothing can take the app as settled in
between. It shows nothing itself but its notices ("Already scanning", what ctrl+r found).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import on, work
from textual.message import Message
from textual.worker import get_current_worker

from reader.formats import counted
from reader.library import Library
from reader.tui.messages import FetchDone, FetchProgress, IndexDone, IndexProgress
from reader.tui.offscreen import Offscreen

PROGRESS_EVERY = 0.1  # seconds between two progress figures of an index run


class Refresher(Offscreen):

    class Status(Message):
        """What the status line says about the refresh ("" once there is nothing to say)."""

        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    def __init__(
        self, library: Library, paths: tuple[str, ...], changed: Callable[[], None], *, id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.library = library
        self.paths = paths
        self.changed = changed  # the cache changed (or a rescan was asked for): show everything again
        self.scanning = False
        self.feeds_note = ""  # what the last fetch left to say in the status line

    def expect(self) -> None:
        """Start-up: a refresh counts as under way from the first frame on (so nothing takes
        the app as settled), though `run` waits until the list is painted."""
        self.scanning = True
        self._say("scanning…")

    def run(self, *, fetch: bool, announce: bool) -> None:
        """Fetch the feeds (if `fetch`) and then index the folders, as `expect`ed."""
        self.scanning = True
        if fetch:
            self._fetch(announce)
        else:
            self._index(announce)

    def start(self, *, announce: bool) -> bool:
        """Fetch and rescan, unless a refresh is under way already (then False, and if asked
        for, ctrl+r, it says so)."""
        if self.scanning:
            if announce:
                self.app.say("Already scanning")
            return False
        self._say("fetching…")
        self.run(fetch=True, announce=announce)
        return True

    def every(self, minutes: float) -> None:
        """`refresh_minutes`: fetch and rescan every so often (0: never), unless one is under
        way already."""
        if minutes:
            self.set_interval(minutes * 60, lambda: self.start(announce=False))

    def failed(self, group: str, error: str) -> None:
        """A worker of ours raised: a failed fetch still reads the folders; a failed scan ends
        the refresh."""
        if group == "fetch":
            self.app.say(f"cannot fetch the feeds: {error}", severity="error", timeout=10)
            self.feeds_note = "fetch failed"
            self._index(announce=False)
        else:
            self.app.say(error, severity="error", timeout=10)
            self.scanning = False
            self._say("scan failed")

    def _say(self, text: str) -> None:
        self.post_message(self.Status(text))

    # -- the workers ------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _index(self, announce: bool, handed: dict | None = None) -> None:
        """Rescan the folders; `handed`: what a fetch just parsed of the files it wrote, which
        the index takes instead of reading them again (reader/store/handoff.py)."""
        worker = get_current_worker()
        last = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last
            if worker.is_cancelled:  # the app is closing
                raise _Cancelled  # rolls back this batch; the next start picks up from here
            now = time.monotonic()
            if now - last > PROGRESS_EVERY or done == total:
                last = now
                self.post_message(IndexProgress(done, total))

        try:
            report = self.library.index(self.paths, progress, handed=handed)
        except _Cancelled:
            return
        self.post_message(IndexDone(report, announce))

    @work(thread=True, exclusive=True, group="fetch", exit_on_error=False)
    def _fetch(self, announce: bool) -> None:
        """Every feed, then (on FetchDone) the index; the feeds' own threads wait on the network."""
        from reader.feeds.fetch import fetch_feeds

        worker = get_current_worker()
        if not self.library.feeds():
            self.post_message(FetchDone([], announce))
            return
        failed = 0

        def progress(result, done: int, total: int) -> None:
            nonlocal failed
            if worker.is_cancelled:
                raise _Cancelled  # the feeds fetched so far are recorded; the rest wait for next time
            failed += result.failed
            self.post_message(FetchProgress(done, total, failed))

        try:
            results = fetch_feeds(self.library.paths, progress)
        except _Cancelled:
            return
        self.post_message(FetchDone(results, announce))

    # -- what they post -----------------------------------------------------------------------
    @on(FetchProgress)
    def _fetch_progress(self, message: FetchProgress) -> None:
        message.stop()
        failed = f", {message.failed} failed" if message.failed else ""
        self._say(f"fetching {message.done:,}/{message.total:,} feeds{failed}")

    @on(FetchDone)
    def _fetch_done(self, message: FetchDone) -> None:
        from reader.feeds.fetch import handed, summary

        message.stop()
        failed = sum(result.failed for result in message.results)
        self.feeds_note = f"{counted(failed, 'feed')} failed (L)" if failed else ""
        if message.announce and message.results:
            self.app.say(f"Fetched {summary(message.results)}", severity="warning" if failed else "information")
        self._say("scanning…")
        self._index(message.announce, handed(message.results))

    @on(IndexProgress)
    def _index_progress(self, message: IndexProgress) -> None:
        message.stop()
        if self.scanning:
            self._say(f"indexing {message.done:,}/{message.total:,}")

    @on(IndexDone)
    def _index_done(self, message: IndexDone) -> None:
        message.stop()
        report = message.report
        self.scanning = False
        problems = counted(report.problems, "problem file") if report.problems else ""
        self._say(", ".join(note for note in (self.feeds_note, problems) if note))
        if message.announce:
            self.app.say(
                f"Rescanned {report.scanned:,} files: {report.new:,} new, {report.changed:,} changed, {report.removed:,} removed"
            )
        if report.new or report.changed or report.removed or message.announce:
            self.changed()


class _Cancelled(Exception):
    """Raised from a progress callback to stop a run when the app quits."""
