"""Feeds end to end on a loopback server: subscribe, fetch, items become articles.

Every case of issue 11's "bad input" list: each bad feed fails alone with a one-line reason,
and every good item is listed.
"""

from __future__ import annotations

import time

import pytest
from feed_samples import (
    ATOM, ATOM03, BOMB, MEDIA, CP1251, HOSTILE_TEXT, HTML_PAGE, INVALID, JSON_FEED, LATIN1, RELATIVE_AND_UNTITLED,
    RSS10, RSS20, RSS091, RSS092, rss,
)
from loopback import Reply, endless

from reader.feeds.fetch import fetch_all, handed
from reader.feeds.subscriptions import Subscriptions
from reader.net import Fetcher
from reader.query import Query


def subscribe(library, *urls: str, title: str | None = None) -> None:
    with Subscriptions(library.paths) as subs:
        for url in urls:
            subs.add(url, title)


@pytest.fixture(autouse=True, params=["threads", "processes"])
def parse_in(request, monkeypatch):
    """Every case twice: documents parsed in the fetch threads (a few feeds), and in worker
    processes (what a fetch of many feeds does), which hand the index their records."""
    if request.param == "processes":
        monkeypatch.setattr("reader.feeds.fetch.PARALLEL_FROM", 1)
    return request.param


def fetch(library, fetcher: Fetcher | None = None):
    """Fetch every feed, then index the fetched items only (not the bundled seeds), as
    `reader fetch` does: taking the records the fetch parsed."""
    with Subscriptions(library.paths) as subs:
        results = fetch_all(subs, fetcher)
    library.index([str(library.paths.feeds_dir)], handed=handed(results))
    return results


def titles(library, **query) -> list[str]:
    return sorted(row.title for row in library.list(Query(**query)))


def by_title(library, title: str):
    [row] = [row for row in library.list(Query()) if row.title == title]
    return library.article(row.id)


@pytest.mark.parametrize(
    ("document", "title", "url"),
    [
        (RSS091, "RSS 0.91 item", "https://old.example/1"),
        (RSS092, "RSS 0.92 item", "https://old2.example/1"),
        (RSS10, "RSS 1.0 item", "https://rdf.example/1"),
        (RSS20, "RSS two item", "https://twenty.example/a"),
        (ATOM03, "Atom 0.3 entry", "https://a03.example/1"),
        (ATOM, "Atom entry", "https://atom.example/posts/1"),  # the alternate, not self or enclosure
        (JSON_FEED, "JSON Feed item", "https://json.example/1"),
    ],
    ids=["rss091", "rss092", "rss10", "rss20", "atom03", "atom10", "jsonfeed11"],
)
def test_each_format_becomes_articles(library, server, document, title, url):
    server.routes["/feed"] = Reply(body=document)
    subscribe(library, server.url("/feed"))
    [result] = fetch(library)
    assert (result.status, result.error, result.new) == ("ok", None, 1)
    [row] = library.list(Query())
    assert (row.title, row.url) == (title, url)


def test_item_fields_reach_the_article(library, server):
    server.routes["/feed"] = Reply(body=RSS20)
    subscribe(library, server.url("/feed"))
    fetch(library)
    detail = by_title(library, "RSS two item")
    assert detail.row.provider == "Twenty" and detail.row.domain == "twenty.example"
    assert detail.row.topics == ("Space",)
    assert detail.row.published.isoformat() == "2026-12-01T10:00:00+00:00"
    assert detail.excerpt == "First paragraph. Second."  # HTML as text
    assert [url for url, _w, _h in detail.images] == ["https://twenty.example/a.jpg"]


def test_images_from_media_elements_not_videos_or_audio(library, server):
    server.routes["/feed"] = Reply(body=MEDIA)
    subscribe(library, server.url("/feed"))
    fetch(library)
    detail = by_title(library, "Pictures")
    assert list(detail.images) == [("https://m.example/big.jpg", 1200, 800), (server.url("/th.jpg"), 10, 20)]  # against the feed


def test_relative_links_untitled_items_and_script_links(library, server):
    server.routes["/blog/feed.xml"] = Reply(body=RELATIVE_AND_UNTITLED)
    subscribe(library, server.url("/blog/feed.xml"))
    [result] = fetch(library)
    assert result.status == "ok" and result.items == 2
    rows = {row.title: row for row in library.list(Query())}
    untitled = next(row for title, row in rows.items() if title.startswith("An item with no title"))
    assert untitled.url == "https://rel.example/posts/relative.html"  # resolved against the feed
    scripted = rows["Script link"]
    assert scripted.url is None  # javascript: is no link
    detail = library.article(scripted.id)
    assert "script" not in (detail.excerpt or "") + detail.body and "alert" not in (detail.excerpt or "")
    assert "Click" in (detail.excerpt or "")


