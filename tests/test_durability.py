"""Nothing acknowledged is ever lost: marks survive SIGKILL, concurrent processes never corrupt
or lock each other out, damaged databases are rebuilt (cache) or moved aside with a message
(state), old state files are migrated, and an unusable home is one clear line."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reader.errors import ReaderError
from reader.store import db, state
from reader.store.state import StateDB

from support import CLI, REPO


def _make_folder(tmp_path: Path, count: int = 40) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for i in range(count):
        (folder / f"item-{i:03d}.md").write_text(
            f"---\ntitle: Item number {i}\nwebUrl: https://example.com/item/{i}\n"
            f"publishedDateTime: 2024-01-{1 + i % 28:02d}T10:00:00Z\ntopics: [Topic {i % 5}]\n---\nBody {i}.\n"
        )
    return folder


def _marks(home: Path) -> dict[str, tuple[int, int]]:
    """article_id -> (read, starred), read straight from the state file."""
    conn = sqlite3.connect(home / "data" / "state.sqlite3")
    try:
        return {row[0]: (row[1], row[2]) for row in conn.execute("SELECT article_id, read, starred FROM marks")}
    finally:
        conn.close()


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def _python(code: str, home: Path, *args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], cwd=REPO, env={**os.environ, "READER_HOME": str(home)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen,
    )


# -- SIGKILL right after an acknowledged change -----------------------------------------------

_MARK_THEN_DIE = """
import os, signal, sys
from reader.library import Library
library = Library()
library.mark(sys.argv[1:3], "read", True)
library.mark(sys.argv[2:4], "starred", True)
print("done", flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # no close, no checkpoint, no atexit
"""


def test_a_change_acknowledged_before_sigkill_survives(home: Path):
    proc = _python(_MARK_THEN_DIE, home, "aaa", "bbb", "ccc")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, err
    assert out == "done\n"
    assert _marks(home) == {"aaa": (1, 0), "bbb": (1, 1), "ccc": (0, 1)}
    assert _integrity(home / "data" / "state.sqlite3") == "ok"


_MARK_FOREVER = """
import sys, time
from reader.library import Library
library = Library()
pause = float(sys.argv[2]) if len(sys.argv) > 2 else 0
for i in range(100_000):
    library.mark([f"{sys.argv[1]}-{i}"], "read", True)
    print(i, flush=True)  # acknowledged: the change is committed
    time.sleep(pause)
"""


def test_sigkill_in_the_middle_of_a_stream_of_marks_loses_no_acknowledged_one(home: Path):
    proc = _python(_MARK_FOREVER, home, "stream")
    acknowledged = []
    while len(acknowledged) < 40:
        line = proc.stdout.readline()
        assert line, proc.stderr.read()
        acknowledged.append(int(line))
    proc.send_signal(signal.SIGKILL)  # lands while the next mark is being written
    proc.communicate(timeout=60)
    marks = _marks(home)
    assert all(marks[f"stream-{i}"] == (1, 0) for i in acknowledged)
    assert _integrity(home / "data" / "state.sqlite3") == "ok"


def test_cli_mark_acknowledged_while_another_process_writes_survives_killing_it(
    home: Path, cli: CLI, tmp_path: Path
):
    folder = _make_folder(tmp_path, 5)
    ids = [row["id"] for row in cli.json_lines("list", str(folder))]
    writer = _python(_MARK_FOREVER, home, "other", "0.005")  # a long-running writer on the same state
    assert writer.stdout.readline()  # it is writing now
    result = cli("mark", "read", ids[0])
    assert result.stdout.strip() == "marked 1 article read"
    cli("mark", "star", ids[1])
    writer.send_signal(signal.SIGKILL)
    writer.communicate(timeout=60)
    rows = {row["id"]: row for row in cli.json_lines("list", "--cached", str(folder))}
    assert rows[ids[0]]["read"] is True and rows[ids[1]]["starred"] is True
    assert sum(row["read"] for row in rows.values()) == 1


def test_an_indexer_killed_half_way_leaves_a_cache_the_next_index_completes(home: Path, cli: CLI, tmp_path: Path):
    folder = _make_folder(tmp_path, 300)
    indexer = subprocess.Popen(
        [sys.executable, "-m", "reader", "index", str(folder)], cwd=REPO, env=cli.env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    indexer.send_signal(signal.SIGKILL)
    indexer.wait(timeout=60)
    report = json.loads(cli("index", str(folder), "--json").stdout)
    assert report["articles"] == 300 and report["problems"] == 0
    assert len(cli.json_lines("list", "--cached", str(folder))) == 300
    assert _integrity(home / "cache" / "cache.sqlite3") == "ok"


# -- several processes at once -------------------------------------------------------------------

def test_concurrent_cli_marks_and_indexes_never_lock_or_lose_anything(home: Path, cli: CLI, tmp_path: Path):
    folder = _make_folder(tmp_path, 40)
    ids = sorted(row["id"] for row in cli.json_lines("list", str(folder)))
    results: list[subprocess.CompletedProcess] = []
    lock = threading.Lock()

    def run(*args: str) -> None:
        result = cli(*args, check=False)
        with lock:
            results.append(result)

    def marker(k: int) -> None:
        mine = ids[k::4]
        for chunk in (mine[:4], mine[4:7], mine[7:]):
            run("mark", "read", *chunk)
        run("mark", "star", *mine[:2])

    def indexer(k: int) -> None:
        for round_ in range(3):
            (folder / f"item-{k:03d}.md").write_text(
                f"---\ntitle: Item number {k}, edit {round_}\nwebUrl: https://example.com/item/{k}\n---\nEdited.\n"
            )
            run("index", str(folder))

    def lister() -> None:
        for _ in range(4):
            run("list", "--cached", "--json")

    threads = [threading.Thread(target=marker, args=(k,)) for k in range(4)]
    threads += [threading.Thread(target=indexer, args=(k,)) for k in range(2)]
    threads.append(threading.Thread(target=lister))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    assert len(results) == 4 * 4 + 2 * 3 + 4
    for result in results:
        assert result.returncode == 0, result.stderr
        assert "locked" not in result.stderr and "Traceback" not in result.stderr
    rows = {row["id"]: row for row in cli.json_lines("list", "--cached", str(folder))}
    assert sorted(rows) == ids
    assert all(row["read"] for row in rows.values())
    assert {i for i, row in rows.items() if row["starred"]} == {i for k in range(4) for i in ids[k::4][:2]}
    assert rows[next(i for i in ids if rows[i]["path"].endswith("item-000.md"))]["title"] == "Item number 0, edit 2"
    assert _integrity(home / "cache" / "cache.sqlite3") == "ok"
    assert _integrity(home / "data" / "state.sqlite3") == "ok"


_MARK_MANY = """
import sys
from reader.library import Library
library = Library()
for i in range(150):
    library.mark([f"{sys.argv[1]}-{i}"], "starred" if i % 3 == 0 else "read", True)
print("ok")
"""
_INDEX_MANY = """
import sys, pathlib
from reader.library import Library
library = Library()
folder = pathlib.Path(sys.argv[1])
for i in range(6):
    (folder / f"item-{i:03d}.md").write_text(f"---\\ntitle: Rewritten {i}\\nwebUrl: https://example.com/item/{i}\\n---\\nNew.\\n")
    library.index([str(folder)])
print("ok")
"""


def test_many_writers_in_parallel_processes_all_land(home: Path, tmp_path: Path):
    folder = _make_folder(tmp_path, 60)
    procs = [_python(_MARK_MANY, home, f"w{k}") for k in range(4)] + [_python(_INDEX_MANY, home, str(folder))]
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0 and out.strip() == "ok", err
        assert "locked" not in err
    marks = _marks(home)
    for k in range(4):
        for i in range(150):
            assert marks[f"w{k}-{i}"] == ((0, 1) if i % 3 == 0 else (1, 0))


# -- damaged databases ------------------------------------------------------------------------------

def test_garbage_cache_file_is_rebuilt_and_marks_survive(home: Path, cli: CLI, tmp_path: Path):
    folder = _make_folder(tmp_path, 5)
    first = cli.json_lines("list", str(folder))[0]["id"]
    cli("mark", "read", first)
    for suffix in ("-wal", "-shm"):
        (home / "cache" / f"cache.sqlite3{suffix}").unlink(missing_ok=True)
    (home / "cache" / "cache.sqlite3").write_bytes(os.urandom(50_000))
    result = cli("list", str(folder), "--json")
    assert result.stderr == ""  # rebuilt without asking: nothing to tell
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 5 and [r["id"] for r in rows if r["read"]] == [first]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "wrecked-pages"])
def test_corrupt_state_is_moved_aside_with_a_message_naming_the_backup(
    damage: str, home: Path, cli: CLI, tmp_path: Path
):
    folder = _make_folder(tmp_path, 5)
    ids = [row["id"] for row in cli.json_lines("list", str(folder))]
    cli("mark", "read", *ids[:2])
    state_file = home / "data" / "state.sqlite3"
    with sqlite3.connect(state_file) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = state_file.read_bytes()
    if damage == "garbage":
        data = b"not a database at all " * 300
    elif damage == "truncated":
        data = data[:100]
    else:
        data = data[:100] + os.urandom(len(data) - 100)  # header intact, every page wrecked
    state_file.write_bytes(data)

    result = cli("list", "--cached", str(folder), "--json")
    assert result.returncode == 0
    (message,) = result.stderr.splitlines()
    prefix = "reader: the state database was corrupt; moved it to "
    assert message.startswith(prefix) and message.endswith(" and started a new one")
    backup = Path(message[len(prefix) : -len(" and started a new one")])
    assert backup.parent == state_file.parent and backup.name.startswith("state.sqlite3.corrupt-")
    assert backup.read_bytes() == data  # kept exactly as it was, for the user to rescue
    assert not any(json.loads(line)["read"] for line in result.stdout.splitlines())  # a new, empty state
    cli("mark", "star", ids[0])  # and it works
    again = cli("list", "--cached", str(folder), "--starred", "--json")
    assert again.stderr == "" and [json.loads(line)["id"] for line in again.stdout.splitlines()] == [ids[0]]


_OPEN_STATE_ON_GO = """
import sys
from reader.store.state import StateDB
print("ready", flush=True)
sys.stdin.readline()  # all processes start opening at the same moment
state = StateDB(__import__("pathlib").Path(sys.argv[1]))
state.set_flags({sys.argv[2]: True}, "read")
print(state.notice or "", flush=True)
"""


def test_processes_finding_one_corrupt_state_make_one_backup_and_keep_every_mark(home: Path):
    path = home / "data" / "state.sqlite3"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"junk" * 2000)
    procs = [_python(_OPEN_STATE_ON_GO, home, str(path), f"mark-{k}", stdin=subprocess.PIPE) for k in range(5)]
    for proc in procs:
        assert proc.stdout.readline() == "ready\n"
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    notices = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        notices.append(out.strip())
    assert sum("moved it to" in n for n in notices) == 1  # one mover; the rest found the new file
    assert len(list(path.parent.glob("state.sqlite3.corrupt-*"))) == 1
    assert sorted(_marks(home)) == [f"mark-{k}" for k in range(5)]  # nobody's mark went into a backup


def test_a_locked_state_database_is_never_taken_for_corrupt(home: Path, monkeypatch: pytest.MonkeyPatch):
    (home / "data").mkdir(parents=True)
    StateDB(home / "data" / "state.sqlite3").close()
    real_connect = db.connect

    class Busy:
        """A connection whose integrity check meets another process's lock."""

        def __init__(self, conn: sqlite3.Connection) -> None:
            self.conn = conn

        def execute(self, sql: str, *args):
            if "quick_check" in sql:
                raise sqlite3.OperationalError("database is locked")
            return self.conn.execute(sql, *args)

        def close(self) -> None:
            self.conn.close()

    monkeypatch.setattr(db, "connect", lambda path, **kw: Busy(real_connect(path, **kw)))
    with pytest.raises(ReaderError, match="is locked by another process"):
        StateDB(home / "data" / "state.sqlite3")
    assert sorted(p.name for p in (home / "data").iterdir() if "corrupt" in p.name) == []


# -- schema versions ---------------------------------------------------------------------------------

def _v1_state(path: Path, rows: list[tuple[str, int, int]]) -> None:
    """A state file exactly as version 1 of reader wrote it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE marks(article_id TEXT PRIMARY KEY, read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0)"
    )
    conn.executemany("INSERT INTO marks VALUES (?, ?, ?)", rows)
    conn.execute("PRAGMA user_version=1")
    conn.commit()
    conn.close()


def test_a_version_1_state_database_is_migrated_without_losing_rows(home: Path, cli: CLI, tmp_path: Path):
    folder = _make_folder(tmp_path, 6)
    ids = sorted(row["id"] for row in cli.json_lines("list", str(folder)))
    (home / "data" / "state.sqlite3").unlink()
    old_rows = [(ids[0], 1, 0), (ids[1], 1, 1), (ids[2], 0, 1), ("gone-article", 1, 1)]
    _v1_state(home / "data" / "state.sqlite3", old_rows)

    rows = {row["id"]: row for row in cli.json_lines("list", "--cached", str(folder))}
    assert {i for i, r in rows.items() if r["read"]} == {ids[0], ids[1]}
    assert {i for i, r in rows.items() if r["starred"]} == {ids[1], ids[2]}
    conn = sqlite3.connect(home / "data" / "state.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == state.SCHEMA_VERSION
    assert sorted(conn.execute("SELECT article_id, read, starred FROM marks")) == sorted(old_rows)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(marks)")}
    assert {"read_at", "starred_at", "changed_at"} <= columns
    conn.close()
    cli("mark", "read", ids[3])  # and the migrated file takes new marks
    assert _marks(home)[ids[3]] == (1, 0) and _marks(home)["gone-article"] == (1, 1)


def test_a_state_database_from_a_newer_reader_is_left_alone(home: Path, cli: CLI):
    path = home / "data" / "state.sqlite3"
    _v1_state(path, [("x", 1, 0)])
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version=99")
    conn.commit()
    conn.close()
    result = cli("list", "--cached", check=False)
    assert result.returncode == 1
    assert result.stderr == f"reader: {path} was written by a newer version of reader (schema 99); upgrade reader\n"
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 99  # not migrated, not moved aside
    assert conn.execute("SELECT * FROM marks").fetchall() == [("x", 1, 0)]
    conn.close()
    assert not list(path.parent.glob("*corrupt*"))


# -- the home folder ---------------------------------------------------------------------------------

def _unusable_homes(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    homes = {
        "a regular file": (a_file, f"reader: cannot create {a_file}/cache: Not a directory"),
        "under a regular file": (a_file / "home", f"reader: cannot create {a_file}/home/cache: Not a directory"),
    }
    if os.geteuid() != 0:  # root ignores permissions
        read_only = tmp_path / "read-only"
        read_only.mkdir(mode=0o555)
        homes["read-only"] = (read_only, f"reader: cannot create {read_only}/cache: Permission denied")
    elif Path("/sys").is_dir():  # sysfs refuses new folders even to root
        homes["read-only"] = (Path("/sys/reader-home"), "reader: cannot create /sys/reader-home/cache: ")
    return homes


@pytest.mark.parametrize("kind", ["a regular file", "under a regular file", "read-only"])
@pytest.mark.parametrize("command", [["list"], ["mark", "read", "abc"], ["index"]])
def test_an_unusable_home_is_one_clear_line(kind: str, command: list[str], cli: CLI, tmp_path: Path):
    homes = _unusable_homes(tmp_path)
    if kind not in homes:
        pytest.skip("no way to make a read-only folder here")
    home, message = homes[kind]
    cli.env["READER_HOME"] = str(home)
    result = cli(*command, check=False)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1


def test_a_missing_home_is_created(cli: CLI, tmp_path: Path):
    home = tmp_path / "not" / "yet" / "there"
    cli.env["READER_HOME"] = str(home)
    assert len(cli.json_lines("list", str(REPO / "seeds"))) == 5
    assert (home / "cache" / "cache.sqlite3").is_file() and (home / "data" / "state.sqlite3").is_file()


def test_a_state_path_that_is_a_folder_is_one_clear_line(cli: CLI, home: Path):
    (home / "data" / "state.sqlite3").mkdir(parents=True)
    result = cli("list", "--cached", check=False)
    assert result.returncode == 1
    assert result.stderr == f"reader: cannot open {home}/data/state.sqlite3: check that its folder exists and is writable\n"
