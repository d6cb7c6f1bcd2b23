"""feed: at scale: the first screen and the whole list of one feed, and the Feeds section's
counts, with the same sizes of `provider:` (the field it most resembles) beside them.

    python benchmarks/feed_query.py [--sizes 10000,100000] [--feeds 300] [--repeat 5] [--cache CACHE.sqlite3]

A corpus (make_corpus.py, via run.py's work dir) is indexed, then its articles are dealt out
to --feeds subscriptions round-robin, as if each had been fetched (article_feeds rows and a
feeds.sqlite3). --cache starts from a copy of an existing cache instead of indexing (schema
11 or 12: article_feeds is added). Every figure is the median of --repeat, in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO)]


def prepare(home: Path, feeds: int) -> None:
    """Deal the cached articles out to `feeds` subscriptions, as fetching them would have."""
    from reader.feeds.schema import make
    from reader.store.cache import SCHEMA_VERSION

    conn = sqlite3.connect(home / "cache" / "cache.sqlite3")
    conn.executescript(
        "CREATE TABLE IF NOT EXISTS article_feeds (feed TEXT NOT NULL, article INTEGER NOT NULL, PRIMARY KEY (feed, article)) WITHOUT ROWID;"
        "CREATE INDEX IF NOT EXISTS article_feeds_by_article ON article_feeds(article);"
        f"DELETE FROM article_feeds; INSERT INTO article_feeds SELECT 'folder-' || (n % {feeds}), n FROM articles;"
        f"PRAGMA user_version={SCHEMA_VERSION};"
    )
    conn.commit()
    conn.close()
    path = home / "data" / "feeds.sqlite3"
    make(path)
    conn = sqlite3.connect(path)
    conn.executemany(
        "INSERT INTO feeds (url, folder, title, added_at, host) VALUES (?, ?, ?, 0, ?)",
        [(f"https://feed{i}.example/rss", f"folder-{i}", f"Feed {i}", f"feed{i}.example") for i in range(feeds)],
    )
    conn.commit()
    conn.close()


def median_ms(function, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def measure(home: Path, repeat: int) -> dict[str, float]:
    os.environ["READER_HOME"] = str(home)
    from reader.library import Library
    from reader.query import Query

    library = Library()
    try:
        provider = max(library.counts().providers, key=lambda c: c.total).name
        figures = {}
        for label, text in (("feed:", 'feed:"Feed 7"'), ("feed: is:unread", 'feed:"Feed 7" is:unread'),
                            ("feed:DOMAIN", "feed:feed7.example"), ("provider:", f'provider:"{provider}"')):
            q = Query(expression=text)
            library.ids(q, 300)  # warm
            figures[f"{label} first screen"] = median_ms(lambda q=q: library.rows(library.ids(q, 50)), repeat)
            figures[f"{label} whole list"] = median_ms(lambda q=q: library.ids(q), repeat)
        feeds = library.feeds()
        figures[f"counts of {len(feeds)} feeds"] = median_ms(lambda: library.feed_counts(feeds), repeat)
        return figures
    finally:
        library.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--feeds", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cache", type=Path, help="start from a copy of this cache instead of indexing a corpus")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "reader-bench")
    args = parser.parse_args(argv)
    results: dict[str, dict[str, float]] = {}
    sizes = ["cache"] if args.cache else [int(size) for size in args.sizes.split(",")]
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="feed-query-") as work:
            home = Path(work)
            (home / "cache").mkdir()
            (home / "data").mkdir()
            if args.cache:
                shutil.copyfile(args.cache, home / "cache" / "cache.sqlite3")
            else:
                from run import corpus

                folder = corpus(args.workdir, size)
                subprocess.run([sys.executable, "-m", "reader", "index", str(folder)], check=True, capture_output=True,
                               env={**os.environ, "READER_HOME": str(home)})
            prepare(home, args.feeds)
            with sqlite3.connect(home / "cache" / "cache.sqlite3") as conn:
                articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            print(f"{articles:,} articles in {args.feeds} feeds ...", file=sys.stderr, flush=True)
            results[f"{articles:,}"] = measure(home, args.repeat)
    columns = list(results)
    print(f"\n| ms (median of {args.repeat}) | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for row in next(iter(results.values())):
        print(f"| {row} | " + " | ".join(f"{results[c][row]:.1f}" for c in columns) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
