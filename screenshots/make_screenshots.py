"""Make the SVG screenshots in this folder (the README shows them).

    python screenshots/make_screenshots.py [--corpus DIR]

Each shot runs the real app headless (App.run_test), drives it with keys, and saves what the
screen shows. The home is a fresh temporary one, the time zone UTC and "now" fixed, so the
pictures change only when the app does.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NOW = datetime(2024, 1, 15, 12, 0, tzinfo=UTC)
FEED_PORT = 48213  # the loopback port the feeds shot serves its feed on


@dataclass(frozen=True)
class Shot:
    name: str
    source: str  # "seeds" or "corpus"
    size: tuple[int, int]
    keys: tuple[str, ...]
    caption: str
    config: str = ""  # config.toml for the shot's home


SHOTS = [
    Shot("main", "seeds", (120, 32), (), "The bundled seeds: sidebar, list, and the newest article"),
    Shot("related", "corpus", (130, 40), ("enter", "G"), "An article's related entries (marked when in the library) and its citations"),
    Shot("followed", "corpus", (130, 32), ("enter", "4", "8"), "After following two related links: the breadcrumb shows the way back"),
    Shot("filtered", "corpus", (120, 32), ("t", *"vision", "enter", "u"), "A topic picked with t, unread only with u"),
    Shot("search", "corpus", (120, 32), ("slash", *"amazon mod", "enter"), "Full-text search, ranked by relevance"),
    Shot(
        "query", "corpus", (120, 32), ("slash", *'topic:"AI in Robotics" -quality<40', "enter"),
        "A query in the search box, and saved views in the sidebar",
        config='[views]\n"Well rated" = "quality>=60"\n"Robots, unread" = \'topic:"AI in Robotics" is:unread\'\n',
    ),
    Shot("help", "seeds", (120, 42), ("f1",), "Every key, and the binding id to remap it by"),
    Shot("narrow", "seeds", (80, 24), ("j", "enter"), "80x24: the list above the article, the sidebar behind b"),
    Shot("stories", "corpus", (130, 32), ("slash", *"facebook", "enter", "v"), "Stories (v): one row per story, its outlets and unread/total articles"),
    Shot("same-story", "seeds", (130, 36), ("j", "enter", "G"), "Same story: the other outlets' versions, followed with the number keys"),
    Shot("feeds", "feeds", (120, 32), (), "The seeds fetched as a feed: its items listed like any article"),
]


def fetch_seeds_as_feed(seeds: Path) -> Path:
    """The seeds served as one RSS feed on loopback and fetched; returns the fetched items' folder."""
    from feed_corpus import feed_xml, item_xml
    from loopback import LoopbackServer, Reply

    from reader.feeds.fetch import fetch_feeds
    from reader.feeds.subscriptions import Subscriptions
    from reader.ingest.parse import parse_file
    from reader.paths import Paths

    articles = [parse_file(path) for path in sorted(seeds.iterdir()) if path.is_file()]
    document = feed_xml("AI news", "https://ai-news.example/", [item_xml(a) for a in articles if hasattr(a, "title")])
    paths = Paths.from_env().ensure()
    # A fixed port: an undated item's id hashes the feed's URL, and the ids break ties in the
    # list's order, so a random port would reorder the undated rows from one run to the next.
    with LoopbackServer(port=FEED_PORT) as server:
        server.routes["/feed.xml"] = Reply(body=document)
        with Subscriptions(paths) as subscriptions:
            subscriptions.add(server.url("/feed.xml"), "AI news (a feed)")
        fetch_feeds(paths)
    return paths.feeds_dir


async def take(shot: Shot, source: Path, home: Path) -> Path:
    """The shot's SVG, saved here, of the app over `source` with `home` as its home."""
    from tui_helpers import press, settle, wait_for

    os.environ["READER_HOME"] = str(home)
    if shot.config:
        (home / "config").mkdir(parents=True, exist_ok=True)
        (home / "config" / "config.toml").write_text(shot.config, encoding="utf-8")
    from reader.library import Library
    from reader.tui.app import ReaderApp

    if shot.source == "feeds":
        source = fetch_seeds_as_feed(source)
    library = Library()
    app = ReaderApp(library, [str(source)], now=NOW)
    target = HERE / f"{shot.name}.svg"
    try:
        async with app.run_test(size=shot.size) as pilot:
            await settle(pilot, timeout=30.0)
            await press(pilot, *shot.keys)
            await wait_for(pilot, lambda: _pane_shown(app), 30.0, "the detail pane to show the article")
            await settle(pilot, timeout=30.0)  # and the screen laid out with it
            app.save_screenshot(filename=target.name, path=str(HERE))
    finally:
        library.close()  # the main screen closes its workers' connection as it unmounts
    return target


def _pane_shown(app) -> bool:
    """The detail pane, if it is on screen, shows an article or entry once the list has rows:
    the first preview comes after a pause, so the app looks idle a moment before it starts."""
    main = app.main
    if app.screen is not main or not main.detail.display or not main.articles.ids:
        return True
    return main.detail.detail is not None or main.detail.entry is not None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "everyday-ai")
    args = parser.parse_args()
    os.environ["TZ"] = "UTC"
    time.tzset()
    # reader itself, and the benchmarks' feed renderer and the tests' server and Pilot helpers.
    sys.path[:0] = [str(REPO), str(REPO / "benchmarks"), str(REPO / "tests"), str(REPO / "tests" / "tui")]
    sources = {"seeds": REPO / "seeds", "corpus": args.corpus, "feeds": REPO / "seeds"}
    for shot in SHOTS:
        source = sources[shot.source]
        if not source.is_dir():
            print(f"skipped {shot.name}: no {source}", file=sys.stderr)
            continue
        with tempfile.TemporaryDirectory(prefix="reader-shot-") as home:
            path = asyncio.run(take(shot, source, Path(home)))
        print(f"{path.relative_to(REPO)}  {shot.caption}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
