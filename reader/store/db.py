"""SQLite connections set up for several processes at once.

WAL lets readers and one writer work together; writes start with BEGIN IMMEDIATE so two
writers queue on the busy timeout instead of failing with "database is locked" when both try
to upgrade a read lock.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from reader.errors import ReaderError

# How long a write waits for another process's write to finish before saying it is locked.
def _lock_timeout() -> float:
    try:
        value = float(os.environ.get("READER_LOCK_TIMEOUT", "30"))
    except ValueError:
        return 30.0  # a typo in the variable must not stop reader; the default is sane
    return value if value >= 0 else 30.0


BUSY_TIMEOUT_S = _lock_timeout()


def connect(path: Path | str, *, durable: bool = False) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(
            str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        _enable_wal(conn)
        # State changes must survive power loss; the cache can always be rebuilt.
        conn.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
    except sqlite3.OperationalError as error:  # locked, read-only, cannot open
        raise database_error(path, error) from None
    # Any other DatabaseError means a corrupt file: the caller decides (rebuild or move aside).
    return conn


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL, retrying while busy: turning a brand-new file to WAL needs an exclusive
    lock, and SQLite reports BUSY at once (no busy handler) when another process is creating
    the same file, which happens when two processes start on a fresh or rebuilt database."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if not ("locked" in str(error) or "busy" in str(error)) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, committed before the block's caller goes on."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


IN_CHUNK = 500  # values bound in one `IN (...)`: far below SQLite's variable limit


def in_chunks(values: Sequence) -> Iterator[tuple[list, str]]:
    """`values` in slices small enough for one `IN (...)`, each with its `?,?,...` marks."""
    for start in range(0, len(values), IN_CHUNK):
        chunk = list(values[start : start + IN_CHUNK])
        yield chunk, ",".join("?" * len(chunk))


def database_error(path: Path | str, error: sqlite3.Error) -> ReaderError:
    """The one line a user sees for a database they cannot use."""
    text = str(error)
    if "locked" in text or "busy" in text:
        return ReaderError(f"{path} is locked by another process; try again in a moment")
    if "readonly" in text or "read-only" in text:
        return ReaderError(f"{path} is read-only")
    if "unable to open" in text:
        return ReaderError(f"cannot open {path}: check that its folder exists and is writable")
    return ReaderError(f"{path}: {text}")
