"""Bring the cache in line with the seed files: parse what is new or changed, drop what is gone.

Unchanged files (same size and mtime) are never read again. Large batches are parsed in
worker processes while this process writes to SQLite, so both cores are busy.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import chain, islice
from typing import TYPE_CHECKING

from reader.errors import ReaderError
from reader.ingest.parse import parse_file
from reader.ingest.scan import SeedFile, scan
from reader.model import Article, Problem
from reader.store import bulk, db, roots
from reader.store.cache import ArticleRecord, Cache, article_record

if TYPE_CHECKING:
    from reader.store.handoff import Written

Progress = Callable[[int, int], None]  # (files parsed, files to parse)

PARALLEL_FROM = 400  # below this, starting worker processes costs more than it saves
_CHUNK = 128  # files per task sent to a worker
_IN_FLIGHT_PER_WORKER = 16
_BATCH = 500  # rows written (and progress reported) together
# Rows per transaction. Each commit appends every page it dirtied to the WAL, and the hot
# ones (index and FTS interior pages) are dirtied by every batch: at 100,000 articles, 500
# rows per commit cost 140 us a row against 95 for 2,000. Other writers still get a turn
# every second or so; readers are never blocked (WAL).
_TRANSACTION = 2000
# A cold build (reader/store/bulk.py) commits less often: with no search index or random-order
# indexes written as it goes, a commit is mostly the new rows' pages, and 10,000 rows a commit
# cost 44 us a row in the writer against 48.5 for 2,000 (30,000 rows, interleaved runs).
_COLD_TRANSACTION = 10_000
# Pages of WAL before a checkpoint copies them into the database (SQLite's default is
# 1,000): fewer checkpoints, each copying only the latest version of a page rewritten many
# times, and fewer fsyncs. Only the indexing connection uses it.
_CHECKPOINT_PAGES = 10_000


@dataclass(frozen=True)
class IndexReport:
    scanned: int
    new: int
    changed: int
    removed: int
    unchanged: int
    articles: int
    problems: int
    seconds: float

    def summary(self) -> str:
        return (
            f"{self.scanned} files scanned: {self.new} new, {self.changed} changed, {self.removed} removed, "
            f"{self.unchanged} unchanged; {self.articles} articles, {self.problems} problems ({self.seconds:.2f} s)"
        )


Parsed = ArticleRecord | Problem


def as_parsed(result: Article | Problem) -> Parsed:
    """What the index stores of a parsed file (reader/store/handoff.py makes the same)."""
    return result if isinstance(result, Problem) else article_record(result)


def _parse_one(path: str) -> Parsed:
    return as_parsed(parse_file(path))


def _parse_chunk(paths: list[str]) -> list[Parsed]:
    return [_parse_one(path) for path in paths]


def _parse_all(paths: list[str], workers: int) -> Iterator[Parsed]:
    if workers <= 1 or len(paths) < PARALLEL_FROM or not workers_can_start():
        for path in paths:
            yield _parse_one(path)
        return
    chunks = [paths[i : i + _CHUNK] for i in range(0, len(paths), _CHUNK)]
    done = 0  # chunks whose results have been handed on
    try:
        with worker_pool(workers, ["reader.ingest.parse", "reader.store.cache"], _lower_priority) as pool:
            # A bounded window of chunks in flight: results never pile up in memory when this
            # process writes slower than the workers parse.
            pending: deque[Future] = deque()
            next_chunk = 0
            while pending or next_chunk < len(chunks):
                while next_chunk < len(chunks) and len(pending) < workers * _IN_FLIGHT_PER_WORKER:
                    pending.append(pool.submit(_parse_chunk, chunks[next_chunk]))
                    next_chunk += 1
                results = pending.popleft().result()
                done += 1
                yield from results
    except (BrokenProcessPool, OSError):
        # The workers died or could not start: typically a script without an
        # `if __name__ == "__main__":` guard, which each worker re-runs on start. Nothing
        # is lost: what they did not hand back is parsed here.
        for chunk in chunks[done:]:
            for path in chunk:
                yield _parse_one(path)


def _lower_priority() -> None:
    """Workers yield the CPU to this process: with two cores and three busy processes, an
    even share left the writer (the pipeline's slowest stage) two thirds of a core, while
    the workers only filled the queue it could not drain. Nice also keeps a TUI responsive."""
    os.nice(5)


def worker_pool(count: int, preload: list[str], initializer: Callable[[], None] | None = None) -> ProcessPoolExecutor:
    """Worker processes started by a fork server that has imported `preload`: forking a
    process that runs threads (the TUI does) can deadlock the child."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(preload)
    _start_resource_tracker()
    return ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=initializer)


