"""Keeping the cache's story tables (tables.py) up to date as files come and go.

Tables (in the cache: rebuilt with it, derived from the seed files alone):
- story_sigs: each article's signature (packed by the parse workers) and publication time;
- story_links: pairs that passed verification, with their score;
- story_members: the story of every article that shares one (one-article stories have no row);
- story_weights: the document frequencies behind every weight.

A cold index finds all stories in one pass. A rescan that adds, changes or removes articles
links only those articles again and re-clusters only the connected sets of links they are in,
so every other story keeps its rows. A story's id is its earliest article's id (undated
articles after dated ones, ties by id): the same after a rescan, a rename (ids come from
URLs or text, not paths) or a rebuilt cache; it changes only if an earlier report joins.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from reader.stories.cluster import find_stories, stories_of
from reader.stories.signature import Signature, unpack
from reader.stories.tables import SCHEMA, TIME_INDEX, Changes
from reader.stories.verify import Prepared
from reader.stories.weights import Weights

# A rescan touching more than this share of the articles rebuilds every story in one pass:
# cheaper than following links out of most of them.
_REBUILD_SHARE = 0.25

Row = tuple[float | None, bytes]  # an article's publication time and packed signature


def _load_weights(conn: sqlite3.Connection) -> Weights | None:
    row = conn.execute("SELECT documents, counts FROM story_weights WHERE id = 1").fetchone()
    return Weights.from_blob(row[1], row[0]) if row else None


def _save_weights(conn: sqlite3.Connection, weights: Weights) -> None:
    conn.execute("INSERT OR REPLACE INTO story_weights VALUES (1, ?, ?)", (weights.documents, weights.blob()))


def _counted(sig: Signature) -> Sequence[int]:
    return sig.features + sig.entities  # two arrays (unpacked signatures): one array


def update(conn: sqlite3.Connection, changes: Changes) -> None:
    """Bring the story tables in line with the articles (inside the indexer's write)."""
    if not changes:
        return
    written = _rows(conn, changes.written)
    dropped = {n: (p, blob) for n, (p, blob, _id) in changes.dropped.items()}
    # A file touched but not edited: the same article (by id) with the same signature and
    # time, perhaps under a new row number. Its stories stand; only the number moves.
    was = {article_id: n for n, (_p, _b, article_id) in changes.dropped.items()}
    moved = {}
    for n, article_id in _ids(conn, written):
        old = was.get(article_id)
        if old is not None and dropped[old] == written[n]:
            del written[n], dropped[old]
            moved[old] = n
    changes.written.clear()
    changes.dropped.clear()
    _renumber(conn, {old: n for old, n in moved.items() if old != n})
    if not written and not dropped:
        return
    conn.execute(TIME_INDEX)  # before the first pass of a new cache (see tables.py)
    total = conn.execute("SELECT count(*) FROM story_sigs").fetchone()[0]
    if len(written) + len(dropped) > _REBUILD_SHARE * max(total, 1):
        rebuild(conn)
    else:
        _update(conn, written, dropped, total)


def _in(conn: sqlite3.Connection, sql: str, ns: Iterable[int]) -> list[tuple]:
    """`sql` (ending in "IN") run over `ns` in chunks of 500 row numbers."""
    ordered = sorted(ns)
    found: list[tuple] = []
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        found += conn.execute(f"{sql} ({','.join('?' * len(chunk))})", chunk).fetchall()
    return found


def _rows(conn: sqlite3.Connection, ns: Iterable[int]) -> dict[int, Row]:
    return {n: (p, blob) for n, p, blob in _in(conn, "SELECT n, published, sig FROM story_sigs WHERE n IN", ns)}


def _ids(conn: sqlite3.Connection, ns: Iterable[int]) -> list[tuple[int, str]]:
    return _in(conn, "SELECT n, id FROM articles WHERE n IN", ns)


def _renumber(conn: sqlite3.Connection, moved: dict[int, int]) -> None:
    """Articles re-inserted unchanged under new row numbers: their links and story rows follow."""
    if not moved:
        return
    links: dict[tuple[int, int], float] = {}
    for old in moved:
        for a, b, score in conn.execute("SELECT a, b, score FROM story_links WHERE a = ? OR b = ?", (old, old)):
            links[(a, b)] = score
    conn.executemany("DELETE FROM story_links WHERE a = ? AND b = ?", list(links))
    renumbered = {(moved.get(a, a), moved.get(b, b)): score for (a, b), score in links.items()}
    conn.executemany("INSERT OR REPLACE INTO story_links VALUES (?, ?, ?)", [(min(a, b), max(a, b), s) for (a, b), s in renumbered.items()])
    stories = [(moved[n], story) for n, story in _members(conn, moved)]
    conn.executemany("DELETE FROM story_members WHERE n = ?", [(old,) for old in moved])
    conn.executemany("INSERT OR REPLACE INTO story_members VALUES (?, ?)", stories)


def _members(conn: sqlite3.Connection, ns: Iterable[int]) -> list[tuple[int, str]]:
    return _in(conn, "SELECT n, story FROM story_members WHERE n IN", ns)


def rebuild(conn: sqlite3.Connection) -> None:
    """Every story from scratch (a cold index, or a rescan that changed much of the folder)."""
    conn.execute(TIME_INDEX)
    write_rebuilt(conn, compute_rebuild(conn))


class Rebuilt(NamedTuple):
    """Every story, computed from the articles but not written yet."""

    weights: Weights
    links: list[tuple[float, int, int]]  # (score, a, b)
    members: list[tuple[int, str]]  # (row number, story id)


def compute_rebuild(conn: sqlite3.Connection) -> Rebuilt:
    """Reads only (the time index must exist): a cold index runs it on a connection of its
    own, in a thread, while the writer builds the search index."""
    from reader.stories.passes import count_all, find_links  # numpy: only when there is story work

    weights = count_all(conn)
    found = find_links(conn, weights)
    return Rebuilt(weights, found, _story_rows(conn, _cluster(conn, found, weights)))


def write_rebuilt(conn: sqlite3.Connection, rebuilt: Rebuilt) -> None:
    _save_weights(conn, rebuilt.weights)
    conn.execute("DELETE FROM story_links")
    conn.execute("DELETE FROM story_members")
    conn.executemany("INSERT INTO story_links VALUES (?, ?, ?)", [(a, b, s) for s, a, b in rebuilt.links])
    conn.executemany("INSERT OR REPLACE INTO story_members VALUES (?, ?)", rebuilt.members)


def _cluster(conn: sqlite3.Connection, edges: list[tuple[float, int, int]], weights: Weights) -> list[list[int]]:
    """The stories of every connected set of `edges`."""
    rows = _rows(conn, {n for _s, a, b in edges for n in (a, b)})
    return stories_of(edges, lambda n: Prepared(n, rows[n][0], rows[n][1], weights))


def _update(conn: sqlite3.Connection, written: dict[int, Row], dropped: dict[int, Row], total: int) -> None:
    from reader.stories.passes import find_links  # numpy: only when there is story work

    weights = _load_weights(conn)
    if weights is None:  # none saved yet, or of another layout: nothing to build on
        rebuild(conn)
        return
    # The net change only: an article edited back and forth adds back what it takes away.
    delta: Counter[int] = Counter()
    for _p, blob in dropped.values():
        delta.subtract(_counted(unpack(blob)))
    for _p, blob in written.values():
        delta.update(_counted(unpack(blob)))
    weights.apply(delta)
    weights.documents = total
    _save_weights(conn, weights)

    touched = set(written) | set(dropped)
    # Where the touched articles were: their old stories and links are re-clustered too.
    before = _neighbours(conn, touched)
    conn.executemany("DELETE FROM story_links WHERE a = ? OR b = ?", [(n, n) for n in touched])
    new_links = find_links(conn, weights, {n: p for n, (p, _b) in written.items()}) if written else []
    conn.executemany("INSERT OR REPLACE INTO story_links VALUES (?, ?, ?)", [(a, b, s) for s, a, b in new_links])

    seeds = (before | set(written) | {x for _s, a, b in new_links for x in (a, b)}) - (set(dropped) - set(written))
    component, edges = _components_around(conn, seeds)
    conn.executemany("DELETE FROM story_members WHERE n = ?", [(n,) for n in component | before | touched])
    _write_stories(conn, _cluster(conn, edges, weights))


def _neighbours(conn: sqlite3.Connection, ns: set[int]) -> set[int]:
    """The articles sharing a story or a link with any of `ns`, and `ns`."""
    found = set(ns)
    for n in ns:
        story = conn.execute("SELECT story FROM story_members WHERE n = ?", (n,)).fetchone()
        if story:
            found.update(m for (m,) in conn.execute("SELECT n FROM story_members WHERE story = ?", story))
        found.update(m for (m,) in conn.execute("SELECT b FROM story_links WHERE a = ? UNION SELECT a FROM story_links WHERE b = ?", (n, n)))
    return found


def _components_around(conn: sqlite3.Connection, seeds: set[int]) -> tuple[set[int], list[tuple[float, int, int]]]:
    """Every article connected to `seeds` through links, and those links."""
    seen: set[int] = set()
    edges: dict[tuple[int, int], float] = {}
    frontier = list(seeds)
    while frontier:
        n = frontier.pop()
        if n in seen:
            continue
        seen.add(n)
        for a, b, score in conn.execute("SELECT a, b, score FROM story_links WHERE a = ? OR b = ?", (n, n)):
            edges[(a, b)] = score
            frontier.append(b if a == n else a)
    existing = {n for n, in conn.execute(f"SELECT n FROM story_sigs WHERE n IN ({','.join('?' * len(seen))})", tuple(seen))} if seen else set()
    return existing, [(s, a, b) for (a, b), s in edges.items() if a in existing and b in existing]


def _write_stories(conn: sqlite3.Connection, stories: list[list[int]]) -> None:
    conn.executemany("INSERT OR REPLACE INTO story_members VALUES (?, ?)", _story_rows(conn, stories))


def _story_rows(conn: sqlite3.Connection, stories: list[list[int]]) -> list[tuple[int, str]]:
    """(row number, story id) of every member: a story's id is its earliest article's."""
    rows = []
    for members in stories:
        marks = ",".join("?" * len(members))
        (story_id,) = conn.execute(
            f"SELECT id FROM articles WHERE n IN ({marks}) ORDER BY published IS NULL, published, id LIMIT 1", members
        ).fetchone()
        rows += [(n, story_id) for n in members]
    return rows


__all__ = ["SCHEMA", "Changes", "Prepared", "Rebuilt", "compute_rebuild", "find_stories", "rebuild", "update", "write_rebuilt"]
