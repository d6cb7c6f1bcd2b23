"""Fetching the feeds and rescanning the folders behind the screen: at start-up, on ctrl+r and
every `refresh_minutes`.

`Refresher` owns whether a refresh is under way and what the last fetch left to say ("2 feeds
failed (L)"). While a fetch runs, what it has written so far is indexed once no feed has come
in for INTERIM_QUIET seconds (or INTERIM_EVERY seconds after the last such index while feeds
keep coming): a slow or stalled feed (up to its 30 s deadline) no longer holds back every
other feed's items, and a fetch whose feeds arrive steadily is not slowed by indexes between
them (one every 2 s made a 300-feed fetch finish 12-33% later; one after 10 s, 12-17%). The
index after the fetch then takes only what is left.

Its thread workers post progress (reader/tui/messages.py) to it; it tells the
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
# A running fetch's items so far are indexed once no feed has come in for INTERIM_QUIET
# seconds, or INTERIM_EVERY seconds after the last such index; looked at every INTERIM_LOOK.
INTERIM_QUIET = 2.0
INTERIM_EVERY = 30.0
INTERIM_LOOK = 0.25


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
        # While a fetch runs: the results with items written so far (appended by the fetch's
        # thread), how many of them an index took, whether one is under way, and the timer.
        self._so_far: list = []
        self._so_far_taken = 0
        self._interim = False
        self._after_interim: tuple[bool, dict] | None = None  # the fetch's own index, once the one under way ends
        self._interim_timer = None
        self._last_in = self._last_interim = 0.0  # when a feed last came in; when the last such index started

    def expect(self) -> None:
        """Start-up: a refresh counts as under way from the first frame on (so nothing takes
        the app as settled), though `run` waits until the list is painted."""
        self.scanning = True
        self._say("scanning…")

    def run(self, *, fetch: bool, announce: bool) -> None:
        """Fetch the feeds (if `fetch`) and then index the folders, as `expect`ed."""
        self.scanning = True
        if fetch:
            self._so_far, self._so_far_taken = [], 0
            self._last_in = self._last_interim = time.monotonic()
            self._interim_timer = self.set_interval(INTERIM_LOOK, self._index_so_far)
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
            self._stop_interim_timer()
            self._index_after_fetch(False, {})
        elif self._interim:  # an index of a fetch's items so far: the fetch's own index still runs
            self._interim = False
            self._start_after_interim()
        else:
            self.app.say(error, severity="error", timeout=10)
            self.scanning = False
            self._say("scan failed")

    def _say(self, text: str) -> None:
        self.post_message(self.Status(text))

    # -- the workers ------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _index(self, announce: bool, handed: dict | None = None, interim: bool = False) -> None:
        """Rescan the folders; `handed`: what a fetch just parsed of the files it wrote, which
        the index takes instead of reading them again (reader/store/handoff.py). `interim`:
        while the fetch goes on (a new _index would cancel this one: none is started meanwhile)."""
        worker = get_current_worker()
        last = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last
            if worker.is_cancelled:  # the app is closing
                raise _Cancelled  # rolls back this batch; the next start picks up from here
            now = time.monotonic()
            if not interim and (now - last > PROGRESS_EVERY or done == total):  # the fetch's figures show meanwhile
                last = now
                self.post_message(IndexProgress(done, total))

        try:
            report = self.library.index(self.paths, progress, handed=handed)
        except _Cancelled:
            return
        self.post_message(IndexDone(report, announce, interim=interim))

    @work(thread=True, exclusive=True, group="fetch", exit_on_error=False)
    def _fetch(self, announce: bool) -> None:
        """Every feed, then (on FetchDone) the index; the feeds' own threads wait on the network."""
        from reader.feeds.fetch import fetch_feeds

        worker = get_current_worker()
        if not self.library.feeds():
            self.post_message(FetchDone([], announce))
            return
        failed = 0
        so_far = self._so_far  # this fetch's own list, even if the next fetch makes a new one

        def progress(result, done: int, total: int) -> None:
            nonlocal failed
            if worker.is_cancelled:
                raise _Cancelled  # the feeds fetched so far are recorded; the rest wait for next time
            failed += result.failed
            if result.new or result.changed:
                so_far.append(result)  # a list append: safe beside the UI thread's reads
            self._last_in = time.monotonic()
            self.post_message(FetchProgress(done, total, failed))

        def waiting() -> None:
            if worker.is_cancelled:  # the app is closing: not held up by a feed still on its way
                raise _Cancelled

        try:
            results = fetch_feeds(self.library.paths, progress, waiting)
        except _Cancelled:
            return
        self.post_message(FetchDone(results, announce))

    # -- what they post -----------------------------------------------------------------------
    @on(FetchProgress)
    def _fetch_progress(self, message: FetchProgress) -> None:
        message.stop()
        failed = f", {message.failed} failed" if message.failed else ""
        self._say(f"fetching {message.done:,}/{message.total:,} feeds{failed}")

    def _index_so_far(self) -> None:
        """While a fetch runs: index the items written since the last time, once no feed has
        come in for a moment (or for long enough), unless an index of them is under way (a new
        one would cancel it) or the fetch is over."""
        from reader.feeds.fetch import handed

        if self._interim or self._after_interim is not None or len(self._so_far) <= self._so_far_taken:
            return
        now = time.monotonic()
        if now - self._last_in < INTERIM_QUIET and now - self._last_interim < INTERIM_EVERY:
            return
        self._last_interim = now
        results = list(self._so_far)
        self._so_far_taken = len(results)
        self._interim = True
        self._index(False, handed(results), interim=True)

    def _stop_interim_timer(self) -> None:
        if self._interim_timer is not None:
            self._interim_timer.stop()
            self._interim_timer = None

    @on(FetchDone)
    def _fetch_done(self, message: FetchDone) -> None:
        from reader.feeds.fetch import handed, summary

        message.stop()
        self._stop_interim_timer()
        failed = sum(result.failed for result in message.results)
        self.feeds_note = f"{counted(failed, 'feed')} failed (L)" if failed else ""
        if message.announce and message.results:
            self.app.say(f"Fetched {summary(message.results)}", severity="warning" if failed else "information")
        self._say("scanning…")
        self._index_after_fetch(message.announce, handed(message.results))

    def _index_after_fetch(self, announce: bool, records: dict) -> None:
        """The fetch's own index: now, or once the index of its items so far has ended."""
        self._after_interim = (announce, records)
        if not self._interim:
            self._start_after_interim()

    def _start_after_interim(self) -> None:
        if self._after_interim is not None:
            announce, records = self._after_interim
            self._after_interim = None
            self._index(announce, records)

    @on(IndexProgress)
    def _index_progress(self, message: IndexProgress) -> None:
        message.stop()
        if self.scanning:
            self._say(f"indexing {message.done:,}/{message.total:,}")

    @on(IndexDone)
    def _index_done(self, message: IndexDone) -> None:
        message.stop()
        report = message.report
        if message.interim:  # the fetch goes on: its items so far are listed, the status line is its
            self._interim = False
            if report.new or report.changed or report.removed:
                self.changed()
            self._start_after_interim()
            return
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
