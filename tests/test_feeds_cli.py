"""`reader feeds ...` and `reader fetch` as a user runs them, and OPML in and out."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from feed_samples import INVALID, RSS20, rss
from loopback import Reply

from reader.errors import ReaderError
from reader.feeds.opml import export_opml, parse_opml
from reader.feeds.subscriptions import Feed

OPML = b"""<?xml version="1.0" encoding="utf-8"?>
<opml version="1.0"><head><title>mine</title></head><body>
  <outline text="Loose" xmlUrl="https://loose.example/feed"/>
  <outline text="Science">
    <outline text="Space" title="Space">
      <outline type="rss" text="Orbit" xmlUrl="https://orbit.example/rss"/>
    </outline>
    <outline type="rss" title="Lab" xmlurl="https://lab.example/atom"/>
  </outline>
  <outline text="Local file" xmlUrl="file:///etc/passwd"/>
  <outline text="Script" xmlUrl="javascript:alert(1)"/>
</body></opml>"""


def test_opml_import_nests_folders_into_topics_and_skips_other_schemes():
    imported = parse_opml(OPML)
    assert [(o.url, o.title, o.topics) for o in imported.feeds] == [
        ("https://loose.example/feed", "Loose", ()),
        ("https://orbit.example/rss", "Orbit", ("Science", "Space")),
        ("https://lab.example/atom", "Lab", ("Science",)),
    ]
    assert len(imported.skipped) == 2
    assert "not fetching a file: link" in imported.skipped[0] and "not fetching a javascript: link" in imported.skipped[1]


@pytest.mark.parametrize("data", [
    b"<opml><body><outline", b"<html><body/></html>",
    b'<?xml version="1.0"?><!DOCTYPE o [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><opml><body/></opml>',
], ids=["truncated", "not-opml", "entities"])
def test_bad_opml_is_one_line(data):
    with pytest.raises(ReaderError) as error:
        parse_opml(data, "x.opml")
    assert str(error.value).startswith("x.opml: ") and "\n" not in str(error.value)


def test_export_is_opml_2_that_imports_back():
    feeds = [Feed("https://a.example/rss", "a", title="A & B"), Feed("https://c.example/rss", "c", feed_title="C", topics=("Tech",))]
    text = export_opml(feeds)
    assert '<opml version="2.0">' in text and 'xmlUrl="https://a.example/rss"' in text
    again = parse_opml(text.encode())
    assert [(o.url, o.title, o.topics) for o in again.feeds] == [
        ("https://a.example/rss", "A & B", ()), ("https://c.example/rss", "C", ("Tech",)),
    ]


@pytest.mark.skipif(shutil.which("newsboat") is None, reason="newsboat is not installed")
def test_newsboat_imports_the_export(tmp_path):
    feeds = [Feed("https://a.example/rss", "a", title="A & B"), Feed("https://c.example/rss", "c", feed_title="C", topics=("Tech",))]
    (tmp_path / "subs.opml").write_text(export_opml(feeds))
    subprocess.run(
        ["newsboat", "-u", str(tmp_path / "urls"), "-c", str(tmp_path / "cache.db"), "-C", "/dev/null", "-i", str(tmp_path / "subs.opml")],
        check=True, capture_output=True, timeout=60, env={**os.environ, "HOME": str(tmp_path)},
    )
    assert (tmp_path / "urls").read_text().splitlines() == ["https://a.example/rss", 'https://c.example/rss "Tech"']


def test_add_list_remove(cli, server):
    server.routes["/feed"] = Reply(body=RSS20)
    url = server.url("/feed")
    assert cli("feeds", "add", url, "--title", "Mine").stdout == f"added {url}\n"
    assert cli("feeds", "add", url).stdout == f"already subscribed: {url}\n"
    [entry] = cli.json_lines("feeds", "list")
    assert entry == {"url": url, "title": "Mine", "topics": [], "last_fetched": None, "last_status": None, "error": None, "items": 0, "total": 0, "unread": 0}
    cli("fetch")
    [entry] = cli.json_lines("feeds", "list")
    assert (entry["last_status"], entry["items"], entry["title"], entry["total"], entry["unread"]) == ("ok", 1, "Mine", 1, 1)
    [row] = [r for r in cli.json_lines("list") if r["title"] == "RSS two item"]
    assert row["provider"] == "Mine"
    cli("mark", "read", row["id"])  # the counts are the app's Feeds section's
    [entry] = cli.json_lines("feeds", "list")
    assert (entry["total"], entry["unread"]) == (1, 0)
    assert "1 item (0 of 1 article unread)" in cli("feeds", "list").stdout
    assert cli("feeds", "remove", url).stdout == f"removed {url}\n"
    assert not [r for r in cli.json_lines("list") if r["title"] == "RSS two item"]
    missing = cli("feeds", "remove", url, check=False)
    assert (missing.returncode, missing.stderr) == (1, f"reader: not subscribed: {url}\n")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://x.example/f", "not a url"])
def test_add_refuses_other_schemes(cli, url):
    result = cli("feeds", "add", url, check=False)
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert cli.json_lines("feeds", "list") == []


def test_import_then_export(cli, tmp_path):
    path = tmp_path / "subs.opml"
    path.write_bytes(OPML)
    result = cli("feeds", "import", str(path))
    assert result.stdout == "imported 3 feeds; skipped 2\n"
    assert result.stderr.count("\n") == 2
    assert "imported 0 feeds (3 already subscribed)" in cli("feeds", "import", str(path)).stdout
    exported = cli("feeds", "export").stdout
    assert [o.url for o in parse_opml(exported.encode()).feeds] == [
        "https://loose.example/feed", "https://orbit.example/rss", "https://lab.example/atom",
    ]


def test_fetch_exit_codes_and_json(cli, server):
    server.routes["/good"] = Reply(body=rss("Good", ("Fine item", "https://good.example/1")))
    server.routes["/invalid"] = Reply(body=INVALID)
    cli("feeds", "add", server.url("/good"), server.url("/invalid"))
    first = cli("fetch")
    assert first.returncode == 0  # malformed but with items: said, not failed
    assert first.stderr == f"reader: {server.url('/invalid')}: malformed feed, kept 2 items: Feed is truncated or has unclosed XML elements\n"
    assert first.stdout.startswith("2 feeds: 3 new items, 1 malformed; ")
    server.routes["/missing"] = Reply(404)
    cli("feeds", "add", server.url("/missing"))
    second = cli("fetch", "--json", check=False)
    assert second.returncode == 1
    results = {r["url"]: r for r in map(json.loads, second.stdout.splitlines())}
    assert results[server.url("/missing")]["status"] == "failed"
    assert results[server.url("/missing")]["error"] == "HTTP 404 Not Found"
    assert results[server.url("/good")]["status"] == "ok" and results[server.url("/good")]["new"] == 0
    assert f"reader: {server.url('/missing')}: HTTP 404 Not Found" in second.stderr
    titles = {r["title"] for r in cli.json_lines("list", "--cached")}
    assert {"Fine item", "Kept one", "Kept two"} <= titles


def test_fetch_without_feeds_says_how_to_add_one(cli):
    result = cli("fetch")
    assert "reader feeds add URL" in result.stderr


def test_feed_settings_in_config(tmp_path):
    from reader.config import load_settings

    path = tmp_path / "config.toml"
    path.write_text("fetch_on_start = true\nrefresh_minutes = 15\n")
    settings, warnings = load_settings(path)
    assert (settings.fetch_on_start, settings.refresh_minutes, warnings) == (True, 15.0, [])
    path.write_text('fetch_on_start = "yes"\nrefresh_minutes = -1\n')
    settings, warnings = load_settings(path)
    assert (settings.fetch_on_start, settings.refresh_minutes) == (False, 0)
    assert ["fetch_on_start" in warnings[0], "refresh_minutes" in warnings[1]] == [True, True]


def test_ctrl_c_during_a_fetch_that_waits_on_a_feed_ends_it_at_once(cli, home, server):
    """A feed that never answers holds its download thread to its 30 s deadline, and Python's
    exit waited for that thread: ctrl+c ended `reader fetch` ~28 s later."""
    import signal
    import sys
    import time

    from reader.paths import Paths

    server.routes["/fast"] = Reply(body=rss("Fast wire", ("A quick story", "https://fast.example/1")))
    server.routes["/never"] = Reply(body=b"", delay=120)
    cli("feeds", "add", server.url("/fast"), server.url("/never"))
    items = Paths.from_env().feeds_dir
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "fetch"], env=cli.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as a terminal's ctrl+c finds it
    )
    try:
        deadline = time.monotonic() + 20
        while not any(items.rglob("*.md")):  # the fast feed's item written: the fetch waits on the other
            assert time.monotonic() < deadline and process.poll() is None, "the fast feed never came in"
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        stopped = time.monotonic()
        _out, err = process.communicate(timeout=25)
        assert time.monotonic() - stopped < 5
        assert process.returncode == 130 and "Traceback" not in err
    finally:
        process.kill()
