"""`reader FOLDER` on a folder it has never seen, big enough for the parsing workers, in a
real terminal: the first scan runs its worker processes from inside the app.

Inside the app sys.stderr is Textual's print capture, whose fileno() is -1, and multiprocessing
hands sys.stderr's descriptor to the resource tracker it starts with the first worker: the
scan failed with "bad value(s) in fds_to_keep" and the app listed nothing of the folder. Only
a fresh process shows it (once the tracker runs, later pools never start it again)."""

from __future__ import annotations

from pathlib import Path

from pty_terminal import Terminal
from reader.store.indexer import PARALLEL_FROM


def test_the_first_scan_of_a_big_folder_lists_it_all(home: Path, tmp_path: Path):
    folder = tmp_path / "big"
    folder.mkdir()
    count = PARALLEL_FROM + 10
    for number in range(count):
        (folder / f"{number:04}.md").write_text(
            f"---\ntitle: Article number {number:04}\npublishedDateTime: 2026-01-{1 + number % 28:02}T10:00:00Z\n"
            f"webUrl: https://example.com/{number}\n---\nBody.\n",
            encoding="utf-8",
        )
    with Terminal(str(folder), home=home, columns=120, lines=30) as terminal:
        terminal.wait_for(
            lambda: f"{count} articles" in terminal.text() or "fds_to_keep" in terminal.text() or "scan failed" in terminal.text(),
            timeout=60, what="the scan's end",
        )
        assert f"{count} articles" in terminal.text(), terminal.text()
        assert "Article number" in terminal.text()
