"""Start-up against the floor, in one run: an empty Textual app's first frame and reader's
first frame with rows, started in turn in a pseudo-terminal (120x40), pair after pair.

    python benchmarks/startup_pairs.py [--pairs 10] [--form app|bare] FOLDER=HOME [FOLDER=HOME ...]

Each FOLDER is a corpus already indexed in the READER_HOME given after it (make one with
benchmarks/make_corpus.py and `READER_HOME=HOME reader index FOLDER`). The two starts of a
pair run one after the other, in alternating order, so a machine whose load drifts weighs on
both alike; the ratio is the median of the pairs' ratios. CPU seconds (user + system, to the
frame) are printed beside the wall figures: on a shared machine they are the steadier figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from probes import EMPTY_APP, _first_frame_in_pty  # noqa: E402


def first_title(folder: str, home: str) -> str:
    """The first eight cells of the list's first title: the sign that reader drew its rows."""
    os.environ["READER_HOME"] = home
    from reader.library import Library
    from reader.query import Query
    from reader.tui.text import line

    library = Library()
    library.show([folder])
    rows = library.list(Query(sort=library.settings.sort), 1)
    library.close()
    if not rows:
        raise SystemExit(f"nothing cached for {folder} in {home}: index it first")
    return line(rows[0].title)[:8]


def pairs(folder: str, home: str, count: int, form: str, pycache: str) -> dict[str, list[float]]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env |= {"READER_HOME": home, "PYTHONPYCACHEPREFIX": pycache, "PYTHONPATH": str(HERE.parent)}
    reader_argv = [sys.executable, "-m", "reader", *(["app"] if form == "app" else []), folder]
    starts = {
        "empty": ([sys.executable, "-c", EMPTY_APP], b"empty app ready"),
        "reader": (reader_argv, first_title(folder, home).encode()),
    }
    for argv, marker in starts.values():  # compiles into the pycache, and warms the file cache
        _first_frame_in_pty(argv, marker, env)
    figures: dict[str, list[float]] = {"empty": [], "reader": [], "empty_cpu": [], "reader_cpu": []}
    for number in range(count):
        order = ("empty", "reader") if number % 2 == 0 else ("reader", "empty")
        for which in order:
            seconds, cpu = _first_frame_in_pty(*starts[which], env)
            figures[which].append(seconds)
            figures[f"{which}_cpu"].append(cpu)
    figures["ratio"] = [r / e for r, e in zip(figures["reader"], figures["empty"])]
    figures["cpu_ratio"] = [r / e for r, e in zip(figures["reader_cpu"], figures["empty_cpu"])]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="+", metavar="FOLDER=HOME")
    parser.add_argument("--pairs", type=int, default=10)
    parser.add_argument("--form", choices=("app", "bare"), default="app", help="`reader app FOLDER` or `reader FOLDER`")
    options = parser.parse_args()
    pycache = tempfile.mkdtemp(prefix="startup-pycache-")
    print(f"{'corpus':<28} {'empty s':>8} {'reader s':>9} {'ratio':>6} {'empty cpu':>10} {'reader cpu':>11} {'cpu ratio':>10}")
    for spec in options.corpora:
        folder, _, home = spec.partition("=")
        f = pairs(folder, home, options.pairs, options.form, pycache)
        med = {key: statistics.median(values) for key, values in f.items()}
        print(
            f"{Path(folder).name:<28} {med['empty']:8.3f} {med['reader']:9.3f} {med['ratio']:5.2f}x"
            f" {med['empty_cpu']:10.3f} {med['reader_cpu']:11.3f} {med['cpu_ratio']:9.2f}x"
            f"   (ratio range {min(f['ratio']):.2f}-{max(f['ratio']):.2f}x, {options.pairs} pairs)",
            flush=True,
        )


if __name__ == "__main__":
    main()
