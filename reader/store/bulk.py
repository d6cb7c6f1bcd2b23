"""A cold build of the cache (it held no file): what waits until every article is in.

Row by row, the writer was the slower half of a cold index: at 100,000 articles each row
cost ~130 us of its CPU, half of it FTS5 tokenising and merging into a search index that
nothing reads until the index ends, and the secondary indexes' random inserts. A cold build
instead
- leaves the search index empty while it inserts, then fills it in one FTS5 'rebuild' from
  the articles table (~3 s at 100,000 articles against ~6.5 s of inserts row by row), with a
  bigger pending-terms buffer (`hashsize`, kept in the table's config) so fewer, larger
  segments are written and merged;
- drops the secondary indexes whose keys come in random order and makes them at the end
  (sorting, against random inserts);
- writes with synchronous=OFF (the cache holds nothing the seed files do not; a build cut
  short by a crash or a power loss is finished or rebuilt, see below);
- computes the stories' cold pass in a thread, from what is committed, while the writer
  builds the search index (both cores busy at the end, where one used to idle).

Until the build is finished the cache's meta table holds BULK_BUILD: an index that finds it
(the process building died, or another one is still at it) skips the search index too and
finishes the build at its end, so no article is ever left out of search.
"""

from __future__ import annotations

from reader.store import db
from reader.store.cache import BULK_BUILD, SCHEMA_INDEXES, Cache, index_name

# FTS5's buffer of pending terms before it writes a segment (its default is 1 MB). At
# 100,000 articles, 8 MB made the rebuild ~40% cheaper (5.6 -> 3.2 s CPU); bigger measured the same.
_HASH_BYTES = 8 * 1024 * 1024
# The indexes a cold build drops: those whose keys come in no order (dates, qualities,
# providers, URLs), each insert a walk to a random page. Those by row number only grow at
# their end, and queries name articles_keys (INDEXED BY, an error without it) while the
# app lists what a cold build has written so far.
_DEFERRED_NAMES = ("articles_by_date", "articles_by_time", "articles_by_quality", "articles_by_provider",
                   "articles_by_heat", "related_by_target")


_DEFERRED = [sql for sql in SCHEMA_INDEXES if index_name(sql) in _DEFERRED_NAMES]


def begin(cache: Cache) -> None:
    """Before the index's first write: start a cold build if the cache is empty, or take up
    one that did not finish."""
    conn = cache.conn
    with db.write(conn):
        unfinished = conn.execute("SELECT 1 FROM meta WHERE key=?", (BULK_BUILD,)).fetchone() is not None
        cold = conn.execute("SELECT NOT EXISTS (SELECT 1 FROM files) AND NOT EXISTS (SELECT 1 FROM articles)").fetchone()[0]
        if not (cold or unfinished):
            return
        conn.execute("INSERT OR REPLACE INTO meta VALUES (?, '1')", (BULK_BUILD,))
        if cold:
            for sql in _DEFERRED:
                conn.execute(f"DROP INDEX IF EXISTS {index_name(sql)}")
    cache.search_deferred = True
    cache.cold_build = bool(cold)
    if cold:
        conn.execute("PRAGMA synchronous=OFF")


def finish(cache: Cache) -> None:
    """After the last insert: the stories, and the search index and indexes a build deferred."""
    if not cache.search_deferred:
        cache.update_stories()
        return
    if cache.cold_build:
        cache.update_stories(beside=lambda: _complete(cache))
    else:
        _complete(cache)
        cache.update_stories()


def _complete(cache: Cache) -> None:
    conn = cache.conn
    with db.write(conn):
        conn.execute("INSERT INTO search(search, rank) VALUES ('hashsize', ?)", (_HASH_BYTES,))
        conn.execute("INSERT INTO search(search) VALUES ('rebuild')")
        for sql in _DEFERRED:
            conn.execute(sql)
        conn.execute("DELETE FROM meta WHERE key=?", (BULK_BUILD,))
    cache.search_deferred = cache.cold_build = False
    conn.execute("PRAGMA synchronous=NORMAL")

