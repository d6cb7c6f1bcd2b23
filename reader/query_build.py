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

from msgspec import Struct

from reader.query_fields import FIELDS, MARKED, Leaf
from reader.query_kept import Kept
from reader.query_language import And, Node, Not, Or, Term, Text, all_of, fts_term

_NOTHING = Leaf("SELECT n FROM articles WHERE 0")
_SEARCH = "SELECT rowid AS n FROM search WHERE search MATCH ?"


class Plan(Struct, frozen=True):
    """A query tree split for SQL: the full-text match, and the filter over the rest."""

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


class _Group(Struct, frozen=True):
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


def matches(match: str) -> Leaf:
    """The articles an FTS5 query (a Plan's `match`) finds; "" finds nothing."""
    return Leaf(_SEARCH, (match,)) if match else _NOTHING


def leaf(node: Term | Text | _Group) -> Leaf:
    if isinstance(node, Text):
        term = fts_term(node)
        return matches(term)
    if isinstance(node, _Group):
        spec = FIELDS[node.field]
        return spec.leaf(":", [spec.convert(value) for value in node.values])
    spec = FIELDS[node.field]
    return spec.leaf(node.op, [spec.convert(node.value)])


def _parts(node: And | Or) -> list[Node | _Group]:
    return _grouped(node.nodes) if isinstance(node, Or) else list(node.nodes)


# -- as one SQL condition ----------------------------------------------------------------------

def condition(node: Node | Leaf | None) -> tuple[str, list[object]]:
    """A WHERE condition on `a` (the articles) and its parameters; "" for no condition."""
    if node is None:
        return "", []
    params: list[object] = []
    return _condition(node, params), params


def _condition(node: Node | _Group | Leaf, params: list[object]) -> str:
    if isinstance(node, Not):
        return f"NOT ({_condition(node.node, params)})"
    if isinstance(node, (And, Or)):
        joiner = " AND " if isinstance(node, And) else " OR "
        return joiner.join(f"({_condition(part, params)})" for part in _parts(node))
    found = node if isinstance(node, Leaf) else leaf(node)  # a Leaf: a scope (reader/query_scope.py)
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


_MARK_SETS = Kept("main", "state")  # the sets of marked articles (Leaf.marks)


def marked(conn: sqlite3.Connection, flag: str) -> set[int]:
    """The cached articles marked `flag` (read, starred): the set is:read, is:unread and
    is:starred read, kept while the marks and the cache are unchanged."""
    return _kept(conn, MARKED.format(flag=flag), ())


