"""The screen's slow work runs in workers: what the user sees while it runs, when it fails,
and that it never runs on the screen's own thread."""

from __future__ import annotations

import threading
import time

from textual.notifications import Notify

from reader.errors import ReaderError
from reader.library import Library
from reader.query import Query
from reader.tui.screens.picker import PickerScreen
from tui_helpers import broken_until_mended, press, settle, titles, wait_for


def _notices(seen: list[str]):
    ids: set[int] = set()

    def hook(message) -> None:
        if isinstance(message, Notify) and id(message) not in ids:
            ids.add(id(message))
            seen.append(message.notification.message)

    return hook


async def test_n_with_nothing_unread_says_so_without_fetching_the_list(make_app, corpus, monkeypatch):
    setup = Library()
    setup.index([str(corpus)])
    setup.mark([row.id for row in setup.list(Query())], "read", True)
    setup.close()
    fetched: list[int] = []
    rows = Library.rows

    def counting(self, ns):
        fetched.extend(ns)
        return rows(self, ns)

    monkeypatch.setattr(Library, "rows", counting)
    seen: list[str] = []
    app = make_app(corpus)
    async with app.run_test(size=(120, 24), message_hook=_notices(seen)) as pilot:
        await settle(pilot)
        listed = len(app.main.articles.ids)
        fetched.clear()
        await press(pilot, "n")  # answered by a worker: its notice may come after the key
        await wait_for(pilot, lambda: seen and seen[-1] == "No more unread articles", what="n's notice")
        assert app.main.articles.cursor == 0
        await press(pilot, "G", "p")
        await wait_for(pilot, lambda: seen[-1] == "No unread articles above", what="p's notice")
        assert len(set(fetched)) < listed / 2, "the answer comes from one query, not from fetching every row"


async def test_n_opens_the_next_unread_article_far_down_the_list(make_app, corpus):
    setup = Library()
    setup.index([str(corpus)])
    listed = setup.list(Query())
    setup.mark([row.id for row in listed[:-1]], "read", True)  # only the last one is unread
    setup.close()
    app = make_app(corpus)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        assert app.main.articles.cursor == len(listed) - 1
        assert app.main.detail.detail.row.title == listed[-1].title and app.main.detail.detail.row.read


async def test_two_workers_starting_together_open_one_library(make_app, seeds, monkeypatch):
    import reader.tui.background as background

    built: list[int] = []

    class SlowLibrary(Library):
        def __init__(self, paths=None) -> None:
            built.append(threading.get_ident())
            time.sleep(0.1)  # both start-up workers (id list and counts) ask meanwhile
            super().__init__(paths)

    monkeypatch.setattr(background, "Library", SlowLibrary)
    app = make_app(seeds)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "u", "u")  # more id lists, on the same connection
        assert len(built) == 1


async def test_a_picker_before_the_counts_and_counts_that_fail(make_app, seeds, monkeypatch):
    calls: list[str] = []
    broken = [True]
    counts = Library.counts

    def failing(self):
        calls.append(threading.current_thread().name)
        if broken[0]:
            raise ReaderError("database is locked")
        return counts(self)

    monkeypatch.setattr(Library, "counts", failing)
    seen: list[str] = []
    app = make_app(seeds)
    async with app.run_test(size=(120, 24), message_hook=_notices(seen)) as pilot:
        # Settled, not merely not busy: a worker that has failed reports it in a message after.
        await settle(pilot, counts=False)
        assert "cannot count articles: database is locked" in seen, "a failure is one line, not a crash"
        assert app.main.counts is None
        # A recount the start-up rescan asked for may still be on its way: "t" would wait for
        # it instead of counting again, and its failure could land before the clear below.
        await wait_for(pilot, lambda: not app.main.counter.counting, what="no count under way")
        await settle(pilot, counts=False)
        seen.clear()
        await pilot.press("t")  # counts again, in a worker: fails again, says so again
        await wait_for(pilot, lambda: seen)
        # (A recount the rescan asked for may fail beside it, with the same line.)
        assert set(seen) == {"cannot count articles: database is locked"} and not isinstance(app.screen, PickerScreen)
        broken[0] = False
        await pilot.press("t")  # the picker opens when the counts come
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        assert threading.main_thread().name not in calls, "never counted on the screen's thread"
        await press(pilot, "escape")
        assert len(titles(app)) == 5


async def test_an_undo_that_fails_says_so_and_can_be_tried_again(make_app, seeds, monkeypatch):
    broken = broken_until_mended(monkeypatch, Library, "restore")
    seen: list[str] = []
    app = make_app(seeds)
    async with app.run_test(size=(120, 24), message_hook=_notices(seen)) as pilot:
        await settle(pilot)
        # Each notice, and the counts after the undo, waited for: a failed worker's word and a
        # recount come in messages after the work itself is done.
        # Each notice is looked for among those said after its key: another worker's word (a
        # recount the start-up rescan asked for) may land after it on a busy machine.
        def said_since(n: int, text: str):
            return lambda: text in seen[n:]

        await press(pilot, "A")
        await wait_for(pilot, said_since(0, "Marked 5 articles read. Press U to undo."))
        n = len(seen)
        await press(pilot, "U")
        await wait_for(pilot, said_since(n, "database is locked"))
        await wait_for(pilot, lambda: not app.main.marking, what="the failed undo to end the marking")
        broken[0] = False
        n = len(seen)
        await press(pilot, "U")
        await wait_for(pilot, said_since(n, "Undone: read marks of 5 articles put back"))
        await wait_for(pilot, lambda: app.main.counts is not None and app.main.counts.unread == 5, what="the counts after the undo")


async def test_an_id_list_that_fails_says_so_and_the_list_stops_waiting(make_app, seeds, monkeypatch):
    seen: list[str] = []
    app = make_app(seeds)
    async with app.run_test(size=(120, 24), message_hook=_notices(seen)) as pilot:
        await settle(pilot)
        ids = Library.ids
        broken = [True]

        def failing(self, q, limit=None):
            if broken[0] and limit is None:  # the whole list, asked for in the worker
                raise ReaderError("database is locked")
            return ids(self, q, limit)

        monkeypatch.setattr(Library, "ids", failing)
        await press(pilot, "u")  # settles: the list is not left "Loading…" for ever
        assert "cannot list articles: database is locked" in seen and not app.main.articles.waiting
        broken[0] = False
        await press(pilot, "u")
        assert len(titles(app)) == 5, "asked again, it lists"


def test_a_workers_failure_is_told_in_one_line():
    from types import SimpleNamespace

    from reader.tui.messages import WorkerFailed

    def text(error: BaseException) -> str:
        return WorkerFailed(SimpleNamespace(error=error)).text

    assert text(ReaderError("database is locked")) == "database is locked", "the user's words, as they are"
    assert text(ValueError("bad value\n  File \"x.py\", line 1")) == "ValueError: bad value", "anything else is named, one line"
    assert text(KeyError()) == "KeyError"


async def test_a_helper_that_fails_unexpectedly_says_so_in_one_line(make_app, seeds, monkeypatch):
    def failing(self):
        raise RuntimeError("the counts are off\nTraceback (most recent call last): ...")

    monkeypatch.setattr(Library, "counts", failing)
    seen: list[str] = []
    app = make_app(seeds)
    async with app.run_test(size=(120, 24), message_hook=_notices(seen)) as pilot:
        await settle(pilot, counts=False)
        assert "cannot count articles: RuntimeError: the counts are off" in seen
        assert not any("Traceback" in line for line in seen)
