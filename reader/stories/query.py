"""Stories as the views show them: one entry per story, and the other articles of one.

Part of the query layer (no Textual): the CLI's `reader stories` and `show`, and the TUI's
Stories mode and Same story section, all read through here. Article filters (topics,
providers, search, starred) are the query layer's own: a story is listed when any of its
articles matches them. A story is unread while any of its articles is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from reader.query import Query, iso, select_ids
from reader.store.cache import utc_from_epoch


@dataclass(frozen=True, slots=True)
class StoryArticle:
    n: int
    id: str
    title: str
    provider: str | None
    published: datetime | None
    quality: float | None
    read: bool

    def as_json(self) -> dict:
        return {"id": self.id, "title": self.title, "provider": self.provider, "published": iso(self.published), "read": self.read}


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    articles: tuple[StoryArticle, ...]  # the lead first (best quality, then earliest), then by date

    @property
    def lead(self) -> StoryArticle:
        return self.articles[0]

    @property
    def title(self) -> str:
        return self.lead.title

    @property
    def size(self) -> int:
        return len(self.articles)

    @property
    def providers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.provider for a in self.articles if a.provider))

    @property
    def first(self) -> datetime | None:
        return min((a.published for a in self.articles if a.published), default=None)

    @property
    def last(self) -> datetime | None:
        return max((a.published for a in self.articles if a.published), default=None)

    @property
    def unread(self) -> int:
        return sum(not a.read for a in self.articles)

    def as_json(self) -> dict:
        return {
            "id": self.id, "title": self.title, "size": self.size, "providers": list(self.providers),
            "first": iso(self.first), "last": iso(self.last), "unread": self.unread,
            "articles": [a.id for a in self.articles],
        }


_MEMBER_SQL = """
SELECT {key}, a.n, a.id, a.title, p.name, a.published, a.quality, coalesce(m.read, 0)
FROM {source}
LEFT JOIN providers p ON p.id = a.provider_id
LEFT JOIN state.marks m ON m.article_id = a.id
"""
_IN_STORIES = _MEMBER_SQL.format(key="sm.story", source="story_members sm JOIN articles a ON a.n = sm.n")
_ALONE = _MEMBER_SQL.format(key="a.id", source="articles a") + " WHERE a.n NOT IN (SELECT n FROM story_members)"


def _lead_order(a: StoryArticle) -> tuple:
    return (-(a.quality if a.quality is not None else float("-inf")), _time(a), a.id)


def _time(a: StoryArticle) -> tuple:
    return (a.published is None, a.published.timestamp() if a.published else 0.0, a.id)


def _story(story_id: str, members: list[StoryArticle]) -> Story:
    lead = min(members, key=_lead_order)
    rest = sorted((a for a in members if a is not lead), key=_time)
    return Story(story_id, (lead, *rest))


def _grouped(rows: Sequence[tuple]) -> dict[str, list[StoryArticle]]:
    groups: dict[str, list[StoryArticle]] = {}
    for key, n, id_, title, provider, published, quality, read in rows:
        groups.setdefault(key, []).append(StoryArticle(n, id_, title, provider, utc_from_epoch(published), quality, bool(read)))
    return groups


def select_stories(conn: sqlite3.Connection, query: Query = Query(), min_size: int = 1) -> list[Story]:
    """Stories with an article matching `query` (its read filter applies to whole stories),
    newest last article first."""
    article_filter = query.but(read=None)
    matching = set(select_ids(conn, article_filter)) if article_filter.is_filtered else None
    groups = _grouped(conn.execute(_IN_STORIES).fetchall())
    if min_size <= 1:
        groups.update(_grouped(conn.execute(_ALONE).fetchall()))
    stories = []
    for story_id, members in groups.items():
        if len(members) < min_size:
            continue
        if matching is not None and not any(a.n in matching for a in members):
            continue
        story = _story(story_id, members)
        if query.read is False and not story.unread or query.read is True and story.unread:
            continue
        stories.append(story)
    stories.sort(key=lambda s: (s.last is None, -(s.last.timestamp() if s.last else 0.0), s.id))
    return stories


def select_story_of(conn: sqlite3.Connection, article_id: str) -> Story | None:
    """The story an article belongs to, if another article shares it."""
    found = conn.execute(
        "SELECT sm.story FROM story_members sm JOIN articles a ON a.n = sm.n WHERE a.id = ?", (article_id,)
    ).fetchone()
    if found is None:
        return None
    groups = _grouped(conn.execute(_IN_STORIES + " WHERE sm.story = ?", found).fetchall())
    return _story(found[0], groups[found[0]]) if found[0] in groups else None