def _kept(conn: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> set[int]:
    kept = _MARK_SETS.current(conn)
    if (sql, params) not in kept:
        kept[(sql, params)] = members(conn, sql, params)
    return kept[(sql, params)]


def _evaluate(conn: sqlite3.Connection, node: Node | _Group | Leaf, known: dict | None, within: Leaf | None = None) -> _Set:
    if within is not None:  # AND with a set given as it is (a search's matches)
        parts: list[Node | _Group | Leaf] = [within, *(node.nodes if isinstance(node, And) else (node,))]
        return _combine(conn, _keyed_together(parts), _both, known)
    if isinstance(node, Not):
        found, out = _evaluate(conn, node.node, known)
        return found, not out
    if isinstance(node, And):
        return _combine(conn, _keyed_together(_parts(node)), _both, known)
    if isinstance(node, Or):
        return _combine(conn, _parts(node), _either, known)
    found = node if isinstance(node, Leaf) else leaf(node)
    if found.marks:
        return _kept(conn, found.sql, found.params), found.complement
    if known is None:
        return members(conn, found.sql, found.params), found.complement
    key = (found.sql, found.params)
    if key not in known:
        known[key] = members(conn, found.sql, found.params)
    return known[key], found.complement


def _combine(conn: sqlite3.Connection, parts: list[Node | _Group | Leaf], combine, known: dict | None) -> _Set:
    result: _Set | None = None
    for part in parts:
        value = _evaluate(conn, part, known)
        result = value if result is None else combine(result, value)
    assert result is not None
    return result


def _row(node: Node | _Group | Leaf) -> tuple[str, tuple[object, ...]] | None:
    """A term, or a combination of terms, as a condition on one article's keys, if it is one."""
    if isinstance(node, Not):
        inner = _row(node.node)
        # NULL keys (no date, no quality) are in no term's set, so in every complement.
        return None if inner is None else (f"({inner[0]}) IS NOT 1", inner[1])
    if isinstance(node, (And, Or)):
        rows = [_row(part) for part in _parts(node)]
        if any(row is None for row in rows):
            return None
        joiner = " AND " if isinstance(node, And) else " OR "
        return joiner.join(f"({sql})" for sql, _params in rows), tuple(v for _sql, params in rows for v in params)
    if isinstance(node, (Term, _Group)):
        found = leaf(node)
        if found.row is not None and not found.complement:
            return found.row, found.params
    return None


def _probe(node: Node | _Group | Leaf) -> tuple[str, tuple[object, ...]] | None:
    """A term, or its negation, as a test of one article's membership, if it has one."""
    if isinstance(node, Not):
        inner = _probe(node.node)
        return None if inner is None else (f"NOT ({inner[0]})", inner[1])  # EXISTS is never NULL
    if isinstance(node, (Term, _Group)):
        found = leaf(node)
        if found.probe is not None and not found.complement:
            return found.probe.format(a="a"), found.params
    return None


def _driver(node: Node | _Group | Leaf) -> Leaf | None:
    """A set to test the keys of its members: a plain term's (not a complement, nor keys)."""
    if isinstance(node, Leaf):
        return None if node.complement else node
    if isinstance(node, (Term, _Group)):
        found = leaf(node)
        return found if found.row is None and not found.complement else None
    return None


def _keyed_together(parts: list[Node | _Group | Leaf]) -> list[Node | _Group | Leaf]:
    """An AND's tests of the articles' keys as one set, read in one pass: over the members of
    one of its other sets (heat>0 quality>=50 age<2w: each hot article's keys looked up by row
    number), else over the keys index; its terms with a membership test (topic:AI, -topic:AI)
    are tested in the same pass, for what passed the keys. Each read out on its own cost a set
    as big as its matches (quality>=50, age<2w, topic:AI: most of the cache) and the JSON to
    carry it."""
    rows = [(part, found) for part in parts if (found := _row(part)) is not None]
    probes = [(part, found) for part in parts if not any(part is r for r, _ in rows) and (found := _probe(part)) is not None]
    probed = {id(part) for part, _found in probes}
    drivers = [(part, found) for part in parts if id(part) not in probed and (found := _driver(part)) is not None]
    if not drivers:  # a set with a membership test can lead, the others tested against it
        drivers = [(part, leaf(part)) for part, _found in probes if not isinstance(part, Not)][:1]
        probes = [(part, found) for part, found in probes if not drivers or part is not drivers[0][0]]
    tests = rows + probes  # the keys first: a membership test only for what passed them
    if not tests or (not drivers and not rows) or (len(tests) == 1 and not drivers):
        return parts
    condition = " AND ".join(f"({sql})" for _part, (sql, _params) in tests)
    params = tuple(value for _part, (_sql, values) in tests for value in values)
    merged_parts = {id(part) for part, _found in tests}
    if drivers:
        part, driver = drivers[0]
        merged = Leaf(
            f"SELECT a.n AS n FROM ({driver.sql}) d CROSS JOIN articles a INDEXED BY articles_keys ON a.n = d.n WHERE {condition}",
            (*driver.params, *params),
        )
        merged_parts.add(id(part))
    else:
        merged = Leaf(f"SELECT a.n AS n FROM articles a INDEXED BY articles_keys WHERE {condition}", params)
    return [merged, *(part for part in parts if id(part) not in merged_parts)]


def keep_drop(
    conn: sqlite3.Connection, node: Node | None, known: dict | None = None, within: Leaf | None = None
) -> tuple[set[int] | None, set[int]]:
    """A filter as (the articles to keep, None for all; the articles to leave out). `known`
    keeps each term's set for the next filter read in the same snapshot (the sets are
    never changed in place: every combination makes a new one). `within`: a set every
    result is in anyway (a search's matches), read with the filter (the keys of its members
    tested, rather than read out for the whole cache); the articles kept are then in it."""
    if node is None and within is None:
        return None, set()
    if node is None:
        return _evaluate(conn, within, known)[0], set()
    found, out = _evaluate(conn, node, known, within)
    return (None, found) if out else (found, set())
