"""Feeds against newsboat, side by side: the synthetic corpus as RSS feeds on loopback.

    python benchmarks/feeds.py [--items 19000] [--feeds 300] [--repeat 1] [--newsboat-threads 8]

The corpus (make_corpus.py) is rendered as --feeds RSS 2.0 feeds (benchmarks/feed_corpus.py)
and served by the tests' loopback server (tests/loopback.py) with an ETag and Last-Modified
on each, answering a matching conditional request with 304. Each program starts from an
empty home and fetches every feed twice: cold, then again with nothing new.

- reader: its modules byte-compiled and `reader feeds import` (neither timed), then `reader fetch`,
  which writes the items as seed files *and indexes them* (the cache is ready to list when it returns).
- newsboat: `newsboat -x reload` on a urls file, `reload-threads` set to --newsboat-threads
  (its default is 1; the same parallelism as reader's 8 fetch threads is the fair match).

Every figure is wall time of the whole process; ratios are reader / newsboat in the same run.
Last, the CPU an item of each stage of reader's cold fetch, measured in one process on the
same documents (parse the feed, seed text, write the files, parse what was written); the
timed run's note gives its indexing seconds.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO / "tests")]
from feed_corpus import render  # noqa: E402
from loopback import LoopbackServer, Reply  # noqa: E402

GOALS = {"cold": 0.5, "nothing new": 0.1}


def serve(server: LoopbackServer, feeds: dict[str, bytes]) -> None:
    modified = "Tue, 01 Dec 2026 10:00:00 GMT"
    for path, body in feeds.items():
        etag = f'"{hash(body) & 0xFFFFFFFF:08x}"'

        def route(handler, body=body, etag=etag):
            if handler.headers.get("If-None-Match") == etag or handler.headers.get("If-Modified-Since") == modified:
                return Reply(304, headers={"ETag": etag})
            return Reply(body=body, headers={"Content-Type": "application/rss+xml", "ETag": etag, "Last-Modified": modified})

        server.routes[path] = route


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall seconds of the whole process, and what it printed."""
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=1800)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} exited {result.returncode}: {result.stderr[-2000:]}")
    return seconds, result.stdout


def index_seconds(output: str) -> float:
    """The indexing part of a `reader fetch`, from its last line ("...; N articles, 0 problems (1.23 s)")."""
    found = re.search(r"\(([\d.]+) s\)\s*$", output)
    return float(found.group(1)) if found else float("nan")


def run_reader(urls: list[str], work: Path) -> tuple[float, float, str]:
    home = work / "reader-home"
    env = {**os.environ, "READER_HOME": str(home)}
    # reader's modules byte-compiled first (into its __pycache__ folders, which git ignores), as
    # an install has them: where PYTHONDONTWRITEBYTECODE is set (this machine), every process
    # compiled every module of reader it imported, ~15% of a nothing-new fetch's instructions.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "reader")], check=True, capture_output=True)
    opml = work / "feeds.opml"
    outlines = "".join(f'<outline type="rss" text="feed {i}" xmlUrl="{url}"/>' for i, url in enumerate(urls))
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><head/><body>{outlines}</body></opml>')
    reader = [sys.executable, "-m", "reader"]
    subprocess.run([*reader, "feeds", "import", str(opml)], env=env, check=True, capture_output=True)
    # The library is the fetched items only: an empty folder stands in for the default sources.
    (home / "config").mkdir(parents=True, exist_ok=True)
    (work / "no-seeds").mkdir(exist_ok=True)
    (home / "config" / "config.toml").write_text(f'sources = ["{work / "no-seeds"}"]\n')
    cold, output = timed([*reader, "fetch"], env)
    again, _ = timed([*reader, "fetch"], env)
    listed = subprocess.run([*reader, "list", "--cached", "--json"], env=env, capture_output=True, text=True, check=True)
    indexing = index_seconds(output)
    return cold, again, (f"{len(listed.stdout.splitlines()):,} articles listed; reader's cold fetch spent "
                         f"{indexing:.2f} s indexing and {cold - indexing:.2f} s starting, fetching and writing items")


