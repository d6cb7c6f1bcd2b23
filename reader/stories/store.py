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
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence

from reader.stories.candidates import MIN_SHARED
from reader.stories.cluster import cluster, components, find_stories, links
from reader.stories.signature import Signature, unpack
from reader.stories.tables import SCHEMA, Changes
from reader.stories.verify import WINDOW_S, Prepared, link_score, prepare
from reader.stories.weights import Weights

# A rescan touching more than this share of the articles rebuilds every story in one pass:
# cheaper than following links out of most of them.
_REBUILD_SHARE = 0.25


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
    total = conn.execute("SELECT count(*) FROM story_sigs").fetchone()[0]
    if len(changes.written) + len(changes.dropped) > _REBUILD_SHARE * max(total, 1):
        rebuild(conn)
    else:
        _update(conn, changes)
    changes.written.clear()
    changes.dropped.clear()


def _signed(conn: sqlite3.Connection, sql: str = "", values: Iterable[object] = ()) -> list[tuple[int, float | None, Signature]]:
    return [(n, published, unpack(blob)) for n, published, blob in conn.execute(f"SELECT n, published, sig FROM story_sigs {sql}", tuple(values))]


def rebuild(conn: sqlite3.Connection) -> None:
    """Every story from scratch (a cold index, or a rescan that changed much of the folder)."""
    signed = _signed(conn)
    weights = Weights(documents=len(signed))
    weights.add(_counted(sig) for _n, _p, sig in signed)
    items = [prepare(n, published, sig, weights) for n, published, sig in signed]
    found = links(items)
    by_key = {i.key: i for i in items}
    stories = []
    edges_of: dict[int, list] = {}
    groups = components(found)
    where = {n: index for index, group in enumerate(groups) for n in group}
    for edge in found:
        edges_of.setdefault(where[edge[1]], []).append(edge)
    for index, group in enumerate(groups):
        stories.extend(cluster({n: by_key[n] for n in group}, edges_of.get(index, [])))
    conn.execute("DELETE FROM story_links")
    conn.execute("DELETE FROM story_members")
    conn.executemany("INSERT INTO story_links VALUES (?, ?, ?)", [(a, b, s) for s, a, b in found])
    _write_stories(conn, stories)
    _save_weights(conn, weights)


def _update(conn: sqlite3.Connection, changes: Changes) -> None:
    weights = _load_weights(conn)
    if weights is None:  # none saved yet, or of another layout: nothing to build on
        rebuild(conn)
        return
    written = _signed(conn, f"WHERE n IN ({','.join('?' * len(changes.written))})", changes.written) if changes.written else []
    # The net change only: a file touched but not edited adds back what it takes away.
    delta: Counter[int] = Counter()
    for blob in changes.dropped.values():
        delta.subtract(_counted(unpack(blob)))
    for _n, _p, sig in written:
        delta.update(_counted(sig))
    weights.apply(delta)
    weights.documents = conn.execute("SELECT count(*) FROM story_sigs").fetchone()[0]
    _save_weights(conn, weights)

    touched = set(changes.written) | set(changes.dropped)
    # Where the touched articles were: their old stories and links are re-clustered too.
    before = _neighbours(conn, touched)
    conn.executemany("DELETE FROM story_links WHERE a = ? OR b = ?", [(n, n) for n in touched])
    new_links = _link_written(conn, written, weights)
    conn.executemany("INSERT OR REPLACE INTO story_links VALUES (?, ?, ?)", [(a, b, s) for s, a, b in new_links])

    alive = {n for n, _p, _s in written}
    seeds = (before | alive | {x for _s, a, b in new_links for x in (a, b)}) - set(changes.dropped).difference(alive)
    component, edges = _components_around(conn, seeds)
    stale = component | before | touched
    conn.executemany("DELETE FROM story_members WHERE n = ?", [(n,) for n in stale])
    items = {n: prepare(n, published, sig, weights) for n, published, sig in _signed_in(conn, component)}
    stories = []
    for group in components(edges):
        stories.extend(cluster({n: items[n] for n in group}, [e for e in edges if e[1] in group]))
    _write_stories(conn, stories)


def _signed_in(conn: sqlite3.Connection, ns: set[int]) -> list[tuple[int, float | None, Signature]]:
    found = []
    ordered = sorted(ns)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        found += _signed(conn, f"WHERE n IN ({','.join('?' * len(chunk))})", chunk)
    return found


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


