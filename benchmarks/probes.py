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


def queries(repeat: int, folder: str) -> dict:
    """Latency (ms) of what a view does when the user changes what it shows: the matching row
    numbers in order, then the rows of the first screen."""
    from reader import query as query_module
    from reader.library import Library
    from reader.query import Query

    library = Library()
    library.show([folder])  # as `reader FOLDER` shows it: the cache keeps every PATH it indexed
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
        "language": [(show, Query(expression=text)) for text in _language_queries(topics, providers, words)],
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
    # The read marks' sets are kept while nothing changes (reader/query_kept.py), so the
    # figures above are lists redrawn with the marks as they were. This one is the list just
    # after a mark, as when the filter changes right after reading an article: the sets are
    # read afresh. The mark itself is not timed.
    unread_only = Query(read=False)
    samples = []
    for article_id in rng.sample(ids, max(3, repeat)):
        library.mark([article_id], "read", True)
        samples.append(_timed(show, unread_only))
    results["unread_after_mark"] = {"median": statistics.median(samples), "worst": max(samples), "n": len(samples)}
    # Saved views: the sets of their terms are kept while the cache is unchanged (reader/query.py)
    # and the sidebar counts its views again after every mark, so they are counted just after
    # one; then with those sets forgotten before each count, as after a rescan that changed
    # the cache.
    ten = _ten_views(topics, providers)
    library.view_counts(ten)
    samples = []
    for article_id in rng.sample(ids, max(3, repeat)):
        library.mark([article_id], "read", True)
        samples.append(_timed(library.view_counts, ten))
    results["views"] = {"median": statistics.median(samples), "worst": max(samples), "n": len(samples)}
    samples = []
    for _ in range(max(3, repeat)):
        query_module._VIEW_SETS.forget()  # noqa: SLF001 (as after a change to the cache)
        samples.append(_timed(library.view_counts, ten))
    results["views_fresh"] = {"median": statistics.median(samples), "worst": max(samples), "n": len(samples)}
    # n with nothing unread left: the whole list looked through (run last: it marks
    # everything read).
    everything = library.ids(Query())
    library.mark(ids, "read", True)
    samples = [_timed(library.next_unread, everything, 0, 1) for _ in range(max(3, repeat))]
    results["next_unread"] = {"median": statistics.median(samples), "worst": max(samples), "n": len(samples)}
    library.close()
    return results


