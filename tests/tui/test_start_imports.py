"""What the app loads before its first frame. Start-up is measured against an empty Textual
app's (benchmarks/run.py, benchmarks/startup_pairs.py), and every module the first frame does
without is time taken from it: the command line's parser waits for a subcommand, the parser,
YAML and the index pipeline for the scan, full-text fetching and its labels for the first
article shown, the other screens for their keys, config writing for V.
(The full-text store itself is loaded with the Library: imported lazily on the UI thread, it
raced the scan's imports and now and then left the first article undrawn.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from reader.library import Library

# Run in a fresh interpreter: `reader PATH` itself (the console script's main), headless,
# until the list is painted (the screen then starts the scan, which loads the pipeline by
# design).
_FIRST_FRAME = """
import json, os, sys
from textual.app import App
from reader.tui.app import ReaderApp

def painted(self):
    print(json.dumps(sorted(sys.modules)), file=sys.__stdout__)  # the app holds sys.stdout
    sys.__stdout__.flush()
    os._exit(0)

ReaderApp.resume_gc = painted  # the first thing the screen does once its list is painted
ReaderApp.run = lambda self: App.run(self, headless=True, size=(120, 30))
from reader.cli import main
raise SystemExit(main(sys.argv[1:]))
"""

LATER = (
    "reader.ingest.parse", "reader.ingest.simple_yaml", "yaml", "reader.store.indexer", "reader.ingest.scan_pool",
    "reader.stories.index", "reader.feeds.fetch", "reader.fulltext.batch", "trafilatura", "tomlkit",
    "reader.config_write", "reader.fulltext.label",
    "reader.tui.screens.help", "reader.tui.screens.picker", "reader.tui.screens.feeds", "reader.tui.screens.prompt",
    "reader.tui.commands", "reader.tui.saved_views", "reader.links", "webbrowser", "tomllib", "importlib.resources",
    "reader.console",
    # The command line's parser and its subcommands (`reader PATH` is read without them).
    "argparse", "reader.cli_commands", "reader.cli_stories", "reader.cli_views", "reader.cli_fulltext", "reader.feeds.cli",
    # Ingestion: the cleaners (and the HTML tables behind them), the model, the scan, the feed
    # parser and the worker processes all wait for the scan; the Stories mode's queries for it.
    "reader.ingest.clean", "reader.ingest.fields", "reader.ingest.scan", "reader.model", "html", "email.utils",
    "reader.feeds.parse", "multiprocessing", "concurrent.futures.process", "reader.stories.query", "numpy",
    "rich.progress",
)


def test_the_first_frame_loads_none_of_what_waits(home: Path, seeds: Path):
    setup = Library()
    setup.index([str(seeds)])
    setup.close()
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_FRAME, str(seeds)], capture_output=True, text=True, timeout=120,
        env={"READER_HOME": str(home), "PATH": "/usr/bin:/bin", "TZ": "UTC"},
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "reader.tui.screens.main" in loaded and "reader.query" in loaded  # the probe saw the app start
    early = sorted(name for name in LATER if name in loaded)
    assert early == [], f"loaded before the first frame: {early}"