def _start_resource_tracker() -> None:
    """multiprocessing starts its resource tracker with the first worker and hands it
    sys.stderr's file descriptor. Inside the app, sys.stderr is Textual's print capture,
    whose fileno() is -1, so the first worker failed to start ("bad value(s) in
    fds_to_keep"): the app's first scan of a folder of 400 files or more failed, and a fetch
    of 8 feeds or more ran in its threads. Started here with the real stderr for that moment."""
    from multiprocessing import resource_tracker

    try:
        if sys.stderr.fileno() >= 0:
            return  # multiprocessing can start it itself
    except (AttributeError, OSError, ValueError):
        return  # no descriptor at all: multiprocessing leaves it out itself
    captured, sys.stderr = sys.stderr, sys.__stderr__
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = captured


def workers_can_start() -> bool:
    """Worker processes import the main script again; code read from stdin or `-c` has no
    file they could import, so they would die at once."""
    main = sys.modules.get("__main__")
    if getattr(main, "__spec__", None) is not None:
        return True  # run as `python -m ...`: imported by name
    path = getattr(main, "__file__", None)
    return path is None or os.path.isfile(path)


def default_workers() -> int:
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def index(cache: Cache, paths: list[str], progress: Progress | None = None, workers: int | None = None,
          handed: Mapping[str, Written] | None = None) -> IndexReport:
    """`handed`: records a fetch parsed of the files it wrote (reader/store/handoff.py), taken
    instead of parsing those files again when the scan finds them as written."""
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        # A parsing worker re-running a script that has no __main__ guard: fail at once
        # (the parent then parses on its own) instead of waiting on the parent's write lock.
        raise ReaderError(
            "indexing was started again inside a parsing worker: put the script's code under "
            "`if __name__ == \"__main__\":`"
        )
    started = time.perf_counter()
    files, folder_problems = scan(paths)
    known = cache.known_files()
    stats = {f.path: f for f in files}
    to_parse = [f for f in files if known.get(f.path) != f"{f.size}:{f.mtime_ns}"]
    new = sum(1 for f in to_parse if f.path not in known)
    # The cache keeps the files of every PATH indexed lately (reader/store/roots.py): gone are
    # only those under the PATHs scanned, those of a PATH that is itself gone, and those of a
    # PATH not indexed for a month that lie under no other PATH.
    given = [os.path.abspath(path) for path in paths]
    vanished = roots.vanished(cache.conn)
    unused = [root for root in roots.unused(cache.conn, given) if root not in vanished]
    gone_roots = vanished + unused
    removed = [path for path in roots.within(known, given + vanished) if path not in stats]
    if unused:
        kept_roots = [root for root in roots.known(cache.conn) if root not in gone_roots] + given
        dropped = set(removed)
        removed += [path for path in roots.without_others(known, unused, kept_roots) if path not in dropped]

    conn = cache.conn
    bulk.begin(cache)
    with db.write(conn):
        cache.forget_files(removed + [f.path for f in to_parse if f.path in known])
        cache.clear_folder_problems()
        for problem in folder_problems:
            cache.record_problem(problem)
        orphans = _orphaned_duplicates(cache, stats)
    to_parse.extend(orphans)

    with collection_paused(len(to_parse) >= PARALLEL_FROM):
        if to_parse:
            _store(cache, to_parse, stats, progress, workers or default_workers(), handed or {})
        if removed or orphans or len(to_parse) > new:  # only dropping an article can orphan a name
            with db.write(conn):
                cache.prune_names()
        changed = removed + [f.path for f in to_parse if f.path in known]  # orphans were known too
        roots.update(conn, given, gone_roots, changed, [f.path for f in to_parse if f.path not in known], cache.feeds_prefix)
        bulk.finish(cache)  # the stories, and what a cold build left to its end
    roots.note_used(conn, given)
    articles, problems = roots.counts(conn, given)
    return IndexReport(
        scanned=len(files), new=new, changed=len(to_parse) - new - len(orphans), removed=len(removed),
        unchanged=len(files) - len(to_parse) + len(orphans), articles=articles, problems=problems,
        seconds=time.perf_counter() - started,
    )


