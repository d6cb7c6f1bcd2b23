"""The query layer: filters, sort orders, full-text search and counts, as SQL over the cache
with the state database attached as `state`.

The CLI and the TUI both go through here; nothing else knows the SQL. Nothing here imports
Textual.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import datetime

from msgspec import Struct
from msgspec.structs import replace

from reader import query_build, query_scope
from reader.query_fields import MARKED, Leaf
from reader.query_kept import Kept, Recent
from reader.query_language import And, Node, Term, Text, all_of, any_of, fts_term, parse, search_terms
from reader.store.cache import BULK_BUILD, utc_from_epoch
from reader.store.db import in_chunks

SORTS = ("date", "newest", "quality", "relevance")

_ORDER_BY = {
    # Newest local calendar day first, better quality first within a day, then newer first.
    # SQLite sorts NULL lowest, so undated and unrated articles fall to the end.
    "date": "a.day DESC, a.quality DESC, a.published DESC, a.n",
    "newest": "a.published DESC, a.n",
    "quality": "a.quality DESC, a.published DESC, a.n",
}
# Relevance while searching is in tiers, each in the date order: every word in the title
# first, then every word in the title or the excerpt, then the rest (words found in the body).
# Each tier is a column-filtered FTS5 query returning bare row numbers. Ranking by bm25()
# instead read every match's column sizes (~1 us a match): 60-80 ms for a word in a third
# of 100,000 articles, before a single row could be shown.
_TIERS = ("{title}", "{title excerpt}")
# Below this many matches, sorting them in SQL beats building a whole sort order not kept yet
# (at 100,000 articles, ~10 ms against ~25 ms; the order is not kept while an index runs).
_SORT_IN_SQL = 10_000


class Query(Struct, frozen=True):
    """What the user asked to see. Several topics (or providers) mean any of them; different
    kinds of filter narrow each other. The options are shorthand for terms of the query
    language; `expression` is a query in it (reader/query_language.py), checked when made:
    it raises QueryError."""

    topics: tuple[str, ...] = ()
    providers: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()  # subscribed feeds by title, domain or URL (feed:)
    read: bool | None = None  # None: all; False: unread only; True: read only
    starred: bool = False
    search: str = ""
    sort: str | None = None  # None: relevance when searching, else date
    expression: str = ""
    view: str = ""  # a saved view's query, narrowed by everything else

    def __post_init__(self) -> None:
        parse(self.expression)
        parse(self.view)

    def condition(self) -> Node | None:
        """Everything asked for as one tree of the query language (None: every article)."""
        parts: list[Node | None] = [
            any_of([Term("topic", ":", name) for name in self.topics]),
            any_of([Term("provider", ":", name) for name in self.providers]),
            any_of([Term("feed", ":", name) for name in self.feeds]),
            None if self.read is None else Term("is", ":", "read" if self.read else "unread"),
            Term("is", ":", "starred") if self.starred else None,
            # Search text of punctuation alone has no words: it matches nothing, as before.
            *(search_terms(self.search) or ([Text(self.search.strip())] if self.search.strip() else [])),
            parse(self.view),
            parse(self.expression),
        ]
        # One conjunction (AND is associative; the builder never merges its terms, and a
        # second term of an any-of field prints in parentheses), so it prints back simply.
        return all_of([node for part in parts if part is not None for node in (part.nodes if isinstance(part, And) else (part,))])

    @property
    def searching(self) -> bool:
        """Whether full-text words narrow the list (then relevance is an order)."""
        return query_build.plan(self.condition()).match is not None

    @property
    def order(self) -> str:
        searching = self.searching
        if self.sort == "relevance" and not searching:
            return "date"
        return self.sort or ("relevance" if searching else "date")

    def but(self, **changes: object) -> Query:
        return replace(self, **changes)

    @property
    def is_filtered(self) -> bool:
        return self.condition() is not None

    def describe(self) -> str:
        """The active filters in a few words, for a status line."""
        parts = []
        if self.topics:
            parts.append("topic: " + " or ".join(self.topics))
        if self.providers:
            parts.append("provider: " + " or ".join(self.providers))
        if self.feeds:
            parts.append("feed: " + " or ".join(self.feeds))
        if self.read is False:
            parts.append("unread")
        elif self.read is True:
            parts.append("read")
        if self.starred:
            parts.append("starred")
        if self.search.strip():
            parts.append(f"search: {self.search.strip()}")
        if self.view.strip():
            parts.append(f"view: {self.view.strip()}")
        if self.expression.strip():
            parts.append(f"search: {self.expression.strip()}")  # what the app's search box holds
        return " · ".join(parts) or "all articles"


class Row(Struct, frozen=True):
    """One article as a list shows it."""

    n: int
    id: str
    title: str
    published: datetime | None
    provider: str | None
    domain: str | None
    quality: float | None
    heat: float | None
    url: str | None
    path: str
    read: bool
    starred: bool
    topics: tuple[str, ...] = ()
    story: str | None = None  # the story's id when another article shares it
    story_outlets: int = 0  # other outlets covering its story (an article without a provider counts as one)
    # A row standing for a whole story (the Stories list): its articles, how many are unread,
    # and in story_outlets all of its outlets.
    story_size: int = 1
    story_unread: int = 0

    def as_json(self) -> dict:
        return {
            "id": self.id, "title": self.title, "url": self.url,
            "published": iso(self.published), "provider": self.provider, "domain": self.domain,
            "topics": list(self.topics), "quality": self.quality, "heat": self.heat,
            "read": self.read, "starred": self.starred, "path": self.path, "story": self.story,
        }


class RelatedEntry(Struct, frozen=True):
    """One entry of an article's related list, and the article it names if the cache has it."""

    position: int
    title: str
    url: str | None
    excerpt: str | None
    published: datetime | None
    provider: str | None
    domain: str | None
    quality: float | None
    images: tuple[str, ...]
    article_id: str | None  # the cached article its URL resolves to
    article_read: bool | None

    def as_json(self) -> dict:
        return {
            "title": self.title, "url": self.url, "excerpt": self.excerpt, "published": iso(self.published),
            "provider": self.provider, "domain": self.domain, "quality": self.quality,
            "images": list(self.images), "id": self.article_id, "read": self.article_read,
        }