def test_an_item_without_a_link_keeps_its_id_and_marks_when_its_text_changes(library, server):
    server.routes["/feed"] = Reply(body=RELATIVE_AND_UNTITLED)
    subscribe(library, server.url("/feed"))
    fetch(library)
    [row] = [r for r in library.list(Query()) if r.title == "Script link"]
    library.mark([row.id], "read", True)
    server.routes["/feed"] = Reply(body=RELATIVE_AND_UNTITLED.replace(b"Click", b"Now click"))
    [result] = fetch(library)
    assert result.changed == 1
    [again] = [r for r in library.list(Query()) if r.title == "Script link"]
    assert again.id == row.id and again.read
    assert "Now click" in (library.article(again.id).excerpt or "")


@pytest.mark.parametrize(("document", "title", "provider"), [
    (LATIN1, "Crème brûlée & café été", "Café"),
    (CP1251, "Привет, мир", "Новости"),
], ids=["latin-1", "windows-1251"])
def test_declared_encodings_and_entities(library, server, document, title, provider):
    server.routes["/feed"] = Reply(body=document, headers={"Content-Type": "application/rss+xml"})
    subscribe(library, server.url("/feed"))
    fetch(library)
    [row] = library.list(Query())
    assert (row.title, row.provider) == (title, provider)


def test_gzip(library, server):
    server.routes["/feed"] = Reply(body=RSS20, gzip=True)
    subscribe(library, server.url("/feed"))
    [result] = fetch(library)
    assert result.status == "ok" and titles(library) == ["RSS two item"]