@contextmanager
def collection_paused(pause: bool) -> Iterator[None]:
    """No cyclic garbage collection while many files are written: the records handed back
    and the story pass's per-article tuples are acyclic, yet each run of the collector walks
    everything alive (~0.3-0.4 s of the 2-2.4 s story pass at 100,000 articles). Left as it
    was found, so a caller's own pause (the TUI's until its first frame) is kept."""
    paused = pause and gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _orphaned_duplicates(cache: Cache, stats: dict[str, SeedFile]) -> list[SeedFile]:
    """Duplicates whose winning file is gone: parse them again so one takes its place."""
    rows = cache.conn.execute(
        "SELECT path FROM files WHERE status='duplicate'"
        " AND NOT EXISTS (SELECT 1 FROM articles WHERE articles.id = files.article_id)"
    ).fetchall()
    orphans = []
    for (path,) in rows:
        cache.forget_file(path)
        if path not in stats:  # under another PATH the cache keeps: read it again if it is there
            try:
                st = os.stat(path)
            except OSError:
                continue
            stats[path] = SeedFile(path, st.st_size, st.st_mtime_ns)
        orphans.append(stats[path])
    return orphans


def _store(cache: Cache, to_parse: list[SeedFile], stats: dict[str, SeedFile], progress: Progress | None, workers: int,
           handed: Mapping[str, Written]) -> None:
    total = len(to_parse)
    done = 0
    ready, rest = [], to_parse
    if handed:
        from reader.store.handoff import take  # it imports this module

        ready, rest = take(to_parse, handed)
    results = chain(ready, _parse_all([f.path for f in rest], workers))
    cache.conn.execute(f"PRAGMA wal_autocheckpoint={_CHECKPOINT_PAGES}")
    batches = (_COLD_TRANSACTION if cache.cold_build else _TRANSACTION) // _BATCH
    while done < total:
        with db.write(cache.conn):
            for _ in range(batches):
                batch = list(islice(results, _BATCH))
                if not batch:
                    break
                _store_batch(cache, batch, stats)
                done += len(batch)
                if progress:
                    progress(done, total)
        if not batch:
            break


def _store_batch(cache: Cache, batch: list[Parsed], stats: dict[str, SeedFile]) -> None:
    """Articles not cached yet go in together; the rare one whose id is (a duplicate URL, or a
    file another process stored meanwhile) takes the careful path, after what came before it."""
    cached = cache.cached_ids([r.id for r in batch if isinstance(r, ArticleRecord)])
    fresh: list[tuple[ArticleRecord, int]] = []
    files: list[tuple] = []

    def flush() -> None:
        cache.insert_new(fresh)
        cache.record_files(files)
        fresh.clear()
        files.clear()

    for result in batch:
        seed = stats[result.path]
        if isinstance(result, Problem):
            cache.record_problem(result)
            files.append((seed.path, seed.size, seed.mtime_ns, None, "problem"))
        elif result.id not in cached:
            cached.add(result.id)
            fresh.append((result, seed.mtime_ns))
            files.append((seed.path, seed.size, seed.mtime_ns, result.id, "article"))
        else:
            flush()
            _store_owned(cache, result, seed)
    flush()


def _store_owned(cache: Cache, result: ArticleRecord, seed: SeedFile) -> None:
    """An article whose id is cached already."""
    # Gone and changed files were forgotten before parsing, so an owner here is a file that
    # is still there: the same URL in two files, and the most recently modified one wins.
    owner = cache.owner_of(result.id)
    if owner is not None and owner[0] != seed.path:
        other_path, other_mtime = owner
        if (seed.mtime_ns, other_path) < (other_mtime, seed.path):
            _record_duplicate(cache, seed.path, seed.size, seed.mtime_ns, result.id, winner=other_path)
            return
        other = cache.conn.execute("SELECT size, mtime_ns FROM files WHERE path=?", (other_path,)).fetchone()
        size, mtime = other if other else (0, other_mtime)
        _record_duplicate(cache, other_path, size, mtime, result.id, winner=seed.path)
    cache.put_record(result, seed.mtime_ns)
    cache.record_file(seed.path, seed.size, seed.mtime_ns, result.id, "article")


def _record_duplicate(cache: Cache, path: str, size: int, mtime_ns: int, article_id: str, winner: str) -> None:
    cache.record_file(path, size, mtime_ns, article_id, "duplicate")
    cache.record_problem(Problem(path, f"same URL as {winner}, which is newer and is the one listed", "duplicate"))
