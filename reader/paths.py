"""Where the cache, the state and the config live.

`READER_HOME=DIR` puts all three under DIR (tests isolate themselves with it); otherwise the
platform's user cache, data and config dirs are used.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from msgspec import Struct

from reader.errors import ReaderError

APP_NAME = "reader"


class Paths(Struct, frozen=True):
    """Where the cache, the state and the config live, and which roots are shown."""

    cache_dir: Path
    data_dir: Path
    config_dir: Path
    # The PATHs a session shows (none: the configured sources and fetched feeds). It travels
    # with the folders so that every Library a session opens (the app's workers open their
    # own) shows the same articles.
    shown: tuple[str, ...] = ()

    @property
    def cache_db(self) -> Path:
        return self.cache_dir / "cache.sqlite3"

    @property
    def state_db(self) -> Path:
        return self.data_dir / "state.sqlite3"

    @property
    def feeds_db(self) -> Path:
        return self.data_dir / "feeds.sqlite3"

    @property
    def feeds_dir(self) -> Path:
        """Fetched feed items, as seed files: one folder per feed."""
        return self.data_dir / "feeds"

    @property
    def fulltext_db(self) -> Path:
        return self.data_dir / "fulltext.sqlite3"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Paths:
        environ = os.environ if environ is None else environ
        home = environ.get("READER_HOME")
        if home:
            base = Path(home).expanduser()
            return cls(base / "cache", base / "data", base / "config")
        return cls(
            Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        )

    def ensure(self) -> Paths:
        """Create the cache and data folders, or fail with one clear line."""
        for folder in (self.cache_dir, self.data_dir):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise ReaderError(f"cannot create {folder}: {error.strerror or error}") from None
            if not os.access(folder, os.W_OK):
                raise ReaderError(f"{folder} is not writable")
        return self