def stage_costs(feeds: dict[str, bytes], work: Path) -> str:
    """CPU per item of each stage of a cold fetch, one process, no network: what the worker
    processes of `reader fetch` do to a document (parse it, make each item's seed text, write
    the files, parse the bytes written into the index's record), and the index's share is
    the "indexing" figure of the timed run."""
    from reader.feeds.fetch import write_items
    from reader.feeds.parse import parse_feed
    from reader.feeds.seeds import item_key, seed_text
    from reader.store.handoff import written

    spent = dict.fromkeys(("parse the feed", "seed text", "write the files", "parse what was written"), 0.0)
    items = 0
    for k, (path, body) in enumerate(feeds.items()):
        start = time.process_time()
        parsed = parse_feed(body, f"http://127.0.0.1{path}")
        spent["parse the feed"] += time.process_time() - start
        start = time.process_time()
        texts = {f"{item_key(item, 'f')}.md": seed_text(item, feed_id="f", provider="P", site=parsed.link, topics=()).encode()
                 for item in parsed.items}
        spent["seed text"] += time.process_time() - start
        folder = work / "stages" / str(k)
        start = time.process_time()
        _new, _changed, mtimes = write_items(folder, texts)
        spent["write the files"] += time.process_time() - start
        start = time.process_time()
        for name, mtime in mtimes.items():
            written(str(folder / name), texts[name], mtime)
        spent["parse what was written"] += time.process_time() - start
        items += len(texts)
    return ", ".join(f"{stage} {seconds / items * 1e6:.0f} us" for stage, seconds in spent.items())


def run_newsboat(urls: list[str], work: Path, threads: int) -> tuple[float, float, str]:
    home = work / "newsboat-home"
    home.mkdir()
    (home / "urls").write_text("\n".join(urls) + "\n")
    (home / "config").write_text(f"reload-threads {threads}\n")
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home), "XDG_DATA_HOME": str(home)}
    command = ["newsboat", "-x", "reload", "-u", str(home / "urls"), "-c", str(home / "cache.db"), "-C", str(home / "config")]
    cold, _ = timed(command, env)
    again, _ = timed(command, env)
    return cold, again, f"newsboat {threads} reload threads"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=19_000)
    parser.add_argument("--feeds", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--newsboat-threads", type=int, default=8)
    args = parser.parse_args(argv)
    if shutil.which("newsboat") is None:
        print("newsboat is not installed (apt-get install newsboat)", file=sys.stderr)
        return 1
    print(f"rendering {args.items:,} corpus articles as {args.feeds} feeds ...", file=sys.stderr, flush=True)
    feeds = render(args.items, args.feeds)
    items = sum(body.count(b"<item>") for body in feeds.values())
    size = sum(map(len, feeds.values())) / 2**20
    samples: dict[str, list[tuple[float, float]]] = {"reader": [], "newsboat": []}
    notes: dict[str, str] = {}
    # One folder for every run, removed at the end: on ext4 here, creating files within a few
    # minutes of deleting many (a previous run's 19,000 items) cost the fetch ~8 s more of kernel time.
    with tempfile.TemporaryDirectory(prefix="feeds-bench-") as top:
        with LoopbackServer() as server:
            serve(server, feeds)
            urls = [server.url(path) for path in feeds]
            for run in range(args.repeat):
                for name in ("newsboat", "reader"):
                    work = Path(top) / f"{name}-{run}"
                    work.mkdir()
                    if name == "reader":
                        cold, again, notes[name] = run_reader(urls, work)
                    else:
                        cold, again, notes[name] = run_newsboat(urls, work, args.newsboat_threads)
                    samples[name].append((cold, again))
                    print(f"{name}: cold {cold:.2f} s, nothing new {again:.2f} s", file=sys.stderr, flush=True)
        stages = stage_costs(feeds, Path(top))
    median = {name: (statistics.median(c for c, _ in s), statistics.median(a for _, a in s)) for name, s in samples.items()}
    print(f"\nfeeds benchmark: {platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
          f"{args.feeds} feeds, {items:,} items, {size:.1f} MiB of RSS on loopback; "
          f"{'median of ' + str(args.repeat) + ' runs' if args.repeat > 1 else 'one run'}; {notes['reader']}, {notes['newsboat']}\n")
    print("| fetch | reader | newsboat | reader / newsboat | goal |")
    print("|---|---:|---:|---:|---:|")
    for column, label in enumerate(("cold", "nothing new")):
        mine, theirs = median["reader"][column], median["newsboat"][column]
        print(f"| {label} | {mine:.2f} s | {theirs:.2f} s | {mine / theirs:.2f}x | <= {GOALS[label]}x |")
    print(f"\nCPU an item in one process (reader fetch runs these in 2 worker processes, then indexes): {stages}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
