"""Speed at scale: one table of figures at several corpus sizes, with the baseline beside them.

    python benchmarks/run.py [--sizes 1000,10000,100000] [--repeat 3] [--workdir DIR]

Corpora come from benchmarks/make_corpus.py and are kept in the work dir between runs (keyed
by size and by the generator's source). Every measurement runs in a fresh interpreter
(benchmarks/probes.py) with its own READER_HOME. Figures are medians over --repeat runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PROBES = HERE / "probes.py"
TOUCHED_SHARE = 100  # every 100th file: 1%
TUI_REFERENCE = 100  # the first-frame ratio is against this many articles

sys.path.insert(0, str(HERE))
import make_corpus  # noqa: E402


# -- corpora ---------------------------------------------------------------------------------

def corpus(workdir: Path, n: int) -> Path:
    """The corpus of n files, made once and reused while the generator is unchanged."""
    digest = hashlib.sha1((HERE / "make_corpus.py").read_bytes()).hexdigest()[:10]
    folder = workdir / f"corpus-{n}-{digest}"
    stamp = folder.with_suffix(".done")
    if not stamp.exists():
        shutil.rmtree(folder, ignore_errors=True)
        print(f"making a corpus of {n:,} files in {folder} ...", file=sys.stderr, flush=True)
        make_corpus.make(n, folder)
        stamp.touch()
    return folder


def seed_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


# -- running probes --------------------------------------------------------------------------

class PeakMemory(threading.Thread):
    """Samples the summed proportional set size (PSS) of a process and all its descendants:
    an index run's workers and the TUI's background rescan count too."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.peak = max(self.peak, sum(_pss_kib(pid) for pid in _tree(self.pid)))
            self.stopped.wait(self.interval)

    def stop(self) -> float:
        self.stopped.set()
        self.join()
        return self.peak / 1024  # MiB


