"""`feed:` in the query language: the articles a subscribed feed brought, by the feed's title,
domain or URL, through the one builder (the search box, `reader list --query/--feed`, views)."""

from __future__ import annotations

import sqlite3

import pytest
from feed_samples import rss
from loopback import Reply

from reader.feeds.fetch import fetch_feeds
from reader.feeds.subscriptions import Subscriptions
from reader.library import Library
from reader.query import Query
from reader.query_language import QueryError


@pytest.fixture
def fed(home, seeds, server):
    """Two feeds on two hosts (127.0.0.1 and localhost), fetched and indexed, beside the seeds;
    one of the seeds' providers is also called like the first feed."""
    (home / "config").mkdir(exist_ok=True)
    (home / "config" / "config.toml").write_text(f'sources = ["{seeds}"]\n')
    server.routes["/tech"] = Reply(body=rss("Tech Daily", ("Chips are fast", "https://tech.example/1"), ("GPUs too", "https://tech.example/2")))
    server.routes["/world"] = Reply(body=rss("World Wire", ("Rain in Spain", "https://world.example/1")))
    tech, world = server.url("/tech"), server.url("/world").replace("127.0.0.1", "localhost")
    library = Library()
    with Subscriptions(library.paths) as subscriptions:
        subscriptions.add(tech, "Tech Daily")
        subscriptions.add(world)
    assert [r.status for r in fetch_feeds(library.paths)] == ["ok", "ok"]
    library.index()
    yield library, tech, world
    library.close()


def titles(library: Library, text: str = "", **options) -> set[str]:
    return {row.title for row in library.list(Query(expression=text, **options))}


TECH = {"Chips are fast", "GPUs too"}
WORLD = {"Rain in Spain"}


def test_feed_by_title_domain_and_url(fed):
    library, tech, world = fed
    assert titles(library, 'feed:"tech daily"') == TECH  # any case
    assert titles(library, 'feed:"World Wire"') == WORLD  # the feed's own title
    assert titles(library, "feed:localhost") == WORLD  # the feed's domain
    assert titles(library, f"feed:{tech}") == TECH  # one feed by its URL
    assert titles(library, f'feed:"{world}"') == WORLD
    assert titles(library, "feed:" + tech.replace("/tech", "/other")) == set()  # a URL: that feed alone, not its host
    assert titles(library, "feed:nothing") == set()


def test_feed_combines_like_any_term(fed):
    library, tech, _world = fed
    everything = titles(library)
    assert titles(library, "feed:localhost feed:tech-daily") == WORLD  # unknown names add nothing
    assert titles(library, 'feed:"Tech Daily" OR feed:localhost') == TECH | WORLD
    assert titles(library, 'feed:"Tech Daily" feed:localhost') == TECH | WORLD  # one field twice: either
    assert titles(library, "-feed:localhost") == everything - WORLD
    assert titles(library, "feed:localhost is:unread") == WORLD
    assert titles(library, "gpus", feeds=("Tech Daily",)) == {"GPUs too"}
    assert titles(library, feeds=(tech, "localhost")) == TECH | WORLD  # the --feed sugar


def test_feed_is_not_a_provider_of_the_same_name(fed, seeds):
    library, _tech, _world = fed
    provider = library.counts().providers[0].name
    with Subscriptions(library.paths) as subscriptions:
        feed = subscriptions.all()[0]
        subscriptions.add(feed.url, provider)  # the feed now has a seed provider's name
    assert titles(library, f'feed:"{provider}"') == TECH  # renamed at once: no re-fetch needed
    assert titles(library, f'provider:"{provider}"') & TECH == set()  # its items still say Tech Daily


def test_a_removed_feed_leaves_with_its_items(fed):
    library, tech, _world = fed
    with Subscriptions(library.paths) as subscriptions:
        feed = subscriptions.remove(tech)
        import shutil

        shutil.rmtree(subscriptions.folder(feed))
    assert titles(library, "feed:127.0.0.1") == set()  # no subscription by that name now
    library.index()
    assert titles(library) & TECH == set()


