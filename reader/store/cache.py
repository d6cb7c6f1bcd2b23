"""The article cache: everything parsed from the seed files, rebuildable at any time.

A cache that is corrupt or of another schema version is deleted and built again without
asking: it holds nothing that the seed files do not.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from reader.model import Article, Problem, Related
from reader.store import db

SCHEMA_VERSION = 4

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    article_id TEXT, status TEXT NOT NULL          -- article | duplicate | problem
);
CREATE INDEX IF NOT EXISTS files_by_article ON files(article_id);
CREATE TABLE IF NOT EXISTS providers (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, domain TEXT);
CREATE TABLE IF NOT EXISTS topics (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS articles (
    n INTEGER PRIMARY KEY,                          -- stable row number the views page by
    id TEXT NOT NULL UNIQUE, path TEXT NOT NULL, mtime_ns INTEGER NOT NULL,
    title TEXT NOT NULL, excerpt TEXT, body TEXT NOT NULL,
    url TEXT, original_url TEXT, amp_url TEXT,
    published REAL, updated REAL,                   -- epoch seconds, UTC
    day INTEGER,                                    -- local calendar day as YYYYMMDD, for sorting
    provider_id INTEGER, quality REAL, heat REAL,
    type TEXT, category TEXT, published_flag INTEGER,
    tags TEXT NOT NULL DEFAULT '[]', images TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS articles_by_date ON articles(day DESC, quality DESC, published DESC, n);
CREATE INDEX IF NOT EXISTS articles_by_time ON articles(published DESC, n);
CREATE INDEX IF NOT EXISTS articles_by_quality ON articles(quality DESC, published DESC, n);
CREATE INDEX IF NOT EXISTS articles_by_provider ON articles(provider_id);
CREATE TABLE IF NOT EXISTS article_topics (
    topic INTEGER NOT NULL, article INTEGER NOT NULL, position INTEGER NOT NULL,  -- order in the file
    PRIMARY KEY (topic, article)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_topics_by_article ON article_topics(article);
CREATE TABLE IF NOT EXISTS related (
    article INTEGER NOT NULL, position INTEGER NOT NULL,
    target_id TEXT,                                 -- the id its URL would have if cached
    title TEXT NOT NULL, url TEXT, excerpt TEXT, published REAL,
    provider TEXT, domain TEXT, quality REAL, images TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (article, position)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS related_by_target ON related(target_id);
CREATE TABLE IF NOT EXISTS problems (path TEXT PRIMARY KEY, reason TEXT NOT NULL, kind TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
    title, excerpt, body, content='articles', content_rowid='n',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO search(rowid, title, excerpt, body) VALUES (new.n, new.title, new.excerpt, new.body);
END;
CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO search(search, rowid, title, excerpt, body) VALUES ('delete', old.n, old.title, old.excerpt, old.body);
END;
CREATE TRIGGER IF NOT EXISTS articles_au AFTER UPDATE OF title, excerpt, body ON articles BEGIN
    INSERT INTO search(search, rowid, title, excerpt, body) VALUES ('delete', old.n, old.title, old.excerpt, old.body);
    INSERT INTO search(rowid, title, excerpt, body) VALUES (new.n, new.title, new.excerpt, new.body);
END;
"""


def local_day(epoch: float | None) -> int | None:
    """The calendar day in local time, as a sortable YYYYMMDD number."""
    if epoch is None:
        return None
    try:
        moment = time.localtime(epoch)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.tm_year * 10000 + moment.tm_mon * 100 + moment.tm_mday


def timezone_signature() -> str:
    """Changes when the local time zone does, so the day column can be recomputed."""
    return f"{os.environ.get('TZ', '')}|{time.tzname}|{time.timezone}|{time.altzone}"


def _epoch(moment: datetime | None) -> float | None:
    return moment.timestamp() if moment is not None else None


def _images(images: tuple) -> str:
    return json.dumps([[i.url, i.width, i.height] for i in images], ensure_ascii=False)


