"""The command line end to end, through a subprocess, as a user runs it."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from support import CLI, REPO


def test_help_and_version_explain_everything(cli: CLI):
    top = cli("--help").stdout
    for command in ("index", "list", "show", "mark", "topics", "providers", "problems", "open"):
        assert command in top
        assert cli(command, "--help").returncode == 0
    assert "READER_HOME" in top
    assert cli("--version").stdout.startswith("reader ")
    assert "--search" in cli("list", "--help").stdout


def test_bundled_seeds_are_used_when_no_path_and_no_local_seeds(cli: CLI, tmp_path: Path):
    rows = [json.loads(line) for line in cli("list", "--json", cwd=tmp_path).stdout.splitlines()]
    assert len(rows) == 5
    from reader.library import bundled_seeds

    assert rows[0]["path"].startswith(bundled_seeds())


def test_list_json_has_every_documented_field(cli: CLI, seeds: Path):
    rows = cli.json_lines("list", str(seeds))
    assert len(rows) == 5
    first = rows[0]
    assert set(first) >= {"id", "title", "url", "published", "provider", "domain", "topics",
                          "quality", "heat", "read", "starred", "path"}
    assert first["title"].startswith("Microsoft is distancing itself")
    assert first["published"] == "2023-12-07T22:44:00Z"
    assert (first["provider"], first["domain"]) == ("Business Insider", "businessinsider.com")
    assert first["topics"] == ["Microsoft AI", "AI"]
    assert rows[-1]["published"] is None  # plain text: no date invented


def test_list_table_is_aligned_and_readable(cli: CLI, seeds: Path):
    lines = cli("list", str(seeds)).stdout.splitlines()
    assert len(lines) == 5
    assert "Microsoft is distancing itself" in lines[0] and "Business Insider" in lines[0]
    title_columns = {line.index(word) for line, word in zip(lines[:2], ("Microsoft is", "OpenAI reportedly"))}
    assert len(title_columns) == 1


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


WIDE_TITLES = {
    "cjk": "日本の半導体メーカーが新しい人工知能チップを発表し市場の期待が高まる中で株価が上昇した",
    "emoji": "🚀🚀 Rockets 🚀 and emoji 🎉 everywhere in a title long enough to overflow 🎉🎉",
    "markup": "[bold red]Loud[/] and [link=https://evil.example]a link[/link] stay literal",
}


def test_list_table_measures_terminal_cells_so_wide_titles_fit_and_markup_stays_literal(cli: CLI, tmp_path: Path):
    folder = tmp_path / "wide"
    folder.mkdir()
    for day, (name, title) in enumerate(WIDE_TITLES.items(), 1):
        provider = "日本経済新聞" if name == "cjk" else "Wire"
        (folder / f"{name}.md").write_text(
            f"---\ntitle: '{title}'\npublishedDateTime: 2024-03-0{day}T12:00:00Z\nprovider: {provider}\n---\nx\n",
            encoding="utf-8",
        )
    for columns in (60, 160):
        cli.env["COLUMNS"] = str(columns)
        lines = cli("list", str(folder)).stdout.splitlines()
        assert len(lines) == 3, "a title never wraps onto a second line"
        starts = set()
        for line, title in zip(lines, reversed(WIDE_TITLES.values())):  # newest first
            assert _cells(line) <= columns, (columns, line)
            at = line.index(title[:4])
            starts.add(_cells(line[:at]))
        assert len(starts) == 1, "titles start in the same terminal column"
    assert "[bold red]Loud[/] and [link=https://evil.example]a link[/link] stay literal" in lines[0]
    assert "日本経済新聞" in lines[2]
    topics_width = max(_cells(line) for line in cli("providers").stdout.splitlines())
    assert topics_width <= 160


def test_filters_and_search_from_the_command_line(cli: CLI, seeds: Path):
    cli("index", str(seeds))
    assert len(cli.json_lines("list", str(seeds), "--topic", "Machine Learning")) == 1
    assert len(cli.json_lines("list", str(seeds), "--topic", "Machine Learning", "--topic", "Microsoft AI")) == 2
    assert len(cli.json_lines("list", str(seeds), "--provider", "siliconangle.com")) == 1
    found = cli.json_lines("list", str(seeds), "--search", "Stanford")
    assert [r["title"][:30] for r in found] == ["Artificial intelligence powerh"]
    assert len(cli.json_lines("list", str(seeds), "--limit", "2")) == 2


def test_mark_show_and_unread_filter(cli: CLI, seeds: Path):
    rows = cli.json_lines("list", str(seeds))
    target = rows[0]["id"]
    assert "marked 1 article read" in cli("mark", "read", target[:7]).stdout
    cli("mark", "star", target)
    shown = json.loads(cli("show", target[:6], "--json").stdout)
    assert shown["read"] is True and shown["starred"] is True
    assert len(shown["related"]) == 4 and all("id" in entry for entry in shown["related"])
    assert "secured" not in shown
    unread = cli.json_lines("list", str(seeds), "--unread")
    assert len(unread) == 4 and target not in {r["id"] for r in unread}
    assert [r["id"] for r in cli.json_lines("list", str(seeds), "--starred")] == [target]
    cli("mark", "unread", target)
    assert len(cli.json_lines("list", str(seeds), "--unread")) == 5


def test_show_prints_related_entries_and_excerpt(cli: CLI, seeds: Path):
    target = cli.json_lines("list", str(seeds), "--search", "distancing")[0]["id"]
    text = cli("show", target).stdout
    assert text.startswith("Microsoft is distancing itself")
    assert "Related:" in text and "4. Paris-based Startup" in text
    assert "Recent chaos at OpenAI" in text


def _sources(home: Path, seeds: Path) -> None:
    """The configured sources: what a command without PATH (topics, problems) shows."""
    (home / "config").mkdir(exist_ok=True)
    (home / "config" / "config.toml").write_text(f'sources = ["{seeds}"]\n', encoding="utf-8")


def test_topics_and_providers_with_counts(cli: CLI, seeds: Path, home: Path):
    _sources(home, seeds)
    cli("index")
    topics = {t["name"]: t for t in cli.json_lines("topics")}
    assert topics["AI"] == {"name": "AI", "total": 2, "unread": 2}
    providers = {p["name"]: p for p in cli.json_lines("providers")}
    assert providers["SiliconANGLE"]["domain"] == "siliconangle.com"
    assert "unread" in cli("topics").stdout.splitlines()[0]


LISTINGS = [("list",), ("stories",), ("topics",), ("providers",), ("views",)]


def test_every_listing_prints_json_lines_or_a_table_and_says_when_it_is_empty(cli: CLI, seeds: Path, home: Path):
    """list, stories, topics, providers and views print through one helper (reader/cli.py
    `emit`): with --json one object a line, text as written; else a table, or one line when
    there is nothing to show."""
    _sources(home, seeds)
    (home / "config" / "config.toml").write_text(
        f'sources = ["{seeds}"]\n[views]\n"Good" = "quality>=60"\n', encoding="utf-8"
    )
    cli("index")
    for args in LISTINGS:
        table, lines = cli(*args).stdout, cli(*args, "--json").stdout
        assert lines.endswith("}\n") and not lines.startswith("\n"), args
        objects = [json.loads(line) for line in lines.splitlines()]
        assert objects and all(isinstance(o, dict) for o in objects), args
        rows = table.splitlines()
        if args[0] in ("topics", "providers", "views"):  # a header line, then a row a name
            assert rows[0].split()[:2] == ["unread", "total"], args
            rows = rows[1:]
        assert len(rows) == len(objects), args
        key = "id" if args[0] in ("list", "stories") else "name"
        for row, thing in zip(rows, objects):
            assert row.startswith(thing[key][:8]) and row == row.rstrip(), args
    assert "…" in cli("list", "--json").stdout  # not \u2026
    assert cli.json_lines("views") == [{"name": "Good", "query": "quality>=60", "unread": 1, "total": 1}]
    assert cli.json_lines("topics")[0] == {"name": "AI", "total": 2, "unread": 2}
    for args, nothing in ((("list", "--topic", "nothing"), "no articles\n"), (("stories", "--min-size", "9"), "no stories\n")):
        assert (cli(*args).stdout, cli(*args, "--json").stdout) == (nothing, ""), args


def test_problems_are_listed_and_the_rest_still_indexed(cli: CLI, seeds: Path, home: Path):
    _sources(home, seeds)
    (seeds / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    (seeds / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    summary = cli("index").stdout
    assert "5 articles, 2 problems" in summary
    problems = {Path(p["path"]).name: p for p in cli.json_lines("problems")}
    assert set(problems) == {"broken.md", "binary.txt"}
    assert "broken YAML front matter" in problems["broken.md"]["reason"]
    assert problems["binary.txt"]["reason"] == "binary file, not text"
    assert "broken.md: broken YAML" in cli("problems").stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("list", "/no/such/folder"), 1, "reader: no such file or folder: /no/such/folder"),
        (("show", "ffffffffff"), 1, "reader: no article with id 'ffffffffff'"),
        (("mark", "read", "0000000000"), 1, "reader: no article with id '0000000000'"),
        (("list", "--sort", "sideways"), 2, "invalid choice"),
        (("list", "--limit", "-3"), 2, "must be at least 1"),
        # A usage error names the subcommand, not the whole usage line ("reader [-h] ... mark: error").
        (("mark", "read"), 2, "\nreader mark: error: the following arguments are required: ID"),
        (("feeds", "add"), 2, "\nreader feeds add: error: the following arguments are required: URL"),
        (("stories", "--min-size", "x"), 2, "usage: reader stories [-h]"),
        (("frobnicate",), 1, "reader: no such file or folder: frobnicate"),  # a bare PATH opens the app
        (("./index",), 1, "reader: no such file or folder: ./index"),  # a path, not the subcommand
        (("app", "/no/such/folder"), 1, "reader: no such file or folder: /no/such/folder"),
    ],
)
def test_errors_are_one_line_with_an_exit_code(cli: CLI, seeds: Path, args, code, message):
    cli("index", str(seeds))
    result = cli(*args, check=False)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    if code == 1:
        assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "argv",
    [[], ["seeds"], ["a", "b"], ["app"], ["app", "seeds", "more"], ["./index"], ["app", "index"], ["news", "list"]],
)
def test_what_opens_the_app_is_read_without_the_parser_as_the_parser_reads_it(argv):
    """`reader`, `reader PATH...` and `reader app PATH...` skip argparse: the same PATHs."""
    from reader import cli_commands
    from reader.cli import app_arguments

    args = cli_commands.parse(argv)
    assert (args.command or "app") == "app"
    assert app_arguments(argv) == cli_commands.paths_of(args)


@pytest.mark.parametrize("argv", [["list"], ["index", "seeds"], ["--version"], ["seeds", "--help"], ["app", "-h"], ["--", "x"]])
def test_a_subcommand_or_an_option_goes_to_the_parser(argv):
    from reader.cli import app_arguments

    assert app_arguments(argv) is None


def _subcommands(parser) -> dict:
    import argparse

    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices  # noqa: SLF001


def test_every_subcommand_is_known_to_the_app_shortcut():
    """A subcommand left out of COMMAND_NAMES would open the app on a folder of its name."""
    from reader import cli_commands
    from reader.cli import COMMAND_NAMES, app_arguments

    subcommands = _subcommands(cli_commands.build_parser())  # the feeds subcommands too
    assert len(set(COMMAND_NAMES)) == len(COMMAND_NAMES)
    assert set(subcommands) == set(COMMAND_NAMES) == set(cli_commands.COMMANDS)
    for name in subcommands:
        assert name == "app" or app_arguments([name]) is None, name


def test_the_parser_refuses_to_build_with_a_subcommand_the_shortcut_does_not_know(monkeypatch):
    from reader import cli, cli_commands

    monkeypatch.setattr(cli_commands, "COMMAND_NAMES", tuple(n for n in cli.COMMAND_NAMES if n != "fetch"))
    with pytest.raises(RuntimeError, match="fetch"):
        cli_commands.build_parser()


def test_locked_database_is_one_clear_line(cli: CLI, seeds: Path, home: Path):
    target = cli.json_lines("list", str(seeds))[0]["id"]
    holder = sqlite3.connect(home / "data" / "state.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        cli.env["READER_LOCK_TIMEOUT"] = "0.3"
        result = cli("mark", "read", target, check=False)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1
    assert "is locked by another process" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unusable_home_is_one_clear_line(cli: CLI, tmp_path: Path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    cli.env["READER_HOME"] = str(not_a_folder)
    result = cli("list", check=False)
    assert result.returncode == 1
    assert result.stderr.startswith("reader: cannot create") and "Traceback" not in result.stderr


def test_python_dash_m_reader_works_from_anywhere(cli: CLI, tmp_path: Path):
    assert cli("--version", cwd=tmp_path).returncode == 0
    assert (REPO / "seeds").is_dir()


# CSI and OSC sequences, charset and keypad switches: what is left is the text on the screen.
_ESCAPES = re.compile(r"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-B]|[=>78])")


def _run_in_terminal(argv: list[str], env: dict, cwd: Path, until: str, columns: int = 120, rows: int = 30) -> tuple[str, int]:
    """Run `argv` on a pseudo-terminal until `until` is on the screen, press q, and return
    what it drew (escape sequences removed) and its exit code."""
    import fcntl
    import os
    import pty
    import select
    import struct
    import subprocess
    import termios
    import time

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen(
        argv, stdin=follower, stdout=follower, stderr=follower, cwd=cwd, close_fds=True,
        env={**env, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)},
    )
    os.close(follower)
    drawn, screen = b"", ""
    deadline = time.monotonic() + 60
    try:
        while until not in screen and time.monotonic() < deadline and process.poll() is None:
            if select.select([leader], [], [], 0.5)[0]:
                try:
                    drawn += os.read(leader, 65536)
                except OSError:  # the app exited and the terminal closed
                    break
                screen = _ESCAPES.sub("", drawn.decode("utf-8", "replace"))
        os.write(leader, b"q")
        while True:  # keep reading so the app never blocks on a full terminal while it quits
            if select.select([leader], [], [], 0.5)[0]:
                try:
                    if not os.read(leader, 65536):
                        break
                except OSError:
                    break
            elif process.poll() is not None:
                break
        code = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    return screen, code


def test_reader_with_a_bare_folder_opens_the_app_on_it(cli: CLI, tmp_path: Path):
    """`reader news` is `reader app news`: the installed command, on a real (pseudo-)terminal."""
    import shutil
    import sys

    script = Path(sys.executable).with_name("reader")
    if not script.exists():
        script = Path(shutil.which("reader") or "")
    assert script.is_file(), "the reader console script is installed beside the interpreter"
    news = tmp_path / "news"
    news.mkdir()
    (news / "one.md").write_text("---\ntitle: Only in the news folder\n---\nBody.\n", encoding="utf-8")
    screen, code = _run_in_terminal([str(script), "news"], cli.env, cwd=tmp_path, until="Only in the news folder")
    assert "Only in the news folder" in screen, screen[-2000:]
    assert "Microsoft is distancing" not in screen, "the bundled seeds were opened instead"
    assert code == 0
