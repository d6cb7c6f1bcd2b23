"""Where each cached article came from: the roots (PATHs) it was indexed under, and its feeds.

The cache keeps every file it ever indexed, whichever PATH brought it in, so going from one
PATH to another (or to the whole library) and back parses nothing again. What a view shows
is scoped to its PATHs through `root_articles` (reader/query_scope.py): an indexed table, so
scoping reads one index range, never a LIKE over paths. Both tables are brought up to date
at the end of an index, from the files table, for the roots (and feeds) whose files changed:
an article is under a root, or from a feed, when any of its files (the one listed or a
duplicate with the same URL) lies there.

A root not indexed for UNUSED_DAYS leaves the cache at the next index, as a root gone from
the disk does (its files that lie under no other root are forgotten): a folder looked at once
does not stay in the cache for ever. Nothing of the user's is lost, since marks live in the
state database; shown again, the folder is parsed again. When each root was last indexed is
kept in the meta table, written at most once a day a root, so a rescan that finds nothing
new still writes nothing.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Sequence

from reader.store import db

SCHEMA = """
CREATE TABLE IF NOT EXISTS roots (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL DEFAULT 0                 -- its rows in root_articles
);
CREATE TABLE IF NOT EXISTS root_articles (
    root INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (root, n)
) WITHOUT ROWID;
"""

# A root's files, by a range of the files table's primary key: the root itself (a file named
# outright) or anything below it. Two bounds instead of LIKE, so the index is used.
FILES_UNDER = (
    "SELECT a.n FROM files f CROSS JOIN articles a ON a.id = f.article_id"
    " WHERE (f.path = ? OR (f.path > ? AND f.path < ?)) AND f.article_id IS NOT NULL"
)


def bounds(root: str) -> tuple[str, str, str]:
    """(root, low, high): a path is under `root` when it is the root or low < path < high."""
    prefix = root.rstrip(os.sep) + os.sep
    return root, prefix, prefix[:-1] + chr(ord(os.sep) + 1)


def under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def within(paths: Iterable[str], roots: Sequence[str]) -> list[str]:
    """Those of `paths` under any of `roots`."""
    exact = set(roots)
    prefixes = tuple(root.rstrip(os.sep) + os.sep for root in roots)
    return [path for path in paths if path in exact or path.startswith(prefixes)]


def known(conn: sqlite3.Connection) -> dict[str, int]:
    """Every root indexed so far: path -> id."""
    return dict(conn.execute("SELECT path, id FROM roots"))


def sizes(conn: sqlite3.Connection) -> dict[int, int]:
    """Root id -> how many articles lie under it."""
    return dict(conn.execute("SELECT id, size FROM roots"))


UNUSED_DAYS = 30
_DAY = 86_400.0
_USED = "root used:"  # meta key prefix; the value is when the root was last indexed (Unix time)


def vanished(conn: sqlite3.Connection) -> list[str]:
    """Roots indexed before that are gone from the disk: their files are gone too."""
    return [path for path in known(conn) if not os.path.lexists(path)]


def unused(conn: sqlite3.Connection, given: Sequence[str], now: float | None = None) -> list[str]:
    """Roots other than `given` last indexed over UNUSED_DAYS ago. A root with no such
    record yet (a cache from before they were kept) counts as indexed now."""
    now = time.time() if now is None else now
    used = _used(conn)
    return [path for path in known(conn) if path not in given and now - used.get(path, now) > UNUSED_DAYS * _DAY]


def note_used(conn: sqlite3.Connection, given: Sequence[str], now: float | None = None) -> None:
    """Record that the roots `given` were indexed now: each written only when its record is
    a day old or missing, so most indexes write nothing here. A root with no record at all
    (a cache from before they were kept) gets one too, so its month starts now."""
    now = time.time() if now is None else now
    used = _used(conn)
    stale = [path for path in dict.fromkeys(given) if now - used.get(path, -_DAY) >= _DAY]
    stale += [path for path in known(conn) if path not in used and path not in stale]
    if stale:
        with db.write(conn):
            conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [(_USED + path, repr(now)) for path in stale])


def _used(conn: sqlite3.Connection) -> dict[str, float]:
    rows = conn.execute("SELECT key, value FROM meta WHERE key > ? AND key < ?", (_USED, _USED[:-1] + chr(ord(_USED[-1]) + 1)))
    found = {}
    for key, value in rows:
        try:
            found[key[len(_USED):]] = float(value)
        except (TypeError, ValueError):
            pass  # unreadable: as if missing (noted afresh at the next index of that root)
    return found


def without_others(paths: Iterable[str], dropped: Sequence[str], kept: Sequence[str]) -> list[str]:
    """Those of `paths` under a root `dropped` and under none of the roots `kept`."""
    candidates = within(paths, dropped)
    shared = set(within(candidates, kept))
    return [path for path in candidates if path not in shared]


def counts(conn: sqlite3.Connection, given: Sequence[str]) -> tuple[int, int]:
    """Articles and problems under the roots `given` (what an index of them reports)."""
    ids = [i for path, i in known(conn).items() if path in set(given)]
    marks = ",".join("?" * len(ids))
    (articles,) = conn.execute(f"SELECT count(DISTINCT n) FROM root_articles WHERE root IN ({marks})", ids).fetchone()
    problems = sum(
        conn.execute("SELECT count(*) FROM problems WHERE path = ? OR (path > ? AND path < ?)", bounds(root)).fetchone()[0]
        for root in _outermost(given)
    )
    return articles, problems


def _outermost(given: Sequence[str]) -> list[str]:
    """The roots not inside another of them (so nothing under two is counted twice)."""
    return [root for root in dict.fromkeys(given) if not any(other != root and under(root, other) for other in given)]


def update(
    conn: sqlite3.Connection, given: Sequence[str], gone: Sequence[str], changed: Sequence[str], added: Sequence[str],
    feeds_prefix: str | None,
) -> None:
    """After an index of the roots `given`: record them, drop the roots `gone`, and bring
    what lies under each root (and which feeds an article came from) up to date: recomputed
    for a root where a file was changed or removed (`changed`: an article may have gone or
    moved), extended by the files `added` elsewhere (adding a file never takes an article
    from a root: at 100,000 articles, recomputing a root costs ~300 ms, adding a file
    nothing to speak of). Nothing is done when nothing changed."""
    if not gone and not changed and not added and all(root in known(conn) for root in given):
        return
    with db.write(conn):
        roots = known(conn)  # again, under the write lock: another process may have added some
        new = list(dict.fromkeys(root for root in given if root not in roots))
        for root in gone:
            if root in roots:
                conn.execute("DELETE FROM root_articles WHERE root = ?", (roots.pop(root),))
                conn.execute("DELETE FROM roots WHERE path = ?", (root,))
            conn.execute("DELETE FROM meta WHERE key = ?", (_USED + root,))
        for root in new:
            roots[root] = conn.execute("INSERT INTO roots (path) VALUES (?) RETURNING id", (root,)).fetchone()[0]
        recomputed = set(new) | {root for root in roots.keys() - set(new) if within(changed, [root])}
        for root in recomputed:
            conn.execute("DELETE FROM root_articles WHERE root = ?", (roots[root],))
            conn.execute(f"INSERT OR IGNORE INTO root_articles SELECT ?, n FROM ({FILES_UNDER})", (roots[root], *bounds(root)))
        extended = {root for root in roots.keys() - recomputed if within(added, [root])}
        for root in extended:
            for chunk, marks in db.in_chunks(within(added, [root])):
                conn.execute(
                    "INSERT OR IGNORE INTO root_articles SELECT ?, a.n FROM files f CROSS JOIN articles a ON a.id = f.article_id"
                    f" WHERE f.path IN ({marks})",
                    (roots[root], *chunk),
                )
        resized = recomputed | extended
        # An article deleted here may have been under a root not rescanned.
        if changed and conn.execute("DELETE FROM root_articles WHERE n NOT IN (SELECT n FROM articles)").rowcount:
            resized = set(roots)
        for root in resized:
            conn.execute("UPDATE roots SET size = (SELECT count(*) FROM root_articles WHERE root = ?) WHERE id = ?", (roots[root],) * 2)
        if feeds_prefix and within([*changed, *added], [feeds_prefix]):
            _update_feeds(conn, feeds_prefix)


def _update_feeds(conn: sqlite3.Connection, prefix: str) -> None:
    """Every article under the feeds folder, under each feed whose folder holds one of its
    files: the same URL in two feeds is one article, listed under both."""
    rows = conn.execute(
        "SELECT f.path, a.n FROM files f CROSS JOIN articles a ON a.id = f.article_id"
        " WHERE f.path > ? AND f.path < ? AND f.article_id IS NOT NULL",
        bounds(prefix)[1:],
    ).fetchall()
    start = len(prefix)
    pairs = {(path[start:].partition(os.sep)[0], n) for path, n in rows if os.sep in path[start:]}
    conn.execute("DELETE FROM article_feeds")
    conn.executemany("INSERT INTO article_feeds VALUES (?, ?)", sorted(pairs))
