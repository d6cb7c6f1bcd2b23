"""The article cache: everything parsed from the seed files, rebuildable at any time.

A cache that is corrupt or of another schema version is deleted and built again without
asking: it holds nothing that the seed files do not.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reader.store import db
from reader.store import roots as root_tables
from reader.stories import tables as story_tables

if TYPE_CHECKING:  # what the index writes: the app's start reads the cache without the model
    from reader.model import Article, Problem

SCHEMA_VERSION = 13  # 10: a heat index and a partial index of bodies (queries); 11: story tables; 12: article_feeds;
# 13: roots (reader/store/roots.py), so the cache keeps every PATH indexed
CACHE_KIB = 32 * 1024  # SQLite page cache per connection

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    article_id TEXT, status TEXT NOT NULL          -- article | duplicate | problem
);
CREATE TABLE IF NOT EXISTS providers (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, domain TEXT);
CREATE TABLE IF NOT EXISTS topics (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS articles (
    n INTEGER PRIMARY KEY,                          -- stable row number the views page by
    id TEXT NOT NULL UNIQUE, path TEXT NOT NULL, mtime_ns INTEGER NOT NULL,
    title TEXT NOT NULL, url TEXT,
    published REAL, updated REAL,                   -- epoch seconds, UTC
    day INTEGER,                                    -- local calendar day as YYYYMMDD, for sorting
    provider_id INTEGER, quality REAL, heat REAL,
    type TEXT, category TEXT, published_flag INTEGER,
    original_url TEXT, amp_url TEXT,
    -- The long texts last: SQLite reads a row's columns in order, so anything stored after a
    -- body that spills into overflow pages costs a walk down that chain. A list row never
    -- needs them; with them in the middle, fetching a screen of rows at 100,000 articles
    -- took ~100 us a row.
    tags TEXT NOT NULL DEFAULT '[]', images TEXT NOT NULL DEFAULT '[]',
    excerpt TEXT, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_by_date ON articles(day DESC, quality DESC, published DESC, n);
CREATE INDEX IF NOT EXISTS articles_by_time ON articles(published DESC, n);
CREATE INDEX IF NOT EXISTS articles_by_quality ON articles(quality DESC, published DESC, n);
CREATE INDEX IF NOT EXISTS articles_by_provider ON articles(provider_id);
-- For the query language's heat>N and has:body, so neither reads the wide rows (the index
-- of bodies holds only the articles that have one).
CREATE INDEX IF NOT EXISTS articles_by_heat ON articles(heat);
CREATE INDEX IF NOT EXISTS articles_with_body ON articles(n) WHERE body != '';
-- Sort and filter keys by row number: joins from search results and from marks read these
-- instead of the wide rows (bodies), which at 100,000 articles made them ten times slower.
CREATE INDEX IF NOT EXISTS articles_keys ON articles(n, day, quality, published, provider_id);
CREATE TABLE IF NOT EXISTS article_topics (
    topic INTEGER NOT NULL, article INTEGER NOT NULL, position INTEGER NOT NULL,  -- order in the file
    PRIMARY KEY (topic, article)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_topics_by_article ON article_topics(article);
-- The feed an article was fetched from: its file's folder under the data dir's feeds/ (the
-- subscription's fixed folder, see reader/feeds/subscriptions.py), recorded at index time so
-- feed: reads an index, never a LIKE over paths.
CREATE TABLE IF NOT EXISTS article_feeds (
    feed TEXT NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (feed, article)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_feeds_by_article ON article_feeds(article);
CREATE TABLE IF NOT EXISTS related (
    article INTEGER NOT NULL, position INTEGER NOT NULL,
    target_id TEXT,                                 -- the id its URL would have if cached
    title TEXT NOT NULL, url TEXT, excerpt TEXT, published REAL,
    provider TEXT, domain TEXT, quality REAL, images TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (article, position)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS related_by_target ON related(target_id);
CREATE TABLE IF NOT EXISTS problems (path TEXT PRIMARY KEY, reason TEXT NOT NULL, kind TEXT NOT NULL);
-- Entries are added and removed by the writer (_SEARCH_INSERT, _SEARCH_DELETE), not by
-- triggers: FTS5 flushes its pending terms at every trigger's statement savepoint, which
-- made a cold build three times slower and a rescan of 1% of 100,000 files take seconds.
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(
    title, excerpt, body, content='articles', content_rowid='n',
    tokenize='unicode61 remove_diacritics 2'
);
-- FTS5 merges its segments as they pile up; the default (merge at 4 per level) spent half of
-- the search index's build time merging at 100,000 articles. At 16 per level, building is
-- 20-25% cheaper and searches measured the same.
INSERT INTO search(search, rank) VALUES ('automerge', 16);
"""

