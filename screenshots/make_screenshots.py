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
    sys.path[:0] = [str(REPO / "benchmarks"), str(REPO / "tests")]
    from feed_corpus import feed_xml, item_xml
    from loopback import LoopbackServer, Reply

    from reader.feeds.fetch import fetch_feeds
    from reader.feeds.subscriptions import Subscriptions
    from reader.ingest.parse import parse_file
    from reader.paths import Paths

    articles = [parse_file(path) for path in sorted(seeds.iterdir()) if path.is_file()]
    document = feed_xml("AI news", "https://ai-news.example/", [item_xml(a) for a in articles if hasattr(a, "title")])
    paths = Paths.from_env().ensure()
    with LoopbackServer() as server:
        server.routes["/feed.xml"] = Reply(body=document)
        with Subscriptions(paths) as subscriptions:
            subscriptions.add(server.url("/feed.xml"), "AI news (a feed)")
        fetch_feeds(paths)
    return paths.feeds_dir


async def take(shot: Shot, source: Path, home: Path) -> Path:
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
            await _settle(pilot)
            for key in shot.keys:
                await pilot.press(key)
                await _settle(pilot)
            app.save_screenshot(filename=target.name, path=str(HERE))
    finally:
        library.close()  # the main screen closes its workers' connection as it unmounts
    return target


async def _settle(pilot, timeout: float = 30.0) -> None:
    """Until the scan, the id list, the counts and the detail pane have all arrived."""
    app = pilot.app
    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause(0.02)
        main = app.main
        if main is not None and main.is_mounted and not main.busy and main.counts is not None:
            break
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not settle")
    await pilot.pause(0.05)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "everyday-ai")
    args = parser.parse_args()
    os.environ["TZ"] = "UTC"
    time.tzset()
    sys.path.insert(0, str(REPO))
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