class ArticleDetail(Struct, frozen=True):
    """Everything about one article that the detail pane and `reader show` print."""

    row: Row
    excerpt: str | None
    body: str
    original_url: str | None
    amp_url: str | None
    updated: datetime | None
    type: str | None
    category: str | None
    tags: tuple[str, ...]
    images: tuple[tuple[str, int | None, int | None], ...]
    related: tuple[RelatedEntry, ...] = ()
    cited_by: tuple[Row, ...] = ()
    same_story: tuple[Row, ...] = ()  # the other articles of its story, oldest first

    def as_json(self) -> dict:
        data = self.row.as_json()
        data.update(
            excerpt=self.excerpt, body=self.body, original_url=self.original_url, amp_url=self.amp_url,
            updated=iso(self.updated), type=self.type, category=self.category, tags=list(self.tags),
            images=[{"url": u, "width": w, "height": h} for u, w, h in self.images],
            related=[entry.as_json() for entry in self.related],
            cited_by=[row.id for row in self.cited_by],
        )
        return data


class Count(Struct, frozen=True):
    """A sidebar entry's counts: its articles and how many are unread."""

    name: str
    total: int
    unread: int
    domain: str | None = None

    def as_json(self) -> dict:
        data = {"name": self.name, "total": self.total, "unread": self.unread}
        if self.domain is not None:
            data["domain"] = self.domain
        return data


class Counts(Struct, frozen=True):
    """Everything a sidebar shows."""

    total: int
    unread: int
    starred: int
    topics: tuple[Count, ...]
    providers: tuple[Count, ...]


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment is not None else None