# The secondary indexes, as made: a cold build (bulk.py) makes some of them after its inserts,
# and marks itself in meta under BULK_BUILD until it has.
BULK_BUILD = "bulk_build"
SCHEMA_INDEXES = [" ".join(m.split()) for m in re.findall(r"CREATE INDEX IF NOT EXISTS [^;]+", _SCHEMA)]



def index_name(sql: str) -> str:
    """The name a `CREATE INDEX IF NOT EXISTS` of SCHEMA_INDEXES makes."""
    return sql.split(" IF NOT EXISTS ", 1)[1].split(" ", 1)[0]


# The indexes queries name with INDEXED BY (reader/query.py, reader/query_build.py): without
# one, they fail with "no such index".
_NAMED_INDEXES = {index_name(sql): sql for sql in SCHEMA_INDEXES if index_name(sql) == "articles_keys"}

_SEARCH_INSERT = "INSERT INTO search(rowid, title, excerpt, body) VALUES (?, ?, ?, ?)"
_SEARCH_DELETE = "INSERT INTO search(search, rowid, title, excerpt, body) VALUES ('delete', ?, ?, ?, ?)"


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


_to_json = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per call


def _images(images: tuple) -> str:
    return _to_json([[i.url, i.width, i.height] for i in images]) if images else "[]"


class ArticleRecord(NamedTuple):
    """One article as plain values, ready for the cache: what a parsing worker sends back
    (much cheaper to pickle than the dataclasses, and it moves JSON and URL work off the
    process that writes SQLite)."""

    id: str
    path: str
    title: str
    excerpt: str | None
    body: str
    url: str | None
    original_url: str | None
    amp_url: str | None
    published: float | None
    updated: float | None
    provider: tuple[str, str | None] | None
    quality: float | None
    heat: float | None
    type: str | None
    category: str | None
    published_flag: bool | None
    tags: str  # JSON list
    images: str  # JSON list of [url, width, height]
    topics: tuple[str, ...]
    related: tuple[tuple, ...]  # rows of the related table, without the article number
    story_sig: bytes = b""  # reader.stories.signature.pack(...), computed in the worker


def article_record(article: Article) -> ArticleRecord:
    from reader.ingest.parse import url_id
    from reader.stories.signature import pack, signature

    provider = article.provider
    return ArticleRecord(
        article.id, article.path, article.title, article.excerpt, article.body, article.url,
        article.original_url, article.amp_url, _epoch(article.published), _epoch(article.updated),
        (provider.name, provider.domain) if provider else None, article.quality, article.heat,
        article.type, article.category, article.published_flag,
        _to_json(article.tags) if article.tags else "[]", _images(article.images), article.topics,
        tuple(
            (
                position, url_id(entry.url) if entry.url else None, entry.title, entry.url, entry.excerpt,
                _epoch(entry.published), entry.provider.name if entry.provider else None,
                entry.provider.domain if entry.provider else None, entry.quality, _images(entry.images),
            )
            for position, entry in enumerate(article.related)
        ),
        pack(signature(article.title, article.excerpt, article.body, article.published is not None)),
    )


# A topic's or a provider's row by name, made if missing: (name) or (name, domain). A provider
# seen first without a domain takes the first one it is given.
_NAME_UPSERT = {
    "topics": "INSERT INTO topics (name) VALUES (?) ON CONFLICT(name) DO UPDATE SET name=topics.name RETURNING id",
    "providers": "INSERT INTO providers (name, domain) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET"
    " domain=coalesce(providers.domain, excluded.domain) RETURNING id",
}


