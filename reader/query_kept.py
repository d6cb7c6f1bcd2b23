"""Values worked out from one connection's view of the cache (sort orders, the sets of marked
articles), kept for as long as what they were read from is unchanged, so a list redrawn with
another filter does not read them again.

"Unchanged" is SQLite's own word for it: PRAGMA data_version moves when another connection
commits to that database, and the connection's total_changes when it writes itself. Entries
are held per connection (each worker thread has its own) and for a few connections at most.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict


class Kept:
    """A dict per connection, emptied whenever one of `schemas` (the cache is `main`; the read
    state is attached as `state`) has changed since it was filled."""

    KEEP = 4

    def __init__(self, *schemas: str) -> None:
        self._schemas = schemas or ("main",)
        self._lock = threading.Lock()
        # id(conn) -> (conn, versions, values); the connection is held so its id cannot be
        # reused by another one while the entry lives.
        self._entries: OrderedDict[int, tuple[sqlite3.Connection, tuple[int, ...], dict]] = OrderedDict()

    def current(self, conn: sqlite3.Connection) -> dict:
        """The values kept for this connection's current snapshot."""
        versions = []
        for schema in self._schemas:
            # A read starts the snapshot first: the version is then that snapshot's.
            table = "articles" if schema == "main" else f"{schema}.sqlite_master"
            conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchall()
            versions.append(conn.execute(f"PRAGMA {schema}.data_version").fetchone()[0])
        versions.append(conn.total_changes)
        version = tuple(versions)
        with self._lock:
            entry = self._entries.get(id(conn))
            if entry is None or entry[0] is not conn or entry[1] != version:
                entry = (conn, version, {})
                self._entries[id(conn)] = entry
            self._entries.move_to_end(id(conn))
            while len(self._entries) > self.KEEP:
                self._entries.popitem(last=False)
            return entry[2]

    def forget(self) -> None:
        """Drop everything kept (a benchmark's cold figure)."""
        with self._lock:
            self._entries.clear()


class Recent(dict):
    """Values by key, each forgotten once `calls` calls in a row have not used it: a call
    begins with `begin()`, and reading or writing a key uses it. For sets kept between counts
    whose keys can change every time (a term on the present, age<2d, has new parameters each
    count): those are dropped a few counts later instead of piling up."""

    def __init__(self, calls: int = 4) -> None:
        super().__init__()
        self._calls = calls
        self._call = 0
        self._used: dict = {}

    def begin(self) -> Recent:
        self._call += 1
        for key in [key for key, call in self._used.items() if call <= self._call - self._calls]:
            del self._used[key]
            super().pop(key, None)
        return self

    def __getitem__(self, key):
        value = super().__getitem__(key)
        self._used[key] = self._call
        return value

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        self._used[key] = self._call
