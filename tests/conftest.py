"""Shared fixtures: every test gets its own READER_HOME, so no test sees another's cache,
state or config (nor the developer's own)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "everyday-ai"


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


class CLI:
    """Runs `python -m reader` in a subprocess, as a user would."""

    def __init__(self, home: Path) -> None:
        self.env = {**os.environ, "READER_HOME": str(home), "TZ": "UTC", "COLUMNS": "120"}

    def __call__(self, *args: str, check: bool = True, cwd: Path | None = None) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "-m", "reader", *args], capture_output=True, text=True,
            env=self.env, cwd=cwd or REPO, timeout=120, stdin=subprocess.DEVNULL,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"reader {' '.join(args)} exited {result.returncode}: {result.stderr}")
        return result

    def json_lines(self, *args: str) -> list[dict]:
        return [json.loads(line) for line in self(*args, "--json").stdout.splitlines() if line.strip()]


@pytest.fixture
def cli(home: Path) -> CLI:
    return CLI(home)


@pytest.fixture
def server():
    """A loopback HTTP server (tests/loopback.py): set `server.routes[path] = Reply(...)`."""
    from loopback import LoopbackServer

    with LoopbackServer() as running:
        yield running
