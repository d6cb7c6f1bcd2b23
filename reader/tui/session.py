"""The app's session, kept as it changes, and read back with care.

`SessionKeeper` takes the latest session values from the UI thread (a dict update, nothing
more) and writes them from a thread of its own once they have been still for `SAVE_DELAY`:
so a SIGKILL, an OOM kill or a dead laptop costs at most the last second of moving about,
and the cursor never waits for the disk. It writes on its own connection to the state
database: the Library's connection is shared under a lock with the list's row fetches, and
a synced commit there would hold up the next frame.

`restore_place` turns saved values back into a place, falling back where they no longer fit.
Nothing here imports Textual.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from msgspec import Struct

from reader.errors import ReaderError
from reader.store.state import StateDB
from reader.tui.view_state import ViewState, session_problem, session_value

SAVE_DELAY = 0.5  # written once the cursor, the view or the search has been still this long
LONGEST_WAIT = 2.0  # ... or this long after the first unsaved change, while keys keep coming
_JOIN_TIMEOUT = 2.0


class SessionKeeper:
    def __init__(
        self, state_path: Path, saved: Mapping[str, str], *, delay: float = SAVE_DELAY,
        longest: float = LONGEST_WAIT, on_error: Callable[[str], None] | None = None,
    ) -> None:
        self.state_path = state_path
        self.delay, self.longest = delay, longest
        self.on_error = on_error or (lambda message: None)
        self.writes = 0  # transactions written (tests count them)
        self._saved = dict(saved)  # what the database holds, as far as this keeper knows
        self._pending: dict[str, str] = {}
        self._first = self._last = 0.0  # when the oldest and the newest unsaved change came
        self._closed = False
        self._last_error: str | None = None
        self._changes = threading.Condition()
        self._writing = threading.Lock()  # one write at a time, in the order the values were taken
        self._store: StateDB | None = None
        self._thread: threading.Thread | None = None

    # -- the UI thread ----------------------------------------------------------------------
    def changed(self, values: Mapping[str, str]) -> None:
        """The session now has these values (any subset of the keys); cheap enough for every key."""
        with self._changes:
            if self._closed:
                return
            now = time.monotonic()
            first = not self._pending
            if first:
                self._first = now
            self._pending.update(values)
            self._last = now
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="reader-session", daemon=True)
                self._thread.start()
            elif first:  # else the thread is already waiting to look again: no wake-up per key
                self._changes.notify()

    @property
    def pending(self) -> bool:
        with self._changes:
            return any(self._saved.get(key) != value for key, value in self._pending.items())

    def flush(self) -> str | None:
        """Write what is pending now, in the caller's thread. Returns a one-line error or None."""
        return self._write_pending()

    def close(self) -> str | None:
        """Flush, then stop the thread and close the connection. Later changes are ignored."""
        error = self.flush()
        with self._changes:
            self._closed = True
            self._changes.notify()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(_JOIN_TIMEOUT)
        with self._writing:
            if self._store is not None:
                self._store.close()
                self._store = None
        return error

    # -- the keeper's thread ----------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._changes:
                while not self._closed and not self._due():
                    self._changes.wait(self._wait())
                if self._closed:
                    return
            error = self._write_pending()
            if error:
                self.on_error(error)

    def _due(self) -> bool:
        return bool(self._pending) and self._wait() <= 0

    def _wait(self) -> float | None:
        if not self._pending:
            return None
        due = min(self._last + self.delay, self._first + self.longest)
        return max(0.0, due - time.monotonic())

    def _write_pending(self) -> str | None:
        with self._writing:
            with self._changes:
                batch = {key: value for key, value in self._pending.items() if self._saved.get(key) != value}
                self._pending.clear()
            if not batch:
                return None
            try:
                if self._store is None:
                    self._store = StateDB(self.state_path)
                self._store.save_session(batch)  # one transaction, only the keys that changed
            except ReaderError as error:
                with self._changes:  # try these again in a while (newer values win)
                    self._pending = batch | self._pending
                    self._first = self._last = time.monotonic() + self.longest
                message = f"could not save your place: {error}"
                if message == self._last_error:
                    return None  # said once is enough while it goes on failing
                self._last_error = message
                return message
            self.writes += 1
            self._last_error = None
            with self._changes:
                self._saved.update(batch)
            return None


# -- restoring ---------------------------------------------------------------------------------
CURSOR, CURSOR_ROW = "cursor", "cursor_row"


class Place(Struct, frozen=True):
    """Where the app opens: the view, the article under the cursor, and where in the list it
    was (the nearest article in the same view takes its place if it has gone)."""

    state: ViewState
    cursor_id: str | None = None
    cursor_row: int = 0
    notice: str | None = None  # one line for the user when the saved view could not be used


def restore_place(values: Mapping[str, str], default_sort: str = "date", saved: Mapping[str, str] = {}) -> Place:
    """`saved`: the saved views now in config.toml (a view chosen last time may have gone)."""
    problem = session_problem(values)
    view = session_value(dict(values), "view")
    if problem is None and view.startswith("saved:") and view[6:] not in saved:
        problem = f"no view {view[6:]!r} in config.toml"
    state = ViewState(sort=default_sort)
    if problem is None:
        state = ViewState.from_session(dict(values), default_sort, saved)
        try:
            state.query()
        except (ReaderError, ValueError) as error:
            problem = str(error)
    if problem is not None:
        return Place(state=ViewState(sort=default_sort), notice=f"Your saved view could not be used ({problem}); showing All")
    row = session_value(dict(values), CURSOR_ROW)
    return Place(
        state=state, cursor_id=session_value(dict(values), CURSOR) or None,
        cursor_row=int(row) if row.isdigit() else 0,
    )


__all__ = ["CURSOR", "CURSOR_ROW", "LONGEST_WAIT", "SAVE_DELAY", "Place", "SessionKeeper", "restore_place"]
