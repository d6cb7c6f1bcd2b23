"""Shared fixtures: every test gets its own READER_HOME, so no test sees another's cache,
state or config (nor the developer's own)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import CLI, CORPUS, REPO, SEEDS, SHARED  # noqa: F401  (names tests import)


@pytest.fixture(autouse=True)
def home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated READER_HOME for every test, and a fixed time zone for stable dates."""
    path = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("READER_HOME", str(path))
    monkeypatch.setenv("TZ", "UTC")
    return path


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A private copy of the five seeds, free to touch, edit and delete."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")
    return CORPUS


@pytest.fixture
def library(home: Path):
    from reader.library import Library

    lib = Library()
    yield lib
    lib.close()


@pytest.fixture
def cli(home: Path) -> CLI:
    return CLI(home)


@pytest.fixture
def server():
    """A loopback HTTP server (tests/loopback.py): set `server.routes[path] = Reply(...)`."""
    from loopback import LoopbackServer

    with LoopbackServer() as running:
        yield running
