"""Fixtures for the app tests: an app over a Library on the test's own READER_HOME, with a
fixed 'now'. The helpers that wait for the app to settle live in tui_helpers.py."""

from __future__ import annotations

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
        app.close_background()
        library.close()


