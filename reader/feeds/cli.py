"""`reader feeds ...` and `reader fetch`: the command code (reader/cli_commands.py only registers it)."""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from reader.formats import counted, json_line

# The feed modules (and their parsers) load only when a feeds command runs, not for every command.


def register(sub: argparse._SubParsersAction, add_json) -> dict:
    """Add the subcommands to `sub`; returns {command: function(library, args) -> exit code}."""
    feeds = sub.add_parser("feeds", help="subscribe to feeds: add, remove, list, import, export",
                           description="Manage feed subscriptions (RSS, Atom, JSON Feed).")
    action = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    add = action.add_parser("add", help="subscribe to feeds (or to the feed a web page names)",
                            description="Subscribe to feeds. A web page's feed is found when it is fetched.")
    add.add_argument("urls", nargs="+", metavar="URL")
    add.add_argument("--title", metavar="T", help="call the feed T (its items' provider)")
    remove = action.add_parser("remove", help="unsubscribe, and drop the feed's fetched items",
                               description="Unsubscribe from feeds; their fetched items go too (marks stay).")
    remove.add_argument("urls", nargs="+", metavar="URL")
    listing = action.add_parser("list", help="subscriptions with their last fetch", description="List subscriptions.")
    add_json(listing)
    imp = action.add_parser("import", help="subscribe to every feed in an OPML file",
                            description="Import OPML 1.0 or 2.0; folder names become topics of their feeds' items.")
    imp.add_argument("file", metavar="FILE.opml", type=Path)
    action.add_parser("export", help="print the subscriptions as OPML 2.0", description="Print OPML 2.0 on stdout.")

    fetch = sub.add_parser("fetch", help="fetch every feed, then refresh the cache",
                           description="Fetch every subscribed feed (new items become seed files), then index. "
                                       "Exit 1 when any feed failed.")
    add_json(fetch)
    return {"feeds": cmd_feeds, "fetch": cmd_fetch}


def _error(message: str) -> None:
    print(f"reader: {message}", file=sys.stderr)


def cmd_feeds(library, args) -> int:
    from reader.feeds.subscriptions import Subscriptions

    with Subscriptions(library.paths) as subscriptions:
        return _ACTIONS[args.feeds_command](subscriptions, args, library)


def _add(subscriptions, args, _library) -> int:
    from reader.errors import ReaderError

    failed = False
    for url in args.urls:
        try:
            added = subscriptions.add(url, args.title)
        except ReaderError as error:
            _error(str(error))
            failed = True
            continue
        print(f"{'added' if added else 'already subscribed:'} {url.strip()}")
    return 1 if failed else 0


def _remove(subscriptions, args, _library) -> int:
    failed = False
    for url in args.urls:
        feed = subscriptions.remove(url)
        if feed is None:
            _error(f"not subscribed: {url.strip()[:200]}")
            failed = True
            continue
        shutil.rmtree(subscriptions.folder(feed), ignore_errors=True)
        print(f"removed {feed.url}")
    return 1 if failed else 0


def _list(subscriptions, args, library) -> int:
    feeds = subscriptions.all()
    # What the app's Feeds section shows: the articles each feed brought, as the cache holds
    # them (feed:URL), beside what its last fetch found.
    counts = {count.name: count for count in library.feed_counts(feeds)} if feeds else {}
    if args.json:
        for feed in feeds:
            count = counts.get(feed.url)
            print(json_line({**feed.as_json(), "total": count.total if count else 0, "unread": count.unread if count else 0}))
        return 0
    if not feeds:
        print("no feeds; add one with `reader feeds add URL` or `reader feeds import FILE.opml`")
        return 0
    for feed in feeds:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(feed.fetched_at)) if feed.fetched_at else "never fetched"
        status = feed.status or "new"
        count = counts.get(feed.url)
        cached = f" ({count.unread:,} of {counted(count.total, 'article')} unread)" if count else ""
        print(f"{feed.name}\n    {feed.url}\n    {status}, {counted(feed.items, 'item')}{cached}, {when}" + (f": {feed.error}" if feed.error else ""))
    return 0


def _import(subscriptions, args, _library) -> int:
    from reader.feeds.opml import read_opml

    imported = read_opml(args.file)
    for line in imported.skipped:
        _error(line)
    added = sum(subscriptions.add(outline.url, outline.title, outline.topics) for outline in imported.feeds)
    known = len(imported.feeds) - added
    print(f"imported {counted(added, 'feed')}" + (f" ({known} already subscribed)" if known else "")
          + (f"; skipped {len(imported.skipped)}" if imported.skipped else ""))
    return 0


def _export(subscriptions, _args, _library) -> int:
    from reader.feeds.opml import export_opml

    sys.stdout.write(export_opml(subscriptions.all()))
    return 0


_ACTIONS = {"add": _add, "remove": _remove, "list": _list, "import": _import, "export": _export}


def cmd_fetch(library, args) -> int:
    from reader.feeds.fetch import fetch_feeds, handed, summary

    if not library.feeds():
        print("no feeds; add one with `reader feeds add URL` or `reader feeds import FILE.opml`", file=sys.stderr)
        return 0
    results = _with_progress("FetchProgress", lambda progress: fetch_feeds(library.paths, progress), args.json)
    # The files just written come parsed: the index takes those records instead of reading them.
    report = _with_progress("IndexProgress", lambda progress: library.index(progress=progress, handed=handed(results)), args.json)
    for result in results:
        if result.error:
            _error(result.line())
    if args.json:
        for result in results:
            print(json_line(result.as_json()))
    else:
        print(summary(results) + f"; {report.summary()}")
    return 1 if any(result.failed for result in results) else 0


def _with_progress(bar: str, work, quiet: bool):
    """`work(progress)` with a progress bar (reader.console's `bar`) on stderr when it is a
    terminal. Rich loads only then: a fetch with nothing new is mostly start-up, and Rich
    was 45-65 ms of it."""
    progress = None
    if sys.stderr.isatty() and not quiet:
        from reader import console

        progress = getattr(console, bar)()
    try:
        return work(progress)
    finally:
        if progress:
            progress.done()
