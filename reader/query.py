"""The query layer: filters, sort orders, full-text search and counts, as SQL over the cache
with the state database attached as `state`.

The CLI and the TUI both go through here; nothing else knows the SQL. Nothing here imports
Textual.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from reader.store.cache import utc_from_epoch

SORTS = ("date", "newest", "quality", "relevance")

_ORDER_BY = {
    # Newest local calendar day first, better quality first within a day, then newer first.
    # SQLite sorts NULL lowest, so undated and unrated articles fall to the end.
    "date": "a.day DESC, a.quality DESC, a.published DESC, a.n",
    "newest": "a.published DESC, a.n",
    "quality": "a.quality DESC, a.published DESC, a.n",
    "relevance": "bm25(search, 10.0, 4.0, 1.0), a.day DESC, a.n",  # title counts most
}
_WORD_RE = re.compile(r'"[^"]+"|[\w][\w\'’.-]*', re.UNICODE)


@dataclass(frozen=True)
class Query:
    """What the user asked to see. Several topics (or providers) mean any of them; different
    kinds of filter narrow each other."""

    topics: tuple[str, ...] = ()
    providers: tuple[str, ...] = ()
    read: bool | None = None  # None: all; False: unread only; True: read only
    starred: bool = False
    search: str = ""
    sort: str | None = None  # None: relevance when searching, else date

    @property
    def order(self) -> str:
        if self.sort == "relevance" and not self.search.strip():
            return "date"
        return self.sort or ("relevance" if self.search.strip() else "date")

    def but(self, **changes: object) -> Query:
        return replace(self, **changes)

    @property
    def is_filtered(self) -> bool:
        return bool(self.topics or self.providers or self.read is not None or self.starred or self.search.strip())

    def describe(self) -> str:
        """The active filters in a few words, for a status line."""
        parts = []
        if self.topics:
            parts.append("topic: " + " or ".join(self.topics))
        if self.providers:
            parts.append("provider: " + " or ".join(self.providers))
        if self.read is False:
            parts.append("unread")
        elif self.read is True:
            parts.append("read")
        if self.starred:
            parts.append("starred")
        if self.search.strip():
            parts.append(f"search: {self.search.strip()}")
        return " · ".join(parts) or "all articles"


@dataclass(frozen=True, slots=True)
class Row:
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

    def as_json(self) -> dict:
        return {
            "id": self.id, "title": self.title, "url": self.url,
            "published": iso(self.published), "provider": self.provider, "domain": self.domain,
            "topics": list(self.topics), "quality": self.quality, "heat": self.heat,
            "read": self.read, "starred": self.starred, "path": self.path,
        }


@dataclass(frozen=True, slots=True)
class RelatedEntry:
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


@dataclass(frozen=True)
class ArticleDetail:
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
    cited_by: tuple[Row, ...] = field(default=())

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


@dataclass(frozen=True, slots=True)
class Count:
    name: str
    total: int
    unread: int
    domain: str | None = None

    def as_json(self) -> dict:
        data = {"name": self.name, "total": self.total, "unread": self.unread}
        if self.domain is not None:
            data["domain"] = self.domain
        return data


@dataclass(frozen=True)
class Counts:
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
    terms = []
    for token in _WORD_RE.findall(text):
        words = re.findall(r"\w+", token)
        if words:
            terms.append('"' + " ".join(words) + '"')
    if not terms:
        return ""
    if not text.rstrip().endswith('"'):
        terms[-1] += "*"
    return " ".join(terms)


# -- SQL -----------------------------------------------------------------------------------

_READ = "EXISTS (SELECT 1 FROM state.marks m WHERE m.article_id = a.id AND m.read)"
_STARRED = "EXISTS (SELECT 1 FROM state.marks m WHERE m.article_id = a.id AND m.starred)"


def _filters(query: Query) -> tuple[list[str], list[object]]:
    where: list[str] = []
    params: list[object] = []
    if query.topics:
        marks = ",".join("?" * len(query.topics))
        where.append(
            f"a.n IN (SELECT at.article FROM article_topics at JOIN topics t ON t.id = at.topic WHERE t.name IN ({marks}))"
        )
        params.extend(query.topics)
    if query.providers:
        marks = ",".join("?" * len(query.providers))
        where.append(
            f"a.provider_id IN (SELECT id FROM providers WHERE name IN ({marks}) OR domain IN ({marks}) COLLATE NOCASE)"
        )
        params.extend(query.providers * 2)
    if query.read is not None:
        where.append(_READ if query.read else f"NOT {_READ}")
    if query.starred:
        where.append(_STARRED)
    return where, params


def select_ids(conn: sqlite3.Connection, query: Query, limit: int | None = None) -> list[int]:
    """The row numbers of the matching articles, in order: all a list needs up front."""
    where, params = _filters(query)
    order = query.order
    match = fts_query(query.search) if query.search.strip() else ""
    if query.search.strip() and not match:
        return []  # only punctuation: nothing can match
    if match:
        where.insert(0, "search MATCH ?")
        params.insert(0, match)
        source = "search JOIN articles a ON a.n = search.rowid"
    else:
        source = "articles a"
    sql = f"SELECT a.n FROM {source}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {_ORDER_BY[order]}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [n for (n,) in conn.execute(sql, params)]


_ROW_SQL = """
SELECT a.n, a.id, a.title, a.published, p.name, p.domain, a.quality, a.heat, a.url, a.path,
       coalesce(m.read, 0), coalesce(m.starred, 0),
       (SELECT group_concat(name, char(31)) FROM (
            SELECT t.name FROM article_topics at JOIN topics t ON t.id = at.topic
            WHERE at.article = a.n ORDER BY at.position))
