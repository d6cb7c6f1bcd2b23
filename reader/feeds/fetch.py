"""Fetching every subscribed feed: concurrent (a bounded thread pool over one net.Fetcher),
conditional (the ETag and Last-Modified of the last good fetch), and each feed on its own:
whatever goes wrong with one becomes its one-line error, and the others go on.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from reader.feeds.parse import MAX_ITEMS, NotAFeed, parse_feed
from reader.feeds.seeds import NewFolder, item_key, seed_text, sweep_unfinished, write_if_changed
from reader.feeds.subscriptions import Feed, Subscriptions
from reader.feeds.workers import PARALLEL_FROM, Workers, default_processes
from reader.formats import counted
from reader.ingest.clean import clean_line, shorten
from reader.net import FetchError, Fetcher, Response
from reader.paths import Paths
from reader.store.handoff import Written, written

ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
WORKERS = 8


@dataclass(frozen=True)
class FeedResult:
    url: str  # as subscribed when the fetch began
    name: str
    status: str  # ok | not-modified | malformed (items kept) | failed
    error: str | None = None
    items: int = 0  # items in the document
    new: int = 0  # seed files written for the first time
    changed: int = 0  # seed files rewritten because the item changed
    moved_to: str | None = None  # the feed's new address (a permanent redirect, or found on a page)
    feed_title: str | None = field(default=None, repr=False)
    etag: str | None = field(default=None, repr=False)
    last_modified: str | None = field(default=None, repr=False)
    # The files written, parsed as the index would parse them (reader/store/handoff.py).
    written: tuple[Written, ...] = field(default=(), repr=False, compare=False)

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    def line(self) -> str:
        """One line about a feed that did not simply work."""
        return f"{self.url}: {self.error}"

    def as_json(self) -> dict:
        return {
            "url": self.url, "title": self.name, "status": self.status, "error": self.error,
            "items": self.items, "new": self.new, "changed": self.changed, "moved_to": self.moved_to,
        }


Progress = Callable[[FeedResult, int, int], None]  # (result, done, total)
Run = Callable[..., FeedResult]  # run(store_document, *args): here, or in a worker process


def _here(fn: Callable[..., FeedResult], *args: object) -> FeedResult:
    return fn(*args)


_WAITING_EVERY = 0.25  # seconds: how often `waiting` is called while no feed comes in


def fetch_feeds(paths: Paths, progress: Progress | None = None, waiting: Callable[[], None] | None = None) -> list[FeedResult]:
    """Fetch every subscribed feed (what `reader fetch` and the app's ctrl+r do)."""
    with Subscriptions(paths) as subscriptions:
        return fetch_all(subscriptions, progress=progress, waiting=waiting)


def fetch_all(subscriptions: Subscriptions, fetcher: Fetcher | None = None, progress: Progress | None = None,
              workers: int = WORKERS, processes: int | None = None, waiting: Callable[[], None] | None = None) -> list[FeedResult]:
    """Fetch every feed, record each outcome, and return the results in subscription order.

    `workers` threads download; each document is parsed and its items written in one of
    `processes` worker processes (reader/feeds/workers.py; default: one a core, none for
    fewer than PARALLEL_FROM feeds), or in the thread when there are none. `progress` is
    called as each feed comes in and `waiting` every _WAITING_EVERY seconds while none does;
    either may raise to stop (the app is closing: it need not wait for a slow feed)."""
    feeds = subscriptions.all()
    sweep_unfinished(subscriptions.items_dir)
    own = fetcher is None
    fetcher = fetcher or Fetcher(pool_size=workers)
    results: dict[str, FeedResult] = {}
    if processes is None:
        processes = default_processes() if len(feeds) >= PARALLEL_FROM else 0
    run = Workers(processes) if processes else None
    pool = ThreadPoolExecutor(max_workers=max(1, min(workers, len(feeds))))
    try:
        futures = {pool.submit(fetch_feed, feed, fetcher, subscriptions.folder(feed), run or _here): feed for feed in feeds}
        pending, done = set(futures), 0
        while pending:
            came, pending = wait(pending, timeout=_WAITING_EVERY if waiting else None, return_when=FIRST_COMPLETED)
            if not came and waiting:
                waiting()  # may raise to stop
            for future in came:
                done += 1
                result = results[futures[future].url] = future.result()
                if progress:
                    progress(result, done, len(feeds))  # may raise to stop (the app is closing)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # stopped early: the feeds not begun stay so
        if run is not None:
            run.close()
        if own:
            fetcher.close()
        subscriptions.record([(feed, results[feed.url]) for feed in feeds if feed.url in results])
    return [results[feed.url] for feed in feeds]


def fetch_feed(feed: Feed, fetcher: Fetcher, folder: Path, run: Run = _here) -> FeedResult:
    """One feed, start to end; never raises."""
    try:
        return _fetch(feed, fetcher, folder, run)
    except FetchError as error:  # its text can quote the server (a reason phrase): cleaned
        return FeedResult(feed.url, feed.name, "failed", shorten(clean_line(str(error)), 300))
    except OSError as error:  # writing the items
        return FeedResult(feed.url, feed.name, "failed", f"cannot write items: {error.strerror or error}")
    except Exception as error:  # noqa: BLE001 - one bad feed must never stop the others
        text = clean_line(str(error).splitlines()[0] if str(error) else "")
        return FeedResult(feed.url, feed.name, "failed", shorten(f"unexpected error ({type(error).__name__}) {text}", 200))


def _fetch(feed: Feed, fetcher: Fetcher, folder: Path, run: Run) -> FeedResult:
    response = fetcher.get(feed.url, etag=feed.etag, last_modified=feed.last_modified, accept=ACCEPT)
    moved_to = response.moved_to
    if response.not_modified:
        return FeedResult(feed.url, feed.name, "not-modified", items=feed.items, moved_to=moved_to)
    try:
        return run(store_document, feed, response, moved_to, folder)
    except NotAFeed as not_a_feed:
        from reader.feeds.discover import feed_links, looks_like_html  # the HTML parser: only for a page

        html = looks_like_html(response.body)
        links = feed_links(response.body, response.url) if html else []
        if not links:
            return FeedResult(feed.url, feed.name, "failed", "an HTML page that names no feed" if html else f"not a feed ({not_a_feed})")
    # A page, not a feed: follow the feed it announces, and keep that address from now on.
    response = fetcher.get(links[0], accept=ACCEPT)
    try:
        return run(store_document, feed, response, response.moved_to or links[0], folder)
    except NotAFeed as error:
        return FeedResult(feed.url, feed.name, "failed", f"the page's feed {links[0]} is not a feed ({error})")


def store_document(feed: Feed, response: Response, moved_to: str | None, folder: Path) -> FeedResult:
    """Parse a fetched document and write its items into `folder`; NotAFeed if it is none."""
    parsed = parse_feed(response.body, response.url)
    name = feed.title or parsed.title or feed.name
    texts: dict[str, bytes] = {}  # file name -> seed text
    for item in parsed.items:
        file_name = f"{item_key(item, feed.folder)}.md"
        if file_name not in texts:  # the same item twice in one document: the first one counts
            texts[file_name] = seed_text(
                item, feed_id=feed.folder, provider=name, site=parsed.link or response.url, topics=feed.topics,
            ).encode("utf-8")
    new, changed, mtimes = write_items(folder, texts)
    # The index would read these files back and parse them: parse the bytes written instead.
    where = os.path.abspath(folder)
    handed = tuple(filter(None, (written(os.path.join(where, name), texts[name], mtime) for name, mtime in mtimes.items())))
    status, error = "ok", None
    if parsed.truncated:
        error = f"kept the first {MAX_ITEMS:,} items, the most reader takes from one feed"
    if parsed.malformed:
        kept = counted(len(texts), "item")
        status, error = ("malformed", f"malformed feed, kept {kept}: {parsed.malformed}") if texts else (
            "failed", f"malformed feed, no items: {parsed.malformed}")
    return FeedResult(
        feed.url, name, status, error, items=len(texts), new=new, changed=changed, moved_to=moved_to,
        feed_title=parsed.title, etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"),
        written=handed,
    )


def write_items(folder: Path, texts: dict[str, bytes]) -> tuple[int, int, dict[str, int]]:
    """Write a feed's items (file name -> seed text) into its folder: (new, changed, and the
    mtime in ns of each file written)."""
    if not folder.exists():  # the first fetch: the whole folder at once (reader/feeds/seeds.py)
        with NewFolder(folder) as fresh:
            mtimes = {name: fresh.write(name, data) for name, data in texts.items()}
            fresh.publish()
        return len(texts), 0, mtimes
    new = changed = 0
    mtimes = {}
    for name, data in texts.items():
        path = folder / name
        existed = path.exists()
        mtime = write_if_changed(path, data)
        if mtime is not None:
            mtimes[name] = mtime
            changed += existed
            new += not existed
    return new, changed, mtimes


def handed(results: list[FeedResult]) -> dict[str, Written]:
    """What the fetch parsed of the files it wrote, for the index to take (reader/store/handoff.py)."""
    return {w.path: w for result in results for w in result.written}


def summary(results: list[FeedResult]) -> str:
    """One line about a whole fetch: feeds, new and changed items, and what did not work."""
    count = {status: sum(r.status == status for r in results) for status in ("ok", "not-modified", "malformed", "failed")}
    new, changed = sum(r.new for r in results), sum(r.changed for r in results)
    parts = [f"{counted(len(results), 'feed')}: {counted(new, 'new item')}"]
    if changed:
        parts.append(f"{changed} changed")
    if count["not-modified"]:
        parts.append(f"{count['not-modified']} not modified")
    if count["malformed"]:
        parts.append(f"{count['malformed']} malformed")
    if count["failed"]:
        parts.append(f"{count['failed']} failed")
    return ", ".join(parts)
