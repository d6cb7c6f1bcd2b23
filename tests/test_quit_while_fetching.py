"""q while a feed is still on its way ends the app at once, in a real terminal.

A feed that never answers holds its download thread up to the feed's 30 s deadline. The app
used to wait for it twice over: asyncio's executor (where the fetch's worker thread runs)
and Python's exit (the download threads) both join their threads, so after q the screen was
gone and the process lingered ~26 s."""

from __future__ import annotations

import time
from pathlib import Path

from feed_samples import rss
from loopback import Reply

from pty_terminal import Terminal
from reader.feeds.subscriptions import Subscriptions
from reader.paths import Paths


def test_q_during_a_fetch_that_waits_on_a_feed_ends_the_app_at_once(home: Path, seeds: Path, server):
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "config.toml").write_text(f'sources = ["{seeds}"]\nfetch_on_start = true\n')
    server.routes["/fast"] = Reply(body=rss("Fast wire", ("A quick story", "https://fast.example/1")))
    server.routes["/never"] = Reply(body=b"", delay=120)  # answers only once the test is over
    with Subscriptions(Paths.from_env().ensure()) as subscriptions:
        subscriptions.add(server.url("/fast"))
        subscriptions.add(server.url("/never"))
    with Terminal(home=home) as terminal:
        terminal.wait_for(lambda: "fetching 1/2 feeds" in terminal.text(), what="the fast feed in, the other waited on")
        quit_at = time.monotonic()
        terminal.press("q")
        assert terminal.wait_exit(timeout=25) == 0
        assert time.monotonic() - quit_at < 5
    # The feed that came in was recorded; the one cut short waits for the next fetch.
    with Subscriptions(Paths.from_env().ensure()) as subscriptions:
        statuses = {feed.url.rsplit("/", 1)[1]: feed.status for feed in subscriptions.all()}
    assert statuses["fast"] == "ok"
