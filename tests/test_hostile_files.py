"""Hostile and broken seed files: nothing in a folder can crash, hang or exhaust the indexer,
smuggle a terminal control sequence into the cache, or hide the good files beside it.

The hand-written files live in tests/hostile/; the huge ones, the links, the FIFO and the
nesting stress cases are made at test time in tmp_path.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.cli import main as cli_main
from reader.library import Library
from reader.query import Query

from support import CLI, REPO

HOSTILE = Path(__file__).parent / "hostile"
GOOD = {
    "good-first.md": "A good article before the hostile ones",
    "good-middle.md": "An ordinary article in the middle",
    "good-last.txt": "A plain text article listed after the hostile ones",
}
# Anything a terminal could act on: C0 (newline and tab too: every value checked here is one
# line, or a body, which is checked separately), DEL, C1, bidi controls, invisible joiners.
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
LINE_CONTROL_RE = re.compile(f"[\n\t{CONTROL_RE.pattern[1:-1]}]")


@dataclass(frozen=True)
class Listed:
    title: str


@dataclass(frozen=True)
class Refused:
    reason: str  # must appear in the problem's one-line reason


EXPECTED: dict[str, Listed | Refused] = {
    # broken structure
    "broken-yaml.md": Refused("broken YAML front matter at line 4: did not find expected ',' or ']'"),
    "broken-yaml-tab.md": Refused("broken YAML front matter at line 3: found a tab character"),
    "unclosed-front-matter.md": Refused("front matter opened with --- but never closed"),
    "empty.md": Refused("empty file"),
    "whitespace-only.txt": Refused("empty file"),
    "binary.md": Refused("binary file, not text"),
    "invalid-utf8.txt": Refused("not UTF-8 text"),
    "latin1-stray-byte.md": Listed("Caf\ufffd opens downtown"),  # one stray byte is repaired
    "bom-crlf.md": Listed("Byte order mark and CRLF line endings"),
    # YAML attacks
    "alias-bomb.md": Refused("YAML aliases expand too far"),
    "alias-cycle.md": Refused("broken YAML front matter at line 3: found unconstructable recursive node"),
    "deep-flow.md": Refused("front matter nested too deep (over 200 levels)"),
    "deep-flow-mapping.md": Refused("front matter nested too deep (over 200 levels)"),
    "deep-block-compact.md": Refused("front matter nested too deep (over 200 levels)"),
    "deep-block-indent.md": Refused("front matter nested too deep (over 200 levels)"),
    "python-tags.md": Listed("Tags that would run code are plain data here."),
    "python-tag-document.md": Refused("front matter is a list, not a mapping of fields"),
    # wrong shapes and types
    "front-matter-list.md": Refused("front matter is a list, not a mapping of fields"),
    "front-matter-scalar.md": Refused("front matter is a single string, not a mapping of fields"),
    "front-matter-number.md": Refused("front matter is a single string, not a mapping of fields"),
    "wrong-types.md": Listed("Every field here has the wrong type."),
    "related-junk.md": Listed("Related entries of every shape"),
    "too-many-topics.md": Listed("Two thousand topics"),
    # terminal attacks: the text stays, literally, minus every control character
    "ansi-title.md": Listed("[31mRed alert[0m [2J[Hscreen cleared"),
    "osc-title.md": Listed(
        "]0;window title pwned]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==]8;;https://evil.example/\\Click me]8;;\\"
    ),
    "raw-escape-front-matter.md": Listed("[31mRaw escape in YAML[0m"),
    "c1-controls.md": Listed("C1 31mCSI0m and 0;osc"),
    "raw-escape-plain.txt": Listed("[2J[HCleared screen headline with escapes]0;pwned"),
    "entity-escape.md": Listed("Entity [31mescape reversed ›csi"),
    "bidi-title.md": Listed("Invoice gnp.exe and isolate mark"),
    "zero-width-title.md": Listed("Zerowidthjoinertest \U0001F469\u200d\U0001F4BB kept"),  # ZWJ keeps the emoji whole
    "newline-title.md": Listed("Line one line two line three line four line five end"),
    "long-word.md": Listed("A" * 299 + "…"),
    "markup-title.md": Listed("[bold red]Alarm[/] [link=https://evil.example]click[/link] [@click=app.quit]Quit[/] [/]"),
    "markup-plain.txt": Listed("[@click=app.quit]Click this headline to quit the app[/]"),
    "links-hostile.md": Listed("Links that must never be opened"),
}
DATES = {
    "date-rfc2822.md": datetime(2024, 3, 5, 15, tzinfo=UTC),
    "date-epoch.md": datetime(2024, 3, 5, 10, tzinfo=UTC),
    "date-offset.md": datetime(2024, 3, 5, 9, 30, tzinfo=UTC),
    "date-only.md": datetime(2024, 3, 5, tzinfo=UTC),
    "date-space-no-zone.md": datetime(2024, 3, 5, 10, tzinfo=UTC),
    "date-far-future.md": None,
    "date-far-past.md": None,
    "date-huge-epoch.md": None,
    "date-negative-epoch.md": None,
    "date-garbage.md": None,
    "date-impossible.md": None,
}
for _name in DATES:
    EXPECTED[_name] = Listed(f"Dated {Path(_name).stem}")
DUPLICATES = ("duplicate-url-a.md", "duplicate-url-b.md")


def test_every_fixture_file_has_an_expectation():
    on_disk = {p.name for p in HOSTILE.iterdir()}
    assert on_disk == set(EXPECTED) | set(GOOD) | set(DUPLICATES)


def _folder_with(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name in names:
        shutil.copyfile(HOSTILE / name, folder / name)
    return folder


def _listed(library: Library) -> dict[str, str]:
    """File name -> title of every listed article."""
    return {Path(row.path).name: row.title for row in library.list(Query())}


def _problems(library: Library) -> dict[str, str]:
    return {Path(path).name: reason for path, _kind, reason in library.problems()}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_beside_good_ones(name: str, tmp_path: Path, library: Library):
    folder = _folder_with(tmp_path, "good-first.md", name, "good-last.txt")
    library.index([str(folder)])
    listed, problems = _listed(library), _problems(library)
    assert listed["good-first.md"] == GOOD["good-first.md"]
    assert listed["good-last.txt"] == GOOD["good-last.txt"]
    expected = EXPECTED[name]
    if isinstance(expected, Listed):
        assert listed.get(name) == expected.title, problems.get(name)
        assert name not in problems
    else:
        assert name not in listed
        assert expected.reason in problems[name]
        assert "\n" not in problems[name] and len(problems[name]) <= 200
    assert len(listed) + len(problems) == 3  # nothing silently lost


def test_bom_and_crlf_parse_like_any_other_file(tmp_path: Path, library: Library):
    folder = _folder_with(tmp_path, "bom-crlf.md")
    library.index([str(folder)])
    (row,) = library.list(Query())
    detail = library.article(row.id)
    assert row.published == datetime(2024, 2, 1, 8, 30, tzinfo=UTC)
    assert row.url == "https://example.com/bom-crlf"
    assert set(row.topics) == {"Windows", "Encoding"}
    assert detail.body == "First line of the body.\nSecond line."


@pytest.mark.parametrize(("name", "published"), sorted(DATES.items()))
def test_odd_and_out_of_range_dates_become_utc_or_absent(name: str, published, tmp_path: Path, library: Library):
    library.index([str(_folder_with(tmp_path, name))])
    (row,) = library.list(Query())
    assert row.published == published


def test_wrong_types_in_every_field_are_dropped_not_fatal(tmp_path: Path, library: Library):
    library.index([str(_folder_with(tmp_path, "wrong-types.md", "related-junk.md", "too-many-topics.md"))])
    rows = {Path(r.path).name: r for r in library.list(Query())}
    wrong = library.article(rows["wrong-types.md"].id)
    assert (wrong.row.url, wrong.row.published, wrong.row.provider, wrong.row.quality, wrong.row.heat) == (None,) * 5
    assert wrong.row.topics == () and wrong.excerpt is None and wrong.related == ()
    junk = library.article(rows["related-junk.md"].id)
    assert [entry.title for entry in junk.related] == ["The only good one"]
    assert junk.related[0].quality is None and junk.related[0].images == ()
    assert len(rows["too-many-topics.md"].topics) == 200  # capped, not two thousand


def test_same_url_in_two_files_lists_the_newer_and_notes_the_other(tmp_path: Path, library: Library):
    folder = _folder_with(tmp_path, *DUPLICATES)
    os.utime(folder / "duplicate-url-a.md", (1_700_000_000, 1_700_000_000))
    os.utime(folder / "duplicate-url-b.md", (1_700_000_500, 1_700_000_500))
    library.index([str(folder)])
    assert _listed(library) == {"duplicate-url-b.md": "Duplicate B"}
    assert "same URL as" in _problems(library)["duplicate-url-a.md"]


def test_python_tags_run_nothing(tmp_path: Path, cli: CLI):
    folder = _folder_with(tmp_path, "python-tags.md", "python-tag-document.md")
    work = tmp_path / "cwd"
    work.mkdir()
    cli("index", str(folder), cwd=work)
    assert list(work.iterdir()) == [] and not list(REPO.glob("PWNED*"))
    (row,) = cli.json_lines("list", "--cached", str(folder))
    assert row["title"] == "Tags that would run code are plain data here."
    assert row["provider"] is None and row["quality"] is None and row["topics"] == []


# -- links, FIFOs and unreadable entries, made at test time ---------------------------------

def test_links_fifos_and_odd_names_are_problems_not_hangs(tmp_path: Path, library: Library):
    folder = _folder_with(tmp_path, *GOOD)
    (folder / "loop").symlink_to("..")  # a folder link back up: must not loop
    (folder / "self.md").symlink_to("self.md")  # a link to itself (ELOOP)
    (folder / "dangling.md").symlink_to("nowhere.md")
    (folder / "linked.md").symlink_to(folder / "good-first.md")  # a good link: listed once
    os.mkfifo(folder / "fifo.md")  # opening it would wait forever for a writer
    (folder / "folder.md").mkdir()  # a folder named like a file is walked, not read
    (folder / "folder.md" / "inside.txt").write_text("The article inside a folder named folder.md\n")
    (folder / "evil\x1b]0;pwned\x07.md").write_text("A title from the body, not the name\n")
    (folder / os.fsdecode(b"latin1-\xe9.md")).write_text("A name that is not UTF-8\n")
    library.index([str(folder)])
    listed, problems = _listed(library), _problems(library)
    assert set(GOOD) <= set(listed)
    assert listed["inside.txt"] == "The article inside a folder named folder.md"
    assert "cannot read: broken link" in problems["self.md"]
    assert "cannot read: broken link" in problems["dangling.md"]
    assert problems["fifo.md"] == "cannot read: not a regular file"
    assert problems["evil\\x1b]0;pwned\\x07.md"] == "file name contains control characters; rename the file to index it"
    assert problems["latin1-\\xe9.md"] == "file name is not valid UTF-8; rename the file to index it"
    # good-first.md and linked.md are one article (same URL): one listed, one noted
    assert ("good-first.md" in listed) != ("linked.md" in listed)


def test_a_fifo_named_outright_does_not_hang(tmp_path: Path, cli: CLI):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    cli("index", str(fifo))  # the CLI runner's timeout catches a hang
    (problem,) = cli.json_lines("problems", str(fifo))
    assert problem["reason"] == "cannot read: not a regular file"


def test_a_file_that_cannot_be_opened_is_a_problem_and_the_scan_goes_on(
    tmp_path: Path, library: Library, monkeypatch: pytest.MonkeyPatch
):
    folder = _folder_with(tmp_path, *GOOD)
    (folder / "locked.md").write_text("---\ntitle: Locked\n---\nbody\n")
    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):
        if os.fspath(path).endswith("locked.md"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)  # tests run as root: chmod 000 stops nothing
    library.index([str(folder)])
    assert _listed(library) == GOOD
    assert _problems(library) == {"locked.md": "cannot read: Permission denied"}


# -- bounds: nesting, size, time and memory ----------------------------------------------------

_NESTING_PROBE = """
import sys
from reader.ingest import parse
from reader.ingest.parse import parse_bytes
parse.MAX_FRONT_MATTER_BYTES = 64 * 2**20  # let the depth guard, not the size limit, answer
n = int(sys.argv[1])
shapes = {
    "flow": "k: " + "[" * n + "]" * n,
    "flow-mapping": "k: " + "{a: " * n + "x" + "}" * n,
    "compact-block": "k:\\n" + "- " * n + "x",
    "explicit-keys": "k:\\n  " + "? " * n + "x",
    "top-level-list": "- " * n + "x",
}
for shape, front in shapes.items():
    result = parse_bytes(("---\\n" + front + "\\n---\\nbody\\n").encode(), shape + ".md")
    print(shape, getattr(result, "reason", "parsed"), flush=True)