def _language_queries(topics: list[str], providers: list[str], words: list[str]) -> list[str]:
    """Queries of one to five terms in the query language: big and small sets, negation, OR,
    numbers, dates, and words with filters."""
    big, middle, small = topics[0], topics[len(topics) // 2], topics[-1]
    return [
        "is:unread quality>=60",
        f'topic:"{big}" OR topic:"{middle}" -is:read',
        f'quality>=50 heat>0 age<400w is:unread topic:"{big}"',
        f'provider:"{providers[0]}" OR provider:"{providers[len(providers) // 3]}" after:2020-01-01',
        f"{words[0]} is:unread quality>=40",
        f'-topic:"{big}" has:body before:2024-06-01',
        f'(topic:"{big}" quality>=80) OR is:starred',
        f'-is:read -topic:"{big}" -topic:"{small}" heat>10 quality<100',
        f"{words[1]} -is:read heat>0",
    ]


def _ten_views(topics: list[str], providers: list[str]) -> dict[str, str]:
    """Ten saved views, as a sidebar shows them."""
    return {
        "Big stories": "is:unread quality>=60",
        "Hot": "heat>50",
        "This year": "after:2024-01-01",
        "Long reads": "has:body quality>=80",
        "Starred": "is:starred",
        "Top topic unread": f'topic:"{topics[0]}" is:unread',
        "Not the top topic": f'-topic:"{topics[0]}" quality>=40',
        "Two providers": f'provider:"{providers[0]}" OR provider:"{providers[1]}"',
        "Data": "data is:unread",
        "Older, rated": "before:2020-01-01 quality>=30 -is:read",
    }


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
    from reader.tui.textual_private import queues_empty

    for _ in range(10_000):
        await asyncio.sleep(0)
        if queues_empty(pilot.app):
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
    from reader.tui.textual_private import paint_now, post_key

    app = pilot.app
    started = time.perf_counter()
    await post_key(app, key)
    await _settle(pilot)
    paint_now(app)
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
        keeper = await _keeper_costs(pilot, repeat)
    library.close()
    return {
        **keeper,
        "first_frame": first_frame, "listed": listed,
        "row_ms": statistics.median(row_ms), "page_ms": statistics.median(page_ms),
        "page_on_ms": statistics.median(page_on_ms),
    }


async def _keeper_costs(pilot, repeat: int) -> dict:
    """Cursor steps with the session keeper off, as shipped, and writing after every key (from
    its thread, while the next key is handled: the worst it could cost), taken in turns (blocks of
    ten keys) in one app so that a machine whose load drifts weighs on all three alike."""
    keeper = pilot.app.keeper
    shipped = (keeper.delay, keeper.longest)

    def use(mode: str) -> None:
        vars(keeper).pop("changed", None)  # the class's own method again
        keeper.delay, keeper.longest = (0.0, 0.0) if mode == "eager" else shipped
        if mode == "off":
            keeper.changed = lambda values: None

    modes = ("off", "shipped", "eager")
    steps: dict[str, list[float]] = {mode: [] for mode in modes}
    writes = dict.fromkeys(modes, 0)
    await _key(pilot, "home")
    for block in range(3 * 6 * max(3, repeat)):  # blocks of 10 keys, the modes in turn
        mode = modes[block % 3]
        use(mode)
        key = "down" if (block // 3) % 2 == 0 else "up"  # down 30 rows and back, over and over
        before = keeper.writes
        steps[mode].extend([await _key(pilot, key) for _ in range(10)])
        writes[mode] += keeper.writes - before
        use("shipped")  # and nothing left pending for the next mode
        keeper.flush()
    # What a key hands the shipped keeper, timed alone: the place as a dict, and the update.
    main = pilot.app.main
    started = time.perf_counter()
    for _ in range(1000):
        keeper.changed(main.session_values())
    per_key_us = (time.perf_counter() - started) * 1000
    keeper.flush()
    return {f"keeper_{mode}_ms": statistics.median(values) for mode, values in steps.items()} | {
        f"keeper_{mode}_writes": count for mode, count in writes.items()
    } | {"keeper_per_key_us": per_key_us}


EMPTY_APP = """
from textual.app import App
from textual.widgets import Static

class Empty(App):
    def compose(self):
        yield Static("empty app ready")

Empty().run()
"""


def startup(which: str, folder: str = "", pycache: str = "") -> dict:
    """Seconds from starting a process in a pseudo-terminal (120x40) to its first frame: an
    empty Textual app's ("empty"), or reader's with the first row of its list ("reader").

    Both read compiled modules from `pycache` (made by an untimed first start), as an
    installed reader and Textual do from theirs: a start that compiles reader's sources
    (PYTHONDONTWRITEBYTECODE, a fresh checkout) measures the compiler."""
    if which == "empty":
        argv, marker = [sys.executable, "-c", EMPTY_APP], "empty app ready"
    else:
        from reader.library import Library
        from reader.query import Query
        from reader.tui.text import line

        library = Library()
        library.show([folder])
        rows = library.list(Query(sort=library.settings.sort), 1)
        library.close()
        if not rows:
            return {"error": "nothing cached to show"}
        argv, marker = [sys.executable, "-m", "reader", "app", folder], line(rows[0].title)[:8]
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    if pycache:
        env["PYTHONPYCACHEPREFIX"] = pycache
    _first_frame_in_pty(argv, marker.encode(), env)  # compiles, and warms the file cache
    seconds, cpu = _first_frame_in_pty(argv, marker.encode(), env)
    return {"seconds": seconds, "cpu_seconds": cpu}


def _first_frame_in_pty(argv: list[str], marker: bytes, env: dict, size: tuple[int, int] = (120, 40), timeout: float = 120) -> tuple[float, float]:
    """Wall seconds to the marker's appearance, and the CPU seconds (user + system) the
    process had used when it was stopped there: the CPU figure is far less disturbed by the
    load of a shared machine than the wall one."""
    import fcntl
    import pty
    import select
    import signal
    import struct
    import subprocess
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    env = {**env, "TERM": "xterm-256color", "COLUMNS": str(size[0]), "LINES": str(size[1])}
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    seen = b""
    try:
        while marker not in seen:
            if time.perf_counter() - started > timeout:
                raise TimeoutError(f"{argv[1:]} never showed {marker!r}")
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    raise RuntimeError(f"{argv[1:]} ended before showing {marker!r}: {seen[-500:]!r}") from None
                # Textual writes plain text in runs, but a run can be split between reads.
                seen = seen[-len(marker):] + chunk if len(seen) > 1 << 20 else seen + chunk
        seconds = time.perf_counter() - started
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        _pid, _status, usage = os.wait4(process.pid, 0)
        process.returncode = -signal.SIGKILL  # reaped here, so Popen must not wait for it
        os.close(master)
    return seconds, usage.ru_utime + usage.ru_stime


PROBES = {"baseline": baseline, "index": index, "queries": lambda r, f: queries(int(r), f), "tui": lambda r, f: tui(int(r), f), "startup": startup}

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    kind, *args = sys.argv[1:]
    result = PROBES[kind](*args)
    print(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: not part of any figure
