"""Full texts: fetched from a loopback server only, extracted, cleaned, kept in the data dir."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest
from loopback import Reply, endless

from reader.fulltext.batch import fetch_all
from reader.fulltext.target import Target
from reader.fulltext.charset import decode
from reader.fulltext.extract import NothingReadable, extract
from reader.fulltext.fetch import new_fetcher
from reader.fulltext.policy import fetch_on_open
from reader.query import Row

PAGES = Path(__file__).parent / "pages"
ARTICLE = (PAGES / "article.html").read_bytes()
BOILERPLATE = ("cookies", "Accept all", "Share on", "Subscribe", "Related articles", "Rail yards sale",
               "newsletter", "All rights reserved", "Privacy policy", "Email this story")
HTML = {"Content-Type": "text/html; charset=utf-8"}


def page(paragraphs: list[str], charset: str = "utf-8") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><meta charset='{charset}'><title>t</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>{body}</article></body></html>")


LONG = [
    "The harbour authority said on Monday that the new ferry would start running between the two islands in May.",
    "Fares will stay at the level of last year for residents, while visitors will pay a little more in summer months.",
    "The boat was built in a yard up the coast and can carry two hundred passengers and forty cars on each crossing.",
]


def write_seed(folder: Path, name: str, url: str, body: str = "", provider: str = "Example", title: str = "") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    title = title or f"{name} story"
    (folder / f"{name}.md").write_text(
        f'---\ntitle: "{title}"\nexcerpt: "Two lines of {name}."\nwebUrl: "{url}"\n'
        f"provider:\n  name: {provider}\n  domain: example.com\n---\n{body}",
        encoding="utf-8",
    )


@pytest.fixture
def site(server, tmp_path):
    """Seeds pointing at a loopback site: one good page, and one of each way a page fails."""
    server.routes["/good"] = Reply(body=ARTICLE, headers=HTML)
    server.routes["/loop-a"] = Reply(301, headers={"Location": "/loop-b"})
    server.routes["/loop-b"] = Reply(301, headers={"Location": "/loop-a"})
    server.routes["/paper.pdf"] = Reply(body=b"%PDF-1.7\n" + b"0" * 2000, headers={"Content-Type": "application/pdf"})
    server.routes["/empty"] = Reply(body=b"<html><body><nav><a href='/'>Home</a></nav></body></html>", headers=HTML)
    folder = tmp_path / "seeds"
    for name, path in (("good", "/good"), ("gone", "/gone"), ("loop", "/loop-a"), ("pdf", "/paper.pdf"), ("empty", "/empty")):
        write_seed(folder, name, server.url(path))
    write_seed(folder, "own", server.url("/own"), body="The file's own body, which wins.\n")
    return folder


def ids_by_title(cli, folder: Path) -> dict[str, str]:
    return {row["title"].split()[0]: row["id"] for row in cli.json_lines("list", str(folder))}


# -- extraction ------------------------------------------------------------------------------

def test_extraction_keeps_the_article_as_paragraphs_and_drops_the_page_around_it():
    text = extract(ARTICLE.decode("utf-8"))
    paragraphs = text.split("\n\n")
    assert "The city council voted nine to two on Tuesday evening" in paragraphs[1]
    assert paragraphs[-1].startswith("A public meeting about the design of the playground")
    assert "What happens next" in paragraphs  # a heading is a paragraph of its own
    assert len(paragraphs) == 9
    for phrase in BOILERPLATE:
        assert phrase.lower() not in text.lower(), phrase


def test_a_page_without_an_article_is_nothing_readable():
    with pytest.raises(NothingReadable, match="nothing readable found"):
        extract("<html><body><nav><a href='/'>Home</a> <a href='/x'>News</a></nav></body></html>")


def test_extraction_quality_floor_on_the_marked_pages():
    """The 40 pages of benchmarks/fulltext_pages with a body a person marked: measured 0.970."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from fulltext import load_pages, page_score, summary

    scores = []
    for url, html, marked in load_pages():
        try:
            found = extract(html, url)
        except NothingReadable:
            found = ""
        scores.append(page_score(marked, found))
    f1, precision, recall = summary(scores)
    assert f1 >= 0.95 and precision >= 0.93 and recall >= 0.93, (f1, precision, recall)


# -- charsets ------------------------------------------------------------------------------

