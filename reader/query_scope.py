"""What a view shows: the cached articles under its PATHs (the cache keeps every PATH it ever
indexed; see reader/store/roots.py).

A scope is one more set of articles for the SQL builder (reader/query_build.py), ANDed with
every filter, count and story the query layer reads, so the CLI and the TUI scope alike. When
the PATHs cover every root the cache knows, there is no scope at all: nothing is added. When
they cover most of the cache, the scope is the complement of the few articles left out (the
builder reads complements as cheaply as sets): at 100,000 articles of 105,000 shown, a list
read 100,000 row numbers, the sidebar's counts took 325 ms against 26 unscoped.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from reader import query_build
from reader.query_fields import Leaf
from reader.query_language import And, Node
from reader.store import roots as root_tables


def scope(conn: sqlite3.Connection, shown: Sequence[str]) -> Leaf | None:
    """The articles under the PATHs `shown` (absolute), or None when that is all of them."""
    known = root_tables.known(conn)
    if all(any(root_tables.under(root, given) for given in shown) for root in known):
        return None
    ids: set[int] = set()  # the roots shown
    ranges: list[str] = []
    for given in shown:
        if given in known:
            ids.add(known[given])
            continue
        # Not indexed as such (`list --cached` of a folder inside an indexed one, or one never
        # indexed): the indexed roots inside it, and its own range of files.
        ids.update(i for path, i in known.items() if root_tables.under(path, given))
        if any(root_tables.under(given, path) for path in known):
            ranges.append(given)
    others = set(known.values()) - ids
    if not ranges and ids and others:
        size = root_tables.sizes(conn)
        if sum(size.get(i, 0) for i in others) < sum(size.get(i, 0) for i in ids):
            return _left_out(sorted(ids), sorted(others))
    parts = []
    params: list[object] = []
    if ids:
        distinct = "DISTINCT " if len(ids) > 1 else ""  # an article under two of them once
        parts.append(f"SELECT {distinct}n FROM root_articles WHERE root IN ({','.join('?' * len(ids))})")
        params += sorted(ids)
    for given in ranges:
        parts.append(f"SELECT n FROM ({root_tables.FILES_UNDER})")
        params += root_tables.bounds(given)
    if not parts:
        return Leaf("SELECT n FROM articles WHERE 0")
    return Leaf(" UNION ".join(parts), tuple(params))


def _left_out(shown: list[int], others: list[int]) -> Leaf:
    """Everything but the articles under the other roots alone (under none of `shown`)."""
    marks = ",".join("?" * len(others))
    shown_marks = ",".join("?" * len(shown))
    return Leaf(
        f"SELECT DISTINCT r.n AS n FROM root_articles r WHERE r.root IN ({marks}) AND NOT EXISTS"
        f" (SELECT 1 FROM root_articles s WHERE s.root IN ({shown_marks}) AND s.n = r.n)",
        (*others, *shown), complement=True,
    )


class _Outside:
    """The articles not in a set: membership without the set of every article."""

    def __init__(self, left_out: set[int]) -> None:
        self.left_out = left_out

    def __contains__(self, n: object) -> bool:
        return n not in self.left_out


def narrowed(node: Node | None, within: Leaf | None) -> Node | Leaf | None:
    """A filter narrowed to a scope (as one AND, which the builder reads in one pass)."""
    if within is None:
        return node
    if node is None:
        return within
    return And((within, *(node.nodes if isinstance(node, And) else (node,))))  # type: ignore[arg-type]


def among(conn: sqlite3.Connection, within: Leaf, ns: Sequence[int]) -> set[int]:
    """Which of a few row numbers are in a scope, without reading the scope's every member."""
    if not ns:
        return set()
    found = query_build.members(
        conn, f"SELECT n FROM ({within.sql}) WHERE n IN (SELECT value FROM json_each(?))",
        (*within.params, json.dumps(list(ns))),
    )
    return set(ns) - found if within.complement else found


def members(conn: sqlite3.Connection, within: Leaf | None) -> set[int] | _Outside | None:
    """What `n in` tests membership of a scope by (None: every article is in it)."""
    if within is None:
        return None
    found = query_build.members(conn, within.sql, within.params)
    return _Outside(found) if within.complement else found