def fts_query(text: str) -> str:
    """User words to a safe FTS5 query: every word must match, the last one as a prefix (so
    results follow typing), "quoted phrases" kept. Operators and punctuation never reach FTS5."""
    return " ".join(term for term in map(fts_term, search_terms(text)) if term)


# -- SQL -----------------------------------------------------------------------------------

# Every filter is built by reader/query_build.py from the query's tree: each term a set of
# row numbers, written as a subquery yielding `n`. One SQL text serves twice: as a probe
# inside a query (`+a.n IN (...)`; the unary plus keeps SQLite walking the sort index in order
# and stopping at LIMIT, instead of fetching every member's wide row to sort them) and as a
# set a full list is filtered by in Python.
_MARKED_NS = MARKED  # the articles marked read (or starred), for the counts
# Sort keys by row number: search results are joined through it, never through the wide rows.
_KEYS = "articles a INDEXED BY articles_keys"
_members = query_build.members


def select_ids(conn: sqlite3.Connection, query: Query, limit: int | None = None, scope: Leaf | None = None) -> list[int]:
    """The row numbers of the matching articles, in order: all a list needs up front.
    `scope`: only articles in it (reader/query_scope.py)."""
    order = query.order
    plan = _plan(query, scope)
    if plan.match is not None:
        if not plan.match:
            return []  # only punctuation: nothing can match
        found = _snapshot(conn, _searched, plan, order)
        return found if limit is None else found[: max(0, limit)]
    if limit is None:
        return _snapshot(conn, _whole_list, plan.filter, order)
    where, params = query_build.condition(plan.filter)
    sql = "SELECT a.n FROM articles a"
    if where:
        sql += " WHERE " + where
    sql += f" ORDER BY {_ORDER_BY[order]} LIMIT {int(limit)}"
    return [n for (n,) in conn.execute(sql, params)]


def search_pending(conn: sqlite3.Connection, query: Query) -> bool:
    """Whether `query` searches the text while a bulk build has yet to make the search index
    (reader/store/bulk.py rebuilds it at the end): until then its matches are none."""
    if _plan(query, None).match is None:
        return False
    return conn.execute("SELECT 1 FROM meta WHERE key = ?", (BULK_BUILD,)).fetchone() is not None


def _plan(query: Query, scope: Leaf | None) -> query_build.Plan:
    plan = query_build.plan(query.condition())
    return replace(plan, filter=query_scope.narrowed(plan.filter, scope))


def _snapshot(conn: sqlite3.Connection, function, *args):
    """Runs `function(conn, *args)` in one read transaction: the sets it takes and the order
    they are checked against all come from the same state of the cache."""
    own_transaction = not conn.in_transaction
    if own_transaction:
        conn.execute("BEGIN")
    try:
        return function(conn, *args)
    finally:
        if own_transaction:
            conn.execute("COMMIT")


def _whole_list(conn: sqlite3.Connection, where: Node | None, order: str) -> list[int]:
    """A full list without search: the whole sort order (kept between calls while the cache
    is unchanged) filtered by the filters' sets. One pass in Python costs a few ms at 100,000
    articles; SQLite's per-row probe of the same sets costs ten times that."""
    keep, drop = query_build.keep_drop(conn, where)
    everything = _ORDERS.get(conn, order)
    if keep is not None:
        return [n for n in everything if n in keep]
    if drop:
        return [n for n in everything if n not in drop]
    return list(everything)


def _searched(conn: sqlite3.Connection, plan: query_build.Plan, order: str) -> list[int]:
    """Search results: the matches (bare row numbers from FTS5) narrowed by the filters' sets,
    in a sort order; for relevance, in tiers (see _TIERS), each in the date order."""
    match = plan.match
    keep, drop = query_build.keep_drop(conn, plan.filter, within=query_build.matches(match))
    hits = keep - drop
    if not hits:
        return []
    if order != "relevance":
        return _in_order(conn, hits, order)
    title, lead = (
        _members(conn, "SELECT rowid AS n FROM search WHERE search MATCH ?", (f"{columns}: ({match})",))
        for columns in _TIERS
    )
    ordered = _in_order(conn, hits, "date")
    if not lead:
        return ordered
    return (
        [n for n in ordered if n in title]
        + [n for n in ordered if n in lead and n not in title]
        + [n for n in ordered if n not in lead]
    )