class Cache:
    """One connection to the cache database; the indexer writes through it, queries read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = self._open()
        self._provider_ids: dict[str, int] = {}
        self._topic_ids: dict[str, int] = {}

    # -- opening -----------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        try:
            return self._open_or_build()
        except sqlite3.OperationalError as error:
            raise db.database_error(self.path, error) from None
        except sqlite3.DatabaseError:
            # Not a database at all: nothing in it is worth keeping, and nothing can use it.
            self._delete_files()
            return self._open_or_build()

    def _open_or_build(self) -> sqlite3.Connection:
        conn = db.connect(self.path)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            # Rebuilt in place under a write lock (never by deleting the file, which another
            # process may be creating at this very moment); idempotent if two race.
            conn.execute("BEGIN IMMEDIATE")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                for (name,) in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                    " AND name NOT LIKE 'search_%'"
                ).fetchall():
                    conn.execute(f'DROP TABLE IF EXISTS "{name}"')
                conn.execute("PRAGMA user_version=0")
            conn.execute("COMMIT")
            conn.executescript(
                "BEGIN IMMEDIATE;"
                + _SCHEMA
                + "INSERT OR REPLACE INTO meta VALUES ('timezone', '%s');" % timezone_signature().replace("'", "''")
                + f"PRAGMA user_version={SCHEMA_VERSION}; COMMIT;"
            )
        self._refresh_days(conn)
        return conn

    def discard(self) -> None:
        """Throw the cache away (it is damaged); the next Cache() on this path starts empty."""
        self.conn.close()
        self._delete_files()

    def _delete_files(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            try:
                os.remove(f"{self.path}{suffix}")
            except FileNotFoundError:
                pass

    def _refresh_days(self, conn: sqlite3.Connection) -> None:
        """Recompute local days if the time zone changed since they were computed."""
        row = conn.execute("SELECT value FROM meta WHERE key='timezone'").fetchone()
        signature = timezone_signature()
        if row and row[0] == signature:
            return
        conn.create_function("local_day", 1, local_day, deterministic=True)
        with db.write(conn):
            conn.execute("UPDATE articles SET day = local_day(published)")
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('timezone', ?)", (signature,))

    def close(self) -> None:
        self.conn.close()

    # -- what the indexer reads -----------------------------------------------------
    def known_files(self) -> dict[str, tuple[int, int, str | None, str]]:
        rows = self.conn.execute("SELECT path, size, mtime_ns, article_id, status FROM files")
        return {path: (size, mtime, article_id, status) for path, size, mtime, article_id, status in rows}

    def owner_of(self, article_id: str) -> tuple[str, int] | None:
        return self.conn.execute("SELECT path, mtime_ns FROM articles WHERE id=?", (article_id,)).fetchone()

    # -- what the indexer writes (inside db.write(cache.conn)) -----------------------------
    def forget_file(self, path: str) -> None:
        """The file is gone (or about to be re-read): drop it, its problem and its article."""
        conn = self.conn
        conn.execute("DELETE FROM files WHERE path=?", (path,))
        conn.execute("DELETE FROM problems WHERE path=?", (path,))
        row = conn.execute("SELECT n FROM articles WHERE path=?", (path,)).fetchone()
        if row:
            self._delete_article(row[0])

    def _delete_article(self, n: int) -> None:
        self.conn.execute("DELETE FROM article_topics WHERE article=?", (n,))
        self.conn.execute("DELETE FROM related WHERE article=?", (n,))
        self.conn.execute("DELETE FROM articles WHERE n=?", (n,))

    def record_file(self, path: str, size: int, mtime_ns: int, article_id: str | None, status: str) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)", (path, size, mtime_ns, article_id, status)
        )

    def record_problem(self, problem: Problem) -> None:
        self.conn.execute("INSERT OR REPLACE INTO problems VALUES (?, ?, ?)", (problem.path, problem.reason, problem.kind))

    def clear_folder_problems(self) -> None:
        """Problems not tied to a known file (unreadable folders) are found again by each scan."""
        self.conn.execute("DELETE FROM problems WHERE path NOT IN (SELECT path FROM files)")

    def put_article(self, article: Article, mtime_ns: int) -> None:
        """Insert or replace by id, keeping the row number so open views keep their place."""
        conn = self.conn
        provider_id = self._provider_id(article.provider.name, article.provider.domain) if article.provider else None
        published = _epoch(article.published)
        values = (
            article.id, article.path, mtime_ns, article.title, article.excerpt, article.body,
            article.url, article.original_url, article.amp_url, published, _epoch(article.updated),
            local_day(published), provider_id, article.quality, article.heat, article.type,
            article.category, article.published_flag, json.dumps(article.tags, ensure_ascii=False),
            _images(article.images),
        )
        n = conn.execute(
            """INSERT INTO articles (id, path, mtime_ns, title, excerpt, body, url, original_url, amp_url,
                   published, updated, day, provider_id, quality, heat, type, category, published_flag, tags, images)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
               ON CONFLICT(id) DO UPDATE SET path=excluded.path, mtime_ns=excluded.mtime_ns,
                   title=excluded.title, excerpt=excluded.excerpt, body=excluded.body, url=excluded.url,
                   original_url=excluded.original_url, amp_url=excluded.amp_url, published=excluded.published,
                   updated=excluded.updated, day=excluded.day, provider_id=excluded.provider_id,
                   quality=excluded.quality, heat=excluded.heat, type=excluded.type, category=excluded.category,
                   published_flag=excluded.published_flag, tags=excluded.tags, images=excluded.images
               RETURNING n""",
            values,
        ).fetchone()[0]
        conn.execute("DELETE FROM article_topics WHERE article=?", (n,))
        conn.execute("DELETE FROM related WHERE article=?", (n,))
        if article.topics:
            conn.executemany(
                "INSERT OR IGNORE INTO article_topics VALUES (?, ?, ?)",
                [(self._topic_id(topic), n, position) for position, topic in enumerate(article.topics)],
            )
        if article.related:
            conn.executemany(
                "INSERT INTO related VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [self._related_row(n, position, entry) for position, entry in enumerate(article.related)],
            )

    @staticmethod
    def _related_row(n: int, position: int, entry: Related) -> tuple:
        from reader.ingest.parse import url_id

        provider = entry.provider
        return (
            n, position, url_id(entry.url) if entry.url else None, entry.title, entry.url, entry.excerpt,
            _epoch(entry.published), provider.name if provider else None, provider.domain if provider else None,
            entry.quality, _images(entry.images),
        )

    def _provider_id(self, name: str, domain: str | None) -> int:
        key = name.casefold()
        if key not in self._provider_ids:
            row = self.conn.execute(
                "INSERT INTO providers (name, domain) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET "
                "domain=coalesce(providers.domain, excluded.domain) RETURNING id",
                (name, domain),
            ).fetchone()
            self._provider_ids[key] = row[0]
        return self._provider_ids[key]

    def _topic_id(self, name: str) -> int:
        key = name.casefold()
        if key not in self._topic_ids:
            row = self.conn.execute(
                "INSERT INTO topics (name) VALUES (?) ON CONFLICT(name) DO UPDATE SET name=topics.name RETURNING id",
                (name,),
            ).fetchone()
            self._topic_ids[key] = row[0]
        return self._topic_ids[key]

    def prune_names(self) -> None:
        """Topics and providers no article uses any more leave the sidebar."""
        self.conn.execute("DELETE FROM topics WHERE id NOT IN (SELECT DISTINCT topic FROM article_topics)")
        self.conn.execute(
            "DELETE FROM providers WHERE id NOT IN (SELECT DISTINCT provider_id FROM articles WHERE provider_id IS NOT NULL)"
        )
        self._provider_ids.clear()
        self._topic_ids.clear()

    def counts(self) -> tuple[int, int]:
        articles = self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        problems = self.conn.execute("SELECT count(*) FROM problems").fetchone()[0]
        return articles, problems


def utc_from_epoch(epoch: float | None) -> datetime | None:
    return datetime.fromtimestamp(epoch, UTC) if epoch is not None else None
