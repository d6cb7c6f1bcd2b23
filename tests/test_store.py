"""The cache follows the files incrementally; read state survives anything the cache goes through."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from reader.library import Library
from reader.query import Query
from support import CLI


def _titles(library: Library) -> set[str]:
    return {row.title for row in library.list(Query())}


def _reparsed(library: Library, folder: Path) -> int:
    report = library.index([str(folder)])
    return report.new + report.changed


def test_unchanged_files_are_not_parsed_again(library: Library, seeds: Path):
    first = library.index([str(seeds)])
    assert (first.new, first.articles) == (5, 5)
    again = library.index([str(seeds)])
    assert (again.new, again.changed, again.removed, again.unchanged) == (0, 0, 0, 5)


def test_touched_file_is_parsed_again_and_nothing_else(library: Library, seeds: Path):
    library.index([str(seeds)])
    target = next(seeds.glob("000_*"))
    os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 10**9))
    report = library.index([str(seeds)])
    assert (report.changed, report.unchanged, report.articles) == (1, 4, 5)


def test_edited_file_shows_its_new_title(library: Library, seeds: Path):
    library.index([str(seeds)])
    target = next(seeds.glob("002_*"))
    target.write_text("A completely new headline about chips\n\nBody.\n", encoding="utf-8")
    library.index([str(seeds)])
    titles = _titles(library)
    assert "A completely new headline about chips" in titles
    assert "ChatGPT: Microsoft is investing billions more in OpenAI's AI" not in titles
    assert len(titles) == 5


def test_deleted_file_leaves_the_cache_and_its_topics_go(library: Library, seeds: Path):
    library.index([str(seeds)])
    next(seeds.glob("000_*")).unlink()  # the only seed with the "Machine Learning" topic
    report = library.index([str(seeds)])
    assert (report.removed, report.articles) == (1, 4)
    assert "OpenAI reportedly in advanced talks to raise funding from Microsoft" not in _titles(library)
    assert "Machine Learning" not in {c.name for c in library.counts().topics}


def test_renamed_file_keeps_its_read_and_star_marks(library: Library, seeds: Path):
    library.index([str(seeds)])
    rows = {row.title: row for row in library.list(Query())}
    with_url = rows["OpenAI reportedly in advanced talks to raise funding from Microsoft"]
    plain = rows["ChatGPT: Microsoft is investing billions more in OpenAI's AI"]
    library.mark([with_url.id, plain.id], "read", True)
    library.mark([with_url.id], "starred", True)
    (seeds / "moved").mkdir()
    for row in (with_url, plain):
        Path(row.path).rename(seeds / "moved" / ("renamed-" + Path(row.path).name))
    report = library.index([str(seeds)])
    assert (report.new, report.removed, report.articles) == (2, 2, 5)
    after = {row.title: row for row in library.list(Query())}
    assert after[with_url.title].read and after[with_url.title].starred
    assert after[plain.title].read
    assert after[with_url.title].path.endswith("renamed-" + Path(with_url.path).name)


def test_read_state_survives_deleting_the_cache(home: Path, seeds: Path):
    library = Library()
    library.index([str(seeds)])
    row = library.list(Query())[0]
    library.mark([row.id], "read", True)
    library.close()
    shutil.rmtree(home / "cache")
    library = Library()
    library.index([str(seeds)])
    assert {r.id: r.read for r in library.list(Query())}[row.id] is True
    assert library.counts().unread == 4
    library.close()


def test_corrupt_cache_is_rebuilt_without_asking(home: Path, seeds: Path):
    library = Library()
    library.index([str(seeds)])
    library.mark([library.list(Query())[0].id], "read", True)
    library.close()
    (home / "cache" / "cache.sqlite3").write_bytes(b"this is not a database" * 100)
    library = Library()
    assert library.list(Query()) == []  # empty, rebuilt: not an error
    library.index([str(seeds)])
    assert len(library.list(Query())) == 5
    assert library.counts().unread == 4  # state was untouched
    library.close()


def test_a_cache_without_the_index_queries_name_gets_it_back_on_open(home: Path, seeds: Path, cli: CLI):
    """Queries say INDEXED BY articles_keys: a cache without it (damaged, or an older
    reader's) failed every count and story list with "no such index"."""
    cli("index", str(seeds))
    conn = sqlite3.connect(home / "cache" / "cache.sqlite3")
    conn.execute("DROP INDEX articles_keys")
    conn.close()
    for args in (("topics", str(seeds)), ("stories", str(seeds)), ("list", "--cached", "--topic", "AI", str(seeds))):
        result = cli(*args, check=False)
        assert (result.returncode, result.stderr) == (0, ""), args
        assert result.stdout.strip() and "no such index" not in result.stdout
    library = Library()
    library.show([str(seeds)])
    assert library.counts().unread == 5 and len(library.list(Query(topics=("AI",)))) == 2
    library.close()


def test_same_url_in_two_files_is_one_article_and_a_noted_duplicate(library: Library, seeds: Path):
    original = next(seeds.glob("000_*"))
    copy = seeds / "copy-of-000.md"
    copy.write_text(original.read_text(encoding="utf-8").replace("quality: 36", "quality: 99"), encoding="utf-8")
    os.utime(copy, ns=(original.stat().st_mtime_ns + 10**9,) * 2)  # the copy is newer: it wins
    library.index([str(seeds)])
    rows = [r for r in library.list(Query()) if r.title.startswith("OpenAI reportedly")]
    assert len(rows) == 1 and rows[0].quality == 99 and rows[0].path == str(copy)
    assert [(Path(p).name, kind) for p, kind, _ in library.problems()] == [(original.name, "duplicate")]
    # When the winner goes, the other file takes its place again.
    copy.unlink()
    library.index([str(seeds)])
    rows = [r for r in library.list(Query()) if r.title.startswith("OpenAI reportedly")]
    assert len(rows) == 1 and rows[0].quality == 36
    assert library.problems() == []


def test_related_entries_resolve_to_cached_articles_across_the_corpus(library: Library, corpus: Path):
    library.index([str(corpus)])
    resolved = 0
    for row in library.list(Query()):
        for entry in library.article(row.id).related:
            if entry.article_id:
                resolved += 1
                target = library.article(entry.article_id)
                assert row.id in {c.id for c in target.cited_by}
    assert resolved >= 30


_WRITER = """
import sys
from reader.library import Library
from reader.query import Query
library = Library()
library.index([sys.argv[1]])
ids = [row.id for row in library.list(Query())]
for round in range(20):
    for i, article_id in enumerate(ids):
        if i % 2 == int(sys.argv[2]):
            library.mark([article_id], "starred", True)
            library.mark([article_id], "read", round % 2 == 0)
    library.index([sys.argv[1]])
print("ok")
"""


def test_two_processes_writing_at_once_lose_nothing_and_never_fail(home: Path, corpus: Path):
    env = {**os.environ, "READER_HOME": str(home)}
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(corpus), str(half)], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for half in (0, 1)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0 and out.strip() == "ok", err
        assert "locked" not in err
    library = Library()
    library.show([str(corpus)])
    counts = library.counts()
    assert counts.total == 181 and counts.starred == 181
    conn = sqlite3.connect(home / "cache" / "cache.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    library.close()


def test_cache_damaged_inside_is_rebuilt_by_the_next_index(home: Path, seeds: Path):
    library = Library()
    library.index([str(seeds)])
    library.close()
    cache_file = home / "cache" / "cache.sqlite3"
    with sqlite3.connect(cache_file) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(cache_file.read_bytes())
    noise = random.Random(7)
    for page in range(1, len(data) // page_size):  # every page after the header: a wrecked file
        data[page * page_size : (page + 1) * page_size] = noise.randbytes(page_size)
    cache_file.write_bytes(bytes(data))
    library = Library()
    report = library.index([str(seeds)])
    assert (report.new, report.articles) == (5, 5)  # all parsed again: the cache was rebuilt
    assert len(library.list(Query())) == 5
    library.close()


def _copies(corpus: Path, folder: Path, count: int) -> Path:
    """`count` distinct articles (enough for the worker processes to start) from the corpus."""
    folder.mkdir()
    sources = sorted(corpus.glob("*.md"))
    for i in range(count):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        text = text.replace("webUrl: ", f"webUrl: https://copy{i}.example/?u=", 1)
        (folder / f"{i:04d}.md").write_text(text, encoding="utf-8")
    return folder


def test_indexing_from_a_script_without_a_main_guard_or_from_stdin_still_finishes(home: Path, corpus: Path, tmp_path: Path):
    # Worker processes re-run the main script (or cannot, for code read from stdin): the
    # index must still finish with every article, not die with BrokenProcessPool.
    folder = _copies(corpus, tmp_path / "many", 450)
    script = (
        "from reader.library import Library\n"
        f"print(Library().index([{str(folder)!r}]).articles)\n"
    )
    path = tmp_path / "no_guard.py"
    path.write_text(script, encoding="utf-8")
    env = {**os.environ, "READER_HOME": str(home)}
    for how in ([sys.executable, str(path)], [sys.executable, "-"]):
        shutil.rmtree(home / "cache", ignore_errors=True)
        done = subprocess.run(how, input=script, capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout.strip().splitlines()[-1] == "450"


def test_a_mark_flag_that_is_not_a_column_is_refused_even_under_python_dash_o(home: Path):
    """The flag is put into SQL text: the check must not be an assert, which -O removes."""
    script = """
import sys
from reader.library import Library
library = Library()
for bad in ("read=1, starred", "changed_at", "nope"):
    for call in (lambda: library.mark(["x"], bad, True), lambda: library.state.flags(["x"], bad)):
        try:
            call()
        except ValueError as error:
            if "not a mark" not in str(error):
                sys.exit(f"unclear message: {error}")
        else:
            sys.exit(f"{bad!r} was accepted")
library.mark(["x"], "starred", True)
print(library.state.flags(["x"], "starred"))
"""
    result = subprocess.run([sys.executable, "-O", "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "{'x': True}"


def test_views_and_marks_over_more_articles_than_one_sql_in_list_holds(library: Library, tmp_path: Path):
    """Rows, unread ids, marks and their undo work on a view of 1,201 articles (three chunks)."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(1201):
        (folder / f"{i:04}.md").write_text(f"---\ntitle: Item {i}\nwebUrl: https://example.com/{i}\n---\nx\n", encoding="utf-8")
    library.index([str(folder)])
    ns = library.ids(Query())
    assert len(library.rows(ns)) == 1201
    ids = library.unread_ids(ns)
    assert len(ids) == 1201
    library.mark(ids[:700], "read", True)
    previous = library.mark(ids, "read", True)
    assert sum(previous.values()) == 700 and library.unread_ids(ns) == []
    library.restore(previous, "read")
    assert sorted(library.unread_ids(ns)) == sorted(ids[700:])
