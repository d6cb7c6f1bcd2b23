"""Marks and undo without the app (reader/marks.py), and the one query n and p ask."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from reader.library import Library
from reader.paths import Paths
from reader.marks import Change, Marks, leaves_view
from reader.query import Query
from reader.tui.background import BackgroundLibrary


def _shelf(folder: Path, count: int) -> None:
    folder.mkdir()
    for i in range(count):
        day = 1 + i % 28
        (folder / f"a{i:04}.md").write_text(
            f'---\ntitle: "Article {i}"\nwebUrl: https://example.com/{i}\npublishedDateTime: 2024-03-{day:02}T{i % 24:02}:00:00Z\n---\nBody.\n',
            encoding="utf-8",
        )


@pytest.fixture
def shelf(tmp_path: Path, library: Library) -> Library:
    _shelf(tmp_path / "shelf", 12)
    library.index([str(tmp_path / "shelf")])
    return library


def _read(library: Library) -> dict[str, bool]:
    return {row.id: row.read for row in library.list(Query())}


def test_a_mark_is_undone_to_each_articles_own_previous_value(shelf: Library):
    marks = Marks()
    ids = list(_read(shelf))
    marks.mark(shelf, ids[:2], "read", True)
    before = _read(shelf)
    change = marks.mark(shelf, ids[:4], "read", True)
    assert change.previous == {ids[0]: True, ids[1]: True, ids[2]: False, ids[3]: False}
    assert all(_read(shelf)[i] for i in ids[:4])
    marks.undo(shelf, marks.pop())
    assert _read(shelf) == before, "the two read before stay read; the other two are unread again"
    marks.undo(shelf, marks.pop())
    assert not any(_read(shelf).values())
    assert marks.pop() is None


def test_an_undo_that_fails_stays_undoable_and_mark_all_read_skips_the_read(shelf: Library):
    marks = Marks()
    ids = list(_read(shelf))
    marks.mark(shelf, ids[:1], "read", True)
    change = Marks.mark_all_read(shelf, shelf.ids(Query()))
    assert set(change.previous) == set(ids[1:]) and all(_read(shelf).values())
    marks.remember(change)
    assert marks.pop() is change
    marks.settled(failed=True)  # the state database was locked, say
    assert marks.pop() is change and marks.undoing is change
    marks.undo(shelf, change)
    marks.settled()
    assert marks.undoing is None and [i for i, read in _read(shelf).items() if read] == ids[:1]


def test_the_undo_stack_keeps_the_latest_changes_and_skips_empty_ones(shelf: Library):
    marks = Marks(limit=3)
    ids = list(_read(shelf))
    for article_id in ids[:5]:
        marks.mark(shelf, [article_id], "starred", True)
    marks.remember(Change("read", {}))  # "everything here is read already": nothing to undo
    assert len(marks) == 3
    assert [marks.pop().previous for _ in range(3)] == [{i: False} for i in reversed(ids[2:5])]


def test_what_leaves_a_view_when_marked():
    unread_only = Query(read=False)
    starred = Query(starred=True)
    assert leaves_view(unread_only, "read", True) and not leaves_view(unread_only, "read", False)
    assert leaves_view(starred, "starred", False) and not leaves_view(starred, "read", True)
    assert not leaves_view(Query(), "read", True)


def test_an_undone_change_says_what_it_put_back():
    assert Change("starred", {"a": False}).undone_text() == "Undone: stars of 1 article put back"
    assert Change("read", dict.fromkeys(map(str, range(1200)), False)).undone_text() == "Undone: read marks of 1,200 articles put back"


def test_next_unread_goes_either_way_from_the_start_and_says_none_at_the_end(shelf: Library):
    ns = shelf.ids(Query())
    rows = shelf.rows(ns)
    ids = [rows[n].id for n in ns]
    shelf.mark([ids[i] for i in (0, 1, 2, 5, 6, 7, 8, 9, 10, 11)], "read", True)  # unread: 3 and 4
    assert shelf.next_unread(ns, 0, 1) == 3
    assert shelf.next_unread(ns, 4, 1) == 4, "the start itself counts"
    assert shelf.next_unread(ns, 5, 1) is None
    assert shelf.next_unread(ns, 11, -1) == 4
    assert shelf.next_unread(ns, 2, -1) is None
    assert shelf.next_unread(ns, len(ns), 1) is None and shelf.next_unread(ns, -1, -1) is None
    reordered = list(reversed(ns))  # the list's own order is what counts
    assert shelf.next_unread(reordered, 0, 1) == len(ns) - 1 - 4
    gone = max(ns) + 1000  # an article removed by a rescan since the list was shown: never read, never there
    assert shelf.next_unread([ns[0], gone, ns[3]], 0, 1) == 2
    shelf.mark(ids, "read", True)
    assert shelf.next_unread(ns, 0, 1) is None and shelf.next_unread(ns, len(ns) - 1, -1) is None


def test_next_unread_with_few_articles_read_passes_over_the_read_and_the_gone(shelf: Library):
    # Fewer read than unread: the other way of looking (the read ones are the smaller set).
    ns = shelf.ids(Query())
    rows = shelf.rows(ns)
    shelf.mark([rows[ns[0]].id, rows[ns[2]].id], "read", True)
    assert shelf.next_unread(ns, 0, 1) == 1
    assert shelf.next_unread(ns, 2, -1) == 1
    gone = max(ns) + 1000
    assert shelf.next_unread([ns[0], gone, ns[2], ns[3]], 0, 1) == 3


def test_two_workers_starting_together_build_one_library(home: Path):
    built: list[Library] = []

    def slow_library(paths):
        time.sleep(0.05)  # as long as opening two databases can take on a busy machine
        library = Library(paths)
        built.append(library)
        return library

    background = BackgroundLibrary(Paths.from_env().ensure(), slow_library)
    start = threading.Barrier(2)
    got: list[Library] = []

    def worker() -> None:
        start.wait()
        got.append(background.get())

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1 and got == built * 2
    background.close()
    with pytest.raises(Exception, match="closing"):
        background.get()


def test_next_unread_with_most_articles_unread_passes_over_one_gone_from_the_cache(shelf: Library):
    # The other way round from the test above: with few read, n walks against the read marks,
    # where an article gone from the cache would look unread.
    ns = shelf.ids(Query())
    rows = shelf.rows(ns)
    shelf.mark([rows[ns[0]].id], "read", True)
    gone = max(ns) + 1000
    assert shelf.next_unread([ns[0], gone, ns[3]], 0, 1) == 2
    assert shelf.next_unread([gone, ns[0]], 1, -1) is None
