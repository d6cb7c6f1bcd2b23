"""Fetched full texts by article id, in their own file in the data dir (`fulltext.sqlite3`).

Not in the cache, so a rebuilt cache keeps them; not in the state database, whose integrity
check at every start reads the whole file, and pages of text would soon be most of it. It
shares the state database's care all the same: a corrupt file is moved aside, not lost.
A failed fetch is kept too (the last error and when), without touching a text fetched before.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence

from msgspec import Struct

from reader.store import db
from reader.store.state import StateDB


class FullText(Struct, frozen=True):
    """A stored full text of an article, or why fetching it failed."""

    article_id: str
    url: str | None  # the page the text came from, after redirects
    text: str | None  # None when no fetch has succeeded yet
    fetched_at: float | None  # epoch seconds of the text
    error: str | None = None  # the last attempt's failure, if the last attempt failed
    tried_at: float | None = None

    @property
    def domain(self) -> str | None:
        from reader.ingest.fields import domain_of  # with ingestion's modules: not at start-up

        return domain_of(self.url) if self.url else None


class FullTextDB(StateDB):
    what = "the full-text database"
    schema_version = 1
    migrations = {
        0: """
            CREATE TABLE IF NOT EXISTS texts (
                article_id TEXT PRIMARY KEY, url TEXT, text TEXT, fetched_at REAL,
                error TEXT, tried_at REAL NOT NULL
            );
        """,
    }

    def _healthy(self, conn: sqlite3.Connection) -> bool:
        """Only that it is a database: quick_check reads the whole file (1.7 s cold at 5,000
        texts), and this opens when the app first shows an article. Damage deeper in shows
        as an error on the text it touches."""
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True

    def get(self, article_ids: Sequence[str]) -> dict[str, FullText]:
        found: dict[str, FullText] = {}
        try:
            self._select(article_ids, found)
        except sqlite3.Error as error:
            raise db.database_error(self.path, error) from None
        return found

    def _select(self, article_ids: Sequence[str], found: dict[str, FullText]) -> None:
        for start in range(0, len(article_ids), 500):
            chunk = list(article_ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT article_id, url, text, fetched_at, error, tried_at FROM texts WHERE article_id IN ({marks})",
                chunk,
            ):
                found[row[0]] = FullText(*row)

    def put_text(self, article_id: str, url: str, text: str) -> FullText:
        now = time.time()
        self._write(
            """INSERT INTO texts VALUES (?, ?, ?, ?, NULL, ?) ON CONFLICT(article_id) DO UPDATE SET
               url=excluded.url, text=excluded.text, fetched_at=excluded.fetched_at, error=NULL,
               tried_at=excluded.tried_at""",
            (article_id, url, text, now, now),
        )
        return FullText(article_id, url, text, now, None, now)

    def put_error(self, article_id: str, error: str) -> None:
        """Record a failed attempt; a text fetched before stays."""
        self._write(
            """INSERT INTO texts (article_id, error, tried_at) VALUES (?, ?, ?) ON CONFLICT(article_id)
               DO UPDATE SET error=excluded.error, tried_at=excluded.tried_at""",
            (article_id, error, time.time()),
        )

    def _write(self, sql: str, values: tuple) -> None:
        try:
            with db.write(self.conn):
                self.conn.execute(sql, values)
        except sqlite3.Error as error:
            raise db.database_error(self.path, error) from None
