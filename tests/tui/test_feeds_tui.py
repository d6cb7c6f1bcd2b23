"""Feeds in the app: ctrl+r fetches then rescans, the status line says what failed, L lists the
feeds, fetch_on_start and refresh_minutes, and a slow feed never holds up the keys."""

from __future__ import annotations

from pathlib import Path

from feed_samples import HOSTILE_TEXT, rss
from loopback import Reply

from reader.feeds.subscriptions import Subscriptions
from reader.paths import Paths
from reader.tui.screens.feeds import FeedsScreen
from reader.tui.textual_private import notifications, send_key
from tui_helpers import press, screen_text, settle, titles, wait_for


def _setup(home: Path, seeds: Path, server, *, config: str = "", **routes: Reply) -> None:
    """Seeds as the configured source, and a subscription to each route."""
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "config.toml").write_text(f'sources = ["{seeds}"]\n{config}')
    server.routes.update({f"/{name}": reply for name, reply in routes.items()})
    with Subscriptions(Paths.from_env().ensure()) as subs:
        for name in routes:
            subs.add(server.url(f"/{name}"))


GOOD = rss("Fresh news", ("A story from a feed", "https://fresh.example/1"))


async def test_ctrl_r_fetches_then_rescans_and_says_what_failed(make_app, home, seeds, server):
    _setup(home, seeds, server, good=Reply(body=GOOD), missing=Reply(404))
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert "A story from a feed" not in titles(app)  # nothing fetched at start by default
        await press(pilot, "ctrl+r")
        await settle(pilot)
        assert "A story from a feed" in titles(app) and len(titles(app)) == 6  # beside the five seeds
        assert "1 feed failed (L)" in screen_text(app)
        assert "Fetched 2 feeds: 1 new item, 1 failed" in notifications(app)
        # The feed is a provider in the sidebar, with its unread count.
        [fresh] = [count for count in app.main.counts.providers if count.name == "Fresh news"]
        assert (fresh.unread, fresh.total) == (1, 1)
        await press(pilot, "L")
        assert isinstance(app.screen, FeedsScreen)
        text = screen_text(app)
        assert "Fresh news" in text and "HTTP 404 Not Found" in text and "failed" in text
        await press(pilot, "escape")
        assert not isinstance(app.screen, FeedsScreen)


async def test_feed_names_show_as_plain_text_in_the_feeds_list(make_app, home, seeds, server):
    _setup(home, seeds, server, loud=Reply(body=HOSTILE_TEXT))
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+r")
        await settle(pilot)
        assert "[@click=app.quit]Quit[31m now!" in titles(app)
        assert [e.label for e in app.main.sidebar.entries if e.kind == "feed"] == ["[bold red]Loud[/] feed"]
        assert "[bold red]Lou" in screen_text(app)  # the Feeds section shows it literally too
        await press(pilot, "L")
        assert "[bold red]Loud[/] feed" in screen_text(app)  # markup shown, not applied


async def test_fetch_on_start(make_app, home, seeds, server):
    _setup(home, seeds, server, config="fetch_on_start = true\n", good=Reply(body=GOOD))
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert "A story from a feed" in titles(app)


async def test_refresh_minutes_fetches_again_while_the_app_runs(make_app, home, seeds, server):
    _setup(home, seeds, server, config="refresh_minutes = 0.01\n", good=Reply(body=GOOD))  # every 0.6 s
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        server.routes["/good"] = Reply(body=rss("Fresh news", ("A later story", "https://fresh.example/2")))
        await wait_for(pilot, lambda: "A later story" in titles(app), timeout=20, what="the timed fetch")


async def test_a_slow_feed_never_holds_up_the_keys(make_app, home, seeds, server):
    _setup(home, seeds, server, slow=Reply(body=GOOD, delay=3))
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        send_key(app, "ctrl+r")  # pressed without settling: the feed is slow
        await wait_for(pilot, lambda: "fetching" in screen_text(app), what="the fetch to start")
        before = app.main.articles.cursor
        await pilot.press("j")
        assert app.main.articles.cursor == before + 1 and app.main.scanning  # moved while the feed waits
        await settle(pilot)
        assert "A story from a feed" in titles(app)


async def test_the_items_of_the_feeds_in_show_while_a_slow_one_is_still_fetched(make_app, home, seeds, server, monkeypatch):
    """What a running fetch has written is indexed once no feed has come in for a moment: one
    slow feed (up to its 30 s deadline) no longer holds back the others' items until it is done."""
    from reader.tui import refresh

    monkeypatch.setattr(refresh, "INTERIM_QUIET", 0.3)
    slow = rss("Slow wire", ("The slow feed's story", "https://slow.example/1"))
    _setup(home, seeds, server, good=Reply(body=GOOD), slow=Reply(body=slow, delay=8))
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        send_key(app, "ctrl+r")
        await wait_for(pilot, lambda: "A story from a feed" in titles(app), timeout=6, what="the fast feed's item")
        assert app.main.scanning and "The slow feed's story" not in titles(app)
        assert "fetching 1/2 feeds" in screen_text(app)  # the fetch's own figures, not the index's
        # The sidebar is counted again too (by its own worker, so a moment after the rows).
        await wait_for(pilot, lambda: [(c.unread, c.total) for c in app.main.counts.providers if c.name == "Fresh news"] == [(1, 1)],
                       timeout=6, what="the feed's count")
        assert app.main.scanning
        await settle(pilot)
        assert {"A story from a feed", "The slow feed's story"} <= set(titles(app)) and len(titles(app)) == 7
        assert not app.main.scanning


async def test_feeds_have_a_sidebar_section_whose_entries_filter_by_feed(make_app, home, seeds, server):
    other = rss("Other wire", ("Second feed one", "https://other.example/1"), ("Second feed two", "https://other.example/2"))
    _setup(home, seeds, server, good=Reply(body=GOOD), other=Reply(body=other), later=Reply(404))
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        sidebar = app.main.sidebar
        # Subscribed, never fetched: each is named by its host until its feed gives a title.
        assert [(e.label, e.unread, e.total) for e in sidebar.entries if e.kind == "feed"] == [("127.0.0.1", 0, 0)] * 3
        assert "▾ Feeds" in screen_text(app)
        await press(pilot, "ctrl+r")
        await settle(pilot)
        feeds = {entry.label: (entry.unread, entry.total) for entry in sidebar.entries if entry.kind == "feed"}
        assert feeds == {"Fresh news": (1, 1), "Other wire": (2, 2), "127.0.0.1": (0, 0)}  # the failed one has no items
        assert "Other wire" in screen_text(app) and "2/2" in screen_text(app)
        # Choosing a feed lists its items alone: the same feed: query the CLI runs.
        url = server.url("/other")
        await press(pilot, "shift+tab")
        await press(pilot, "g", *["j"] * sidebar.index_of("feed", url), "enter")
        await settle(pilot)
        assert app.main.state.view == f"feed:{url}"
        assert sorted(titles(app)) == ["Second feed one", "Second feed two"]
        assert sidebar.entries[sidebar.cursor].label == "Other wire"
        assert "feed: Other wire" in screen_text(app) and url not in screen_text(app)  # named, not its URL
        # A mark changes the feed's count like the others'.
        await press(pilot, "tab", "r")
        await settle(pilot)
        assert [(e.unread, e.total) for e in sidebar.entries if e.kind == "feed" and e.key == url] == [(1, 2)]
        # Chosen again: every article.
        await press(pilot, "shift+tab", "enter")
        await settle(pilot)
        assert app.main.state.view == "all" and len(titles(app)) == 8
