"""What tests import by name (paths, the CLI runner). Not in conftest.py: tests/tui has a
conftest of its own, and `from conftest import` would find whichever was loaded first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "everyday-ai"


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