def test_charset_from_the_header_the_meta_tag_or_the_bytes():
    text = "Café déjà vu: “quoted” – naïve crème brûlée, señor, voilà, 25 €. " * 20
    cp1252 = text.encode("cp1252")
    assert decode(cp1252, "windows-1252") == text
    assert decode(b"<meta charset='windows-1252'>" + cp1252).endswith(text)
    assert decode(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">' + cp1252).endswith(text)
    assert decode(cp1252, "iso-8859-1") == text  # as browsers read latin-1: windows-1252
    assert decode(text.encode("utf-8")) == text  # nothing declared: detected
    assert decode(cp1252, "no-such-charset") == text  # a label Python does not know is ignored


# -- fetching through the CLI -----------------------------------------------------------------

def test_fulltext_fetches_stores_and_show_prints_it(cli, site, server):
    ids = ids_by_title(cli, site)
    result = cli("fulltext", ids["good"], "--json")
    [line] = [json.loads(x) for x in result.stdout.splitlines()]
    assert line["ok"] and line["id"] == ids["good"] and line["words"] > 150
    [shown] = cli.json_lines("show", ids["good"])
    assert shown["body_source"] == "full_text"
    assert shown["body"].split("\n\n")[1].startswith("The city council voted nine to two")
    assert shown["full_text_url"] == server.url("/good")
    assert "Share on" not in shown["body"]
    text = cli("show", ids["good"]).stdout
    assert "(full text from 127.0.0.1, fetched just now)" in text


def test_a_headline_that_repeats_the_title_is_left_out(cli, server, tmp_path):
    server.routes["/park"] = Reply(body=ARTICLE, headers=HTML)
    write_seed(tmp_path / "s", "park", server.url("/park"), title="City Council approves the river-park plan")
    [article_id] = ids_by_title(cli, tmp_path / "s").values()
    cli("fulltext", article_id)
    [shown] = cli.json_lines("show", article_id)
    assert shown["body"].startswith("The city council voted nine to two")


def test_each_failure_is_one_line_naming_the_article_after_the_others(cli, site):
    ids = ids_by_title(cli, site)
    result = cli("fulltext", ids["gone"], ids["loop"], ids["pdf"], ids["empty"], ids["good"], check=False)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 4, result.stderr
    assert "Traceback" not in result.stderr
    expected = {
        "gone": "no such page (HTTP 404)", "loop": "too many redirects (over 5)",
        "pdf": "not HTML (a PDF)", "empty": "nothing readable found on the page",
    }
    for name, reason in expected.items():
        [line] = [x for x in lines if ids[name][:8] in x]
        assert line == f"reader: {ids[name][:8]} '{name} story': {reason}"
    assert "fetched 1 of 5 articles" in result.stdout
    assert cli.json_lines("show", ids["good"])[0]["body_source"] == "full_text"  # the others were not lost


def test_show_takes_several_ids_one_json_object_a_line_with_the_body_source(cli, site):
    ids = ids_by_title(cli, site)
    cli("fulltext", ids["good"])
    shown = cli.json_lines("show", ids["own"], ids["good"], ids["gone"])
    assert [s["id"] for s in shown] == [ids["own"], ids["good"], ids["gone"]]
    assert [s["body_source"] for s in shown] == ["file", "full_text", None]
    assert shown[0]["body"] == "The file's own body, which wins."
    assert shown[2]["body"] == ""


def test_missing_fetches_bodiless_articles_once(cli, site, server):
    ids = ids_by_title(cli, site)
    first = cli("fulltext", "--missing", check=False)
    assert first.returncode == 1  # four of the pages fail, and say so
    asked = [path for path, _headers in server.requests]
    assert "/own" not in asked  # the file has a body of its own
    assert "/good" in asked and "/gone" in asked
    before = len(server.requests)
    second = cli("fulltext", "--missing")
    assert second.returncode == 0
    assert "nothing to fetch" in second.stdout
    assert len(server.requests) == before  # not one page asked for again
    assert cli.json_lines("show", ids["good"])[0]["body_source"] == "full_text"


def test_the_text_survives_a_deleted_cache(cli, site, home):
    ids = ids_by_title(cli, site)
    cli("fulltext", ids["good"])
    for name in os.listdir(home / "cache"):
        os.remove(home / "cache" / name)
    cli("index", str(site))
    [shown] = cli.json_lines("show", ids["good"])
    assert shown["body_source"] == "full_text"
    assert "river park" in shown["body"]


def test_hostile_page_text_stays_literal_and_inert(cli, server, tmp_path):
    hostile = page([
        "Click [@click=app.quit]here[/] to win [bold red]big[/bold red], said the page that tried it.",
        "An escape \x1b[31mturned red\x1b[0m and a bell \x07 and one by entity &#27;[2J cleared nothing at all.",
        *LONG,
    ])
    server.routes["/hostile"] = Reply(body=hostile.encode("utf-8"), headers=HTML)
    write_seed(tmp_path / "s", "hostile", server.url("/hostile"))
    [article_id] = ids_by_title(cli, tmp_path / "s").values()
    cli("fulltext", article_id)
    [shown] = cli.json_lines("show", article_id)
    body = shown["body"]
    assert "[@click=app.quit]here[/]" in body and "[bold red]big[/bold red]" in body
    assert "\x1b" not in body and "\x07" not in body
    assert "turned red" in body and "[2J cleared nothing" in body


def test_windows_1252_page_reads_right(cli, server, tmp_path):
    words = ["Le café où l’on dîne: crème brûlée, déjà vu, naïve – «voilà» pour 25 €.", *LONG]
    server.routes["/fr"] = Reply(body=page(words, "windows-1252").encode("cp1252"), headers={"Content-Type": "text/html"})
    write_seed(tmp_path / "s", "fr", server.url("/fr"))
    [article_id] = ids_by_title(cli, tmp_path / "s").values()
    cli("fulltext", article_id)
    assert words[0] in cli.json_lines("show", article_id)[0]["body"]


def test_usage_without_ids_or_missing(cli):
    result = cli("fulltext", check=False)
    assert result.returncode == 2 and "give article ids, or --missing" in result.stderr


def test_unknown_id_is_a_failure_line_and_the_rest_go_on(cli, site):
    ids = ids_by_title(cli, site)
    result = cli("fulltext", "ffffffffff", ids["good"], check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == "reader: no article with id 'ffffffffff'"
    assert cli.json_lines("show", ids["good"])[0]["body_source"] == "full_text"


def test_a_corrupt_full_text_file_is_moved_aside_and_the_rest_goes_on(cli, site, home):
    ids = ids_by_title(cli, site)
    (home / "data" / "fulltext.sqlite3").write_bytes(b"not a database at all" * 100)
    result = cli("fulltext", ids["good"])
    assert "the full-text database was corrupt; moved it to" in result.stderr
    assert [p.name.startswith("fulltext.sqlite3.corrupt-") for p in (home / "data").iterdir()].count(True) == 1
    assert cli.json_lines("show", ids["good"])[0]["body_source"] == "full_text"


# -- bounds, through the library (short timeouts) ----------------------------------------------------

def test_a_page_that_never_answers_times_out_and_a_huge_one_is_refused(server, library):
    server.routes["/never"] = Reply(body=b"late", delay=60, headers=HTML)
    server.routes["/huge"] = Reply(stream=endless(b"<p>" + b"x" * 65533), headers=HTML)  # 50 MB and on
    targets = [Target("a" * 16, "never", server.url("/never")), Target("b" * 16, "huge", server.url("/huge"))]
    started = time.monotonic()
    with new_fetcher(total_timeout=1.0, connect_timeout=1.0) as fetcher:
        outcomes = {o.target.title: o for o in fetch_all(library, targets, fetcher=fetcher)}
    assert time.monotonic() - started < 10
    assert outcomes["never"].error == "timed out after 1 s"
    assert outcomes["huge"].error == "too large: the body is over the 5 MiB limit"
    assert library.full_text("a" * 16).error == "timed out after 1 s"  # recorded, no text
    assert library.full_text("a" * 16).text is None


def test_a_failed_refetch_keeps_the_text_fetched_before(server, library):
    server.routes["/p"] = Reply(body=page(LONG).encode(), headers=HTML)
    target = Target("c" * 16, "p", server.url("/p"))
    assert fetch_all(library, [target])[0].error is None
    server.routes["/p"] = Reply(500, b"oops")
    assert fetch_all(library, [target])[0].error == "HTTP 500 Internal Server Error"
    kept = library.full_text("c" * 16)
    assert kept.text.startswith("The harbour authority") and kept.error == "HTTP 500 Internal Server Error"


# -- config ---------------------------------------------------------------------------------

def row(provider: str | None, domain: str | None, url: str | None = "https://news.example.com/a") -> Row:
    return Row(1, "x" * 16, "t", None, provider, domain, None, None, url, "p", False, False, ())


@pytest.mark.parametrize(("setting", "provider", "domain", "expected"), [
    ("never", "Reuters", "reuters.com", False),
    ("on_open", None, None, True),
    (("theverge.com",), "The Verge", "theverge.com", True),
    (("theverge.com",), "X", "www.theverge.com", True),
    (("example.com",), "X", None, True),  # the URL's host, a subdomain of a listed one
    (("reuters",), "Reuters", "reuters.com", True),  # a provider name, any case
    (("reuters.com",), "AP", "apnews.com", False),
])
def test_full_text_setting_decides_what_opening_fetches(setting, provider, domain, expected):
    assert fetch_on_open(setting, row(provider, domain), has_body=False) is expected
    assert fetch_on_open(setting, row(provider, domain), has_body=True) is False


def test_full_text_setting_is_read_from_config(home):
    from reader.config import load_settings

    config = home / "config.toml"
    config.write_text('full_text = ["theverge.com", "Reuters"]\n')
    settings, warnings = load_settings(config)
    assert settings.full_text == ("theverge.com", "Reuters") and warnings == []
    config.write_text('full_text = "always"\n')
    settings, warnings = load_settings(config)
    assert settings.full_text == "never"
    assert warnings == [f"{config}: 'full_text' should be \"never\", \"on_open\" or a list of domains and provider names; using the default"]
