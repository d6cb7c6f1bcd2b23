"""The measurements themselves, each run in a fresh interpreter by benchmarks/run.py:

    python benchmarks/probes.py KIND ARGS...   ->  one JSON object on the last line of stdout

Each probe runs with READER_HOME set by the caller, so it sees only its own cache and state.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

SCREEN_ROWS = 60  # rows a list fetches to paint one screen


def baseline(folder: str) -> dict:
    """The yardstick: one process calling python-frontmatter on every seed file."""
    import frontmatter

    from reader.ingest.scan import scan

    files, _problems = scan([folder])
    paths = [f.path for f in files]
    started = time.perf_counter()
    for path in paths:
        frontmatter.load(path)
    return {"seconds": time.perf_counter() - started, "files": len(paths)}


def index(folder: str) -> dict:
    """What `reader index` does, timed from opening the library to the report."""
    from reader.library import Library

    started = time.perf_counter()
    library = Library()
    report = library.index([folder])
    seconds = time.perf_counter() - started
    library.close()
    return {"seconds": seconds, "articles": report.articles, "parsed": report.new + report.changed}


def _timed(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return (time.perf_counter() - started) * 1000


def queries(repeat: int) -> dict:
    """Latency (ms) of what a view does when the user changes what it shows: the matching row
    numbers in order, then the rows of the first screen."""
    from reader.library import Library
    from reader.query import Query

    library = Library()
    conn = library.cache.conn
    rng = random.Random(7)
    ids = [article_id for (article_id,) in conn.execute("SELECT id FROM articles ORDER BY n")]
    # A realistic state: a fifth read, a few starred (not timed).
    library.mark(rng.sample(ids, len(ids) // 5), "read", True)
    library.mark(rng.sample(ids, max(1, len(ids) // 50)), "starred", True)

    def show(q: Query) -> None:
        ns = library.ids(q)
        library.rows(ns[:SCREEN_ROWS])

    counts = library.counts()
    topics = [c.name for c in sorted(counts.topics, key=lambda c: -c.total)]
    providers = [c.name for c in sorted(counts.providers, key=lambda c: -c.total)]

    def spread(names: list[str], k: int = 12) -> list[str]:
        """The biggest, the smallest and evenly between: list sizes from all to a few."""
        if len(names) <= k:
            return names
        return [names[round(i * (len(names) - 1) / (k - 1))] for i in range(k)]

    words = _search_words(conn)
    with_related = [
        article_id for (article_id,) in conn.execute(
            "SELECT a.id FROM articles a WHERE a.n IN (SELECT DISTINCT article FROM related) ORDER BY a.n LIMIT 40"
        )
    ]
    cases: dict[str, list] = {
        "topic": [(show, Query(topics=(t,))) for t in spread(topics)],
        "provider": [(show, Query(providers=(p,))) for p in spread(providers)],
        "unread": [(show, Query(read=False))] + [(show, Query(read=False, topics=(t,))) for t in spread(topics, 4)],
        "sort": [(show, Query(sort=s)) for s in ("newest", "quality", "date")],
        "search": [(show, Query(search=w)) for w in words],
        "article": [(library.article, article_id) for article_id in with_related],
        "counts": [(lambda _: library.counts(), None)],
    }
    for function, arg in (case for group in cases.values() for case in group):
        function(arg)  # warm the page cache: the figures are for a running app, not a cold disk
    results = {}
    for name, group in cases.items():
        samples = [_timed(function, arg) for _ in range(repeat) for function, arg in group]
        results[name] = {"median": statistics.median(samples), "max": max(samples), "n": len(samples)}
    results["search_words"] = words
    library.close()
    return results


def _search_words(conn) -> list[str]:
    """A common word, a two-word query, a prefix being typed, a rarer word and a quoted phrase,
    all taken from the cache so they match something whatever the corpus."""
    title = conn.execute("SELECT title FROM articles ORDER BY n LIMIT 1 OFFSET 7").fetchone()[0]
    words = [w.strip(".,:?!’'\"") for w in title.split()]
    rare = max(words, key=len)
    return ["data", "machine learning", "rob", rare, f'"{words[0]} {words[1]}"']


def tui(repeat: int) -> dict:
    """First painted frame with rows, and cursor moves, in the headless app."""
    try:
        app_class, make = _find_app()
    except ImportError as error:
        return {"error": f"no TUI yet ({error})"}
    return asyncio.run(_tui(app_class, make, repeat))


def _find_app():
    import importlib
    import inspect

    from textual.app import App

    module = importlib.import_module("reader.tui.app")
    classes = [c for _, c in inspect.getmembers(module, inspect.isclass) if issubclass(c, App) and c is not App and c.__module__ == module.__name__]
    if not classes:
        raise ImportError("reader.tui.app has no App class")
    app_class = classes[0]

    def make(library):
        parameters = inspect.signature(app_class).parameters
        kwargs = {}
        if "library" in parameters:
            kwargs["library"] = library
        return app_class(**kwargs) if kwargs else app_class(library)

    return app_class, make


def _article_list(app):
    from textual.widget import Widget

    for widget in app.screen.query(Widget):
        if type(widget).__name__ in ("ArticleList", "ArticleTable") or widget.id in ("articles", "article-list"):
            return widget
    return None


def _rows_shown(widget) -> int:
    """How many article rows the list reports as rendered (0 until the first page is in)."""
    for attribute in ("rows_rendered", "row_count", "loaded", "count"):
        value = getattr(widget, attribute, None)
        if isinstance(value, int):
            return value
    return 0


async def _tui(app_class, make, repeat: int) -> dict:
    from reader.library import Library

    started = time.perf_counter()
    library = Library()
    app = make(library)
    first_frame = None
    row_ms: list[float] = []
    page_ms: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        widget = None
        while time.perf_counter() - started < 60:
            widget = widget or _article_list(app)
            if widget is not None and _rows_shown(widget) > 0:
                await pilot.pause()  # let the frame with the rows be painted
                first_frame = time.perf_counter() - started
                break
            await asyncio.sleep(0.001)
        if first_frame is None:
            return {"error": "the article list never showed rows"}
        for _ in range(max(5, repeat * 5)):
            for key, samples in (("down", row_ms), ("pagedown", page_ms)):
                t = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                samples.append((time.perf_counter() - t) * 1000)
        for _ in range(max(5, repeat * 5)):
            await pilot.press("pageup")
    library.close()
    return {"first_frame": first_frame, "row_ms": statistics.median(row_ms), "page_ms": statistics.median(page_ms)}


PROBES = {"baseline": baseline, "index": index, "queries": lambda r: queries(int(r)), "tui": lambda r: tui(int(r))}

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    kind, *args = sys.argv[1:]
    result = PROBES[kind](*args)
    print(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: not part of any figure