def _in_order(conn: sqlite3.Connection, ns: set[int], order: str) -> list[int]:
    """Some row numbers in a sort order. Picking them from the whole order costs ~30 ns per
    article in the cache; SQLite sorting them from the keys index ~1 us per one picked; building
    a whole order not kept yet ~250 ns per article. So: few are sorted in SQL, many picked."""
    kept = _ORDERS.kept(conn, order)
    many = len(ns) * 30 >= len(kept) if kept is not None else len(ns) >= _SORT_IN_SQL
    if many:
        return [n for n in _ORDERS.get(conn, order) if n in ns]
    return [
        n for (n,) in conn.execute(
            f"SELECT a.n FROM {_KEYS} WHERE a.n IN (SELECT value FROM json_each(?)) ORDER BY {_ORDER_BY[order]}",
            (json.dumps(list(ns)),),
        )
    ]


class _SortOrders:
    """Every row number in each sort order, per connection, for as long as the cache it reads
    is unchanged (reader/query_kept.py)."""

    def __init__(self) -> None:
        self._kept = Kept("main")

    def kept(self, conn: sqlite3.Connection, order: str) -> list[int] | None:
        """The order if it is kept for the current snapshot, else None (nothing is built)."""
        return self._kept.current(conn).get(order)

    def get(self, conn: sqlite3.Connection, order: str) -> list[int]:
        orders = self._kept.current(conn)
        if order not in orders:
            orders[order] = [n for (n,) in conn.execute(f"SELECT a.n FROM articles a ORDER BY {_ORDER_BY[order]}")]
        return orders[order]


_ORDERS = _SortOrders()


_ROW_SQL = """
SELECT a.n, a.id, a.title, a.published, p.name, p.domain, a.quality, a.heat, a.url, a.path,
       coalesce(m.read, 0), coalesce(m.starred, 0),
       (SELECT group_concat(name, char(31)) FROM (
            SELECT t.name FROM article_topics at JOIN topics t ON t.id = at.topic
            WHERE at.article = a.n ORDER BY at.position)),
       sm.story,
       CASE WHEN sm.story IS NULL THEN 0 ELSE (
            SELECT count(DISTINCT coalesce(o.provider_id, -o.n)) FROM story_members os JOIN articles o ON o.n = os.n
            WHERE os.story = sm.story AND coalesce(o.provider_id, -o.n) != coalesce(a.provider_id, -a.n)) END
FROM articles a LEFT JOIN providers p ON p.id = a.provider_id
LEFT JOIN state.marks m ON m.article_id = a.id
LEFT JOIN story_members sm ON sm.n = a.n
"""


def _row(values: tuple) -> Row:
    n, id_, title, published, provider, domain, quality, heat, url, path, read, starred, topics, story, outlets = values
    return Row(
        n, id_, title, utc_from_epoch(published), provider, domain, quality, heat, url, path,
        bool(read), bool(starred), tuple(topics.split("\x1f")) if topics else (), story, outlets,
    )


def select_rows(conn: sqlite3.Connection, ns: Sequence[int], scope: Leaf | None = None) -> dict[int, Row]:
    """Display rows for some row numbers (a screenful, a page): cheap whatever the list size.
    `scope`: a row's story and outlets count only the articles in it, as the Stories list does."""
    rows: dict[int, Row] = {}
    for chunk, marks in in_chunks(ns):
        for values in conn.execute(f"{_ROW_SQL} WHERE a.n IN ({marks})", chunk):
            rows[values[0]] = _row(values)
    if scope is not None and any(row.story for row in rows.values()):
        _story_in_scope(conn, rows, scope)
    return rows