def test_a_seed_folder_called_feeds_is_no_feed(home, tmp_path):
    # Only the data dir's feeds/ folder holds fetched items: a user's own folder of that name
    # is ordinary seeds, and no feed: matches them.
    folder = tmp_path / "feeds" / "127.0.0.1-0123456789"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text("---\ntitle: Mine\nwebUrl: https://mine.example/a\n---\nText\n")
    library = Library()
    try:
        library.index([str(tmp_path / "feeds")])
        assert titles(library) == {"Mine"}
        assert library.cache.conn.execute("SELECT count(*) FROM article_feeds").fetchone() == (0,)
    finally:
        library.close()


def test_feed_needs_a_value():
    with pytest.raises(QueryError):
        Query(expression="feed:")


def test_subscriptions_from_before_the_host_column_are_brought_up_to_date(home):
    (home / "data").mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(home / "data" / "feeds.sqlite3")
    conn.executescript(
        "CREATE TABLE feeds (url TEXT PRIMARY KEY, folder TEXT NOT NULL UNIQUE, title TEXT, feed_title TEXT,"
        " topics TEXT NOT NULL DEFAULT '[]', added_at REAL NOT NULL, etag TEXT, last_modified TEXT, fetched_at REAL,"
        " status TEXT, error TEXT, items INTEGER NOT NULL DEFAULT 0);"
        "INSERT INTO feeds (url, folder, added_at) VALUES ('https://www.old.example/rss', 'old', 0);"
    )
    conn.close()
    library = Library()
    try:
        assert library.warnings == []
        assert library.cache.conn.execute("SELECT host FROM feeds.feeds").fetchall() == [("old.example",)]
        assert library.list(Query(expression="feed:old.example")) == []
    finally:
        library.close()


def test_unreadable_subscriptions_leave_everything_else_working(home, seeds):
    (home / "data").mkdir(parents=True, exist_ok=True)
    (home / "data" / "feeds.sqlite3").write_bytes(b"not a database at all" * 100)
    library = Library()
    try:
        assert any("feed: matches nothing" in warning for warning in library.warnings)
        library.index([str(seeds)])
        assert titles(library, "feed:anything") == set()
        assert len(titles(library)) == 5
    finally:
        library.close()


def test_reader_list_feed_and_a_saved_view(cli, fed, home):
    _library, tech, _world = fed
    listed = {row["title"] for row in cli.json_lines("list", "--cached", "--feed", "tech daily")}
    assert listed == TECH
    listed = {row["title"] for row in cli.json_lines("list", "--cached", "--query", "feed:localhost")}
    assert listed == WORLD
    config = home / "config" / "config.toml"
    config.write_text(config.read_text() + '[views]\n"From the wire" = "feed:\\"World Wire\\""\n')
    assert {row["title"] for row in cli.json_lines("list", "--cached", "--view", "From the wire")} == WORLD
    [view] = cli.json_lines("views")
    assert (view["name"], view["total"], view["unread"]) == ("From the wire", 1, 1)


def test_reader_stories_feed(cli, fed):
    stories = cli.json_lines("stories", "--feed", "localhost")
    assert [(story["title"], story["size"]) for story in stories] == [("Rain in Spain", 1)]


def test_an_article_in_two_feeds_is_listed_and_counted_under_both(home, server):
    server.routes["/one"] = Reply(body=rss("One", ("Shared story", "https://shared.example/1"), ("Only one", "https://one.example/1")))
    server.routes["/two"] = Reply(body=rss("Two", ("Shared story", "https://shared.example/1")))
    library = Library()
    with Subscriptions(library.paths) as subscriptions:
        subscriptions.add(server.url("/one"))
        subscriptions.add(server.url("/two"))
    fetch_feeds(library.paths)
    library.index()
    assert len(library.list(Query(feeds=("One", "Two")))) == 2  # one article, though two files
    assert titles(library, "feed:One") == {"Shared story", "Only one"}
    assert titles(library, "feed:Two") == {"Shared story"}
    counts = {count.name: (count.total, count.unread) for count in library.feed_counts()}
    assert counts == {server.url("/one"): (2, 2), server.url("/two"): (1, 1)}
    library.mark([library.list(Query(feeds=("Two",)))[0].id], "read", True)
    counts = {count.name: (count.total, count.unread) for count in library.feed_counts()}
    assert counts == {server.url("/one"): (2, 1), server.url("/two"): (1, 0)}
    library.close()
