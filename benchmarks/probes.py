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
    from reader import query as query_module
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

    def fresh_sort(q: Query) -> None:
        query_module._ORDERS = query_module._SortOrders()  # noqa: SLF001 (forget the kept orders)
        show(q)

    counts = library.counts()
    topics = [c.name for c in sorted(counts.topics, key=lambda c: -c.total)]
    providers = [c.name for c in sorted(counts.providers, key=lambda c: -c.total)]

    def spread(names: list[str], k: int = 12) -> list[str]:
        """The biggest, the smallest and evenly between: list sizes from all to a few."""
        if len(names) <= k:
            return names
        return [names[round(i * (len(names) - 1) / (k - 1))] for i in range(k)]

    def show_stories(q: Query) -> None:
        keys = library.story_keys(q)
        library.story_rows(keys[:SCREEN_ROWS])

    in_stories = [
        article_id for (article_id,) in conn.execute(
            "SELECT a.id FROM story_members sm JOIN articles a ON a.n = sm.n ORDER BY sm.n LIMIT 40"
        )
    ]
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
        # A sort not asked for since the cache last changed: its order is built afresh (other
        # filters reuse the order of the list already on screen, as in the app).
        "sort": [(fresh_sort, Query(sort=s)) for s in ("newest", "quality", "date")],
        "search": [(show, Query(search=w)) for w in words],
        "article": [(library.article, article_id) for article_id in with_related],
        "counts": [(lambda _: library.counts(), None)],
        # The Stories mode: one key per story in the list's order, then a screen of stories.
        "stories": [(show_stories, q) for q in (Query(), Query(read=False), *(Query(topics=(t,)) for t in spread(topics, 4)))],
        "story": [(library.story_of, article_id) for article_id in in_stories],
    }
    for function, arg in (case for group in cases.values() for case in group):
        function(arg)  # warm the page cache: the figures are for a running app, not a cold disk
    results = {}
    for name, group in cases.items():
        per_case = [[_timed(function, arg) for _ in range(max(3, repeat))] for function, arg in group]
        samples = [sample for case in per_case for sample in case]
        results[name] = {
            "median": statistics.median(samples),
            "worst": max(statistics.median(case) for case in per_case),  # the slowest case's median
            "n": len(samples),
        }
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


def tui(repeat: int, folder: str) -> dict:
    """The headless app on an indexed home: time to the first frame with rows, then cursor moves."""
    try:
        from reader.tui.app import ReaderApp
    except ImportError as error:
        return {"error": f"no TUI yet ({error})"}
    return asyncio.run(_tui(ReaderApp, repeat, folder))


async def _settle(pilot) -> None:
    """Until every message queue in the app is empty (without Pilot's way of asking every
    widget to call back, which costs more than a cursor step)."""
    app = pilot.app
    nodes = [app, *app.screen.walk_children(with_self=True)]
    for _ in range(10_000):
        await asyncio.sleep(0)
        if all(node._message_queue.empty() for node in nodes):  # noqa: SLF001
            return


async def _key(pilot, key: str) -> float:
    """ms from a key arriving to the screen painted after it. Textual paints on a 60 Hz
    timer, so the paint is forced at once rather than waiting up to a frame for the tick:
    the figure is the app's own work (Pilot.press would also wait for an idle CPU, which on a
    shared machine dwarfs what is measured).

    The key goes straight into the app's queue: the driver's route (Pilot.press's) hands it
    over through a thread-safe callback that reaches the queue only after `_settle` has found
    every queue empty, so the forced paint ran before the key was handled and the figure was
    the previous key's paint plus this key's handling."""
    from textual import events

    app = pilot.app
    started = time.perf_counter()
    await app._post_message(events.Key(key, None))  # noqa: SLF001 (what the driver's callback does)
    await _settle(pilot)
    app.screen._on_timer_update()  # noqa: SLF001 (the frame tick: layout if needed, then paint)
    await _settle(pilot)
    return (time.perf_counter() - started) * 1000


async def _tui(app_class, repeat: int, folder: str) -> dict:
    from reader.library import Library

    started = time.perf_counter()
    library = Library()
    app = app_class(library, (folder,))  # the real start: the cached list, a rescan behind it
    first_frame = None
    async with app.run_test(size=(120, 40)) as pilot:
        while time.perf_counter() - started < 120:
            main = app.main
            if main is not None and main.is_mounted and main.articles.rows_rendered > 0:
                first_frame = time.perf_counter() - started
                break
            await asyncio.sleep(0.0005)
        if first_frame is None:
            return {"error": "the article list never showed rows"}
        # Cursor moves are measured once the start-up work (rescan, full id list, counts) is done.
        while app.main.busy or app.main.counts is None:
            await asyncio.sleep(0.01)
        await _settle(pilot)
        listed = len(app.main.articles.ids)
        # From the top: a run of single steps (in view, then scrolling one line each), then
        # pages down and back up, so a short list never sits at its end doing nothing.
        row_ms, page_ms = [], []
        for _ in range(repeat):
            await _key(pilot, "home")
            row_ms.extend([await _key(pilot, "down") for _ in range(60)])
            for key in ("pagedown", "pagedown", "pageup", "pageup") * 3:
                page_ms.append(await _key(pilot, key))
        # Paging on into rows not shown yet (the figure above revisits the same few pages):
        # down from the top region, then up from the end, 40 pages each way.
        page_on_ms = [await _key(pilot, "pagedown") for _ in range(40)]
        await _key(pilot, "end")
        page_on_ms += [await _key(pilot, "pageup") for _ in range(40)]
    library.close()
    return {
        "first_frame": first_frame, "listed": listed,
        "row_ms": statistics.median(row_ms), "page_ms": statistics.median(page_ms),
        "page_on_ms": statistics.median(page_on_ms),
    }


PROBES = {"baseline": baseline, "index": index, "queries": lambda r: queries(int(r)), "tui": lambda r, f: tui(int(r), f)}

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    kind, *args = sys.argv[1:]
    result = PROBES[kind](*args)
    print(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: not part of any figure