"""


@pytest.mark.parametrize("levels", [10_000, 100_000, 1_000_000])
def test_nesting_of_any_depth_is_refused_without_crashing(levels: int):
    # In a subprocess: libyaml's composer dies with SIGSEGV (no exception) at ~30,000 levels.
    result = subprocess.run(
        [sys.executable, "-c", _NESTING_PROBE, str(levels)], capture_output=True, text=True, timeout=120, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    for line in lines:
        assert line.endswith("front matter nested too deep (over 200 levels)"), line


def test_front_matter_over_one_mebibyte_is_refused_before_yaml(tmp_path: Path, library: Library):
    folder = _folder_with(tmp_path, *GOOD)
    (folder / "big-front.md").write_text("---\ntitle: Big\nk: " + "[" * 1_500_000 + "\n---\nbody\n")
    library.index([str(folder)])
    assert _listed(library) == GOOD
    assert _problems(library) == {"big-front.md": "front matter over 1024 KiB"}


_RSS_PROBE = """
import json, resource, sys, time
from reader.cli import main as cli_main
from reader.library import Library
from reader.query import Query
started = time.perf_counter()
library = Library()
report = library.index([sys.argv[1]])
hits = library.list(Query(search="zyzzyva"))
print(json.dumps({
    "seconds": time.perf_counter() - started,
    "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "articles": report.articles, "problems": library.problems(),
    "titles": sorted(r.title for r in library.list(Query())), "hits": [r.title for r in hits],
}))
"""


def test_tens_of_megabytes_stay_bounded_in_time_and_memory(tmp_path: Path, home: Path):
    folder = _folder_with(tmp_path, *GOOD)
    paragraph = "The quick brown fox jumps over the lazy dog again and again. " * 16 + "\n\n"
    with open(folder / "huge-body.md", "w") as out:  # 40 MB: refused without being read
        out.write("---\ntitle: Forty megabytes\n---\n")
        for _ in range(40_000_000 // len(paragraph)):
            out.write(paragraph)
    with open(folder / "big-body.md", "w") as out:  # 7.5 MB: just under the limit, indexed
        out.write("---\ntitle: A very long read\n---\nzyzzyva\n")
        for _ in range(7_500_000 // len(paragraph)):
            out.write(paragraph)
    (folder / "one-word.txt").write_text("x" * 7_000_000)  # 7 MB without a space or a line
    # ~1 MB of front matter holding 250,000 values: composing it took 200 MiB and 3 s
    (folder / "many-values.md").write_text("---\ntitle: Many\nk:\n" + "- a\n" * 250_000 + "---\nbody\n")
    result = subprocess.run(
        [sys.executable, "-c", _RSS_PROBE, str(folder)], capture_output=True, text=True, timeout=120,
        cwd=REPO, env={**os.environ, "READER_HOME": str(home)},
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["titles"] == sorted([*GOOD.values(), "A very long read", "one-word"])
    problems = {Path(path).name: (kind, reason) for path, kind, reason in report["problems"]}
    assert problems == {
        "huge-body.md": ("too-large", "file is 38 MiB, over the 8 MiB limit"),
        "many-values.md": ("too-large", "front matter has over 20,000 values"),
    }
    assert report["hits"] == ["A very long read"]  # the big body is searchable
    assert report["peak_mib"] < 300, report  # measured ~80 MiB; see README-hostile


# -- nothing that reaches the cache or the CLI can drive a terminal -------------------------

def _cache_strings(home: Path) -> list[tuple[str, str, str]]:
    """(table, column, value) for every text value stored in the cache and state databases."""
    found = []
    for db_path in (home / "cache" / "cache.sqlite3", home / "data" / "state.sqlite3"):
        conn = sqlite3.connect(db_path)
        try:
            tables = [
                name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
                if not name.startswith(("search_", "sqlite_"))  # FTS5 shadow tables hold binary segments
            ]
            for table in tables:
                cursor = conn.execute(f'SELECT * FROM "{table}"')
                columns = [d[0] for d in cursor.description]
                for row in cursor:
                    for column, value in zip(columns, row):
                        if isinstance(value, str):
                            found.append((table, column, value))
        finally:
            conn.close()
    return found


def _json_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _json_strings(v)]
    return []


def test_the_whole_hostile_folder_through_the_cli(
    tmp_path: Path, cli: CLI, home: Path, capsys: pytest.CaptureFixture[str]
):
    folder = tmp_path / "hostile"
    shutil.copytree(HOSTILE, folder)
    (folder / "loop").symlink_to("..")
    (folder / "dangling.md").symlink_to("nowhere.md")
    (folder / "evil\x1b[31m.md").write_text("Named with an escape\n")
    os.mkfifo(folder / "fifo.md")
    index = cli("index", str(folder), "--json")
    report = json.loads(index.stdout)
    assert index.stderr == ""

    rows = cli.json_lines("list", "--cached", str(folder))
    problems = cli.json_lines("problems", str(folder))
    listed = {Path(r["path"]).name: r["title"] for r in rows}
    refused = {Path(p["path"]).name: p["reason"] for p in problems}
    for name, title in GOOD.items():
        assert listed[name] == title
    for name, expected in EXPECTED.items():
        if isinstance(expected, Listed):
            assert listed[name] == expected.title
        else:
            assert expected.reason in refused[name]
    # Every file is an article or a problem (one duplicate is a problem too): none lost.
    seed_files = [p for p in HOSTILE.iterdir()]
    assert len(rows) + len(problems) == len(seed_files) + 3  # + dangling, escape-named, fifo
    assert report["articles"] == len(rows) and report["problems"] == len(problems)

    # No string the CLI prints, and none in the cache, carries a control character.
    outputs = [index.stdout, cli("list", "--cached", str(folder)).stdout, cli("problems", str(folder)).stdout, cli("topics", str(folder)).stdout, cli("providers", str(folder)).stdout]
    capsys.readouterr()
    for row in rows:  # `show` in-process: the same code, without 80 interpreter starts
        assert cli_main(["show", row["id"], "--json"]) == 0
        for value in _json_strings(json.loads(capsys.readouterr().out)):
            assert not CONTROL_RE.search(value), (row["id"], value)
        assert cli_main(["show", row["id"]]) == 0
        outputs.append(capsys.readouterr().out)
    for value in _json_strings(rows) + _json_strings(problems):
        assert not LINE_CONTROL_RE.search(value), value
    for text in outputs:
        assert not CONTROL_RE.search(text), text[:200]
    for table, column, value in _cache_strings(home):
        pattern = CONTROL_RE if column == "body" else LINE_CONTROL_RE
        assert not pattern.search(value), (table, column, value[:80])
