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
