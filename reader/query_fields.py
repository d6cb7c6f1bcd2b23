"""The query language's fields: one registry entry each, with what it accepts and the set of
articles it selects, as a subquery yielding row numbers (`n`).

A new field (`feed:`, `has:full-text`, `story>=3`) is one `Field` added to FIELDS. Each
subquery is read by the one SQL builder (reader/query_build.py), both as a probe inside a
query and as a set of row numbers.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Sequence
from datetime import date

from msgspec import Struct

# Longest first, so `>=` is never read as `>` followed by `=`.
OPERATORS = (">=", "<=", ">", "<", "=", ":")
COMPARISONS = (">=", "<=", ">", "<", "=", ":")


class Leaf(Struct, frozen=True):
    """A set of articles: a subquery yielding `n` and its parameters. `complement`: the
    articles NOT in it (is:unread is everything not marked read)."""

    sql: str
    params: tuple[object, ...] = ()
    complement: bool = False
    # The same set as a condition on one article's keys (`a`, read from the articles_keys
    # index), for a set that is a test of those keys: several such terms of one AND are then
    # tested together in one pass (reader/query_build.py), not read out as a set each.
    row: str | None = None
    # Or a test of one article's membership (`{a}.n`) by an index probe, cheaper than reading
    # out a big set when only the members of a smaller one need it (topic:AI, on most articles).
    probe: str | None = None
    # A set read from the read state (is:read, is:unread, is:starred): kept between lists for
    # as long as neither the marks nor the cache change (reader/query_kept.py), since a list
    # redrawn with another filter or while a query is typed would read all the marks again.
    marks: bool = False


def _keyed(condition: str, params: tuple[object, ...]) -> Leaf:
    """A set of articles by a condition on the columns of the articles_keys index (row number,
    day, quality, published, provider: reader/store/cache.py), written with `{a}` for the table."""
    return Leaf(f"SELECT ka.n AS n FROM articles ka WHERE {condition.format(a='ka')}", params, row=condition.format(a="a"))


class Field(Struct, frozen=True):
    """A field of the query language: its name, operators and how a term on it becomes a set."""

    name: str
    ops: tuple[str, ...]
    convert: Callable[[str], object]  # the value, checked; raises ValueError saying why not
    leaf: Callable[[str, Sequence[object]], Leaf]  # (operator, converted values) -> the set
    syntax: str  # for the help screen and the README
    meaning: str
    example: str
    any_of: bool = False  # several side by side (or OR'd) mean any of them, in one set


def now() -> float:
    """The present, for age: (a function so tests can hold it still)."""
    return time.time()


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


def _sql_op(op: str) -> str:
    return "=" if op == ":" else op


# -- values ------------------------------------------------------------------------------------

def _name(value: str) -> str:
    return value.strip()


def _number(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"'{value}' is not a number")
    return number


_AGE_RE = re.compile(r"(\d+(?:\.\d+)?)([hdw])", re.I)
_UNIT_SECONDS = {"h": 3600, "d": 86400, "w": 7 * 86400}


def _age(value: str) -> float:
    found = _AGE_RE.fullmatch(value.strip())
    if not found:
        raise ValueError(f"'{value}' is not an age like 12h, 2d or 3w")
    return float(found.group(1)) * _UNIT_SECONDS[found.group(2).lower()]


def _day(value: str) -> int:
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"'{value}' is not a date like 2024-03-01") from None
    return day.year * 10000 + day.month * 100 + day.day  # the cache's local `day` column


def _choice(*choices: str) -> Callable[[str], str]:
    def convert(value: str) -> str:
        folded = value.strip().lower()
        if folded not in choices:
            raise ValueError(f"'{value}' is not one of {', '.join(choices)}")
        return folded
    return convert


# -- sets --------------------------------------------------------------------------------------

# From the (few) marks to the article by id, not a lookup in the other database per article.
MARKED = "SELECT ma.n AS n FROM state.marks m CROSS JOIN articles ma ON ma.id = m.article_id WHERE m.{flag}"


def _topic(op: str, names: Sequence[object]) -> Leaf:
    return Leaf(
        f"SELECT at.article AS n FROM article_topics at JOIN topics t ON t.id = at.topic WHERE t.name IN ({_marks(names)})",
        tuple(names),
        probe="EXISTS (SELECT 1 FROM article_topics pt WHERE pt.article = {a}.n"
        f" AND pt.topic IN (SELECT id FROM topics WHERE name IN ({_marks(names)})))",
    )


def _folded(values: Sequence[object]) -> list[str]:
    """Names or domains as the cache stores domains: lower case, no `www.`, host of a URL."""
    from reader.ingest.fields import domain_of  # here: the CLI's start-up need not load ingestion

    return [domain_of(str(value).strip()) or str(value).lower() for value in values]


def _provider(op: str, values: Sequence[object]) -> Leaf:
    # A provider's name compares without case (the column's collation), its domain folded:
    # `Reuters`, `reuters.com`, `WWW.Reuters.com` and `https://www.reuters.com/` all match.
    folded = _folded(values)
    names = list(dict.fromkeys([*map(str, values), *folded]))
    return _keyed(
        "{a}.provider_id IN"
        f" (SELECT id FROM providers WHERE name IN ({_marks(names)}) OR lower(domain) IN ({_marks(folded)}))",
        (*names, *folded),
    )


def _feed(op: str, values: Sequence[object]) -> Leaf:
    # A subscribed feed by its title (the user's or the feed's own, any case, as provider:
    # compares names), its domain (folded the same way), or, given a URL, that feed alone.
    # The subscriptions are attached as `feeds`; each article's feed folder was recorded
    # when it was indexed (article_feeds), so this reads two indexes and no paths.
    urls = [str(value).strip() for value in values if "://" in str(value)]
    names = [str(value) for value in values if "://" not in str(value)]
    tests, params = [], []
    if names:
        folded = _folded(names)
        marks = _marks(names)
        tests += [f"title COLLATE NOCASE IN ({marks})", f"feed_title COLLATE NOCASE IN ({marks})", f"host IN ({_marks(folded)})"]
        params += [*names, *names, *folded]
    if urls:
        tests.append(f"url IN ({_marks(urls)})")
        params += urls
    return Leaf(
        f"SELECT af.article AS n FROM article_feeds af WHERE af.feed IN (SELECT folder FROM feeds.feeds WHERE {' OR '.join(tests)})",
        tuple(params),
    )


_LIKE_SPECIAL = re.compile(r"[\\%_]")


def _domain(op: str, values: Sequence[object]) -> Leaf:
    # The domain itself or any under it: domain:bbc.co.uk also matches news.bbc.co.uk.
    folded = _folded(values)
    under = ["%." + _LIKE_SPECIAL.sub(r"\\\g<0>", domain) for domain in folded]
    likes = " OR ".join(["lower(domain) LIKE ? ESCAPE '\\'"] * len(under))
    return _keyed(
        "{a}.provider_id IN"
        f" (SELECT id FROM providers WHERE lower(domain) IN ({_marks(folded)}) OR {likes})",
        (*folded, *under),
    )


def _is(op: str, values: Sequence[object]) -> Leaf:
    (value,) = values
    if value == "unread":
        return Leaf(MARKED.format(flag="read"), complement=True, marks=True)
    return Leaf(MARKED.format(flag=value), marks=True)


def _has(op: str, values: Sequence[object]) -> Leaf:
    (value,) = values
    if value == "full-text":  # fetched and stored (reader fulltext, or F in the app)
        return Leaf(
            "SELECT fa.n AS n FROM fulltext.texts ft CROSS JOIN articles fa ON fa.id = ft.article_id"
            " WHERE ft.text IS NOT NULL"
        )
    # Matches the partial index articles_with_body word for word, so SQLite reads only it.
    return Leaf("SELECT n FROM articles WHERE body != ''")


def _quality(op: str, values: Sequence[object]) -> Leaf:
    (value,) = values
    return _keyed(f"{{a}}.quality {_sql_op(op)} ?", (value,))


def _heat(op: str, values: Sequence[object]) -> Leaf:
    (value,) = values  # not among the keys: read from its own index
    return Leaf(f"SELECT n FROM articles WHERE heat {_sql_op(op)} ?", (value,))


def _age_leaf(op: str, values: Sequence[object]) -> Leaf:
    # Younger than the age is published after now minus it: the comparison turns round.
    (seconds,) = values
    flipped = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}[op]
    return _keyed(f"{{a}}.published {flipped} ?", (now() - float(seconds),))


def _day_leaf(op_sql: str) -> Callable[[str, Sequence[object]], Leaf]:
    def leaf(op: str, values: Sequence[object]) -> Leaf:
        (day,) = values
        return _keyed(f"{{a}}.day {op_sql} ?", (day,))
    return leaf


# The articles of stories told by `op ?` outlets (distinct providers; an article without one
# counts as an outlet of its own). One-article stories have no story_members row.
_STORY_SIZE = (
    "SELECT sm.n AS n FROM story_members sm WHERE sm.story IN (SELECT s.story FROM story_members s"
    " JOIN articles sa ON sa.n = s.n GROUP BY s.story HAVING COUNT(DISTINCT coalesce(sa.provider_id, -sa.n)) {op} ?)"
)
_NEGATED = {">=": "<", ">": "<=", "<=": ">", "<": ">=", "=": "!=", ":": "!="}
_HOLDS = {
    ">=": lambda a, b: a >= b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b, "=": lambda a, b: a == b, ":": lambda a, b: a == b,
}


def _story(op: str, values: Sequence[object]) -> Leaf:
    (outlets,) = values
    if _HOLDS[op](1, outlets):
        # A one-article story passes (story<3 holds for an article alone): everything but the
        # shared stories that fail, so the many lone articles are never listed one by one.
        return Leaf(_STORY_SIZE.format(op=_NEGATED[op]), (outlets,), complement=True)
    return Leaf(_STORY_SIZE.format(op=_sql_op(op)), (outlets,))


def _in(op: str, values: Sequence[object]) -> Leaf:
    return Leaf("SELECT n FROM story_members")


FIELDS: dict[str, Field] = {
    field.name: field
    for field in (
        Field("topic", (":",), _name, _topic, "topic:NAME", "has this topic (any case)", 'topic:AI  topic:"Machine Learning"', any_of=True),
        Field("provider", (":",), _name, _provider, "provider:NAME", "by name or domain (case, www. ignored)", "provider:reuters", any_of=True),
        Field("feed", (":",), _name, _feed, "feed:NAME", "from a subscribed feed: its title, domain or URL", "feed:\"Hacker News\"  feed:example.com", any_of=True),
        Field("domain", (":",), _name, _domain, "domain:DOMAIN", "the provider's domain, or one under it", "domain:bbc.co.uk", any_of=True),
        Field("is", (":",), _choice("unread", "read", "starred"), _is, "is:unread|read|starred", "by your marks", "is:unread  is:starred"),
        Field("has", (":",), _choice("body", "full-text"), _has, "has:body|full-text", "has text beyond the excerpt; has a fetched full text", "has:body  has:full-text"),
        Field("quality", COMPARISONS, _number, _quality, "quality>=N", "compare the quality (also > < <= =)", "quality>=60"),
        Field("heat", COMPARISONS, _number, _heat, "heat>N", "compare the heat", "heat>0"),
        Field("age", ("<", "<=", ">", ">="), _age, _age_leaf, "age<N(h|d|w)", "published under (or over) hours, days, weeks ago", "age<2d  age>1w"),
        Field("after", (":",), _day, _day_leaf(">="), "after:YYYY-MM-DD", "published on that day (local time) or later", "after:2024-01-01"),
        Field("before", (":",), _day, _day_leaf("<"), "before:YYYY-MM-DD", "published before that day", "before:2024-12-31"),
        Field("in", (":",), _choice("story"), _in, "in:story", "shares its story with another article", "in:story"),
        Field("story", COMPARISONS, _number, _story, "story>=N", "its story is told by N outlets (also > < <= =)", "story>=3"),
    )
}
