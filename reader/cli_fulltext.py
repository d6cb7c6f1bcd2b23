"""`reader fulltext [ID...] [--missing] [--json]`: fetch and keep the readable text of articles.

Pages are fetched a few at once (reader/fulltext/batch.py); each result is stored as it
comes. A failure is one line on stderr naming the article, printed once the others are done,
and the exit code is 1. With --missing, the articles without a body of their own and without
a stored text are fetched, except those that failed less than a day ago. It works on the
cached list as the last refresh left it (`reader index` or the app refreshes it).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING

from reader.errors import ReaderError
from reader.formats import counted, json_line
from reader.fulltext.target import Target

if TYPE_CHECKING:  # the fetching side imports trafilatura: only `reader fulltext` pays for it
    from reader.fulltext.batch import Outcome
    from reader.store.fulltexts import FullText  # and the store: not the app's start-up either

RETRY_AFTER_S = 24 * 3600  # --missing leaves a failed article alone this long


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "fulltext", help="fetch the full text of articles",
        description="Fetch articles' pages and keep their readable text (shown where the file has no body).",
    )
    parser.add_argument("ids", nargs="*", metavar="ID", help="articles to fetch (a unique id prefix is enough)")
    parser.add_argument("--missing", action="store_true", help="every article without a body or a stored full text (a failed one is tried again after a day)")
    parser.add_argument("--json", action="store_true", help="one JSON object per article")


def cmd_fulltext(library, args: argparse.Namespace) -> int:
    if not args.ids and not args.missing:
        print("reader fulltext: give article ids, or --missing", file=sys.stderr)
        return 2
    failures: list[str] = []
    targets: dict[str, Target] = {}
    for ref in args.ids:
        try:
            detail = library.article(ref)
        except ReaderError as error:
            failures.append(str(error))
            continue
        targets[detail.row.id] = Target(detail.row.id, detail.row.title, detail.row.url)
    if args.missing:
        for target in _missing(library):
            targets.setdefault(target.article_id, target)
    outcomes = _run(library, list(targets.values()), progress=sys.stderr.isatty() and not args.json)
    for outcome in outcomes:
        if args.json:
            print(json_line(_as_json(outcome)))
        if outcome.error:
            failures.append(f"{outcome.target.article_id[:8]} {outcome.target.title!r}: {outcome.error}")
    if not args.json:
        done = sum(1 for o in outcomes if o.full_text)
        if targets:
            print(f"fetched {done:,} of {counted(len(targets), 'article')}")
        else:
            print("nothing to fetch: every article has a body or a stored full text")
    for line in failures:
        print(f"reader: {line}", file=sys.stderr)
    return 1 if failures else 0


def _missing(library) -> list[Target]:
    rows = library.bodiless()
    stored = library.full_texts([row.id for row in rows])
    recent = time.time() - RETRY_AFTER_S

    def wanted(article_id: str) -> bool:
        known = stored.get(article_id)
        return known is None or not (known.text or (known.tried_at or 0) > recent)

    return [Target(row.id, row.title, row.url) for row in rows if wanted(row.id)]


def _run(library, targets: list[Target], progress: bool) -> list[Outcome]:
    from reader.fulltext.batch import fetch_all
    if not progress or not targets:
        return fetch_all(library, targets)
    from reader.console import IndexProgress

    bar, outcomes = IndexProgress("full texts", minimum=1), []
    try:
        return fetch_all(library, targets, lambda outcome: (outcomes.append(outcome), bar(len(outcomes), len(targets))))
    finally:
        bar.done()


def label(full: FullText) -> str:
    from reader.fulltext.label import source_label

    return source_label(full, time.time())


def _as_json(outcome: Outcome) -> dict:
    full = outcome.full_text
    return {
        "id": outcome.target.article_id, "title": outcome.target.title, "url": outcome.target.url,
        "ok": full is not None, "error": outcome.error,
        "fetched_from": full.url if full else None,
        "words": len(full.text.split()) if full and full.text else 0,
    }
