"""Reading seed files: the five seeds exactly, the real corpus completely, and lenient types."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from reader.ingest.parse import parse_bytes, parse_file
from reader.ingest.scan import scan
from reader.model import Article, Problem

from support import SEEDS


def _seed(prefix: str) -> Article:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    article = parse_file(path)
    assert isinstance(article, Article), article
    return article


def test_front_matter_seed_000_is_read_exactly():
    article = _seed("000")
    assert article.title == "OpenAI reportedly in advanced talks to raise funding from Microsoft"
    assert article.published == datetime(2022, 10, 21, 19, 13, tzinfo=UTC)
    assert (article.provider.name, article.provider.domain) == ("SiliconANGLE", "siliconangle.com")
    assert article.topics == ("Machine Learning", "AI", "Microsoft AI")
    assert len(article.related) == 2
    assert article.related[0].title == "Microsoft’s Windows Dev Kit 2023 lets developers tap AI processors on laptops"
    assert article.related[0].provider.name == "TechCrunch"
    assert article.related[0].quality == 103
    assert (article.quality, article.heat) == (36, -1)
    assert article.url == "https://siliconangle.com/2022/10/21/openai-reportedly-advanced-talks-raise-funding-microsoft/"


def test_front_matter_seed_004_is_read_exactly():
    article = _seed("004")
    assert article.title == "Microsoft is distancing itself from OpenAI chaos by assuring investors it's spreading its AI bets"
    assert article.published == datetime(2023, 12, 7, 22, 44, tzinfo=UTC)
    assert article.provider.name == "Business Insider"
    assert article.topics == ("Microsoft AI", "AI")
    assert len(article.related) == 4
    assert article.excerpt.startswith("Recent chaos at OpenAI")


def test_secured_blob_is_never_kept():
    article = _seed("000")
    assert "iYLDvjwWSbYEum3" not in repr(article)


@pytest.mark.parametrize(
    ("prefix", "title"),
    [
        # "summary Summary" is a scraping artefact; the first real line is the title.
        ("001", "According to a media report, Microsoft wants to acquire further stakes in OpenAI."),
        ("002", "ChatGPT: Microsoft is investing billions more in OpenAI's AI"),
    ],
)
def test_plain_text_seeds_get_their_headline_as_title(prefix, title):
    article = _seed(prefix)
    assert article.title == title
    assert article.published is None and article.provider is None  # nothing invented


def test_plain_text_paragraph_gets_first_sentence_cut_at_a_word():
    article = _seed("003")
    assert article.title.startswith("Artificial intelligence powerhouse OpenAI is reportedly in advanced discussions")
    assert article.title.endswith("…") and len(article.title) <= 120
    assert not article.title[:-1].endswith(" ")
    assert "TECH TIMES NEWS" in article.body


def _front(text: str) -> Article | Problem:
    return parse_bytes(("---\n" + text + "\n---\nBody text here.\n").encode(), "/x/item.md")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-05-01T10:00:00Z", datetime(2023, 5, 1, 10, tzinfo=UTC)),
        ("2023-05-01T12:00:00+02:00", datetime(2023, 5, 1, 10, tzinfo=UTC)),
        ("2023-05-01 10:00:00", datetime(2023, 5, 1, 10, tzinfo=UTC)),
        ("2023-05-01", datetime(2023, 5, 1, tzinfo=UTC)),
        ("'Mon, 01 May 2023 10:00:00 +0000'", datetime(2023, 5, 1, 10, tzinfo=UTC)),
        ("1682935200", datetime(2023, 5, 1, 10, tzinfo=UTC)),
        ("yesterday", None),
        ("99999-01-01", None),
        ("1e300", None),
        ("[2023]", None),
    ],
)
def test_dates_in_many_forms_become_utc_or_absent(value, expected):
    article = _front(f"title: T\npublishedDateTime: {value}")
    assert isinstance(article, Article)
    assert article.published == expected


@pytest.mark.parametrize("value", [".nan", ".inf", "'high'", "[1, 2]", "{a: 1}", "true"])
def test_quality_that_is_not_a_finite_number_is_absent(value):
    article = _front(f"title: T\nquality: {value}\nheat: {value}")
    assert (article.quality, article.heat) == (None, None)


def test_lenient_shapes_of_topics_provider_and_related():
    article = _front(
        "title: T\ntopics: AI\nprovider: Reuters\n"
        "related:\n  - just a string\n  - 42\n  - title: Real one\n    webUrl: https://e.com/a\n"
        "  - title: Same URL again\n    webUrl: https://e.com/a\n"
    )
    assert article.topics == ("AI",)
    assert article.provider.name == "Reuters" and article.provider.domain is None
    assert [r.title for r in article.related] == ["Real one"]


def test_provider_name_that_is_a_url_becomes_its_host():
    article = _front("title: T\nprovider:\n  name: https://www.example.com/some/path\n")
    assert article.provider.name == "example.com"


def test_missing_title_falls_back_to_excerpt_then_body_then_file_name():
    assert _front("excerpt: An excerpt that says it all. And more.").title == "An excerpt that says it all."
    assert _front("quality: 3").title == "Body text here."
    empty_body = parse_bytes(b"---\nquality: 3\n---\n", "/x/the-file-name.md")
    assert empty_body.title == "the-file-name"


def test_html_entities_in_titles_and_excerpts_are_decoded():
    article = _front('title: "AT&amp;T &#8216;wins&#8217;"\nexcerpt: "a &lt;b&gt; c"')
    assert article.title == "AT&T ‘wins’"
    assert article.excerpt == "a <b> c"


def test_same_url_spelled_differently_is_one_identity():
    a = _front("title: A\nwebUrl: https://www.Example.com/story/?utm_source=x#top")
    b = _front("title: B\nwebUrl: https://example.com/story")
    assert a.id == b.id


@pytest.mark.parametrize(
    "plain, spelled",
    [
        ("https://example.com/story", "https://www.example.com/story/"),
        ("https://example.com/story", "HTTPS://WWW.EXAMPLE.COM/story#top"),
        ("http://example.com", "http://www.example.com/"),
        ("https://example.com//a", "https://example.com//a//?utm_medium=feed"),
        ("https://www.", "https://www./"),
    ],
)
def test_plain_urls_and_other_spellings_of_them_are_one_identity(plain, spelled):
    # Plain URLs take a shortcut past urlsplit; other spellings must still meet them.
    a = _front(f"title: A\nwebUrl: {plain}")
    b = _front(f"title: B\nwebUrl: {spelled}")
    assert a.id == b.id


def test_scan_finds_seed_suffixes_and_skips_hidden(tmp_path: Path):
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "b.markdown").write_text("x")
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "deep" / "er" / "c.txt").write_text("x")
    (tmp_path / "d.json").write_text("x")
    (tmp_path / ".hidden.md").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "e.md").write_text("x")
    files, problems = scan([str(tmp_path)])
    assert sorted(Path(f.path).name for f in files) == ["a.md", "b.markdown", "c.txt"]
    assert problems == []


def _file_facts(path: Path) -> tuple[str, str]:
    """Title and date as an independent reader of the file sees them."""
    text = path.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
    title = re.sub(r"\s+", " ", html.unescape(str(meta["title"]))).strip()
    published = meta["publishedDateTime"]
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    return title, published.astimezone(UTC)


def test_every_corpus_file_becomes_an_article_with_its_own_title_and_date(corpus: Path):
    paths = sorted(corpus.glob("*.md"))
    assert len(paths) == 181
    results = {path: parse_file(path) for path in paths}
    problems = {p: r for p, r in results.items() if isinstance(r, Problem)}
    assert problems == {}
    for path, article in results.items():
        title, published = _file_facts(path)
        assert article.title == title, path.name
        assert article.published == published, path.name
    # Distinct URLs, distinct articles: nothing collapses into another.
    assert len({a.id for a in results.values()}) == 181