def _story_in_scope(conn: sqlite3.Connection, rows: dict[int, Row], scope: Leaf) -> None:
    """Recounts the rows' stories among the articles in `scope` only (stories are found over
    the whole cache, which keeps every PATH it indexed): a story with no other article in it
    is no story here."""
    stories = sorted({row.story for row in rows.values() if row.story})
    members: dict[str, list[tuple[int, int]]] = {}  # story -> (row number, outlet)
    for chunk, marks in in_chunks(stories):
        for story, n, outlet in conn.execute(
            "SELECT sm.story, sm.n, coalesce(o.provider_id, -o.n) FROM story_members sm JOIN articles o ON o.n = sm.n"
            f" WHERE sm.story IN ({marks})", chunk,
        ):
            members.setdefault(story, []).append((n, outlet))
    inside = query_scope.among(conn, scope, [n for found in members.values() for n, _ in found])
    for n, row in rows.items():
        if not row.story:
            continue
        here = [(m, outlet) for m, outlet in members.get(row.story, ()) if m in inside]
        own = next((outlet for m, outlet in here if m == n), None)
        others = {outlet for m, outlet in here if m != n}
        if not others:
            rows[n] = replace(row, story=None, story_outlets=0)
        else:
            rows[n] = replace(row, story_outlets=len(others - {own}))


def select_unread_ids(conn: sqlite3.Connection, ns: Sequence[int]) -> list[str]:
    """Article ids of the unread articles among some row numbers: what "mark all read" needs,
    without building display rows for a whole view."""
    found: list[str] = []
    for chunk, marks in in_chunks(ns):
        found.extend(
            article_id for (article_id,) in conn.execute(
                f"""SELECT a.id FROM articles a LEFT JOIN state.marks m ON m.article_id = a.id
                    WHERE a.n IN ({marks}) AND NOT coalesce(m.read, 0)""",
                chunk,
            )
        )
    return found


def select_next_unread(conn: sqlite3.Connection, ns: Sequence[int], start: int, step: int) -> int | None:
    """The index in `ns` (a list as shown, in its order) of the first unread article from
    index `start` on, going `step` (1 down the list, -1 up), or None: what n and p look for.
    The list already holds only what its query matches, so the list is walked against one
    set (see `unread_test`)."""
    indexes = walk(len(ns), start, step)
    return _snapshot(conn, _next_unread, ns, indexes) if indexes else None


def walk(size: int, start: int, step: int) -> range:
    """The indexes n and p look through in a list of `size`: from `start` (itself included)
    to the end going `step`; empty when `start` is outside the list."""
    if step not in (1, -1):
        raise ValueError(f"step is 1 or -1, not {step!r}")
    if not 0 <= start < size:
        return range(0)
    return range(start, size) if step > 0 else range(start, -1, -1)


# The unread articles. Both sides are read in id order and merged (SQLite's MERGE (EXCEPT)):
# two sequential index scans instead of a lookup of every cached id among the read marks,
# about half the time at 100,000 articles with none unread; then only the unread ids are
# looked up (this runs when fewer than half are unread).
_UNREAD_NS = (
    "SELECT a.n AS n FROM articles a WHERE a.id IN"
    " (SELECT id FROM articles EXCEPT SELECT article_id FROM state.marks WHERE read ORDER BY 1)"
)


class UnreadTest(Struct, frozen=True):
    """Whether a row number is unread, from one set: the unread articles when most are read
    (with none unread, nothing is looked through at all), else the read ones. In the second
    case a row number not in the cache also tests unread: `cached` tells them apart."""

    members: set[int]
    are_unread: bool

    def __contains__(self, n: object) -> bool:
        return (n in self.members) == self.are_unread

    @property
    def none(self) -> bool:
        return self.are_unread and not self.members

    def still_unread(self, conn: sqlite3.Connection, n: int) -> bool:
        """Unread, and still in the cache (a row of a list shown before a rescan may be gone)."""
        return n in self and (self.are_unread or cached(conn, n))


