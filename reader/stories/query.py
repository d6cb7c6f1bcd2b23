"""Stories as the views show them: one entry per story, and the other articles of one.

Part of the query layer (no Textual): the CLI's `reader stories` and `show`, and the TUI's
Stories mode and Same story section, all read through here. Filters and sort orders are the
article list's own (reader.query): a story is listed when any of its articles matches, where
its first matching article would be; so a story is unread while any of its articles is.
Stories are computed over the whole cache; with a scope (reader/query_scope.py) a story
shows, counts and marks only its articles in the scope.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

from msgspec import Struct
from msgspec.structs import replace

from reader import query_scope
from reader.query import Query, Row, iso, select_ids, select_rows, unread_test, walk
from reader.query_fields import Leaf
from reader.store.cache import utc_from_epoch


class StoryArticle(Struct, frozen=True):
    n: int
    id: str
    title: str
    provider: str | None
    published: datetime | None
    quality: float | None
    read: bool

    def as_json(self) -> dict:
        return {"id": self.id, "title": self.title, "provider": self.provider, "published": iso(self.published), "read": self.read}


class Story(Struct, frozen=True):
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
    def outlets(self) -> int:
        """Distinct providers; an article that names none counts as an outlet of its own."""
        return len({a.provider.casefold() if a.provider else f"\0{a.id}" for a in self.articles})

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


def _grouped(rows: Sequence[tuple], keep: set[int] | None = None) -> dict[str, list[StoryArticle]]:
    """Articles by story; only those in `keep` (a scope's members) when given."""
    groups: dict[str, list[StoryArticle]] = {}
    for key, n, id_, title, provider, published, quality, read in rows:
        if keep is not None and n not in keep:
            continue
        groups.setdefault(key, []).append(StoryArticle(n, id_, title, provider, utc_from_epoch(published), quality, bool(read)))
    return groups


def _story_of(conn: sqlite3.Connection) -> dict[int, str]:
    """Row number -> story id, for the articles that share a story (a small share of all)."""
    return dict(conn.execute("SELECT n, story FROM story_members"))


def select_story_keys(conn: sqlite3.Connection, query: Query = Query(), scope: Leaf | None = None) -> list[int]:
    """One row number per story with an article matching `query`, in the query's order: a
    story sits where its first matching article would in the article list. The same filters
    and sort orders as the article list (and their cached orders: fast at any size); with
    `read=False` a story is kept while any of its articles is unread."""
    story_of = _story_of(conn)
    seen: set[str] = set()
    keys = []
    for n in select_ids(conn, query, scope=scope):
        story = story_of.get(n)
        if story is None:
            keys.append(n)
        elif story not in seen:
            seen.add(story)
            keys.append(n)
    return keys


def select_next_unread_story(
    conn: sqlite3.Connection, keys: Sequence[int], start: int, step: int, scope: Leaf | None = None
) -> int | None:
    """n and p in the Stories mode: the index in `keys` (one row per story, as
    `select_story_keys` lists them) of the next story with any article unread, from `start`
    (itself included) going `step`. A story's row stands for all its articles, so a read
    first article does not make a story read."""
    indexes = walk(len(keys), start, step)
    if not indexes:
        return None
    unread = unread_test(conn)
    if unread.none:
        return None
    story_of = _story_of(conn)
    keep = query_scope.members(conn, scope)
    unread_stories = {story for n, story in story_of.items() if n in unread and (keep is None or n in keep)}
    for index in indexes:
        n = keys[index]
        story = story_of.get(n)
        if story is not None:
            if story in unread_stories:
                return index
        elif unread.still_unread(conn, n):
            return index
    return None


def select_stories(conn: sqlite3.Connection, query: Query = Query(), min_size: int = 1, scope: Leaf | None = None) -> list[Story]:
    """Every story of at least `min_size` articles with one matching `query`, in the order of
    `select_story_keys`, all loaded in two statements (what `reader stories` prints)."""
    keys = select_story_keys(conn, query, scope)
    story_of = _story_of(conn)
    keep = query_scope.members(conn, scope)
    shared = _grouped(conn.execute(_IN_STORIES).fetchall(), keep)
    alone = {members[0].n: members for members in _grouped(conn.execute(_ALONE).fetchall(), keep).values()} if min_size <= 1 else {}
    stories = []
    for n in keys:
        story_id = story_of.get(n)
        members = shared.get(story_id) if story_id else alone.get(n)
        if members and len(members) >= min_size:
            stories.append(_story(story_id or members[0].id, members))
    return stories


def select_story_rows(conn: sqlite3.Connection, keys: Sequence[int], scope: Leaf | None = None) -> dict[int, Story]:
    """The stories of some row numbers from `select_story_keys` (a screenful)."""
    found: dict[int, Story] = {}
    keep = query_scope.members(conn, scope)
    for start in range(0, len(keys), 500):
        chunk = list(keys[start : start + 500])
        marks = ",".join("?" * len(chunk))
        shared = dict(conn.execute(f"SELECT n, story FROM story_members WHERE n IN ({marks})", chunk))
        if shared:
            story_marks = ",".join("?" * len(set(shared.values())))
            groups = _grouped(
                conn.execute(_IN_STORIES + f" WHERE sm.story IN ({story_marks})", list(set(shared.values()))).fetchall(), keep
            )
        else:
            groups = {}
        alone = [n for n in chunk if n not in shared]
        if alone:
            alone_marks = ",".join("?" * len(alone))
            singles = _grouped(conn.execute(
                _MEMBER_SQL.format(key="a.id", source="articles a") + f" WHERE a.n IN ({alone_marks})", alone
            ).fetchall())
            for story_id, members in singles.items():
                found[members[0].n] = _story(story_id, members)
        for n, story_id in shared.items():
            if story_id in groups:
                found[n] = _story(story_id, groups[story_id])
    return found


def select_story_list_rows(conn: sqlite3.Connection, keys: Sequence[int], scope: Leaf | None = None) -> dict[int, Row]:
    """What the Stories list draws for some keys from `select_story_keys`: the lead article's
    row standing for its story, with the story's newest date, its size and outlets, and read
    only when every article is. A story of one is its article's own row."""
    stories = select_story_rows(conn, keys, scope)
    leads = select_rows(conn, [story.lead.n for story in stories.values()], scope)
    found = {}
    for key, story in stories.items():
        lead = leads.get(story.lead.n)
        if lead is None:
            continue
        if story.size == 1:
            found[key] = replace(lead, n=key)
            continue
        found[key] = replace(
            lead, n=key, published=story.last or lead.published, read=not story.unread,
            story=story.id, story_size=story.size, story_unread=story.unread, story_outlets=story.outlets,
        )
    return found


def select_story_members(conn: sqlite3.Connection, ns: Sequence[int], scope: Leaf | None = None) -> list[int]:
    """`ns` and every other article of their stories (in the scope): what marking story rows marks."""
    found = dict.fromkeys(ns)
    keep = query_scope.members(conn, scope)
    for start in range(0, len(ns), 500):
        chunk = list(ns[start : start + 500])
        marks = ",".join("?" * len(chunk))
        found.update(dict.fromkeys(n for (n,) in conn.execute(
            f"SELECT o.n FROM story_members me JOIN story_members o ON o.story = me.story WHERE me.n IN ({marks})", chunk
        ) if keep is None or n in keep))
    return list(found)


def select_story_of(conn: sqlite3.Connection, article_id: str, scope: Leaf | None = None) -> Story | None:
    """The story an article belongs to, if another article shares it."""
    found = conn.execute(
        "SELECT sm.story, a.n FROM story_members sm JOIN articles a ON a.n = sm.n WHERE a.id = ?", (article_id,)
    ).fetchone()
    if found is None:
        return None
    keep = query_scope.members(conn, scope)
    if keep is not None and found[1] not in keep:
        keep = None  # an article outside the scope, asked for by id: its whole story
    groups = _grouped(conn.execute(_IN_STORIES + " WHERE sm.story = ?", found[:1]).fetchall(), keep)
    story = groups.get(found[0])
    return _story(found[0], story) if story and len(story) > 1 else None
