"""However the app ends, the place and the marks are there on the next start: a kill
(SIGKILL: an OOM kill, a dead laptop), a closed terminal window (SIGHUP) or SIGTERM. The
installed `reader` runs in a pseudo-terminal, driven by keys, as a user would drive it.

(The SIGKILL figure is the session keeper's: the place is written within about a second of
coming to rest. SIGHUP and SIGTERM end the app as `q` does, and the terminal is restored.)"""

from __future__ import annotations

import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import termios
import textwrap
from pathlib import Path

import pytest

from pty_terminal import Terminal

DETAIL = 80  # the column where the article pane starts at 120 columns
STATUS = -2  # the status line, above the key bar


@pytest.fixture
def library_copy(corpus: Path, tmp_path: Path, cli) -> tuple[Path, list[dict]]:
    """A copy of the corpus, indexed, and its articles newest first (the view the test uses)."""
    folder = tmp_path / "everyday-ai"
    shutil.copytree(corpus, folder)
    cli("index", str(folder))
    articles = cli.json_lines("list", "--sort", "newest", "--cached", str(folder))
    titles = [article["title"] for article in articles[:4]]
    assert len(set(titles)) == 4, "the test tells the first four apart by title"
    return folder, articles


def detail(term: Terminal) -> str:
    return term.right_of(DETAIL)


def showing(term: Terminal, article: dict) -> bool:
    return " ".join(article["title"].split()) in detail(term)


def status(term: Terminal) -> str:
    return term.screen.display[STATUS]


def saved_cursor(home: Path) -> str | None:
    """The article the state database has under the cursor (read-only, beside the app)."""
    with sqlite3.connect(f"file:{home / 'data' / 'state.sqlite3'}?mode=ro", uri=True) as conn:
        row = conn.execute("SELECT value FROM session WHERE key = 'tui.cursor'").fetchone()
    return row[0] if row else None


def mark_and_move(term: Terminal, articles: list[dict]) -> None:
    """Newest first; the first read, the second starred, then on to the fourth and read."""
    first, second, _, fourth = articles[:4]
    term.wait_for(lambda: "sort: date" in status(term) and "scanning" not in status(term), what="the app to start")
    term.press("S")  # date -> newest
    term.wait_for(lambda: "sort: newest" in status(term) and showing(term, first), what="newest first")
    term.press("r")
    term.wait_for(lambda: "● unread" not in detail(term), what="the first marked read")
    term.press("j")
    term.wait_for(lambda: showing(term, second), what="the second article")
    term.press("s")
    term.wait_for(lambda: "★ starred" in detail(term), what="the second starred")
    term.press("j", "j")
    term.wait_for(lambda: showing(term, fourth), what="the fourth article")
    term.press("r")
    term.wait_for(lambda: "● unread" not in detail(term), what="the fourth marked read")


def assert_restored(folder: Path, home: Path, articles: list[dict], cli) -> None:
    with Terminal("app", str(folder), home=home) as again:
        again.wait_for(lambda: showing(again, articles[3]), what="the fourth article again")
        assert "sort: newest" in status(again), status(again)
        again.press("q")
        assert again.wait_exit() == 0
    marks = {article["id"]: (article["read"], article["starred"]) for article in cli.json_lines("list", "--cached", str(folder))}
    first, second, third, fourth = (marks[article["id"]] for article in articles[:4])
    assert (first, second, third, fourth) == ((True, False), (False, True), (False, False), (True, False))


def test_after_sigkill_the_next_start_is_where_the_app_was(library_copy, home: Path, cli):
    folder, articles = library_copy
    with Terminal("app", str(folder), home=home) as term:
        mark_and_move(term, articles)
        # Nothing is said to the app: the place must be on disk of itself, soon after it came to rest.
        term.wait_for(lambda: saved_cursor(home) == articles[3]["id"], timeout=5.0, what="the place to be saved")
        term.send(signal.SIGKILL)
        assert term.wait_exit() == -signal.SIGKILL
    assert_restored(folder, home, articles, cli)


def test_sigterm_quits_as_q_does_and_restores_the_terminal(library_copy, home: Path, cli):
    folder, articles = library_copy
    with Terminal("app", str(folder), home=home) as term:
        mark_and_move(term, articles)
        term.send(signal.SIGTERM)  # at once: the cursor's last move may not be written yet
        assert term.wait_exit() == 0
        modes = term.terminal_modes()
        assert modes[3] & termios.ECHO and modes[3] & termios.ICANON, "the terminal is back in line mode"
        # What follows the last frame's last cursor move (where the cursor is parked after a
        # frame depends on which widgets have a cursor: not a sign of the frame's end).
        last_move = [move.end() for move in re.finditer(rb"\x1b\[\d+;\d+H", bytes(term.output))][-1]
        last_frame = bytes(term.output[last_move:])
        assert b"\x1b[?1049l" in last_frame and b"\x1b[?25h" in last_frame, "off the alternate screen, cursor shown"
        assert b"Traceback" not in term.output
    assert_restored(folder, home, articles, cli)


def test_closing_the_terminal_window_keeps_the_place(library_copy, home: Path, cli):
    folder, articles = library_copy
    with Terminal("app", str(folder), home=home) as term:
        mark_and_move(term, articles)
        term.hang_up()  # the kernel sends SIGHUP; every write to the terminal now fails
        assert term.wait_exit() in (0, 128 + signal.SIGHUP)
    assert_restored(folder, home, articles, cli)


_HANGING_QUIT = textwrap.dedent("""
    import asyncio, sys, time
    from reader.tui import signals
    signals.GRACE_S = float(sys.argv[1])

    async def main():
        def quit(signum):
            print("quitting", flush=True)
            time.sleep(30)  # a quit that never finishes
        with signals.quit_on_signals(quit):
            print("ready", flush=True)
            await asyncio.sleep(30)

    asyncio.run(main())
""")


@pytest.mark.parametrize("second_signal", [True, False], ids=["a second signal", "the grace period"])
def test_a_quit_that_hangs_is_ended_by_a_second_signal_or_after_a_grace_period(second_signal: bool):
    grace = 30.0 if second_signal else 0.3
    proc = subprocess.Popen(
        [sys.executable, "-c", _HANGING_QUIT, str(grace)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL, text=True,
    )
    assert proc.stdout.readline() == "ready\n"
    proc.send_signal(signal.SIGTERM)
    assert proc.stdout.readline() == "quitting\n"
    if second_signal:
        proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == 128 + signal.SIGTERM and "Traceback" not in err, err
