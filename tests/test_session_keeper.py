"""The session keeper: the place is written as it changes, once it comes to rest, in one small
write, from a thread of its own; and saved values are read back with care."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from reader.library import Library
from reader.tui.session import SessionKeeper, restore_place
from reader.tui.view_state import ViewState


def wait_until(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def saved(library: Library) -> dict[str, str]:
    return library.session()  # through the app's own connection: what a restart would read


def test_a_run_of_changes_is_written_once_it_comes_to_rest(library: Library):
    keeper = SessionKeeper(library.paths.state_db, {}, delay=0.1, longest=10.0)
    for row in range(50):  # a held-down j
        keeper.changed({"tui.cursor": f"article-{row}", "tui.view": "all"})
    wait_until(lambda: keeper.writes)
    time.sleep(0.2)  # and nothing more comes of it
    assert keeper.writes == 1
    assert saved(library) == {"tui.cursor": "article-49", "tui.view": "all"}
    keeper.close()


def test_only_what_changed_is_written_and_nothing_when_nothing_did(library: Library):
    keeper = SessionKeeper(library.paths.state_db, {"tui.view": "all", "tui.cursor": "a"}, delay=0.05)
    keeper.changed({"tui.view": "all", "tui.cursor": "a"})
    assert not keeper.pending and keeper.flush() is None and keeper.writes == 0
    library.save_session({"tui.view": "starred"})  # written elsewhere since: the keeper does not touch it
    keeper.changed({"tui.view": "all", "tui.cursor": "b"})
    assert keeper.flush() is None and keeper.writes == 1
    assert saved(library) == {"tui.view": "starred", "tui.cursor": "b"}
    keeper.close()


def test_keys_that_keep_coming_are_still_written_every_so_often(library: Library):
    keeper = SessionKeeper(library.paths.state_db, {}, delay=0.2, longest=0.3)
    deadline = time.monotonic() + 1.0
    row = 0
    while time.monotonic() < deadline:  # a key every 20 ms: it never comes to rest
        keeper.changed({"tui.cursor": str(row)})
        row += 1
        time.sleep(0.02)
    assert keeper.writes >= 2, "a dropped session mid-scroll loses at most `longest`"
    keeper.close()
    assert saved(library)["tui.cursor"] == str(row - 1)


def test_writes_happen_off_the_calling_thread(library: Library, monkeypatch):
    from reader.store.state import StateDB

    threads = []
    original = StateDB.save_session

    def save_session(self, values):
        threads.append(threading.current_thread())
        original(self, values)

    monkeypatch.setattr(StateDB, "save_session", save_session)
    keeper = SessionKeeper(library.paths.state_db, {}, delay=0.01)
    keeper.changed({"tui.cursor": "x"})
    wait_until(lambda: keeper.writes)
    assert threads and threading.current_thread() not in threads
    keeper.close()


def test_a_failed_save_is_one_line_once_and_is_tried_again(library: Library, monkeypatch):
    from reader.errors import ReaderError
    from reader.store.state import StateDB

    failing = [True]
    original = StateDB.save_session

    def save_session(self, values):
        if failing[0]:
            raise ReaderError(f"{self.path} is locked by another process; try again in a moment")
        original(self, values)

    monkeypatch.setattr(StateDB, "save_session", save_session)
    errors: list[str] = []
    keeper = SessionKeeper(library.paths.state_db, {}, delay=0.01, longest=0.02, on_error=errors.append)
    keeper.changed({"tui.cursor": "x"})
    wait_until(lambda: errors)
    time.sleep(0.2)  # tried again meanwhile, and not said again
    assert len(errors) == 1 and errors[0].startswith("could not save your place:") and "\n" not in errors[0]
    failing[0] = False
    wait_until(lambda: keeper.writes)  # the next try, with no new change needed
    assert saved(library)["tui.cursor"] == "x"
    keeper.close()


def test_changes_after_close_are_ignored(library: Library):
    keeper = SessionKeeper(library.paths.state_db, {}, delay=0.01)
    keeper.changed({"tui.cursor": "x"})
    keeper.close()
    keeper.changed({"tui.cursor": "y"})
    time.sleep(0.05)
    assert saved(library)["tui.cursor"] == "x"


# -- restoring ------------------------------------------------------------------------------
def test_a_saved_place_comes_back_as_it_was():
    state = ViewState(view="topic:AI", unread_only=True, sort="quality")
    place = restore_place(state.to_session() | {"tui.cursor": "abc", "tui.cursor_row": "12"})
    assert (place.state, place.cursor_id, place.cursor_row, place.notice) == (state, "abc", 12, None)


def test_a_feed_chosen_in_the_sidebar_is_restored():
    state = ViewState(view="feed:https://example.com/rss?x=1", sort="newest")
    place = restore_place(state.to_session())
    assert (place.state, place.notice) == (state, None)
    assert place.state.query().feeds == ("https://example.com/rss?x=1",)


def test_a_saved_view_this_version_cannot_read_falls_back_to_the_default_with_one_line():
    for values in ({"tui.view": "folder:gone", "tui.cursor": "abc"}, {"tui.view": "all", "tui.sort": "by-mood"}):
        place = restore_place(values, default_sort="newest")
        assert place.state == ViewState(sort="newest") and place.cursor_id is None
        assert place.notice and "\n" not in place.notice and "showing All" in place.notice


def test_a_first_start_is_the_default_view_without_a_notice():
    place = restore_place({}, default_sort="quality")
    assert place == restore_place({"tui.cursor_row": "nonsense"}, default_sort="quality")
    assert place.state == ViewState(sort="quality") and place.notice is None and place.cursor_row == 0
