"""Property-based tests over the parser: whatever bytes a seed file holds, parse_bytes returns
an Article with a usable, control-free one-line title or a Problem with a one-line reason, and
never raises.

Settings are fixed per test (derandomized, no deadline) so CI runs the same examples every
time and never flakes on a slow machine.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.ingest.parse import parse_bytes
from reader.ingest.clean import clean_line, clean_text
from reader.model import Article, Problem

FAST = settings(
    max_examples=200, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
# What a terminal could act on, or what would disguise text: C0 (tab and newline allowed only
# in bodies), DEL, C1, lone surrogates, bidi controls, invisible joiners and marks.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
BODY_UNSAFE = re.compile(f"[{_CONTROLS}]")
LINE_UNSAFE = re.compile(f"[\n\t{_CONTROLS}]")
FIELDS = [
    "title", "excerpt", "publishedDateTime", "updatedDateTime", "webUrl", "originalUrl", "ampWebUrl",
    "type", "category", "quality", "heat", "published", "provider", "topics", "tags", "images",
    "related", "secured", "name", "domain", "url", "width", "height",
]


def _assert_line(value: str | None, *, required: bool = False) -> None:
    if value is None:
        assert not required
        return
    assert isinstance(value, str)
    assert value.strip(), repr(value)
    assert not LINE_UNSAFE.search(value), repr(value)
    assert value == value.strip()


def check(result: Article | Problem) -> None:
    """The contract every view relies on."""
    assert isinstance(result, (Article, Problem))
    if isinstance(result, Problem):
        assert result.kind != "internal-error", result.reason  # a bug in the parser, not the file
        _assert_line(result.reason, required=True)
        assert len(result.reason) <= 200
        return
    _assert_line(result.title, required=True)
    assert len(result.title) <= 300
    assert not BODY_UNSAFE.search(result.body) and "\r" not in result.body
    for value in (result.excerpt, result.url, result.original_url, result.amp_url, result.type, result.category):
        _assert_line(value)
    for name in (*result.topics, *result.tags):
        _assert_line(name, required=True)
    if result.provider:
        _assert_line(result.provider.name, required=True)
        _assert_line(result.provider.domain)
    for moment in (result.published, result.updated):
        assert moment is None or (moment.tzinfo is UTC and 1900 <= moment.year <= 2200)
    for number in (result.quality, result.heat):
        assert number is None or (isinstance(number, float) and number == number and abs(number) != float("inf"))
    for image in result.images:
        _assert_line(image.url, required=True)
    for related in result.related:
        _assert_line(related.title, required=True)
        _assert_line(related.url)
        _assert_line(related.excerpt)


def parse(data: bytes) -> Article | Problem:
    result = parse_bytes(data, "/seeds/fuzz.md")
    check(result)
    return result


# -- arbitrary bytes ---------------------------------------------------------------------------

@FAST
@given(st.binary(max_size=4096))
@example(b"")
@example(b"---")
@example(b"---\n---\n")
@example(b"\xef\xbb\xbf---\r\n\r\n---\r\n")
@example(b"---\n\x1b[31m: x\n---\n")
def test_any_bytes_give_an_article_or_a_problem(data: bytes):
    parse(data)


@FAST
@given(st.binary(max_size=1024), st.binary(max_size=1024))
def test_any_bytes_inside_front_matter_markers(front: bytes, body: bytes):
    parse(b"---\n" + front + b"\n---\n" + body)


@FAST
@given(st.text(max_size=2000))
def test_any_text_gives_an_article_or_a_problem(text: str):
    result = parse(text.encode("utf-8", "surrogatepass"))
    if isinstance(result, Article):
        assert parse(text.encode("utf-8", "surrogatepass")).id == result.id  # deterministic


# -- YAML-shaped front matter --------------------------------------------------------------------

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=80), st.dates(), st.datetimes(timezones=st.none() | st.just(UTC)),
    st.sampled_from(["", "~", "null", "n/a", ".nan", "1e400", "-0", "2024-02-30", "9999-12-31T23:59:59-12:00",
                     "Tue, 05 Mar 2024 10:00:00 GMT", "1709632800", "javascript:alert(1)", "\x1b[31mred",
                     "[bold]x[/]", "[@click=app.quit]q[/]", "\u202eevil", "a\u200bb", "&#27;[2J", "&amp;"]),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=10), inner, max_size=5),
    max_leaves=30,
)
_front_matter = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=20), _values, max_size=12)


def _dump(front: object) -> str:
    return yaml.safe_dump(front, allow_unicode=True, default_flow_style=None, sort_keys=False)


@FAST
@given(_front_matter, st.text(max_size=500))
def test_yaml_front_matter_of_any_shape(front: dict, body: str):
    parse(("---\n" + _dump(front) + "---\n" + body).encode("utf-8", "surrogatepass"))


@FAST
@given(_values, st.text(max_size=200))
def test_front_matter_that_is_not_a_mapping(front: object, body: str):
    parse(("---\n" + _dump(front) + "---\n" + body).encode("utf-8", "surrogatepass"))


@FAST
@given(st.text(min_size=1, max_size=400), st.text(st.characters(blacklist_characters="\x00"), max_size=300))
def test_any_title_string_comes_back_clean_or_falls_back(title: str, body: str):
    result = parse(("---\n" + _dump({"title": title}) + "---\n" + body).encode("utf-8", "surrogatepass"))
    assert isinstance(result, Article)  # any string is a valid title field
    cleaned = clean_line(title, unescape=True)
    if cleaned:
        assert result.title == cleaned or (len(cleaned) > 300 and result.title.endswith("…"))


@FAST
@given(
    st.sampled_from(["publishedDateTime", "updatedDateTime"]),
    st.one_of(st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2199, 12, 30), timezones=st.just(UTC)),
              st.dates(min_value=date(1900, 1, 2), max_value=date(2199, 12, 30))),
)
def test_dates_in_range_survive_the_round_trip(field: str, moment: datetime | date):
    result = parse(("---\ntitle: T\n" + yaml.safe_dump({field: moment}, default_flow_style=False) + "---\n").encode())
    got = result.published if field == "publishedDateTime" else result.updated
    expected = moment if isinstance(moment, datetime) else datetime(moment.year, moment.month, moment.day, tzinfo=UTC)
    assert got == expected


# -- raw text fuzz around the front-matter markers ------------------------------------------------

_pieces = st.one_of(
    st.sampled_from([
        "---", "---\n", "--- \n", "----\n", "...\n", "\n", "\r\n", "\ufeff", "title: ", "title: |\n  ",
        "webUrl: ", "topics:\n  - ", "- ", "? ", ": ", "[", "]", "{", "}", ",", "&a ", "*a", "&b [*a, *a]",
        "!!python/object/apply:os.system ['true']", "!!binary ", "!custom ", '"', "'", "\\e", "\\u202e", "\\x9b",
        "\x1b[31m", "\x1b]8;;http://x\x07", "\x9b", "\x00", "\t", "  ", "#", "%YAML 1.1\n", "|", ">",
        "[@click=app.quit]", "&#27;", "2024-03-05T10:00:00Z", "1e999", ".nan",
    ]),
    st.text(max_size=12),
)


@FAST
@given(st.lists(_pieces, max_size=60))
def test_text_built_from_yaml_and_front_matter_pieces(pieces: list[str]):
    parse("".join(pieces).encode("utf-8", "surrogatepass"))


@FAST
@given(st.lists(_pieces, max_size=40))
def test_front_matter_built_from_pieces(pieces: list[str]):
    parse(("---\n" + "".join(pieces) + "\n---\nBody.\n").encode("utf-8", "surrogatepass"))


# -- the cleaning functions themselves ------------------------------------------------------------

@FAST
@given(st.text(max_size=500))
def test_cleaning_removes_every_control_and_is_idempotent(text: str):
    line = clean_line(text, unescape=True)
    assert not LINE_UNSAFE.search(line) and line == line.strip()
    assert clean_line(line) == line
    body = clean_text(text)
    assert not BODY_UNSAFE.search(body) and "\r" not in body
    assert clean_text(body) == body