def unread_test(conn: sqlite3.Connection) -> UnreadTest:
    (marked,) = conn.execute("SELECT count(*) FROM state.marks WHERE read").fetchone()
    (cached,) = conn.execute("SELECT count(*) FROM articles").fetchone()
    if 2 * marked > cached:  # mostly read: the unread ones are the smaller set
        return UnreadTest(_members(conn, _UNREAD_NS, ()), are_unread=True)
    return UnreadTest(query_build.marked(conn, "read"), are_unread=False)


def cached(conn: sqlite3.Connection, n: int) -> bool:
    """Whether a row number is still in the cache: an article gone since its list was shown
    is never marked, so n passes it over."""
    return conn.execute("SELECT 1 FROM articles WHERE n = ?", (n,)).fetchone() is not None


def _next_unread(conn: sqlite3.Connection, ns: Sequence[int], indexes: range) -> int | None:
    unread = unread_test(conn)
    if unread.none:
        return None
    return next((i for i in indexes if unread.still_unread(conn, ns[i])), None)


def select_row_number(conn: sqlite3.Connection, article_id: str) -> int | None:
    """The row number of an article by its full id (where a list keeps its cursor)."""
    found = conn.execute("SELECT n FROM articles WHERE id = ?", (article_id,)).fetchone()
    return found[0] if found else None


def find_ids(conn: sqlite3.Connection, prefix: str) -> list[str]:
    """Article ids starting with `prefix` (at most two: enough to tell unique from ambiguous)."""
    prefix = prefix.strip().lower()
    rows = conn.execute("SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 2", (prefix, prefix + "~"))
    return [id_ for (id_,) in rows]


def select_detail(conn: sqlite3.Connection, article_id: str, scope: Leaf | None = None) -> ArticleDetail | None:
    """One article in full. `scope`: its Same story lists only the articles in it (an article
    outside the scope, asked for by id, keeps its whole story, as select_story_of does)."""
    found = conn.execute(f"{_ROW_SQL} WHERE a.id = ?", (article_id,)).fetchone()
    if found is None:
        return None
    row = _row(found)
    if scope is not None and row.n not in query_scope.among(conn, scope, [row.n]):
        scope = None
    if scope is not None and row.story:
        recounted = {row.n: row}
        _story_in_scope(conn, recounted, scope)
        row = recounted[row.n]
    extra = conn.execute(
        "SELECT excerpt, body, original_url, amp_url, updated, type, category, tags, images FROM articles WHERE n = ?",
        (row.n,),
    ).fetchone()
    excerpt, body, original_url, amp_url, updated, type_, category, tags, images = extra
    related = tuple(
        RelatedEntry(
            position, title, url, rel_excerpt, utc_from_epoch(published), provider, domain, quality,
            tuple(image[0] for image in json.loads(rel_images)), target, None if target is None else bool(read),
        )
        for position, title, url, rel_excerpt, published, provider, domain, quality, rel_images, target, read in conn.execute(
            """SELECT r.position, r.title, r.url, r.excerpt, r.published, r.provider, r.domain, r.quality, r.images,
                      t.id, coalesce(m.read, 0)
               FROM related r LEFT JOIN articles t ON t.id = r.target_id
               LEFT JOIN state.marks m ON m.article_id = t.id
               WHERE r.article = ? ORDER BY r.position""",
            (row.n,),
        )
    )
    citing = [n for (n,) in conn.execute(
        "SELECT DISTINCT r.article FROM related r WHERE r.target_id = ? AND r.article != ?", (article_id, row.n)
    )]
    cited = select_rows(conn, citing)
    same_ns = [n for (n,) in conn.execute(
        "SELECT o.n FROM story_members me JOIN story_members o ON o.story = me.story WHERE me.n = ? AND o.n != ?", (row.n, row.n)
    )]
    if scope is not None:
        inside = query_scope.among(conn, scope, same_ns)
        same_ns = [n for n in same_ns if n in inside]
    same = select_rows(conn, same_ns, scope)
    return ArticleDetail(
        row=row, excerpt=excerpt, body=body, original_url=original_url, amp_url=amp_url,
        updated=utc_from_epoch(updated), type=type_, category=category, tags=tuple(json.loads(tags)),
        images=tuple(tuple(image) for image in json.loads(images)), related=related,
        cited_by=tuple(sorted(cited.values(), key=lambda r: r.published.timestamp() if r.published else 0, reverse=True)),
        same_story=tuple(sorted(same.values(), key=lambda r: (r.published is None, r.published.timestamp() if r.published else 0, r.id))),
    )


