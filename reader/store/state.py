"""The state database: read and starred marks keyed by article id, and the app's session.

Unlike the cache it is never rebuilt: a corrupt file is moved aside (and the user told where)
before a fresh one is made, and older schema versions are migrated in place.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reader.errors import ReaderError
from reader.store import db

SCHEMA_VERSION = 3

# Version 1 had marks(article_id, read, starred) and nothing else.
_MIGRATIONS = {
    0: """
        CREATE TABLE IF NOT EXISTS marks (
            article_id TEXT PRIMARY KEY, read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0
        );
    """,
    1: """
        ALTER TABLE marks ADD COLUMN read_at REAL;
        ALTER TABLE marks ADD COLUMN starred_at REAL;
        ALTER TABLE marks ADD COLUMN changed_at REAL;
        CREATE TABLE IF NOT EXISTS session (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # The marked articles' ids in id order: joining them to the cache's articles by id then
    # probes its id index in order, not at random (half the time at 100,000 marks), and the
    # scan reads only the marked ones. What is:unread, n, the counts and saved views read.
    2: """
        CREATE INDEX IF NOT EXISTS marks_read ON marks(article_id) WHERE read;
        CREATE INDEX IF NOT EXISTS marks_starred ON marks(article_id) WHERE starred;
    """,
}


FLAGS = ("read", "starred")  # the marks: each is a column (and `<flag>_at`) of the marks table


def _flag_column(flag: str) -> str:
    """`flag` checked before it is put into SQL text (a real check: `python -O` drops asserts)."""
    if flag not in FLAGS:
        raise ValueError(f"{flag!r} is not a mark (one of {', '.join(FLAGS)})")
    return flag


@contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """An inter-process lock (a no-op where fcntl is missing)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    try:
        handle = open(lock_path, "a")  # noqa: SIM115
    except OSError as error:
        raise ReaderError(f"cannot create {lock_path}: {error.strerror or error}") from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


class StateDB:
    # A subclass with its own file and schema (reader/store/fulltexts.py) shares the care taken here.
    what = "the state database"
    schema_version = SCHEMA_VERSION
    migrations = _MIGRATIONS

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notice: str | None = None  # set when a corrupt file was moved aside
        self.conn = self._open()

    def _open(self) -> sqlite3.Connection:
        conn = self._connect_if_healthy()
        if conn is None:
            # Several processes can find the same corrupt file at once: one moves it aside
            # while the others wait, then they look again and find the new, healthy one.
            with _exclusive(self.path.with_name(self.path.name + ".lock")):
                conn = self._connect_if_healthy()
                if conn is None:
                    backup = self._move_aside()
                    self.notice = f"{self.what} was corrupt; moved it to {backup} and started a new one"
                    conn = db.connect(self.path, durable=True)
                    self._migrate(conn)  # under the lock: the next process finds a complete file
                    return conn
        self._migrate(conn)
        return conn

    def _connect_if_healthy(self) -> sqlite3.Connection | None:
        """A connection, or None if the file is corrupt. Locked, unreadable or unwritable is
        not corrupt: that is an error for the user, and the file is left alone."""
        conn = None
        try:
            conn = db.connect(self.path, durable=True)
            if self._healthy(conn):
                return conn
        except sqlite3.OperationalError as error:  # busy, locked, I/O: not proof of corruption
            if conn is not None:
                conn.close()
            raise db.database_error(self.path, error) from None
        except sqlite3.DatabaseError:  # "file is not a database", "disk image is malformed"
            pass
        if conn is not None:
            conn.close()
        return None

    def _healthy(self, conn: sqlite3.Connection) -> bool:
        return conn.execute("PRAGMA quick_check(1)").fetchone()[0] == "ok"

    def _move_aside(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while backup.exists():
            backup = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
            counter += 1
        try:
            os.replace(self.path, backup)
            for suffix in ("-wal", "-shm"):
                if os.path.exists(f"{self.path}{suffix}"):
                    os.replace(f"{self.path}{suffix}", f"{backup}{suffix}")
        except OSError as error:
            raise ReaderError(f"{self.path} is corrupt and could not be moved aside: {error.strerror}") from None
        return backup

    def _migrate(self, conn: sqlite3.Connection) -> None:
        try:
            with db.write(conn):
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version > self.schema_version:
                    raise ReaderError(
                        f"{self.path} was written by a newer version of reader (schema {version}); upgrade reader"
                    )
                for step in range(version, self.schema_version):
                    for statement in self.migrations[step].split(";"):
                        if statement.strip():
                            conn.execute(statement)
                conn.execute(f"PRAGMA user_version={self.schema_version}")
        except sqlite3.Error as error:
            raise db.database_error(self.path, error) from None

    def close(self) -> None:
        self.conn.close()

    # -- marks --------------------------------------------------------------------
    def flags(self, article_ids: list[str], flag: str) -> dict[str, bool]:
        """The current value of `flag` ("read" or "starred") for each id."""
        flag = _flag_column(flag)
        result = dict.fromkeys(article_ids, False)
        for chunk, marks in db.in_chunks(article_ids):
            for article_id, value in self.conn.execute(
                f"SELECT article_id, {flag} FROM marks WHERE article_id IN ({marks})", chunk
            ):
                result[article_id] = bool(value)
        return result

    def set_flags(self, values: dict[str, bool], flag: str) -> dict[str, bool]:
        """Set `flag` per id, committed (and synced) before returning. Returns the values it
        replaced, read in the same write transaction: no other process can write in between,
        so an undo that puts them back restores exactly what this change overwrote."""
        flag = _flag_column(flag)
        now = time.time()
        rows = [(article_id, int(value), now if value else None, now) for article_id, value in values.items()]
        try:
            with db.write(self.conn):
                previous = self.flags(list(values), flag)
                self.conn.executemany(
                    f"""INSERT INTO marks (article_id, {flag}, {flag}_at, changed_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT(article_id) DO UPDATE SET {flag}=excluded.{flag},
                            {flag}_at=excluded.{flag}_at, changed_at=excluded.changed_at""",
                    rows,
                )
        except sqlite3.Error as error:
            raise db.database_error(self.path, error) from None
        return previous

    # -- the app's session (sidebar selection, filters, cursor, theme) --------------------
    def session(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, value FROM session"))

    def save_session(self, values: dict[str, str]) -> None:
        try:
            with db.write(self.conn):
                self.conn.executemany("INSERT OR REPLACE INTO session VALUES (?, ?)", list(values.items()))
        except sqlite3.Error as error:
            raise db.database_error(self.path, error) from None
