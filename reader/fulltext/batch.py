"""Fetch the full texts of many articles at once: bounded threads fetch and extract, the
calling thread stores each result as it comes, so the database sees one writer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from reader.errors import ReaderError
from reader.fulltext.fetch import new_fetcher
from reader.fulltext.read import read_page
from reader.fulltext.target import Target
from reader.store.fulltexts import FullText

WORKERS = 6  # pages at once: enough to hide slow servers, few enough to be polite to one site


@dataclass(frozen=True)
class Outcome:
    target: Target
    full_text: FullText | None  # set on success
    error: str | None  # one line, set on failure


def fetch_all(
    library, targets: Sequence[Target], on_done: Callable[[Outcome], None] | None = None,
    *, workers: int = WORKERS, fetcher=None,
) -> list[Outcome]:
    """Fetch, extract and store each target's text; failures are recorded, never raised."""
    outcomes: list[Outcome] = []
    own = fetcher is None
    fetcher = fetcher or new_fetcher(pool_size=workers)
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(targets)))) as pool:
            futures = {pool.submit(read_page, fetcher, target.url, target.title): target for target in targets}
            for future in as_completed(futures):
                outcome = _store(library, futures[future], future)
                outcomes.append(outcome)
                if on_done:
                    on_done(outcome)
    finally:
        if own:
            fetcher.close()
    return outcomes


def fetch_one(library, target: Target, fetcher=None) -> Outcome:
    """One article's text (the TUI's key), stored like any other."""
    return fetch_all(library, [target], workers=1, fetcher=fetcher)[0]


def _store(library, target: Target, future) -> Outcome:
    try:
        url, text = future.result()
    except ReaderError as error:
        library.save_full_text_error(target.article_id, str(error))
        return Outcome(target, None, str(error))
    return Outcome(target, library.save_full_text(target.article_id, url, text), None)
