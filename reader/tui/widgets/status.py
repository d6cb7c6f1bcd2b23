"""The status line: active filters, how many articles are shown, the sort, scan progress."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from reader.tui.text import line


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; background: $panel; color: $text; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.filters = "all articles"
        self.count: int | None = None
        self.sort = "date"
        self.scan = ""
        self.work = ""  # a long mark or undo under way
        self.problem = ""  # what is wrong with the query being typed
        self.noun = "article"  # what a row of the list is: article, or story
        self.note = ""  # about the count: a search made before its index is built

    def show(self, *, filters: str | None = None, count: int | None = None, sort: str | None = None,
             scan: str | None = None, work: str | None = None, problem: str | None = None,
             noun: str | None = None, note: str | None = None) -> None:
        if filters is not None:
            self.filters = filters
        if count is not None:
            self.count = count
        if sort is not None:
            self.sort = sort
        if scan is not None:
            self.scan = scan
        if work is not None:
            self.work = work
        if problem is not None:
            self.problem = problem
        if noun is not None:
            self.noun = noun
        if note is not None:
            self.note = note
        self.update(self._content())

    def _content(self) -> Content:
        muted = "$text-muted"
        noun = self.noun if self.count == 1 else {"article": "articles", "story": "stories"}[self.noun]
        count = "…" if self.count is None else f"{self.count:,} {noun}"
        parts = [
            Content.assemble(("✗ ", "$error"), (line(self.problem), "$error")) if self.problem
            else Content.assemble(("▼ ", "$accent"), (line(self.filters), "bold")),
            Content.assemble(count, (f" ({self.note})", "$warning") if self.note else ""),
            Content.assemble(("sort: ", muted), self.sort),
        ]
        for activity in (self.work, self.scan):
            if activity:
                parts.append(Content(activity).stylize("$warning"))
        return Content("  │  ").stylize(muted).join(parts)