def _link_written(conn: sqlite3.Connection, written: list[tuple[int, float | None, Signature]], weights: Weights) -> list[tuple[float, int, int]]:
    """Links from the written articles to the others, with the candidates a cold pass would
    compare (candidates.py): dated articles in each other's time window sharing MIN_SHARED
    rare features, and undated ones sharing a rare name with anything."""
    if not written:
        return []
    mine = {n: prepare(n, published, sig, weights) for n, published, sig in written}
    any_undated = any(item.published is None for item in mine.values())
    sql = "SELECT n, published, sig FROM story_sigs"
    if not any_undated:
        ranges = _merged_ranges(sorted(item.published for item in mine.values()))
        sql += " WHERE " + " OR ".join("published BETWEEN ? AND ?" for _ in ranges) + " OR published IS NULL"
        rows = conn.execute(sql, [x for r in ranges for x in r]).fetchall()
    else:
        rows = conn.execute(sql).fetchall()
    # Signatures are unpacked only where they are looked at (most rows loaded for the merged
    # ranges lie in no written article's own window): 10,000 unpacks for 100 changed files
    # at 10,000 were a third of the rescan.
    blobs = {n: (p, blob) for n, p, blob in rows}
    unpacked: dict[int, Signature] = {}

    def sig_of(n: int) -> Signature:
        sig = unpacked.get(n)
        if sig is None:
            sig = unpacked[n] = unpack(blobs[n][1])
        return sig

    dated = sorted((p, n) for n, p, _b in rows if p is not None)
    times = [p for p, _n in dated]
    candidates: dict[int, set[int]] = {}
    for item in mine.values():
        if item.published is None:
            continue
        rare = set(item.rare)
        for _p, n in dated[bisect_left(times, item.published - WINDOW_S) : bisect_right(times, item.published + WINDOW_S)]:
            if n != item.key and sum(1 for f in sig_of(n).features if f in rare) >= MIN_SHARED:
                candidates.setdefault(item.key, set()).add(n)
    # Undated pairs: by a shared rare name, either way round (a dated article written now
    # looks only at the undated ones; an undated one at all).
    by_name: dict[int, list[int]] = {}
    for item in mine.values():
        for name in item.names:
            by_name.setdefault(name, []).append(item.key)
    if by_name:
        for n, p, _b in rows:
            if p is not None and not any_undated:
                continue
            for name in sig_of(n).entities:
                for key in by_name.get(name, ()):
                    if key != n and (p is None or mine[key].published is None):
                        candidates.setdefault(key, set()).add(n)
    signed = {n: (blobs[n][0], sig_of(n)) for ns in candidates.values() for n in ns}
    prepared: dict[int, Prepared] = dict(mine)
    found: dict[tuple[int, int], float] = {}
    for key in sorted(candidates):
        for n in sorted(candidates[key]):
            if n not in prepared:
                p, sig = signed[n]
                prepared[n] = prepare(n, p, sig, weights)
            score = link_score(mine[key], prepared[n])
            if score is not None:
                found[(min(key, n), max(key, n))] = score
    return [(s, a, b) for (a, b), s in found.items()]


def _merged_ranges(times: list[float]) -> list[tuple[float, float]]:
    ranges: list[list[float]] = []
    for t in times:
        if ranges and t - WINDOW_S <= ranges[-1][1]:
            ranges[-1][1] = t + WINDOW_S
        else:
            ranges.append([t - WINDOW_S, t + WINDOW_S])
    return [(a, b) for a, b in ranges][:400] if len(ranges) <= 400 else [(ranges[0][0], ranges[-1][1])]


def _write_stories(conn: sqlite3.Connection, stories: list[list[int]]) -> None:
    rows = []
    for members in stories:
        marks = ",".join("?" * len(members))
        (story_id,) = conn.execute(
            f"SELECT id FROM articles WHERE n IN ({marks}) ORDER BY published IS NULL, published, id LIMIT 1", members
        ).fetchone()
        rows += [(n, story_id) for n in members]
    conn.executemany("INSERT OR REPLACE INTO story_members VALUES (?, ?)", rows)


__all__ = ["SCHEMA", "Changes", "Prepared", "find_stories", "rebuild", "update"]
