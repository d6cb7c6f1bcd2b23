"""The subscriptions table (`feeds.sqlite3`), apart from the code that changes it: the query
layer reads it too (attached as `feeds`, for `feed:`), and opening it must not load the
fetching code (urllib3, the feed parser) into every command.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.errors import ReaderError
from reader.store import db

SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    folder TEXT NOT NULL UNIQUE,      -- items/<folder>/: fixed when added
    title TEXT,                       -- given by the user (--title, OPML); wins over the feed's own
    feed_title TEXT,                  -- from the last good fetch
    topics TEXT NOT NULL DEFAULT '[]',-- JSON list: OPML folders, given to every item
    added_at REAL NOT NULL,
    etag TEXT,
    last_modified TEXT,
    fetched_at REAL,
    status TEXT,                      -- ok | not-modified | malformed | failed
    error TEXT,
    items INTEGER NOT NULL DEFAULT 0,
    host TEXT                         -- the URL's host, lower case, no www.: for feed:DOMAIN
);
"""


def host_of(url: str) -> str | None:
    from reader.ingest.fields import domain_of  # the one way domains are folded

    return domain_of(url)


def prepare(conn: sqlite3.Connection) -> None:
    """The table, made or brought up to date (inside a write). Feeds subscribed to before
    `host` existed get theirs here."""
    conn.execute(SCHEMA)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(feeds)")}
    if "host" not in columns:
        conn.execute("ALTER TABLE feeds ADD COLUMN host TEXT")
        urls = [url for (url,) in conn.execute("SELECT url FROM feeds")]
        conn.executemany("UPDATE feeds SET host=? WHERE url=?", [(host_of(url), url) for url in urls])


def is_current(conn: sqlite3.Connection, schema: str = "main") -> bool:
    """Whether the table is there with every column the query layer reads."""
    return "host" in {row[1] for row in conn.execute(f"PRAGMA {schema}.table_info(feeds)")}


def make(path: Path) -> None:
    """Create or bring up to date the subscriptions database at `path`."""
    conn = db.connect(path, durable=True)
    try:
        with db.write(conn):
            prepare(conn)
    finally:
        conn.close()


def attach(conn: sqlite3.Connection, path: Path) -> str | None:
    """Attach the subscriptions as `feeds` (made first if missing or out of date). If they
    cannot be read, an empty table stands in, so `feed:` matches nothing and everything else
    works; the returned line says why."""
    try:
        if not path.exists():
            make(path)
        conn.execute("ATTACH DATABASE ? AS feeds", (str(path),))
        if not is_current(conn, "feeds"):
            conn.execute("DETACH DATABASE feeds")
            make(path)
            conn.execute("ATTACH DATABASE ? AS feeds", (str(path),))
        return None
    except (sqlite3.Error, ReaderError) as error:
        if any(row[1] == "feeds" for row in conn.execute("PRAGMA database_list")):
            conn.execute("DETACH DATABASE feeds")
        conn.execute("ATTACH DATABASE ':memory:' AS feeds")
        conn.execute(SCHEMA.replace("CREATE TABLE IF NOT EXISTS feeds", "CREATE TABLE IF NOT EXISTS feeds.feeds"))
        return f"cannot read the feeds in {path} ({error}); feed: matches nothing"
