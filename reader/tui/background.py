"""The workers' own Library: a second connection, so a slow query never holds up the screen's.

Built by whichever worker asks first (two start together at start-up, hence the lock) and
closed by the screen that owns it as it goes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from reader.errors import ReaderError
from reader.library import Library
from reader.paths import Paths


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

    def close(self) -> None:
        """Close the connection (a query under way finishes first: Library.close waits for it)."""
        with self._lock:
            self._closed = True
            library, self._library = self._library, None
        if library is not None:
            library.close()
