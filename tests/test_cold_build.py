"""A cold index (empty cache) builds the search index and the secondary indexes after its
inserts (reader/store/bulk.py): the result is what a cache built file by file holds, and a
build cut short is finished by the next index."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader.library import Library
from reader.query import Query
from reader.store import bulk
from reader.store.cache import BULK_BUILD, SCHEMA_INDEXES

WORDS = ("Microsoft", "OpenAI", "talks", "billion", "Power")


def _found(library: Library) -> dict[str, list[str]]:
    return {word: sorted(row.title for row in library.list(Query(search=word))) for word in WORDS}


def _health(library: Library) -> tuple[set[str], bool]:
    """The index names the cache lacks, and whether a build is still marked unfinished."""
    conn = library.cache.conn
    conn.execute("INSERT INTO search(search) VALUES ('integrity-check')")  # raises if the search index disagrees
    have = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    wanted = {sql.split(" IF NOT EXISTS ")[1].split()[0] for sql in SCHEMA_INDEXES}
    unfinished = conn.execute("SELECT 1 FROM meta WHERE key=?", (BULK_BUILD,)).fetchone() is not None
    return wanted - have, unfinished


def test_a_cold_build_finds_what_a_cache_built_file_by_file_finds(seeds: Path, tmp_path: Path, monkeypatch):
    cold = Library()
    cold.index([str(seeds)])
    assert _health(cold) == (set(), False)
    found = _found(cold)
    assert found["Microsoft"] and found["talks"]
    cold.close()

    monkeypatch.setenv("READER_HOME", str(tmp_path / "one-by-one"))
    first = tmp_path / "first"
    first.mkdir()
    shutil.copy(next(seeds.glob("004_*")), first)
    warm = Library()
    warm.index([str(first)])  # cold, one file; then every other file is added to a built cache
    warm.index([str(seeds), str(first)])
    assert _found(warm) == found
    assert _health(warm) == (set(), False)
    warm.close()


def test_a_cold_build_cut_short_is_finished_by_the_next_index(library: Library, seeds: Path, monkeypatch):
    finishing = bulk._complete
    monkeypatch.setattr(bulk, "_complete", lambda cache: None)  # the process dies after its inserts
    library.index([str(seeds)])
    assert library.list(Query(search="Microsoft")) == []  # the search index was never filled
    assert _health(library)[1]

    monkeypatch.setattr(bulk, "_complete", finishing)
    target = next(seeds.glob("002_*"))
    target.write_text("A completely new headline about chips\n\nBody.\n", encoding="utf-8")
    report = library.index([str(seeds)])  # one file changed: its old entry was never in search
    assert (report.changed, report.unchanged) == (1, 4)
    assert [row.title for row in library.list(Query(search="chips"))] == ["A completely new headline about chips"]
    assert len(library.list(Query(search="Microsoft"))) >= 2
    assert _health(library) == (set(), False)
    # and later rescans keep the search index by row again
    target.write_text("Another headline about wafers\n\nBody.\n", encoding="utf-8")
    library.index([str(seeds)])
    assert library.list(Query(search="chips")) == []
    assert len(library.list(Query(search="wafers"))) == 1
    assert _health(library) == (set(), False)



def test_what_the_app_asks_while_a_cold_build_runs_is_answered(library: Library, seeds: Path, monkeypatch):
    """The list, counts, filters and the query language read the cache while a cold build is
    still at it (its indexes and search index not made yet), as the app does behind its
    progress line."""
    monkeypatch.setattr(bulk, "_complete", lambda cache: None)  # stopped before the end
    library.index([str(seeds)])
    assert len(library.ids(Query())) == 5
    assert sum(c.total for c in library.counts().topics) >= 5
    assert len(library.ids(Query(read=False))) == 5
    assert library.ids(Query(expression="quality>=0 is:unread")) == library.ids(Query(expression="quality>=0"))
    assert len(library.ids(Query(sort="quality"))) == 5


def test_a_search_while_another_process_builds_search_says_so_on_stderr(cli, seeds: Path, home: Path):
    import sqlite3

    from reader.paths import Paths

    cli("index", str(seeds))
    with sqlite3.connect(Paths.from_env().cache_db) as conn:  # as while another process's first index runs
        conn.execute("INSERT OR REPLACE INTO meta VALUES (?, '1')", (BULK_BUILD,))
    waiting = cli("list", "--cached", "--search", "microsoft", str(seeds))
    assert "search index is still being built" in waiting.stderr
    assert "search index" not in cli("list", "--cached", str(seeds)).stderr, "only a search is told"
    done = cli("list", "--search", "microsoft", str(seeds))  # this index takes the build up and ends it
    assert "search index" not in done.stderr and "Microsoft" in done.stdout
