"""The app's first frame as a terminal shows it: the cached list's rows are in it. (A first
frame without them, drawn and then drawn again with the rows, is time a user waits at start.)"""

from __future__ import annotations

import re
from pathlib import Path

import pyte

from pty_terminal import Terminal
from reader.library import Library
from reader.query import Query
from reader.tui.text import line

COLUMNS, LINES = 120, 30


def test_the_first_frame_drawn_shows_the_cached_rows(home: Path, tmp_path: Path):
    news = tmp_path / "news"  # more rows than the screen has lines: the list has a scroll bar
    news.mkdir()
    for number in range(60):
        (news / f"{number:02}.md").write_text(
            f"---\ntitle: Story number {number:02} of the day\npublished: 2026-01-{1 + number % 28:02}\n---\nBody.\n",
            encoding="utf-8",
        )
    library = Library()
    library.index([str(news)])
    first = line(library.list(Query(sort=library.settings.sort), 1)[0].title)[:16]
    library.close()
    with Terminal(str(news), home=home, columns=COLUMNS, lines=LINES) as terminal:
        terminal.wait_for(lambda: first in terminal.text() and "Help" in terminal.screen.display[-1], what="the rows and the key bar")
        written = bytes(terminal.output)
    # Replayed a sequence at a time: a frame is written top to bottom, so once the key bar
    # (the bottom line) has been drawn, the first frame's rows are on the screen if it had any.
    screen = pyte.Screen(COLUMNS, LINES)
    stream = pyte.ByteStream(screen)
    for piece in re.split(rb"(?=\x1b\[)", written):
        stream.feed(piece)
        if "Help" in screen.display[-1]:
            break
    else:
        raise AssertionError("the key bar was never drawn")
    assert first in "\n".join(screen.display), "\n".join(screen.display)
