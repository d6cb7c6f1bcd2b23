"""Bring the cache in line with the seed files: parse what is new or changed, drop what is gone.

Unchanged files (same size and mtime) are never read again. Large batches are parsed in
worker processes while this process writes to SQLite, so both cores are busy.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from reader.ingest import SeedFile, parse_file, scan
from reader.model import Article, Problem
from reader.store import db
from reader.store.cache import Cache

Progress = Callable[[int, int], None]  # (files parsed, files to parse)

PARALLEL_FROM = 400  # below this, starting worker processes costs more than it saves
_CHUNK = 64
_COMMIT_EVERY = 2000  # rows per transaction: other writers get a turn between batches


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


def _parse_chunk(paths: list[str]) -> list[Article | Problem]:
    return [parse_file(path) for path in paths]


def _parse_all(paths: list[str], workers: int) -> Iterator[Article | Problem]:
    if workers <= 1 or len(paths) < PARALLEL_FROM:
        for path in paths:
            yield parse_file(path)
        return
    chunks = [paths[i : i + _CHUNK] for i in range(0, len(paths), _CHUNK)]
    # forkserver: forking a process that runs threads (the TUI does) can deadlock the child.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["reader.ingest.parse"])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for results in pool.map(_parse_chunk, chunks):
            yield from results


def default_workers() -> int:
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def index(cache: Cache, paths: list[str], progress: Progress | None = None, workers: int | None = None) -> IndexReport:
    started = time.perf_counter()
    files, folder_problems = scan(paths)
    known = cache.known_files()
    stats = {f.path: f for f in files}
    to_parse = [f for f in files if known.get(f.path, (None, None))[:2] != (f.size, f.mtime_ns)]
    new = sum(1 for f in to_parse if f.path not in known)
    removed = [path for path in known if path not in stats]

    conn = cache.conn
    with db.write(conn):
        for path in removed:
            cache.forget_file(path)
        for f in to_parse:
            if f.path in known:
                cache.forget_file(f.path)
        cache.clear_folder_problems()
        for problem in folder_problems:
            cache.record_problem(problem)
        orphans = _orphaned_duplicates(cache, stats)
    to_parse.extend(orphans)

    if to_parse:
        _store(cache, to_parse, stats, progress, workers or default_workers())
    with db.write(conn):
        cache.prune_names()
    articles, problems = cache.counts()
    return IndexReport(
        scanned=len(files), new=new, changed=len(to_parse) - new - len(orphans), removed=len(removed),
        unchanged=len(files) - len(to_parse) + len(orphans), articles=articles, problems=problems,
        seconds=time.perf_counter() - started,
    )


def _orphaned_duplicates(cache: Cache, stats: dict[str, SeedFile]) -> list[SeedFile]:
    """Duplicates whose winning file is gone: parse them again so one takes its place."""
    rows = cache.conn.execute(
        "SELECT path FROM files WHERE status='duplicate' AND article_id NOT IN (SELECT id FROM articles)"
    ).fetchall()
    orphans = []
    for (path,) in rows:
        cache.forget_file(path)
        if path in stats:
            orphans.append(stats[path])
    return orphans


def _store(cache: Cache, to_parse: list[SeedFile], stats: dict[str, SeedFile], progress: Progress | None, workers: int) -> None:
    total = len(to_parse)
    done = 0
    results = _parse_all([f.path for f in to_parse], workers)
    exhausted = False
    while not exhausted:
        with db.write(cache.conn):
            for _ in range(_COMMIT_EVERY):
                result = next(results, None)
                if result is None:
                    exhausted = True
                    break
                _store_one(cache, result, stats[result.path])
                done += 1
                if progress and done % 250 == 0:
                    progress(done, total)
    if progress:
        progress(done, total)


def _store_one(cache: Cache, result: Article | Problem, seed: SeedFile) -> None:
    if isinstance(result, Problem):
        cache.record_problem(result)
        cache.record_file(seed.path, seed.size, seed.mtime_ns, None, "problem")
        return
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
    cache.put_article(result, seed.mtime_ns)
    cache.record_file(seed.path, seed.size, seed.mtime_ns, result.id, "article")


def _record_duplicate(cache: Cache, path: str, size: int, mtime_ns: int, article_id: str, winner: str) -> None:
    cache.record_file(path, size, mtime_ns, article_id, "duplicate")
    cache.record_problem(Problem(path, f"same URL as {winner}, which is newer and is the one listed", "duplicate"))
