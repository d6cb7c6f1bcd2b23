"""What the CLI prints for a person: tables and the indexing progress bar, through Rich.

Rich measures terminal cells, not characters, so a CJK or emoji title takes the two cells a
character it really takes and still ends at the edge. Seed text goes in as `Text`, never as
markup: `[bold]` in a title prints as written. Only the non-JSON paths import this module,
so `--json` never pays for Rich.
"""

from __future__ import annotations

import shutil
import sys

from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.table import Table
from rich.text import Text

from reader.formats import counted, number, short_date
from reader.query import Count, Row
from reader.stories.query import Story

_PROGRESS_FROM = 200  # files; a smaller index is over before a bar would be worth drawing


def _print(table: Table) -> None:
    """The table at the terminal's width (COLUMNS, else 120 when piped), without the spaces
    Rich pads the last column with."""
    width = shutil.get_terminal_size((120, 24)).columns
    console = Console(width=width, color_system=None, highlight=False, emoji=False, markup=False)
    with console.capture() as captured:
        console.print(table)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def _cell(text: str, style: str = "") -> Text:
    return Text(text, style=style, no_wrap=True, overflow="ellipsis")


def print_rows(rows: list[Row]) -> None:
    """One line an article: id, unread/starred, date, provider, quality, then the title,
    which alone gives way (with an ellipsis) when the line is too long."""
    if not rows:
        print("no articles")
        return
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)  # id
    table.add_column(no_wrap=True)  # flags and date
    table.add_column(no_wrap=True, max_width=20)  # provider
    table.add_column(no_wrap=True, justify="right")  # quality
    table.add_column()  # title: the one column that shrinks
    for row in rows:
        flags = ("•" if not row.read else " ") + ("★" if row.starred else " ")
        table.add_row(
            _cell(row.id[:8]), _cell(f"{flags} {short_date(row.published)}"), _cell(row.provider or "—"),
            _cell(number(row.quality)), _cell(row.title),
        )
    _print(table)


def print_stories(stories: list[Story]) -> None:
    """One line a story: its id, unread mark, newest date, articles and outlets, then the lead
    title, which alone gives way."""
    if not stories:
        print("no stories")
        return
    table = Table.grid(padding=(0, 2))
    for _ in range(4):
        table.add_column(no_wrap=True)
    table.add_column()  # title
    for story in stories:
        outlets = story.outlets
        table.add_row(
            _cell(story.id[:8]), _cell(f"{'•' if story.unread else ' '} {short_date(story.last)}"),
            _cell(counted(story.size, 'article')),
            _cell(counted(outlets, 'outlet')), _cell(story.title),
        )
    _print(table)


def print_counts(counts: list[Count], queries: dict[str, str] | None = None) -> None:
    """Names with their unread and total counts, under a header line (and each one's query,
    for saved views)."""
    if not counts:
        print("none")
        return
    table = Table.grid(padding=(0, 2))
    table.add_column(max_width=40)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    if queries is not None:
        table.add_column()
    extra = [_cell("query")] if queries is not None else []
    table.add_row(_cell(""), _cell("unread"), _cell("total"), *extra)
    for count in counts:
        extra = [_cell(queries[count.name])] if queries is not None else []
        table.add_row(_cell(count.name), _cell(str(count.unread)), _cell(str(count.total)), *extra)
    _print(table)


class IndexProgress:
    """The indexing progress bar on stderr (`reader fulltext` draws its own with it, from one
    page on); it is gone from the screen once the work ends."""

    def __init__(self, what: str = "indexing", minimum: int = _PROGRESS_FROM) -> None:
        self._progress = Progress(
            *Progress.get_default_columns(), MofNCompleteColumn(), console=Console(stderr=True), transient=True
        )
        self._task: TaskID | None = None
        self._what, self._minimum = what, minimum

    def __call__(self, done: int, total: int) -> None:
        if total < self._minimum:
            return
        if self._task is None:
            self._progress.start()
            self._task = self._progress.add_task(self._what, total=total)
        self._progress.update(self._task, completed=done, total=total)

    def done(self) -> None:
        if self._task is not None:
            self._progress.stop()


class FetchProgress:
    """The feed-fetching progress bar on stderr, with the count of feeds failed so far."""

    def __init__(self) -> None:
        self._progress = Progress(
            *Progress.get_default_columns(), MofNCompleteColumn(), TextColumn("{task.fields[failed]}"),
            console=Console(stderr=True), transient=True,
        )
        self._task = self._progress.add_task("fetching", total=None, failed="")
        self._failed = 0
        self._progress.start()

    def __call__(self, result, done: int, total: int) -> None:
        self._failed += result.failed
        self._progress.update(self._task, completed=done, total=total,
                              failed=f"{self._failed} failed" if self._failed else "")

    def done(self) -> None:
        self._progress.stop()
