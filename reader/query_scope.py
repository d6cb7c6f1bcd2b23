"""What a view shows: the cached articles under its PATHs (the cache keeps every PATH it ever
indexed; see reader/store/roots.py).

A scope is one more set of articles for the SQL builder (reader/query_build.py), ANDed with
every filter, count and story the query layer reads, so the CLI and the TUI scope alike. When
the PATHs cover every root the cache knows, there is no scope at all: nothing is added.
"""

from __future__ import annotations

import os
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
    ids: set[int] = set()
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


def absolute(paths: Sequence[str]) -> tuple[str, ...]:
    return tuple(os.path.abspath(path) for path in paths)


def narrowed(node: Node | None, within: Leaf | None) -> Node | Leaf | None:
    """A filter narrowed to a scope (as one AND, which the builder reads in one pass)."""
    if within is None:
        return node
    if node is None:
        return within
    return And((within, *(node.nodes if isinstance(node, And) else (node,))))  # type: ignore[arg-type]


def members(conn: sqlite3.Connection, within: Leaf | None) -> set[int] | None:
    """The row numbers in a scope (None: every article)."""
    return None if within is None else query_build.members(conn, within.sql, within.params)
