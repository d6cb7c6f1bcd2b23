"""Subscriptions: the feeds a user follows, and what the last fetch of each said.

User data, so it lives in the data dir beside the read state (`feeds.sqlite3`, never rebuilt)
and survives a deleted cache. Each feed's items live in its own folder under `feeds/`, named
when the feed is added and kept when a permanent redirect changes its URL.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from reader.errors import ReaderError
from reader.feeds.schema import host_of, prepare
from reader.net import FetchError, check_fetchable
from reader.paths import Paths
from reader.store import db

if TYPE_CHECKING:
    from reader.feeds.fetch import FeedResult


@dataclass(frozen=True)
class Feed:
    url: str
    folder: str
    title: str | None = None
    feed_title: str | None = None
    topics: tuple[str, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: float | None = None
    status: str | None = None
    error: str | None = None
    items: int = 0

    @property
    def name(self) -> str:
        """What the feed is called: the user's title, else the feed's, else its host."""
        return self.title or self.feed_title or urlsplit(self.url).hostname or self.url

    def as_json(self) -> dict:
        fetched = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.fetched_at)) if self.fetched_at else None
        return {
            "url": self.url, "title": self.name, "topics": list(self.topics), "last_fetched": fetched,
            "last_status": self.status, "error": self.error, "items": self.items,
        }


def checked_url(url: str) -> str:
    """`url` if it may be subscribed to (http or https with a host), else a ReaderError."""
    try:
        return check_fetchable(url)
    except FetchError as error:
        raise ReaderError(f"{url.strip()[:200]}: {error}") from None


def _folder_name(url: str) -> str:
    host = re.sub(r"[^a-z0-9.-]+", "-", (urlsplit(url).hostname or "feed").lower()).strip(".-")[:60] or "feed"
    return f"{host}-{hashlib.sha1(url.encode('utf-8', 'surrogatepass')).hexdigest()[:10]}"


class Subscriptions:
    def __init__(self, paths: Paths) -> None:
        self.path = paths.feeds_db
        self.items_dir = paths.feeds_dir
        self.conn = db.connect(self.path, durable=True)
        with self._writing():
            prepare(self.conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Subscriptions:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def folder(self, feed: Feed) -> Path:
        return self.items_dir / feed.folder

    # -- reading --------------------------------------------------------------------
    def all(self) -> list[Feed]:
        rows = self.conn.execute(
            "SELECT url, folder, title, feed_title, topics, etag, last_modified, fetched_at, status, error, items"
            " FROM feeds ORDER BY added_at, url"
        ).fetchall()
        return [
            Feed(url, folder, title, feed_title, tuple(json.loads(topics)), etag, modified, fetched, status, error, items)
            for url, folder, title, feed_title, topics, etag, modified, fetched, status, error, items in rows
        ]

    def get(self, url: str) -> Feed | None:
        return next((feed for feed in self.all() if feed.url == url), None)

    # -- changing -------------------------------------------------------------------
    def add(self, url: str, title: str | None = None, topics: tuple[str, ...] = ()) -> bool:
        """Subscribe; False when already subscribed (a given title or topics are updated)."""
        url = checked_url(url)
        with self._writing():
            added = self.conn.execute(
                "INSERT OR IGNORE INTO feeds (url, folder, title, topics, added_at, host) VALUES (?, ?, ?, ?, ?, ?)",
                (url, _folder_name(url), title, json.dumps(list(topics)), time.time(), host_of(url)),
            ).rowcount
            if not added and title:
                self.conn.execute("UPDATE feeds SET title=? WHERE url=?", (title, url))
            if not added and topics:
                self.conn.execute("UPDATE feeds SET topics=? WHERE url=?", (json.dumps(list(topics)), url))
        return bool(added)

    def remove(self, url: str) -> Feed | None:
        feed = self.get(url.strip())
        if feed is not None:
            with self._writing():
                self.conn.execute("DELETE FROM feeds WHERE url=?", (feed.url,))
        return feed

    def record(self, outcomes: list[tuple[Feed, FeedResult]]) -> None:
        """What a fetch found, for every feed in one transaction (one sync, not one a feed).
        Validators are replaced only by a fetch that returned a body."""
        now = time.time()
        with self._writing():
            for feed, result in outcomes:
                fetched_body = result.status in ("ok", "malformed")
                self.conn.execute(
                    "UPDATE feeds SET status=?, error=?, fetched_at=?, items=COALESCE(?, items),"
                    " feed_title=COALESCE(?, feed_title) WHERE url=?",
                    (result.status, result.error, now, result.items if fetched_body else None, result.feed_title, feed.url),
                )
                if fetched_body:
                    self.conn.execute(
                        "UPDATE feeds SET etag=?, last_modified=? WHERE url=?", (result.etag, result.last_modified, feed.url),
                    )
                moved_to = result.moved_to
                if moved_to and moved_to != feed.url:
                    taken = self.conn.execute("SELECT 1 FROM feeds WHERE url=?", (moved_to,)).fetchone()
                    if not taken:  # already subscribed under the new address: keep both as they are
                        self.conn.execute(
                            "UPDATE feeds SET url=?, host=? WHERE url=?", (moved_to, host_of(moved_to), feed.url)
                        )

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One committed write; a database error becomes one line naming the file."""
        try:
            with db.write(self.conn):
                yield
        except sqlite3.Error as error:
            raise db.database_error(self.path, error) from None