def select_counts(conn: sqlite3.Connection, scope: Leaf | None = None) -> Counts:
    """Totals come from the cache's indexes alone; read and starred from the marks, joined to
    articles by id: proportional to the marks, not to every article times its topics.
    `scope`: only the articles in it (reader/query_scope.py), each looked up by row number."""
    if scope is not None:
        return _snapshot(conn, _scoped_counts, scope)
    total, topic_totals, provider_totals = _totals(conn)
    starred = conn.execute(
        "SELECT coalesce(sum(m.starred), 0) FROM state.marks m CROSS JOIN articles a ON a.id = m.article_id WHERE m.starred"
    ).fetchone()[0]
    return _counted(conn, total, topic_totals, provider_totals, starred, _MARKED_NS.format(flag="read"))


# Totals change only with the cache, not with the marks: kept, so the recount after every
# mark reads only the read marks (~20 of 70 ms at 100,000 articles).
_TOTALS = Kept("main")


def _totals(conn: sqlite3.Connection) -> tuple[int, dict, dict]:
    """Articles in the cache, by topic id and by provider id."""
    kept = _TOTALS.current(conn)
    if "totals" not in kept:
        kept["totals"] = (
            conn.execute("SELECT count(*) FROM articles").fetchone()[0],
            dict(conn.execute("SELECT topic, count(*) FROM article_topics GROUP BY topic")),
            dict(conn.execute("SELECT provider_id, count(*) FROM articles WHERE provider_id IS NOT NULL GROUP BY provider_id")),
        )
    return kept["totals"]


# The topics and providers of a set of articles (`s`), with how many there are: one pass.
_SET_COUNTS = f"""
SELECT 'topic', at.topic, count(*) FROM s CROSS JOIN article_topics at ON at.article = s.n GROUP BY at.topic
UNION ALL
SELECT 'provider', a.provider_id, count(*) FROM s CROSS JOIN {_KEYS} ON a.n = s.n
 WHERE a.provider_id IS NOT NULL GROUP BY a.provider_id
UNION ALL
SELECT 'all', NULL, count(*) FROM s"""


def _scoped_counts(conn: sqlite3.Connection, scope: Leaf) -> Counts:
    """Counts of a scope's articles; of a complement (most of the cache), everything's
    counts less those of the few left out."""
    totals: dict[str, dict] = {"topic": {}, "provider": {}, "all": {}}
    for kind, key, count in conn.execute(f"WITH s(n) AS MATERIALIZED ({scope.sql} ORDER BY 1) {_SET_COUNTS}", scope.params):
        totals[kind][key] = count
    marked = f"SELECT n FROM ({scope.sql}) WHERE n IN ({_MARKED_NS.format(flag='{flag}')})"
    (starred,) = conn.execute(f"SELECT count(*) FROM ({marked.format(flag='starred')})", scope.params).fetchone()
    counts = _counted(
        conn, totals["all"].get(None, 0), totals["topic"], totals["provider"], starred, marked.format(flag="read"), scope.params
    )
    return _less(select_counts(conn), counts) if scope.complement else counts


def _less(everything: Counts, left_out: Counts) -> Counts:
    def minus(all_of: tuple[Count, ...], out: tuple[Count, ...]) -> tuple[Count, ...]:
        gone = {count.name: count for count in out}
        kept = []
        for count in all_of:
            less = gone.get(count.name)
            if less is None:
                kept.append(count)
            elif count.total > less.total:
                kept.append(replace(count, total=count.total - less.total, unread=count.unread - less.unread))
        return tuple(kept)

    return Counts(
        everything.total - left_out.total, everything.unread - left_out.unread, everything.starred - left_out.starred,
        minus(everything.topics, left_out.topics), minus(everything.providers, left_out.providers),
    )


