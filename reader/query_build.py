"""The one SQL builder: a query tree (reader/query_language.py) to what the query layer runs.

A tree becomes sets of row numbers, one subquery per term (reader/query_fields.py), combined
two ways from the same subqueries: in Python, as sets (a whole list: one pass over a kept sort
order), or as one SQL condition (`+a.n IN (...)`: a first screen, walking a sort index and
stopping at LIMIT). Full-text words every result must contain are taken out first, as one
FTS5 query, so a search keeps its relevance tiers.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.query_fields import FIELDS, Leaf
from reader.query_language import And, Node, Not, Or, Term, Text, all_of, fts_term

_NOTHING = Leaf("SELECT n FROM articles WHERE 0")
_SEARCH = "SELECT rowid AS n FROM search WHERE search MATCH ?"


@dataclass(frozen=True)
class Plan:
    match: str | None  # the FTS5 query every result must match (None: no search; "": nothing matches)
    filter: Node | None  # the rest of the tree (None: no filter)


def plan(tree: Node | None) -> Plan:
    """Splits off the words that narrow the whole query (not under OR or -) as one search."""
    texts: list[Text] = []

    def without_text(node: Node) -> Node | None:
        if isinstance(node, Text):
            texts.append(node)
            return None
        if isinstance(node, And):
            return all_of([kept for part in node.nodes if (kept := without_text(part)) is not None])
        return node

    rest = without_text(tree) if tree is not None else None
    if not texts:
        return Plan(None, rest)
    return Plan(" ".join(term for term in map(fts_term, texts) if term), rest)


@dataclass(frozen=True, slots=True)
class _Group:
    """Several values of one any-of field OR'd together (topic:AI OR topic:Robotics): one set."""

    field: str
    values: tuple[str, ...]


def _grouped(nodes: Iterable[Node]) -> list[Node | _Group]:
    """Under an OR, the terms of an any-of field gathered into one set, where the first stood."""
    out: list[Node | _Group | str] = []
    values: dict[str, list[str]] = {}
    for node in nodes:
        if isinstance(node, Term) and FIELDS[node.field].any_of:
            if node.field not in values:
                values[node.field] = []
                out.append(node.field)
            values[node.field].append(node.value)
        else:
            out.append(node)
    return [_Group(part, tuple(values[part])) if isinstance(part, str) else part for part in out]


def leaf(node: Term | Text | _Group) -> Leaf:
    if isinstance(node, Text):
        term = fts_term(node)
        return Leaf(_SEARCH, (term,)) if term else _NOTHING
    if isinstance(node, _Group):
        spec = FIELDS[node.field]
        return spec.leaf(":", [spec.convert(value) for value in node.values])
    spec = FIELDS[node.field]
    return spec.leaf(node.op, [spec.convert(node.value)])


def _parts(node: And | Or) -> list[Node | _Group]:
    return _grouped(node.nodes) if isinstance(node, Or) else list(node.nodes)


# -- as one SQL condition ----------------------------------------------------------------------

def condition(node: Node | None) -> tuple[str, list[object]]:
    """A WHERE condition on `a` (the articles) and its parameters; "" for no condition."""
    if node is None:
        return "", []
    params: list[object] = []
    return _condition(node, params), params


def _condition(node: Node | _Group, params: list[object]) -> str:
    if isinstance(node, Not):
        return f"NOT ({_condition(node.node, params)})"
    if isinstance(node, (And, Or)):
        joiner = " AND " if isinstance(node, And) else " OR "
        return joiner.join(f"({_condition(part, params)})" for part in _parts(node))
    found = leaf(node)
    params.extend(found.params)
    return f"+a.n {'NOT IN' if found.complement else 'IN'} ({found.sql})"


# -- as sets -----------------------------------------------------------------------------------

def members(conn: sqlite3.Connection, sql: str, values: Sequence[object]) -> set[int]:
    """The row numbers a subquery yields, as a set. One JSON string crosses into Python
    rather than a row object per member: three times faster for tens of thousands."""
    (found,) = conn.execute(f"SELECT json_group_array(n) FROM ({sql})", values).fetchone()
    return set(json.loads(found))


# A set and whether it is complemented (everything but its members): NOT, AND and OR then
# never need the set of every article.
_Set = tuple[set[int], bool]


def _both(a: _Set, b: _Set) -> _Set:
    (x, x_out), (y, y_out) = a, b
    if not x_out and not y_out:
        return x & y, False
    if not x_out:
        return x - y, False
    if not y_out:
        return y - x, False
    return x | y, True


def _either(a: _Set, b: _Set) -> _Set:
    (x, x_out), (y, y_out) = a, b
    if not x_out and not y_out:
        return x | y, False
    if not x_out:
        return y - x, True
    if not y_out:
        return x - y, True
    return x & y, True


def _evaluate(conn: sqlite3.Connection, node: Node | _Group, known: dict | None) -> _Set:
    if isinstance(node, Not):
        found, out = _evaluate(conn, node.node, known)
        return found, not out
    if isinstance(node, (And, Or)):
        combine = _both if isinstance(node, And) else _either
        result: _Set | None = None
        for part in _parts(node):
            value = _evaluate(conn, part, known)
            result = value if result is None else combine(result, value)
        assert result is not None
        return result
    found = leaf(node)
    if known is None:
        return members(conn, found.sql, found.params), found.complement
    key = (found.sql, found.params)
    if key not in known:
        known[key] = members(conn, found.sql, found.params)
    return known[key], found.complement


def keep_drop(
    conn: sqlite3.Connection, node: Node | None, known: dict | None = None
) -> tuple[set[int] | None, set[int]]:
    """A filter as (the articles to keep, None for all; the articles to leave out). `known`
    keeps each term's set for the next filter read in the same snapshot (the sets are
    never changed in place: every combination makes a new one)."""
    if node is None:
        return None, set()
    found, out = _evaluate(conn, node, known)
    return (None, found) if out else (found, set())
