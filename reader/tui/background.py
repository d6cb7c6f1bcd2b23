"""The workers' own Library: a second connection, so a slow query never holds up the screen's.

Built by whichever worker asks first (two start together at start-up, hence the lock) and
closed by the screen that owns it as it goes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from typing import TYPE_CHECKING

from reader.errors import ReaderError
from reader.library import Library
from reader.paths import Paths

if TYPE_CHECKING:
    from reader.fulltext.target import Target


class BackgroundLibrary:
    def __init__(self, paths: Paths, factory: Callable[[Paths], Library] | None = None) -> None:
        self._paths = paths
        self._factory = factory or Library
        self._lock = threading.Lock()
        self._library: Library | None = None
        self._closed = False

    def get(self) -> Library:
        with self._lock:
            if self._closed:
                raise ReaderError("the app is closing")
            if self._library is None:
                self._library = self._factory(self._paths)
            return self._library

    def fetch_full_text(self, target: Target) -> tuple:
        """For the detail pane's worker: fetch and store an article's full text on the workers'
        connection; (the text stored, or None, and why not)."""
        from reader.fulltext.batch import fetch_one  # trafilatura: loaded when first used

        outcome = fetch_one(self.get(), target)
        return outcome.full_text, outcome.error

    def close(self) -> None:
        """Close the connection (a query under way finishes first: Library.close waits for it)."""
        with self._lock:
            self._closed = True
            library, self._library = self._library, None
        if library is not None:
            library.close()
