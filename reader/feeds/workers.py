"""The CPU part of a fetch (parsing a feed, its items' HTML, writing and parsing their seed
files) in worker processes, one a core, while the fetch threads only wait on the network.

In threads, that work held the GIL: on 300 feeds (19,000 items, 2 cores) the fetch spent
~3.5 s of CPU in Python and ~17 s in the kernel, the eight threads handing the GIL to one
another (~600,000 futex calls). Worker processes do the same work on both cores.

A fetch of a few feeds stays in its threads (starting the workers would cost more), and so
does one where workers cannot start: nothing differs but where the work runs.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from reader.errors import ReaderError

T = TypeVar("T")

PARALLEL_FROM = 8  # feeds; fewer are done in the fetch threads
# What a worker runs imports nothing else (the signature loads on the first record, in each worker, without it).
_PRELOAD = ["reader.feeds.fetch", "reader.store.handoff", "reader.stories.signature"]


def default_processes() -> int:
    from reader.store.indexer import default_workers

    return min(2, default_workers())


class Workers:
    """`workers(fn, *args)` runs fn in a worker process (started on first use), or here when
    there are none; safe to call from many threads."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._off = count < 1 or not _can_start()

    def __call__(self, fn: Callable[..., T], *args: object) -> T:
        pool = self._start()
        if pool is None:
            return fn(*args)
        try:
            future = pool.submit(_uncollected, fn, *args)
        except (BrokenProcessPool, RuntimeError):  # broken, or shut down (the fetch was stopped)
            return fn(*args)
        try:
            return future.result()
        except BrokenProcessPool:
            # The workers died (a script without an `if __name__ == "__main__":` guard, which
            # each worker re-runs on start, or the system killed one): done here instead.
            self._off = True
            return fn(*args)

    def _start(self) -> ProcessPoolExecutor | None:
        if self._off:
            return None
        with self._lock:
            if self._pool is None and not self._off:
                from reader.store.indexer import worker_pool

                try:
                    self._pool = worker_pool(self.count, _PRELOAD)
                except (OSError, ValueError):
                    self._off = True
            return self._pool

    def close(self) -> None:
        """Stop the workers; a task under way ends first (a feed's items are written whole or not at all)."""
        with self._lock:
            self._off = True
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)


def _uncollected(fn: Callable[..., T], *args: object) -> T:
    """fn(*args) in a worker with no cyclic garbage collection meanwhile: a document's items
    and their records are acyclic, yet the collector kept walking them (~3% of a worker's
    instructions, callgrind). Only in a worker: in the fetch threads it would be global."""
    from reader.store.indexer import collection_paused

    with collection_paused(True):
        return fn(*args)


def _can_start() -> bool:
    from reader.store.indexer import workers_can_start

    if getattr(multiprocessing.current_process(), "_inheriting", False):
        # A worker re-running a script that has no __main__ guard: never a fetch in there.
        raise ReaderError("a fetch was started again inside a worker process: put the script's code under "
                          "`if __name__ == \"__main__\":`")
    return workers_can_start()
