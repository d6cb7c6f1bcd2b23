"""Each field of the query language, and OR and negation, against the seeds and the corpus:
the list a query gives is the whole list filtered by what each article visibly is (its row,
its body, its marks), in the same order; the old options give the lists their terms give."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader import query_fields
from reader.library import Library
from reader.query import ArticleDetail, Query, Row

from support import CORPUS, SEEDS

NOW = datetime(2023, 6, 1, tzinfo=UTC).timestamp()  # "now" for age:, held still
_OPS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt, "=": operator.eq, ":": operator.eq}
Check = Callable[[Row], bool]


@pytest.fixture(scope="module", params=["seeds", "seeds and corpus"])
def shelf(request, tmp_path_factory) -> tuple[Library, dict[str, ArticleDetail]]:
    """A library of the seeds (and the corpus, when it is beside this checkout), with some
    articles read and some starred; and everything about each article, by id."""
    if request.param != "seeds" and not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("READER_HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setattr(query_fields, "now", lambda: NOW)
    library = Library()
    _subscribe(library)
    library.index([str(SEEDS), str(library.paths.feeds_dir)] + ([str(CORPUS)] if request.param != "seeds" else []))
    ids = [row.id for row in library.list(Query())]
    library.mark(ids[::3], "read", True)
    library.mark(ids[1::4], "starred", True)
    for article_id in ids[2::5]:  # as `reader fulltext` leaves them
        library.fulltexts.put_text(article_id, "https://example.com/page", "The whole text.")
    details = {article_id: library.article(article_id) for article_id in ids}
    yield library, details
    library.close()
    monkeypatch.undo()


FEEDS = {"https://www.alpha.example/rss": "Alpha Feed", "https://beta.example/atom.xml": "Beta"}


def _subscribe(library: Library) -> None:
    """Two subscriptions with items in their folders, as `reader fetch` leaves them."""
    from reader.feeds.subscriptions import Subscriptions

    with Subscriptions(library.paths) as subscriptions:
        for number, (url, title) in enumerate(FEEDS.items()):
            subscriptions.add(url, title)
            folder = subscriptions.folder(subscriptions.get(url))
            folder.mkdir(parents=True)
            for item in range(3 + number):
                (folder / f"{item}.md").write_text(
                    f"---\ntitle: {title} item {item}\nwebUrl: https://items.example/{number}/{item}\n"
                    f"publishedDateTime: 2023-05-0{item + 1}T10:00:00Z\nprovider:\n  name: {title}\n---\nText {item}\n"
                )


def _in_feed(library: Library, url: str) -> Check:
    from reader.feeds.subscriptions import Subscriptions

    with Subscriptions(library.paths) as subscriptions:
        folder = str(subscriptions.folder(subscriptions.get(url)))
    return lambda r: r.path.startswith(folder + "/")


def _folded(value: str) -> str:
    host = re.sub(r"^[a-z]+://", "", value.strip().lower()).split("/")[0]
    return host.removeprefix("www.")


def _checks(library: Library, details: dict[str, ArticleDetail]) -> dict[str, Check]:
    """Query -> what an article in its result looks like, for values taken from the data."""
    counts = library.counts()
    topics = [c.name for c in sorted(counts.topics, key=lambda c: -c.total)][:3]
    providers = [c for c in sorted(counts.providers, key=lambda c: -c.total) if c.domain][:2]
    checks: dict[str, Check] = {}
    for topic in topics:
        for spelled in (topic, topic.upper()):
            checks[f'topic:"{spelled}"'] = lambda r, t=topic: any(x.casefold() == t.casefold() for x in r.topics)
    for provider in providers:
        for spelled in (provider.name, provider.name.lower(), provider.domain, "WWW." + provider.domain.upper(),
                        f"https://www.{provider.domain}/news"):
            checks[f'provider:"{spelled}"'] = (
                lambda r, p=provider: r.provider is not None and r.provider.casefold() == p.name.casefold()
            )
        checks[f"domain:{provider.domain}"] = lambda r, d=provider.domain: (r.domain or "").lower() == d
    for parent in ("amazon.com", "co.uk"):
        checks[f"domain:{parent}"] = lambda r, d=parent: bool(r.domain) and (r.domain == d or r.domain.endswith("." + d))
    for url, title in FEEDS.items():
        for spelled in (title, title.upper(), url, url.split("/")[2].removeprefix("www.")):
            checks[f'feed:"{spelled}"'] = _in_feed(library, url)
    checks["is:unread"] = lambda r: not r.read
    checks["is:read"] = lambda r: r.read
    checks["is:starred"] = lambda r: r.starred
    checks["has:body"] = lambda r: details[r.id].body != ""
    with_text = {i for i, t in library.full_texts(list(details)).items() if t.text is not None}
    checks["has:full-text"] = lambda r: r.id in with_text
    for column in ("quality", "heat"):
        for op in (">=", "<=", ">", "<", "=", ":"):
            for number in (-1, 0, 50, 100):
                checks[f"{column}{op}{number}"] = (
                    lambda r, c=column, o=_OPS[op], n=number: getattr(r, c) is not None and o(getattr(r, c), n)
                )
    for op in ("<", "<=", ">", ">="):
        for age, seconds in (("36h", 36 * 3600), ("30d", 30 * 86400), ("52w", 52 * 7 * 86400)):
            checks[f"age{op}{age}"] = (
                lambda r, o=_OPS[op], s=seconds: r.published is not None and o(NOW - r.published.timestamp(), s)
            )
    for day in ("2019-01-01", "2022-10-21", "2024-01-01"):
        d = date.fromisoformat(day)
        checks[f"after:{day}"] = lambda r, d=d: r.published is not None and r.published.date() >= d
        checks[f"before:{day}"] = lambda r, d=d: r.published is not None and r.published.date() < d
    checks['"learning"'] = lambda r: "learning" in _words(details[r.id])
    outlets = {}
    for article_id in details:
        story = library.story_of(article_id)
        outlets[article_id] = story.outlets if story else 1
    checks["in:story"] = lambda r: library.story_of(r.id) is not None
    for op in (">=", "<=", ">", "<", "=", ":"):
        for number in (1, 2, 3):
            checks[f"story{op}{number}"] = lambda r, o=_OPS[op], n=number: o(outlets[r.id], n)
    return checks


def _words(detail: ArticleDetail) -> set[str]:
    """The words full-text search sees: title, excerpt and body."""
    return set(re.findall(r"\w+", f"{detail.row.title} {detail.excerpt or ''} {detail.body}".casefold()))


def _expected(library: Library, check: Check, sort: str | None = None) -> list[str]:
    return [row.id for row in library.list(Query(sort=sort)) if check(row)]


def _found(library: Library, text: str, sort: str | None = None, limit: int | None = None) -> list[str]:
    return [row.id for row in library.list(Query(expression=text, sort=sort), limit)]


@pytest.fixture(scope="module")
def checks(shelf) -> dict[str, Check]:
    library, details = shelf
    return _checks(library, details)


def test_every_field_selects_what_the_articles_show(shelf, checks):
    library, _ = shelf
    assert {name.split(":")[0].split(">")[0].split("<")[0].split("=")[0] for name in checks} >= set(query_fields.FIELDS)
    nonempty = 0
    for text, check in checks.items():
        expected = _expected(library, check, sort="date")
        assert _found(library, text, sort="date") == expected, text
        assert _found(library, text, sort="date", limit=3) == expected[:3], text  # the first screen, in SQL
        nonempty += bool(expected)
    assert nonempty > len(checks) // 2  # the values were taken from the data: most match something


def test_negation_is_everything_else(shelf, checks):
    library, _ = shelf
    everything = _expected(library, lambda r: True)
    for text in list(checks)[::3]:
        matching = set(_found(library, text, sort="date"))
        assert _found(library, f"-{text}", sort="date") == [i for i in everything if i not in matching], text


# Terms drawn from the table above, combined at random with OR, negation, parentheses and
# juxtaposition; what they select is worked out from the same checks.
def _combinations(names: list[str]):
    atoms = st.sampled_from(names).map(lambda name: (name, name, True))

    def extend(inner):
        def both(a, b):
            # In parentheses each side stays apart: (topic:A) (topic:B) is an article with both.
            return (f"({a[0]}) ({b[0]})", ("both", a[1], b[1]), False)

        return st.one_of(
            st.tuples(inner, inner).map(lambda p: both(*p)),
            st.tuples(inner, inner).map(lambda p: (f"({p[0][0]}) OR ({p[1][0]})", ("either", p[0][1], p[1][1]), False)),
            inner.map(lambda a: (f"-({a[0]})", ("not", a[1]), False)),
        )

    return st.recursive(atoms, extend, max_leaves=5)


def _holds(tree, checks: dict[str, Check], row: Row) -> bool:
    if isinstance(tree, str):
        return checks[tree](row)
    kind, *parts = tree
    if kind == "not":
        return not _holds(parts[0], checks, row)
    results = [_holds(part, checks, row) for part in parts]
    return all(results) if kind == "both" else any(results)


def test_or_negation_and_parentheses_combine_like_the_checks(shelf, checks):
    library, _ = shelf
    names = [n for n in checks if not n.startswith(("age", "heat<", "quality<"))][::2]

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_combinations(names))
    def combine(case):
        text, tree, _bare = case
        expected = _expected(library, lambda r: _holds(tree, checks, r), sort="date")
        assert _found(library, text, sort="date") == expected, text
        assert _found(library, text, sort="date", limit=4) == expected[:4], text

    combine()


def test_the_old_options_give_the_lists_their_terms_give(shelf, checks):
    library, _ = shelf
    counts = library.counts()
    topics = [c.name for c in sorted(counts.topics, key=lambda c: -c.total)][:3]
    providers = [c.name for c in sorted(counts.providers, key=lambda c: -c.total)][:2]
    cases = [
        ({"topics": (topics[0],)}, f'topic:"{topics[0]}"'),
        ({"topics": tuple(topics[:2])}, f'topic:"{topics[0]}" topic:"{topics[1]}"'),
        ({"providers": tuple(providers)}, " OR ".join(f'provider:"{p}"' for p in providers)),
        ({"read": False}, "is:unread"),
        ({"read": True, "starred": True}, "is:read is:starred"),
        ({"search": "learning"}, "learning"),
        ({"search": 'machine "deep learning"'}, 'machine "deep learning"'),
        ({"search": "learn", "topics": (topics[0],), "read": False}, f'topic:"{topics[0]}" is:unread learn'),
    ]
    for options, text in cases:
        for sort in (None, "date", "newest", "quality"):
            old = [row.id for row in library.list(Query(**options, sort=sort))]
            assert old == _found(library, text, sort=sort), (options, text, sort)
            assert Query(**options, sort=sort).order == Query(expression=text, sort=sort).order


def test_a_topic_in_the_sidebar_and_one_in_the_query_narrow_each_other(shelf, checks):
    library, _ = shelf
    counts = library.counts()
    first, second = [c.name for c in sorted(counts.topics, key=lambda c: -c.total)][:2]
    both = [r.id for r in library.list(Query(topics=(first,), expression=f'topic:"{second}"'))]
    assert both == [r.id for r in library.list(Query()) if first in r.topics and second in r.topics]


def test_view_counts_match_the_lists(shelf, checks):
    library, _ = shelf
    views = {name: name for name in list(checks)[::5]}
    for count in library.view_counts(views):
        listed = library.list(Query(expression=count.name))
        assert (count.total, count.unread) == (len(listed), sum(not r.read for r in listed)), count.name


def test_terms_side_by_side_narrow_each_other_with_and_without_keys(shelf, checks):
    """Tests of an article's keys (quality, age, dates, provider) side by side are read in one
    pass, over the members of a set beside them (a topic, a search) when there is one, with
    topics (and their negations) tested in the same pass; an article without a date or a
    quality is in every negated test's list, as alone."""
    library, _ = shelf
    keys = [n for n in checks if n.startswith(("quality", "age", "after:", "before:", "provider:", "domain:"))][::3]
    sets = [n for n in checks if n.startswith(("topic:", "is:", "has:body", '"learning"', "heat"))][::2]
    atoms = st.sampled_from(keys).map(lambda n: (n, n)) | st.sampled_from(keys).map(lambda n: (f"-{n}", ("not", n)))
    atoms |= st.sampled_from(sets).map(lambda n: (n, n)) | st.sampled_from(sets).map(lambda n: (f"-{n}", ("not", n)))

    @settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
    def one_of_each_any_of_field(terms) -> bool:  # (topic:A topic:B means either: tested above)
        fields = [t.split(":")[0] for t, _tree in terms if t.startswith(("topic:", "provider:", "domain:"))]
        return len(fields) == len(set(fields))

    @given(st.lists(atoms, min_size=2, max_size=5).filter(one_of_each_any_of_field))
    def narrow(terms):
        text = " ".join(t for t, _tree in terms)
        expected = _expected(library, lambda r: all(_holds(tree, checks, r) for _t, tree in terms), sort="date")
        assert _found(library, text, sort="date") == expected, text
        view = library.view_counts({"v": text})[0]
        assert view.total == len(expected), text

    narrow()