def _tree(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(parents.get(pid, ()))
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def probe(kind: str, *args: str, home: Path, memory: bool = False) -> dict:
    env = {**os.environ, "READER_HOME": str(home), "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, str(PROBES), kind, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    sampler = PeakMemory(process.pid) if memory else None
    if sampler:
        sampler.start()
    out, err = process.communicate()
    peak = sampler.stop() if sampler else None
    if process.returncode != 0:
        raise RuntimeError(f"probe {kind} failed:\n{err}")
    result = json.loads(out.strip().splitlines()[-1])
    if peak is not None:
        result["peak_mib"] = peak
    return result


def command(args: list[str], home: Path) -> tuple[float, int]:
    """Wall time of a `reader` command as a user runs it, and how many lines it printed."""
    env = {**os.environ, "READER_HOME": str(home), "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "reader", *args], env=env, capture_output=True, check=True)
    return time.perf_counter() - started, done.stdout.count(b"\n")


# -- one size --------------------------------------------------------------------------------

def measure(n: int, folder: Path, workdir: Path, repeat: int, reference: tuple[Path, Path] | None) -> dict[str, float | str | None]:
    figures: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        figures.setdefault(name, []).append(value)

    homes: list[Path] = []

    def fresh_home() -> Path:
        homes.append(Path(tempfile.mkdtemp(prefix=f"home-{n}-", dir=workdir)))
        return homes[-1]

    indexed = []
    for _ in range(repeat):
        add("baseline_s", probe("baseline", str(folder), home=fresh_home())["seconds"])
        home = fresh_home()
        indexed.append(home)
        cold = probe("index", str(folder), home=home, memory=True)
        add("cold_s", cold["seconds"])
        add("index_peak_mib", cold["peak_mib"])
        add("warm_s", probe("index", str(folder), home=home)["seconds"])
        add("touched_s", _touch_and_rescan(folder, home))
    articles = cold["articles"]

    home = indexed[0]
    timings = probe("queries", str(repeat), str(folder), home=home)
    for name in ("topic", "provider", "unread", "sort", "search", "article", "counts", "next_unread", "unread_after_mark", "language", "views", "views_fresh", "stories", "story"):
        figures[f"q_{name}"] = [timings[name]["median"]]
        figures[f"q_{name}_worst"] = [timings[name]["worst"]]
    topic = "Machine Learning"
    for _ in range(repeat):
        add("list_all_s", command(["list", "--json", str(folder)], home)[0])
        add("list_cached_s", command(["list", "--json", "--cached", str(folder)], home)[0])
        add("list_filtered_s", command(["list", "--json", "--topic", topic, "--unread", str(folder)], home)[0])

    if reference is not None:
        # Start-up in a pseudo-terminal, each run paired with an empty Textual app's just
        # before it (the floor: Python, Textual's import and a first paint).
        pycache = str(workdir / "pycache")
        for _ in range(repeat):
            empty = probe("startup", "empty", "", pycache, home=home)
            start = probe("startup", "reader", str(folder), pycache, home=home)
            if "error" in start:
                figures["start"] = [start["error"]]
                break
            add("start_empty_s", empty["seconds"])
            add("start_s", start["seconds"])
            add("start_ratio", start["seconds"] / empty["seconds"])
            add("start_cpu_ratio", start["cpu_seconds"] / empty["cpu_seconds"])
    if reference is None:
        figures["tui"] = ["skipped"]
    else:
        ref_folder, ref_home = reference
        for _ in range(repeat):
            # Each run is paired with one at 100 articles just before it, so the ratio
            # compares like with like on a machine whose load drifts.
            ref = probe("tui", str(repeat), str(ref_folder), home=ref_home)
            result = probe("tui", str(repeat), str(folder), home=home, memory=True)
            if "error" in result or "error" in ref:
                figures["tui"] = [result.get("error") or ref["error"]]
                break
            add("tui_first_s", result["first_frame"])
            add("tui_first_ratio", result["first_frame"] / ref["first_frame"])
            add("tui_row_ms", result["row_ms"])
            add("tui_page_ms", result["page_ms"])
            add("tui_page_on_ms", result["page_on_ms"])
            add("tui_peak_mib", result["peak_mib"])
            for mode in ("off", "shipped", "eager"):
                add(f"tui_keeper_{mode}_ms", result[f"keeper_{mode}_ms"])
                add(f"tui_keeper_{mode}_ratio", result[f"keeper_{mode}_ms"] / result["keeper_off_ms"])
                add(f"tui_keeper_{mode}_writes", result[f"keeper_{mode}_writes"])
            add("tui_keeper_per_key_us", result["keeper_per_key_us"])
    for home in homes:
        shutil.rmtree(home, ignore_errors=True)
    summary: dict[str, float | str | None] = {
        name: (values[0] if isinstance(values[0], str) else statistics.median(values)) for name, values in figures.items()
    }
    summary["articles"] = articles
    summary["files"] = n
    return summary


def _touch_and_rescan(folder: Path, home: Path) -> float:
    """Touch every 100th file (new mtime, same bytes), rescan, then put the mtimes back so the
    cached corpus stays as generated."""
    files = seed_files(folder)[::TOUCHED_SHARE]
    before = [(path, path.stat()) for path in files]
    for path, st in before:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    try:
        return probe("index", str(folder), home=home)["seconds"]
    finally:
        for path, st in before:
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def tui_reference(workdir: Path) -> tuple[Path, Path]:
    """The 100-article corpus and a home indexed from it: what first frames are compared with."""
    folder = corpus(workdir, TUI_REFERENCE)
    home = Path(tempfile.mkdtemp(prefix="home-ref-", dir=workdir))
    probe("index", str(folder), home=home)
    return folder, home


# -- the table -------------------------------------------------------------------------------

def _s(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def _ms(value: float) -> str:
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def _q(name: str) -> Callable[[dict], str]:
    """Median over all cases, and the slowest case's median."""
    return lambda s: f"{_ms(s['q_' + name])} (worst {_ms(s['q_' + name + '_worst'])})"


def _mib(value: float) -> str:
    return f"{value:.0f} MB"


Row = tuple[str, Callable[[dict], str], str]


def _tui_or(key: str, fmt: Callable[[float], str]) -> Callable[[dict], str]:
    def cell(s: dict) -> str:
        if key not in s:
            note = str(s.get("tui", ""))
            return "n/a (no TUI yet)" if "no TUI" in note else "skipped" if note == "skipped" else "n/a (TUI probe failed)"
        return fmt(s[key])
    return cell


def _tui_all(key: str, fmt: Callable[[dict], str]) -> Callable[[dict], str]:
    """A cell made from several TUI figures, or why there are none."""
    return lambda s: _tui_or(key, lambda value: fmt(s))(s)


def _keeper(mode: str) -> Callable[[dict], str]:
    """A step with the session keeper in `mode`: ms, against the keeper off, and its writes."""
    def cell(s: dict) -> str:
        writes = s[f"tui_keeper_{mode}_writes"]
        per_key = f"; {s['tui_keeper_per_key_us']:.0f} us a key" if mode == "shipped" else ""
        return f"{_ms(s[f'tui_keeper_{mode}_ms'])} ({s[f'tui_keeper_{mode}_ratio']:.2f}x, {writes:.0f} writes{per_key})"
    return cell
def _start_or(key: str, fmt: Callable[[float], str]) -> Callable[[dict], str]:
    return lambda s: fmt(s[key]) if key in s else str(s.get("start", "skipped"))


def rows() -> list[Row]:
    return [
        ("baseline: frontmatter.load, 1 process", lambda s: _s(s["baseline_s"]), ""),
        ("baseline files/s", lambda s: f"{s['files'] / s['baseline_s']:,.0f}", ""),
        ("cold index (empty cache)", lambda s: _s(s["cold_s"]), ""),
        ("cold index files/s", lambda s: f"{s['files'] / s['cold_s']:,.0f}", ""),
        ("cold index speed-up over baseline", lambda s: f"{s['baseline_s'] / s['cold_s']:.2f}x", ">= 1.7x"),
        ("warm rescan, nothing changed", lambda s: _s(s["warm_s"]), "<= 1.5 s"),
        ("rescan after touching 1% of files", lambda s: _s(s["touched_s"]), ""),
        ("index peak memory (all processes, PSS)", lambda s: _mib(s["index_peak_mib"]), ""),
        ("switch topic", _q("topic"), "<= 50 ms"),
        ("provider filter", _q("provider"), "<= 50 ms"),
        ("unread only", _q("unread"), "<= 50 ms"),
        ("unread only, just after a mark", _q("unread_after_mark"), "<= 50 ms"),
        ("sort change", _q("sort"), "<= 50 ms"),
        ("search query", _q("search"), "<= 50 ms"),
        ("open article with related", _q("article"), "<= 50 ms"),
        ("sidebar counts (topics, providers)", _q("counts"), ""),
        ("next unread (n), none left in the whole list", _q("next_unread"), "<= 50 ms"),
        ("query language, 1-5 terms", _q("language"), "<= 50 ms"),
        ("ten saved views' counts, just after a mark", _q("views"), "<= 150 ms"),
        ("ten saved views' counts, after a cache change", _q("views_fresh"), ""),
        ("story view switch (keys + a screen)", _q("stories"), "<= 50 ms"),
        ("story detail (same story)", _q("story"), "<= 50 ms"),
        ("reader list --json, whole set", lambda s: _s(s["list_all_s"]), ""),
        ("reader list --json --cached, whole set", lambda s: _s(s["list_cached_s"]), ""),
        ("reader list --json, topic + unread", lambda s: _s(s["list_filtered_s"]), ""),
        ("start-up: empty Textual app, first frame", _start_or("start_empty_s", _s), ""),
        ("start-up: reader app, first frame with rows", _start_or("start_s", _s), ""),
        ("start-up vs the empty app", _start_or("start_ratio", lambda v: f"{v:.2f}x"), "<= 1.3x"),
        ("start-up vs the empty app, CPU to the frame", _start_or("start_cpu_ratio", lambda v: f"{v:.2f}x"), ""),
        ("TUI first frame with rows", _tui_or("tui_first_s", _s), ""),
        (f"TUI first frame vs {TUI_REFERENCE} articles", _tui_or("tui_first_ratio", lambda v: f"{v:.2f}x"), "<= 1.3x"),
        ("TUI cursor one row", _tui_or("tui_row_ms", _ms), "<= 5 ms"),
        ("TUI cursor one page", _tui_or("tui_page_ms", _ms), "<= 5 ms"),
        ("TUI paging on into new rows", _tui_or("tui_page_on_ms", _ms), "<= 5 ms"),
        ("TUI cursor step, session not kept", _tui_or("tui_keeper_off_ms", _ms), ""),
        ("TUI cursor step, session kept (as shipped)", _tui_all("tui_keeper_shipped_ms", _keeper("shipped")), "~1.00x"),
        ("TUI cursor step, session written every key", _tui_all("tui_keeper_eager_ms", _keeper("eager")), ""),
        ("TUI peak memory (PSS)", _tui_or("tui_peak_mib", _mib), "<= 250 MB"),
    ]


def table(results: dict[int, dict]) -> str:
    sizes = sorted(results)
    header = ["figure"] + [f"{n:,} files" for n in sizes] + ["target at 100,000"]
    body = [[label] + [cell(results[n]) for n in sizes] + [target] for label, cell, target in rows()]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]

    def fmt(line: list[str]) -> str:
        return "| " + " | ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(line, widths))) + " |"

    ruler = "|" + "|".join("-" * (w + 2) if i == 0 else "-" * (w + 1) + ":" for i, w in enumerate(widths)) + "|"
    return "\n".join([fmt(header), ruler, *(fmt(line) for line in body)])


def machine() -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{platform.system()} {platform.machine()}, {cores} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated corpus sizes")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the median is shown)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "reader-bench")
    parser.add_argument("--no-tui", action="store_true", help="skip the TUI figures")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.workdir.mkdir(parents=True, exist_ok=True)

    reference = None if args.no_tui else tui_reference(args.workdir)
    results = {}
    try:
        for n in sizes:
            print(f"measuring {n:,} files ...", file=sys.stderr, flush=True)
            results[n] = measure(n, corpus(args.workdir, n), args.workdir, args.repeat, reference)
    finally:
        if reference is not None:
            shutil.rmtree(reference[1], ignore_errors=True)
    print(f"reader benchmarks: {machine()}; medians of {args.repeat} runs")
    print()
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