def test_conditional_get_and_304(library, server):
    def reply(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return Reply(304)
        return Reply(body=RSS20, headers={"ETag": '"v1"', "Last-Modified": "Tue, 01 Dec 2026 10:00:00 GMT"})

    server.routes["/feed"] = reply
    subscribe(library, server.url("/feed"))
    assert fetch(library)[0].status == "ok"
    [result] = fetch(library)
    assert result.status == "not-modified" and result.error is None
    _path, headers = server.requests[-1]
    assert headers["if-none-match"] == '"v1"' and headers["if-modified-since"] == "Tue, 01 Dec 2026 10:00:00 GMT"
    assert titles(library) == ["RSS two item"]  # nothing lost
    with Subscriptions(library.paths) as subs:
        [feed] = subs.all()
    assert (feed.status, feed.items) == ("not-modified", 1)


def test_permanent_redirect_updates_the_address(library, server):
    server.routes["/old"] = Reply(301, headers={"Location": "/new"})
    server.routes["/new"] = Reply(body=RSS20)
    subscribe(library, server.url("/old"))
    [result] = fetch(library)
    assert result.status == "ok" and result.moved_to == server.url("/new")
    with Subscriptions(library.paths) as subs:
        assert [feed.url for feed in subs.all()] == [server.url("/new")]
    assert fetch(library)[0].new == 0  # the same folder and files under the new address


def test_a_web_page_leads_to_its_feed(library, server):
    server.routes["/blog"] = Reply(body=HTML_PAGE, headers={"Content-Type": "text/html"})
    server.routes["/feed.xml"] = Reply(body=RSS20)
    subscribe(library, server.url("/blog"))
    [result] = fetch(library)
    assert result.status == "ok" and result.moved_to == server.url("/feed.xml")
    assert titles(library) == ["RSS two item"]


def test_hostile_titles_and_descriptions_are_plain_text(library, server):
    server.routes["/feed"] = Reply(body=HOSTILE_TEXT)
    subscribe(library, server.url("/feed"))
    fetch(library)
    [row] = library.list(Query())
    assert row.title == "[@click=app.quit]Quit[31m now!"  # markup literal; ESC and bidi gone
    assert row.provider == "[bold red]Loud[/] feed"
    detail = library.article(row.id)
    text = (detail.excerpt or "") + detail.body
    assert "Visible text" in text and "owned" not in text and "color" not in text


def test_every_bad_feed_fails_alone(library, server):
    """All of the issue's bad feeds at once, beside good ones: each bad one gets its one-line
    reason, every good item is listed, and the whole fetch is bounded."""
    server.routes.update({
        "/good": Reply(body=rss("Good", ("Good item", "https://good.example/1"), ("Other good", "https://good.example/2"))),
        "/loop-a": Reply(302, headers={"Location": "/loop-b"}),
        "/loop-b": Reply(302, headers={"Location": "/loop-a"}),
        "/silent": Reply(delay=30),
        "/huge": Reply(stream=endless()),  # 300 MB and more: the cap stops it
        "/bomb": Reply(body=BOMB),
        "/invalid": Reply(body=INVALID),
        "/missing": Reply(404, b"gone"),
        "/html": Reply(body=b"<html><body>no feed here</body></html>", headers={"Content-Type": "text/html"}),
        "/garbage": Reply(body=b"\x00\xff" * 1000),
    })
    urls = {name: server.url("/" + name) for name in ("good", "loop-a", "silent", "huge", "bomb", "invalid", "missing", "html", "garbage")}
    subscribe(library, *urls.values())
    start = time.monotonic()
    results = {r.url: r for r in fetch(library, Fetcher(total_timeout=2, connect_timeout=1, max_bytes=10 * 2**20))}
    assert time.monotonic() - start < 20
    reasons = {name: results[url].error for name, url in urls.items()}
    assert reasons["good"] is None
    assert reasons["bomb"] == "malformed feed, kept 1 item: it declares XML entities, which reader does not expand"
    assert "too many redirects" in reasons["loop-a"]
    assert "timed out" in reasons["silent"]
    assert "over the 10 MiB limit" in reasons["huge"]
    assert reasons["invalid"].startswith("malformed feed, kept 2 items")
    assert reasons["missing"] == "HTTP 404 Not Found"
    assert reasons["html"] == "an HTML page that names no feed"
    assert reasons["garbage"].startswith("not a feed")
    for name in ("loop-a", "silent", "huge", "missing", "html", "garbage"):
        assert results[urls[name]].status == "failed"
        assert "\n" not in reasons[name] and "Traceback" not in reasons[name]
    assert results[urls["invalid"]].status == results[urls["bomb"]].status == "malformed"
    assert titles(library) == sorted(["Good item", "Other good", "Kept one", "Kept two", "Laughs &lol9; &xxe;"])
    with Subscriptions(library.paths) as subs:
        recorded = {feed.url: (feed.status, feed.error) for feed in subs.all()}
    assert recorded[urls["silent"]] == ("failed", reasons["silent"])


def test_the_bomb_is_never_expanded(library, server):
    server.routes["/bomb"] = Reply(body=BOMB)
    subscribe(library, server.url("/bomb"))
    fetch(library)
    [row] = library.list(Query())
    detail = library.article(row.id)
    assert "lollol" not in row.title + (detail.excerpt or "") + detail.body
    assert "root:" not in row.title  # the external entity was not read


def test_marks_survive_refetch_and_items_that_leave_keep_their_files(library, server):
    server.routes["/feed"] = Reply(body=rss("F", ("One", "https://f.example/1"), ("Two", "https://f.example/2")))
    subscribe(library, server.url("/feed"))
    fetch(library)
    one = next(row for row in library.list(Query()) if row.title == "One")
    library.mark([one.id], "read", True)
    server.routes["/feed"] = Reply(body=rss("F", ("One, updated", "https://f.example/1?utm_source=x"), ("Three", "https://f.example/3")))
    [result] = fetch(library)
    assert (result.new, result.changed) == (1, 1)
    rows = {row.title: row for row in library.list(Query())}
    assert set(rows) == {"One, updated", "Two", "Three"}  # Two left the feed and stays
    assert rows["One, updated"].id == one.id and rows["One, updated"].read


def test_the_same_article_in_two_feeds_is_one_article(library, server):
    server.routes["/a"] = Reply(body=rss("A", ("Shared story", "https://news.example/s")))
    server.routes["/b"] = Reply(body=rss("B", ("Shared story", "https://www.news.example/s/")))
    subscribe(library, server.url("/a"), server.url("/b"))
    fetch(library)
    assert titles(library) == ["Shared story"]


def test_refetch_with_nothing_new_writes_nothing(library, server):
    server.routes["/feed"] = Reply(body=RSS20)  # no validators: a full body every time
    subscribe(library, server.url("/feed"))
    fetch(library)
    folder = next(library.paths.feeds_dir.iterdir())
    before = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    [result] = fetch(library)
    assert (result.status, result.new, result.changed) == ("ok", 0, 0)
    assert {path.name: path.stat().st_mtime_ns for path in folder.iterdir()} == before


def test_the_library_without_a_path_includes_fetched_items(library, server):
    server.routes["/feed"] = Reply(body=RSS20)
    subscribe(library, server.url("/feed"))
    with Subscriptions(library.paths) as subs:
        fetch_all(subs)
    library.index()
    listed = titles(library)
    assert "RSS two item" in listed and len(listed) > 1  # beside the default sources


def test_the_index_takes_exactly_what_parsing_the_written_files_gives(library, server):
    import os

    from reader.ingest.parse import parse_file
    from reader.store.indexer import as_parsed

    feeds = {"/rss": RSS20, "/hostile": HOSTILE_TEXT, "/latin1": LATIN1, "/relative": RELATIVE_AND_UNTITLED, "/media": MEDIA}
    server.routes.update({path: Reply(body=body) for path, body in feeds.items()})
    subscribe(library, *(server.url(path) for path in feeds))
    for attempt in ("cold", "one item changed", "nothing new"):
        if attempt == "one item changed":
            server.routes["/relative"] = Reply(body=RELATIVE_AND_UNTITLED.replace(b"Click", b"Now click"))
        with Subscriptions(library.paths) as subs:
            results = fetch_all(subs)
        written = handed(results)
        assert len(written) == {"cold": sum(r.new for r in results), "one item changed": 1, "nothing new": 0}[attempt]
        for path, file in written.items():
            st = os.stat(path)
            assert (file.size, file.mtime_ns) == (st.st_size, st.st_mtime_ns)  # what the scan will see
            assert file.record == as_parsed(parse_file(path))
        report = library.index([str(library.paths.feeds_dir)], handed=written)
        assert report.new + report.changed == len(written) and report.problems == 0
    every = library.index([str(library.paths.feeds_dir)])
    assert (every.new, every.changed, every.unchanged) == (0, 0, every.scanned) and every.articles == every.scanned


@pytest.mark.parametrize("nasty", ['quote " and \\ backslash', "line\nbreak: - [x] {y} #z", "é 中文 🙂", "--- not a boundary", "'single'"])
def test_seed_front_matter_takes_the_direct_reader(nasty):
    import yaml

    from reader.feeds.parse import Image, Item
    from reader.feeds.seeds import seed_text
    from reader.ingest import simple_yaml
    from reader.ingest.parse import split_front_matter

    item = Item(key="g", title=nasty, link="https://x.example/a", excerpt=nasty, body=nasty, published=None,
                updated=None, topics=(nasty,), images=(Image("https://x.example/i.jpg", 10, 20),))
    front, body = split_front_matter(seed_text(item, feed_id="f", provider=nasty, site=None, topics=("Folder",)))
    direct = simple_yaml.load(front)
    assert direct is not None and direct == yaml.load(front, Loader=yaml.BaseLoader)
    assert direct["title"] == nasty and direct["topics"] == ["Folder", nasty] and body.strip() == nasty.strip()


_PEAK_PROBE = """
import json, resource, sys
from reader.cli import main
code = main(["fetch", "--json"])
print(json.dumps({"code": code, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _gzip_bomb():
    """A gzip stream of zeros that never ends: ~1,000x smaller on the wire than decoded."""
    import zlib

    def generate():
        squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)
        zeros = b"\0" * (1 << 20)
        while True:
            yield squeeze.compress(zeros) or squeeze.flush(zlib.Z_SYNC_FLUSH)

    return generate


def test_a_whole_fetch_of_hostile_feeds_stays_bounded_in_memory(cli, server):
    import json
    import subprocess
    import sys

    many = rss("Big", *((f"Item {i} " + "words " * 250, f"https://big.example/{i}") for i in range(3000)))
    assert 8 * 2**20 < len(many) < 10 * 2**20  # just under the cap: read, and its first 2,000 items written
    server.routes.update({
        "/endless": Reply(stream=endless()),
        "/gzip-bomb": Reply(stream=_gzip_bomb(), headers={"Content-Encoding": "gzip"}),
        "/big": Reply(body=many),
        "/bomb": Reply(body=BOMB),
    })
    cli("feeds", "add", *(server.url(path) for path in ("/endless", "/gzip-bomb", "/big", "/bomb")))
    result = subprocess.run([sys.executable, "-c", _PEAK_PROBE], capture_output=True, text=True, timeout=120, env=cli.env)
    *lines, last = result.stdout.splitlines()
    report = json.loads(last)
    statuses = {json.loads(line)["url"].rsplit("/", 1)[1]: json.loads(line) for line in lines}
    assert report["code"] == 1
    assert statuses["endless"]["error"] == statuses["gzip-bomb"]["error"] == "refused: the body is over the 10 MiB limit"
    assert (statuses["big"]["status"], statuses["big"]["new"]) == ("ok", 2000)
    assert statuses["big"]["error"] == "kept the first 2,000 items, the most reader takes from one feed"
    assert statuses["bomb"]["status"] == "malformed"
    assert report["peak_mib"] < 300, report