def _counted(
    conn: sqlite3.Connection, total: int, topic_totals: dict, provider_totals: dict, starred: int, read_sql: str,
    params: tuple = (),
) -> Counts:
    """Counts from totals and the set of read articles (`read_sql`)."""
    read, topic_read, provider_read = 0, {}, {}
    # One statement, so the read articles are looked up once for all three counts.
    for kind, key, count in conn.execute(f"WITH s(n) AS MATERIALIZED ({read_sql} ORDER BY 1) {_SET_COUNTS}", params):
        if kind == "topic":
            topic_read[key] = count
        elif kind == "provider":
            provider_read[key] = count
        else:
            read = count
    topics = tuple(
        Count(name, topic_totals[id_], topic_totals[id_] - topic_read.get(id_, 0))
        for id_, name in conn.execute("SELECT id, name FROM topics ORDER BY name COLLATE NOCASE")
        if id_ in topic_totals
    )
    providers = tuple(
        Count(name, provider_totals[id_], provider_totals[id_] - provider_read.get(id_, 0), domain)
        for id_, name, domain in conn.execute("SELECT id, name, domain FROM providers ORDER BY name COLLATE NOCASE")
        if id_ in provider_totals
    )
    return Counts(total, total - read, starred, topics, providers)


def select_problems(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return conn.execute("SELECT path, kind, reason FROM problems ORDER BY path").fetchall()


def select_bodiless(conn: sqlite3.Connection) -> list[Row]:
    """Articles whose file has no body of its own (an excerpt at most): full-text candidates."""
    return [_row(values) for values in conn.execute(f"{_ROW_SQL} WHERE trim(a.body) = '' ORDER BY a.n")]


def select_view_counts(conn: sqlite3.Connection, views: Sequence[tuple[str, Query]], scope: Leaf | None = None) -> tuple[Count, ...]:
    """Total and unread counts of named queries (saved views), from one snapshot: the read
    marks and the article count are read once for all of them."""
    return _snapshot(conn, _view_counts, views, scope)


# The sets of the views' terms (topic:AI, quality>=60, a word's matches, the scope), kept while
# the cache, the stored full texts (has:full-text) and the subscriptions (feed:) are unchanged:
# the sidebar counts its views (and its feeds) again after every mark, when only the read marks
# have moved (ten views at 100,000 articles: ~200 ms with every set read again, ~40-70 ms with
# these kept). The marks' own sets are kept apart (query_build.marked), since they change with
# the marks. A set no count has used for four counts is dropped: a term on the present
# (age<2d) has new parameters, so a new set, at each count.
_VIEW_SETS = Kept("main", "fulltext", "feeds")


def _view_counts(conn: sqlite3.Connection, views: Sequence[tuple[str, Query]], scope: Leaf | None) -> tuple[Count, ...]:
    everything = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    read = query_build.marked(conn, "read")  # the set is:unread and is:read terms read too
    known = _VIEW_SETS.current(conn).setdefault("sets", Recent()).begin()  # each term's set, read once for all the views
    if scope is not None and (scope.sql, scope.params) not in known:  # every view is narrowed by it
        known[(scope.sql, scope.params)] = _members(conn, scope.sql, scope.params)
    counts = []
    for name, q in views:
        plan = _plan(q, scope)
        if plan.match is not None:
            keep, drop = query_build.keep_drop(conn, plan.filter, known, within=query_build.matches(plan.match))
            found, outside = keep - drop, False
        else:
            keep, drop = query_build.keep_drop(conn, plan.filter, known)
            found, outside = (drop, True) if keep is None else (keep, False)
        if outside:  # everything but `found`
            total, unread = everything - len(found), everything - len(found | read)
        else:
            total, unread = len(found), len(found - read)
        counts.append(Count(name, total, unread))
    return tuple(counts)