class Cache:
    """One connection to the cache database; the indexer writes through it, queries read."""

    def __init__(self, path: Path, feeds_dir: Path | None = None) -> None:
        self.path = path
        # A file under feeds_dir/<folder>/ came from that feed (only the indexer needs it).
        self._feeds_prefix = os.path.join(os.path.abspath(feeds_dir), "") if feeds_dir else None
        self.conn = self._open()
        self._name_ids: dict[str, dict[str, int]] = {table: {} for table in _NAME_UPSERT}
        self.story_changes = story_tables.Changes()  # brought up to date by update_stories at the end of an index
        # Set by a cold build (bulk.py): the search index is filled in one go at its end.
        self.search_deferred = False
        self.cold_build = False

    @property
    def feeds_prefix(self) -> str | None:
        """The fetched feeds' folder, ending in a separator (None when not told)."""
        return self._feeds_prefix

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
        # The indexes a list, a filter or the counts walk at 100,000 articles (a few MB each)
        # stay in memory; the default 2 MB cache made them twice as slow. Pages are only
        # held once read, so a small cache costs nothing extra.
        conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
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
                + story_tables.SCHEMA
                + root_tables.SCHEMA
                + "INSERT OR REPLACE INTO meta VALUES ('timezone', '%s');" % timezone_signature().replace("'", "''")
                + f"PRAGMA user_version={SCHEMA_VERSION}; COMMIT;"
            )
        self._restore_named_indexes(conn)
        self._refresh_days(conn)
        return conn

    def _restore_named_indexes(self, conn: sqlite3.Connection) -> None:
        """Make the indexes that queries name (INDEXED BY: "no such index" without them) if
        the cache lacks them: a damaged cache, or one an older reader left. A cold build never
        drops them (bulk.py). One look at the schema when they are there."""
        present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        missing = [sql for name, sql in _NAMED_INDEXES.items() if name not in present]
        if missing:
            with db.write(conn):
                for sql in missing:
                    conn.execute(sql)

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
    def known_files(self) -> dict[str, str]:
        """path -> "size:mtime_ns" of every file the cache has seen. Built by SQLite and dict()
        without a Python step per row: a warm rescan of 100,000 files spends its time here."""
        return dict(self.conn.execute("SELECT path, size || ':' || mtime_ns FROM files"))

    def owner_of(self, article_id: str) -> tuple[str, int] | None:
        return self.conn.execute("SELECT path, mtime_ns FROM articles WHERE id=?", (article_id,)).fetchone()

    # -- what the indexer writes (inside db.write(cache.conn)) -----------------------------
    def forget_file(self, path: str) -> None:
        self.forget_files([path])

    def forget_files(self, paths: list[str]) -> None:
        """The files are gone (or about to be re-read): drop them, their problems and their articles."""
        conn = self.conn
        doomed: list[tuple] = []
        for chunk, marks in db.in_chunks(paths):
            # Through the file's own row (articles has no index on path): an article's path
            # always has a files row naming the article, with status 'article'.
            doomed += conn.execute(
                f"""SELECT a.n, a.title, a.excerpt, a.body FROM files f JOIN articles a ON a.id = f.article_id
                    WHERE f.path IN ({marks}) AND f.status = 'article' AND a.path = f.path""",
                chunk,
            ).fetchall()
        conn.executemany("DELETE FROM files WHERE path=?", [(path,) for path in paths])
        conn.executemany("DELETE FROM problems WHERE path=?", [(path,) for path in paths])
        self._delete_articles(doomed)

    def _delete_articles(self, doomed: list[tuple]) -> None:
        """Rows of (n, title, excerpt, body): the search index needs the indexed text back to
        remove an entry."""
        numbers = [(row[0],) for row in doomed]
        self._story_dropped([row[0] for row in doomed])
        self.conn.executemany("DELETE FROM story_sigs WHERE n=?", numbers)
        if not self._search_skipped():
            self.conn.executemany(_SEARCH_DELETE, doomed)
        self.conn.executemany("DELETE FROM article_topics WHERE article=?", numbers)
        self.conn.executemany("DELETE FROM article_feeds WHERE article=?", numbers)
        self.conn.executemany("DELETE FROM related WHERE article=?", numbers)
        self.conn.executemany("DELETE FROM articles WHERE n=?", numbers)

    def record_file(self, path: str, size: int, mtime_ns: int, article_id: str | None, status: str) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)", (path, size, mtime_ns, article_id, status)
        )

    def record_files(self, rows: list[tuple[str, int, int, str | None, str]]) -> None:
        self.conn.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)", rows)

    def record_problem(self, problem: Problem) -> None:
        self.conn.execute("INSERT OR REPLACE INTO problems VALUES (?, ?, ?)", (problem.path, problem.reason, problem.kind))

    def clear_folder_problems(self) -> None:
        """Problems not tied to a known file (unreadable folders) are found again by each scan."""
        self.conn.execute("DELETE FROM problems WHERE path NOT IN (SELECT path FROM files)")

    def cached_ids(self, article_ids: list[str]) -> set[str]:
        """Those of `article_ids` that the cache holds."""
        found: set[str] = set()
        for chunk, marks in db.in_chunks(article_ids):
            found.update(i for (i,) in self.conn.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return found

    def put_record(self, record: ArticleRecord, mtime_ns: int) -> None:
        """Insert or replace by id, keeping the row number so open views keep their place."""
        conn = self.conn
        values = self._article_values(record, mtime_ns)
        old = conn.execute("SELECT n, title, excerpt, body FROM articles WHERE id=?", (record.id,)).fetchone()
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
        if old is not None:  # replaced in place: its search entry, topics and related go first
            self._story_dropped([n])
            if not self._search_skipped():
                conn.execute(_SEARCH_DELETE, old)
            conn.execute("DELETE FROM article_topics WHERE article=?", (n,))
            conn.execute("DELETE FROM article_feeds WHERE article=?", (n,))
            conn.execute("DELETE FROM related WHERE article=?", (n,))
        if not self._search_skipped():
            conn.execute(_SEARCH_INSERT, (n, record.title, record.excerpt, record.body))
        self._put_links([(n, record)])
        self._put_story_sigs([(n, record)])

    def insert_new(self, records: list[tuple[ArticleRecord, int]]) -> None:
        """Insert articles whose ids are not cached yet, many rows per statement: the cold
        build's path, where per-row statement overhead would cost as much as parsing."""
        if not records:
            return
        conn = self.conn
        first = conn.execute("SELECT coalesce(max(n), 0) + 1 FROM articles").fetchone()[0]
        numbered = list(enumerate(records, first))
        conn.executemany(
            """INSERT INTO articles (n, id, path, mtime_ns, title, excerpt, body, url, original_url, amp_url,
                   published, updated, day, provider_id, quality, heat, type, category, published_flag, tags, images)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            [(n, *self._article_values(record, mtime)) for n, (record, mtime) in numbered],
        )
        if not self._search_skipped():
            conn.executemany(_SEARCH_INSERT, [(n, r.title, r.excerpt, r.body) for n, (r, _m) in numbered])
        self._put_links([(n, record) for n, (record, _m) in numbered])
        self._put_story_sigs([(n, record) for n, (record, _m) in numbered])

    def _search_skipped(self) -> bool:
        """True while a cold build defers the search index. The build's mark is written again
        with each change it leaves out of search (another index may have finished the build
        meanwhile), so a process dying now leaves it for the next index to finish."""
        if self.search_deferred:
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, '1')", (BULK_BUILD,))
        return self.search_deferred

    def _article_values(self, r: ArticleRecord, mtime_ns: int) -> tuple:
        provider_id = self._name_id("providers", *r.provider) if r.provider else None
        return (
            r.id, r.path, mtime_ns, r.title, r.excerpt, r.body, r.url, r.original_url, r.amp_url,
            r.published, r.updated, local_day(r.published), provider_id, r.quality, r.heat, r.type,
            r.category, r.published_flag, r.tags, r.images,
        )

    def _put_links(self, numbered: list[tuple[int, ArticleRecord]]) -> None:
        """Topics and related entries of freshly written articles."""
        topic_id = self._name_id
        topics = [(topic_id("topics", topic), n, position) for n, r in numbered for position, topic in enumerate(r.topics)]
        related = [(n, *entry) for n, r in numbered for entry in r.related]
        if topics:
            self.conn.executemany("INSERT OR IGNORE INTO article_topics VALUES (?, ?, ?)", topics)
        if related:
            self.conn.executemany("INSERT INTO related VALUES (?,?,?,?,?,?,?,?,?,?,?)", related)
        if self._feeds_prefix:
            feeds = [(folder, n) for n, r in numbered if (folder := self._feed_of(r.path))]
            self.conn.executemany("INSERT OR IGNORE INTO article_feeds VALUES (?, ?)", feeds)

    def _feed_of(self, path: str) -> str | None:
        """The feed folder a file sits in (feeds/<folder>/<item>.md), else None."""
        prefix = self._feeds_prefix
        if not prefix or not path.startswith(prefix):
            return None
        folder, inside, _name = path[len(prefix):].partition(os.sep)
        return folder if inside else None

    def _put_story_sigs(self, numbered: list[tuple[int, ArticleRecord]]) -> None:
        if not numbered:
            return
        self._stories_dirty()
        self.conn.executemany(
            "INSERT OR REPLACE INTO story_sigs VALUES (?, ?, ?)", [(n, r.published, r.story_sig) for n, r in numbered]
        )
        self.story_changes.written.update(n for n, _r in numbered)

    def _story_dropped(self, numbers: list[int]) -> None:
        """Articles about to be deleted or replaced: their old signatures, for the stories."""
        if not numbers:
            return
        self._stories_dirty()
        changes = self.story_changes
        for start in range(0, len(numbers), 500):
            chunk = numbers[start : start + 500]
            rows = self.conn.execute(
                f"SELECT s.n, s.published, s.sig, a.id FROM story_sigs s JOIN articles a ON a.n = s.n"
                f" WHERE s.n IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            for n, published, sig, article_id in rows:
                changes.dropped.setdefault(n, (published, sig, article_id))  # what stories were built from
        changes.written.difference_update(numbers)

    def _stories_dirty(self) -> None:
        """Recorded with the articles' own change, so stories are rebuilt if this process dies
        before it brings them up to date."""
        if not self.story_changes:
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('stories_dirty', '1')")

    def update_stories(self, beside: Callable[[], None] | None = None) -> None:
        """Bring stories in line with the articles written through this connection (or, after
        a process died half way, with all of them). With `beside` (a cold build's other writes
        at its end), every story is computed in a thread from what is committed, while
        `beside` runs here."""
        if not self.story_changes and not self.conn.execute("SELECT 1 FROM meta WHERE key='stories_dirty'").fetchone():
            if beside is not None:
                beside()
            return
        from reader.stories import store as stories  # the clustering and numpy: only when needed
        from reader.stories.beside import rebuild_beside

        rebuilt = rebuild_beside(self.conn, self.path, beside) if beside is not None else None
        with db.write(self.conn):
            if rebuilt is not None and rebuilt.current(self.conn):
                stories.write_rebuilt(self.conn, rebuilt.stories)
                self.story_changes.written.clear()
                self.story_changes.dropped.clear()
            elif self.story_changes:
                stories.update(self.conn, self.story_changes)
            else:
                stories.rebuild(self.conn)
            self.conn.execute("DELETE FROM meta WHERE key='stories_dirty'")

    def _name_id(self, table: str, name: str, *more: object) -> int:
        """The id of a topic or provider by name (any case), added if new; remembered per name."""
        known = self._name_ids[table]
        key = name.casefold()
        found = known.get(key)
        if found is None:
            found = known[key] = self.conn.execute(_NAME_UPSERT[table], (name, *more)).fetchone()[0]
        return found

    def prune_names(self) -> None:
        """Topics and providers no article uses any more leave the sidebar."""
        self.conn.execute("DELETE FROM topics WHERE id NOT IN (SELECT DISTINCT topic FROM article_topics)")
        self.conn.execute(
            "DELETE FROM providers WHERE id NOT IN (SELECT DISTINCT provider_id FROM articles WHERE provider_id IS NOT NULL)"
        )
        for known in self._name_ids.values():
            known.clear()

    def counts(self) -> tuple[int, int]:
        articles = self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        problems = self.conn.execute("SELECT count(*) FROM problems").fetchone()[0]
        return articles, problems


def utc_from_epoch(epoch: float | None) -> datetime | None:
    return datetime.fromtimestamp(epoch, UTC) if epoch is not None else None