FROM articles a LEFT JOIN providers p ON p.id = a.provider_id
LEFT JOIN state.marks m ON m.article_id = a.id
"""


def _row(values: tuple) -> Row:
    n, id_, title, published, provider, domain, quality, heat, url, path, read, starred, topics = values
    return Row(
        n, id_, title, utc_from_epoch(published), provider, domain, quality, heat, url, path,
        bool(read), bool(starred), tuple(topics.split("\x1f")) if topics else (),
    )


def select_rows(conn: sqlite3.Connection, ns: Sequence[int]) -> dict[int, Row]:
    """Display rows for some row numbers (a screenful, a page): cheap whatever the list size."""
    rows: dict[int, Row] = {}
    for start in range(0, len(ns), 500):
        chunk = list(ns[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for values in conn.execute(f"{_ROW_SQL} WHERE a.n IN ({marks})", chunk):
            rows[values[0]] = _row(values)
    return rows


def find_ids(conn: sqlite3.Connection, prefix: str) -> list[str]:
    """Article ids starting with `prefix` (at most two: enough to tell unique from ambiguous)."""
    prefix = prefix.strip().lower()
    rows = conn.execute("SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 2", (prefix, prefix + "~"))
    return [id_ for (id_,) in rows]


def select_detail(conn: sqlite3.Connection, article_id: str) -> ArticleDetail | None:
    found = conn.execute(f"{_ROW_SQL} WHERE a.id = ?", (article_id,)).fetchone()
    if found is None:
        return None
    row = _row(found)
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
    return ArticleDetail(
        row=row, excerpt=excerpt, body=body, original_url=original_url, amp_url=amp_url,
        updated=utc_from_epoch(updated), type=type_, category=category, tags=tuple(json.loads(tags)),
        images=tuple(tuple(image) for image in json.loads(images)), related=related,
        cited_by=tuple(sorted(cited.values(), key=lambda r: r.published.timestamp() if r.published else 0, reverse=True)),
    )


def select_counts(conn: sqlite3.Connection) -> Counts:
    total, unread, starred = conn.execute(
        """SELECT count(*), coalesce(sum(coalesce(m.read, 0) = 0), 0), coalesce(sum(coalesce(m.starred, 0)), 0)
           FROM articles a LEFT JOIN state.marks m ON m.article_id = a.id"""
    ).fetchone()
    topics = tuple(
        Count(name, total_, unread_)
        for name, total_, unread_ in conn.execute(
            """SELECT t.name, count(*), sum(coalesce(m.read, 0) = 0)
               FROM article_topics at JOIN topics t ON t.id = at.topic JOIN articles a ON a.n = at.article
               LEFT JOIN state.marks m ON m.article_id = a.id
               GROUP BY t.id ORDER BY t.name COLLATE NOCASE"""
        )
    )
    providers = tuple(
        Count(name, total_, unread_, domain)
        for name, domain, total_, unread_ in conn.execute(
            """SELECT p.name, p.domain, count(*), sum(coalesce(m.read, 0) = 0)
               FROM articles a JOIN providers p ON p.id = a.provider_id
               LEFT JOIN state.marks m ON m.article_id = a.id
               GROUP BY p.id ORDER BY p.name COLLATE NOCASE"""
        )
    )
    return Counts(total, unread, starred, topics, providers)


def select_problems(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return conn.execute("SELECT path, kind, reason FROM problems ORDER BY path").fetchall()
