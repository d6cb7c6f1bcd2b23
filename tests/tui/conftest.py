"""Fixtures for the app tests: an app over a Library on the test's own READER_HOME, with a
fixed 'now'. The helpers that wait for the app to settle live in tui_helpers.py."""

from __future__ import annotations

import shutil
import time
from datetime import datetime
from pathlib import Path

import pytest

from reader.library import Library
from reader.tui.app import ReaderApp
from tui_helpers import NOW

@pytest.fixture
def make_app(home: Path):
    """make_app(*paths, now=NOW) -> a ReaderApp over a Library on the test's READER_HOME."""
    made: list[tuple[ReaderApp, Library]] = []

    def make(*paths: Path | str, now: datetime | None = NOW) -> ReaderApp:
        library = Library()
        app = ReaderApp(library, [str(p) for p in paths], now=now)
        made.append((app, library))
        return app

    yield make
    for app, library in made:
        library.close()





@pytest.fixture
def quick_search(monkeypatch):
    """The search box's pause cut to 10 ms, for tests that type a query a key at a time and
    let the app settle after each key (`press`): each key still ends a pause and runs its
    search, only sooner. The pause itself is tested in test_search.py, at its own length."""
    from reader.tui.widgets import search

    monkeypatch.setattr(search, "SEARCH_DELAY", 0.01)


@pytest.fixture(scope="session")
def _corpus_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus indexed once per session: each test starts from a copy of this cache, so its
    start-up rescan finds nothing changed (as a returning user's would)."""
    from reader.paths import Paths

    corpus = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "everyday-ai"
    base = tmp_path_factory.mktemp("corpus-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "UTC")
        time.tzset()
        library = Library(Paths.from_env({"READER_HOME": str(base)}))
        library.index([str(corpus)])
        library.close()
    time.tzset()
    return base / "cache" / "cache.sqlite3"


@pytest.fixture
def corpus(corpus: Path, home: Path, _corpus_cache: Path) -> Path:
    """The real corpus (see tests/conftest.py), already in this test's cache."""
    (home / "cache").mkdir(exist_ok=True)
    shutil.copyfile(_corpus_cache, home / "cache" / "cache.sqlite3")
    return corpus
