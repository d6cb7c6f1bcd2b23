"""The one object both views hold: the cache and the state database behind the query layer.

Views call methods here and get plain data back; they never see SQL. A lock makes one
Library safe to share between the TUI's threads.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from reader import query, query_scope
from reader.config import Settings, load_settings
from reader.errors import Ambiguous, NotFound, ReaderError
from reader.feeds.schema import attach as attach_feeds
from reader.ingest.exist import MissingPath, check_exist
from reader.paths import Paths
from reader.query import ArticleDetail, Count, Counts, Query, Row
from reader.store import db
from reader.store.cache import Cache
from reader.store.fulltexts import FullText, FullTextDB
from reader.store.roots import within
from reader.store.state import StateDB

if TYPE_CHECKING:  # the index pipeline (parser, YAML, process pool) loads when a scan starts
    from reader.store.handoff import Written
    from reader.store.indexer import IndexReport, Progress
    from reader.stories.query import Story


def bundled_seeds() -> str:
    """The seeds shipped inside the installed package; from an editable checkout, its seeds/."""
    from importlib import resources  # only when no PATH is given

    shipped = resources.files("reader") / "bundled_seeds"
    if shipped.is_dir():
        return str(shipped)
    return str(Path(__file__).resolve().parent.parent / "seeds")


def default_sources(settings: Settings) -> list[str]:
    """The configured sources, else ./seeds, else the seeds shipped with reader."""
    if settings.sources:
        return list(settings.sources)
    if os.path.isdir("seeds"):
        return [os.path.abspath("seeds")]
    return [bundled_seeds()]


def _stories():
    """The Stories mode's queries, loaded when first used: the first frame of the plain list
    does without them."""
    from reader.stories import query as story_query

    return story_query


def _missing(path: MissingPath) -> ReaderError:
    return ReaderError(f"no such file or folder: {path}")


class Library:
    def __init__(self, paths: Paths | None = None) -> None:
        self.paths = (paths or Paths.from_env()).ensure()
        self.settings, self.warnings = load_settings(self.paths.config_file)
        self._lock = threading.RLock()
        self.state = StateDB(self.paths.state_db)
        if self.state.notice:
            self.warnings.append(self.state.notice)
        self._fulltexts: FullTextDB | None = None  # opened when first needed
        self.cache = self._open_cache()

    def _open_cache(self) -> Cache:
        cache = Cache(self.paths.cache_db)
        try:
            cache.conn.execute("ATTACH DATABASE ? AS state", (str(self.paths.state_db),))
        except sqlite3.Error as error:
            raise db.database_error(self.paths.state_db, error) from None
        # The stored full texts, for has:full-text. Made (with its table) if missing, and a
        # damaged one moved aside with a notice, by opening it; otherwise attaching is a file open.
        if not self.paths.fulltext_db.exists():
            self.fulltexts  # noqa: B018 - creates the file
        for attempt in (1, 2):
            try:
                cache.conn.execute("ATTACH DATABASE ? AS fulltext", (str(self.paths.fulltext_db),))
                break
            except sqlite3.DatabaseError as error:
                if attempt == 2:
                    raise db.database_error(self.paths.fulltext_db, error) from None
                self.fulltexts  # noqa: B018 - moves a file that is not a database aside
        notice = attach_feeds(cache.conn, self.paths.feeds_db)  # for feed: (the subscriptions' names)
        if notice and notice not in self.warnings:
            self.warnings.append(notice)
        self._cache_inode = os.stat(self.paths.cache_db).st_ino
        return cache

    def _follow_rebuilt_cache(self) -> None:
        """If the cache file was replaced (rebuilt after damage), read from the new one."""
        try:
            replaced = os.stat(self.paths.cache_db).st_ino != self._cache_inode
        except FileNotFoundError:
            replaced = True
        if replaced:
            with self._lock:
                self.cache.close()
                self.cache = self._open_cache()

    def close(self) -> None:
        with self._lock:
            self.cache.close()
            self.state.close()
            if self._fulltexts is not None:
                self._fulltexts.close()

    def show(self, paths: Sequence[str]) -> None:
        """Show only the articles under `paths` (none: the configured sources and the fetched
        items). The cache keeps every PATH indexed, so this parses nothing."""
        self.paths = replace(self.paths, shown=tuple(os.path.abspath(path) for path in paths))

    def shown(self) -> list[str]:
        """The roots shown: the given PATHs, else the configured sources and the feeds folder
        (whether or not anything was fetched yet)."""
        if self.paths.shown:
            return list(self.paths.shown)
        return [os.path.abspath(path) for path in default_sources(self.settings)] + [str(self.paths.feeds_dir.absolute())]

    def sources(self, paths: Sequence[str] = ()) -> list[str]:
        """The given paths; without any, the configured sources and the fetched feed items."""
        if paths:
            return list(paths)
        fetched = [str(self.paths.feeds_dir)] if self.paths.feeds_dir.is_dir() else []
        return default_sources(self.settings) + fetched

    def check_paths(self, paths: Sequence[str]) -> None:
        """The error `index` would give for a path that names nothing, before anything starts."""
        try:
            check_exist(paths)
        except MissingPath as missing:
            raise _missing(missing) from None

    def feeds(self) -> list:
        """The subscribed feeds with their last fetch (none, without opening anything, when
        nothing was ever subscribed to)."""
        if not self.paths.feeds_db.exists():
            return []
        from reader.feeds.subscriptions import Subscriptions

        with Subscriptions(self.paths) as subscriptions:
            return subscriptions.all()

    # -- indexing ---------------------------------------------------------------------
    def index(self, paths: Sequence[str] = (), progress: Progress | None = None,
              handed: Mapping[str, Written] | None = None) -> IndexReport:
        """Refresh the cache from the sources (and show them from now on). Runs on its own
        connection, so queries from other threads go on meanwhile. `handed`: what a fetch
        parsed of the files it wrote (reader/store/handoff.py)."""
        from reader.store.indexer import index

        sources = self.sources(paths)
        self.show(paths)
        for attempt in (1, 2):
            cache = Cache(self.paths.cache_db, feeds_dir=self.paths.feeds_dir)
            try:
                return index(cache, sources, progress, handed=handed)
            except MissingPath as missing:
                raise _missing(missing) from None
            except sqlite3.OperationalError as error:
                raise db.database_error(self.paths.cache_db, error) from None
            except sqlite3.DatabaseError:
                if attempt == 2:
                    raise
                cache.discard()  # damaged inside: rebuild from the seed files, once
            finally:
                cache.close()
                self._follow_rebuilt_cache()
        raise AssertionError("unreachable")

    # -- reading ----------------------------------------------------------------------
    def _read(self, function, *args, scoped: bool = False):
        """`function(conn, *args)`; `scoped`: with the scope of what is shown as its last argument."""
        with self._lock:
            try:
                if scoped:
                    args = (*args, query_scope.scope(self.cache.conn, self.shown()))
                return function(self.cache.conn, *args)
            except sqlite3.OperationalError as error:
                raise db.database_error(self.paths.cache_db, error) from None
            except sqlite3.DatabaseError:
                raise ReaderError(f"the cache {self.paths.cache_db} is damaged; `reader index` rebuilds it") from None

    def ids(self, q: Query, limit: int | None = None) -> list[int]:
        return self._read(query.select_ids, q, limit, scoped=True)

    def search_pending(self, q: Query) -> bool:
        """Whether `q` searches while the first index of a big folder has yet to build search."""
        return self._read(query.search_pending, q)

    def rows(self, ns: Sequence[int]) -> dict[int, Row]:
        return self._read(query.select_rows, ns, scoped=True)

    def unread_ids(self, ns: Sequence[int]) -> list[str]:
        return self._read(query.select_unread_ids, ns)

    def list(self, q: Query, limit: int | None = None) -> list[Row]:
        ns = self.ids(q, limit)
        rows = self.rows(ns)
        return [rows[n] for n in ns if n in rows]

    def next_unread(self, ns: Sequence[int], start: int, step: int, *, stories: bool = False) -> int | None:
        """The index in `ns`, a list as shown, of the next unread article from `start` (itself
        included), going `step`; with `stories`, `ns` are story rows (`story_keys`) and the
        next story with any article unread is found."""
        if stories:
            return self._read(_stories().select_next_unread_story, ns, start, step, scoped=True)
        return self._read(query.select_next_unread, ns, start, step)

    def resolve(self, ref: str) -> str:
        """A full article id from an id or a unique prefix of one."""
        found = self._read(query.find_ids, ref)
        if not found:
            raise NotFound(f"no article with id {ref!r}")
        if len(found) > 1 and found[0] != ref.strip().lower():
            raise Ambiguous(f"{ref!r} matches more than one article; give more of the id")
        return found[0]

    def row_number(self, article_id: str) -> int | None:
        """Where an article sits for the lists (None if it is not cached)."""
        return self._read(query.select_row_number, article_id)

    def article(self, ref: str) -> ArticleDetail:
        detail = self._read(query.select_detail, self.resolve(ref), scoped=True)
        if detail is None:
            raise NotFound(f"no article with id {ref!r}")
        return detail

    def stories(self, q: Query = Query(), min_size: int = 1) -> list[Story]:
        return self._read(_stories().select_stories, q, min_size, scoped=True)

    def story_keys(self, q: Query = Query()) -> list[int]:
        """One row number per story, in the list's order (the Stories mode pages by these)."""
        return self._read(_stories().select_story_keys, q, scoped=True)

    def story_rows(self, keys: Sequence[int]) -> dict[int, Story]:
        return self._read(_stories().select_story_rows, keys, scoped=True)

    def story_list_rows(self, keys: Sequence[int]) -> dict[int, Row]:
        """Display rows for the Stories list: one a story, standing for all its articles."""
        return self._read(_stories().select_story_list_rows, keys, scoped=True)

    def story_members(self, ns: Sequence[int]) -> list[int]:
        """Row numbers `ns` and those of every other article of their stories."""
        return self._read(_stories().select_story_members, ns, scoped=True)

    def story_of(self, article_id: str) -> Story | None:
        """The story an article shares with others (None for a story of one)."""
        return self._read(_stories().select_story_of, article_id, scoped=True)

    def counts(self) -> Counts:
        return self._read(query.select_counts, scoped=True)

    def views(self) -> dict[str, str]:
        """The saved views from config.toml: name -> query (the ones that parse)."""
        return dict(self.settings.views)

    def view_counts(self, views: dict[str, str] | None = None) -> tuple[Count, ...]:
        """Unread and total counts of saved views (all of config.toml's by default)."""
        named = [(name, Query(expression=text)) for name, text in (self.views() if views is None else views).items()]
        return self._read(query.select_view_counts, named, scoped=True)

    def feed_counts(self, feeds: Sequence | None = None) -> tuple[Count, ...]:
        """Unread and total articles of each subscribed feed (of `feeds`, default all), named
        by URL: counted as `feed:URL` lists them, so the sidebar and the list agree."""
        feeds = self.feeds() if feeds is None else feeds
        return self._read(query.select_view_counts, [(feed.url, Query(feeds=(feed.url,))) for feed in feeds], scoped=True)

    def problems(self) -> list[tuple[str, str, str]]:
        """The files under the roots shown that could not become articles."""
        problems = self._read(query.select_problems)
        inside = set(within([path for path, _kind, _reason in problems], self.shown()))
        return [problem for problem in problems if problem[0] in inside]

    # -- marking ----------------------------------------------------------------------
    def mark(self, article_ids: Sequence[str], flag: str, value: bool) -> dict[str, bool]:
        """Set read or starred; returns the previous values, which `restore` puts back."""
        with self._lock:
            return self.state.set_flags(dict.fromkeys(article_ids, value), flag)

    def restore(self, previous: dict[str, bool], flag: str) -> None:
        with self._lock:
            self.state.set_flags(previous, flag)

    # -- the app's session --------------------------------------------------------------
    def session(self) -> dict[str, str]:
        with self._lock:
            return self.state.session()

    def save_session(self, values: dict[str, str]) -> None:
        with self._lock:
            self.state.save_session(values)

    # -- full texts (reader/fulltext/) ---------------------------------------------------
    @property
    def fulltexts(self) -> FullTextDB:
        with self._lock:
            if self._fulltexts is None:
                self._fulltexts = FullTextDB(self.paths.fulltext_db)
                if self._fulltexts.notice:
                    self.warnings.append(self._fulltexts.notice)
            return self._fulltexts

    def full_texts(self, article_ids: Sequence[str]) -> dict[str, FullText]:
        with self._lock:
            return self.fulltexts.get(article_ids)

    def full_text(self, article_id: str) -> FullText | None:
        return self.full_texts([article_id]).get(article_id)

    def save_full_text(self, article_id: str, url: str, text: str) -> FullText:
        with self._lock:
            return self.fulltexts.put_text(article_id, url, text)

    def save_full_text_error(self, article_id: str, error: str) -> None:
        with self._lock:
            self.fulltexts.put_error(article_id, error)

    def bodiless(self) -> list[Row]:
        """Articles whose file has no body of its own, in row order: every one the cache holds,
        whatever is shown (`reader fulltext --missing` has no PATH)."""
        return self._read(query.select_bodiless)

    def reading(self, detail: ArticleDetail) -> Reading:
        """What to show as the article's text: the file's own body, else a fetched full text."""
        if detail.body.strip():
            return Reading(detail.body, "file", None)
        full = self.full_text(detail.row.id)
        if full is not None and full.text:
            return Reading(full.text, "full_text", full)
        return Reading("", None, full)


class Reading(Struct, frozen=True):
    """The text an article is read in, and where it came from."""

    body: str
    source: str | None  # "file", "full_text", or None when there is no text at all
    full_text: FullText | None

    def as_json(self) -> dict:
        """`reader show --json`'s fields for the text: body, body_source, and where a full text came from."""
        full = self.full_text if self.source == "full_text" else None
        fetched = datetime.fromtimestamp(full.fetched_at, timezone.utc) if full and full.fetched_at else None
        return {
            "body": self.body, "body_source": self.source,
            "full_text_url": full.url if full else None, "full_text_fetched": query.iso(fetched),
        }


__all__ = ["Library", "bundled_seeds", "default_sources"]
