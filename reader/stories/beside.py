"""A cold pass computed in a thread while the writer does other work (a cold build's search
index, see reader/store/bulk.py).

The pass only reads (the signatures and the articles' ids), so it runs on a connection of its
own, in one read transaction: what the writer committed before it started. SQLite and numpy
release the GIL for their long steps, so the two share both cores. The result is written
only if no other process changed the cache meanwhile (`PRAGMA data_version`); if one did,
the caller falls back to a pass under the write lock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from reader.store import db
from reader.stories.store import Rebuilt, compute_rebuild
from reader.stories.tables import TIME_INDEX


@dataclass(frozen=True)
class Beside:
    stories: Rebuilt
    version: int  # the writer's data_version when the pass's snapshot was taken

    def current(self, conn: sqlite3.Connection) -> bool:
        """Still what the cache holds (call inside the write that stores it)."""
        return _data_version(conn) == self.version


def rebuild_beside(conn: sqlite3.Connection, path: Path, beside: Callable[[], None]) -> Beside:
    """Every story computed from what `conn` has committed, while `beside()` runs on `conn`."""
    with db.write(conn):
        conn.execute(TIME_INDEX)
    version = _data_version(conn)
    reader = db.connect(path)
    reader.execute("BEGIN")
    # The snapshot is taken by the first read, before the writer goes on.
    reader.execute("SELECT count(*) FROM story_sigs").fetchone()
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="stories") as pool:
            future = pool.submit(compute_rebuild, reader)
            beside()
            stories = future.result()
    finally:
        reader.close()
    return Beside(stories, version)


def _data_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA data_version").fetchone()[0]
