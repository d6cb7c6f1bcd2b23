"""Read and star marks made from the app: r, s, a whole view (A), a story row, and U.

`Marker` owns the undo stack (reader/marks.py) and whether a long mark is under way; one
article's mark is written at once, a whole view's (or an undo) in a worker. It shows nothing:
it tells the screen which articles changed (`Marked`, for the widgets that show them), the
status line's text (`Status`) and, by the `settled` call it is handed, that a long change has
landed (fetch rows and counts again: a call, so the mark ends and the reload starts in one
step, and nothing takes the app as settled in between).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work
from textual.message import Message

from reader.errors import ReaderError
from reader.formats import counted
from reader.library import Library
from reader.marks import Change, Marks
from reader.query import Row
from reader.tui.background import BackgroundLibrary
from reader.tui.messages import MarksDone
from reader.tui.offscreen import Offscreen


class Marker(Offscreen):

    class Marked(Message):
        """`flag` is now `value` on `rows`; `change.previous` holds what each was before."""

        def __init__(self, rows: list[Row], flag: str, value: bool, change: Change) -> None:
            self.rows = rows
            self.flag = flag
            self.value = value
            self.change = change
            super().__init__()

    class Status(Message):
        def __init__(self, text: str) -> None:
            self.text = text  # "" once nothing is under way
            super().__init__()

    def __init__(
        self, library: Library, background: BackgroundLibrary, settled: Callable[[Change, bool], None], *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.library = library
        self.background = background
        self.settled = settled  # (change, undone): a whole view marked read, or a change put back
        self.marks = Marks()
        self.marking = False  # a whole view being marked (or put back) in a worker

    # -- one article, or one story --------------------------------------------------------
    def toggle(self, flag: str, row: Row | None) -> None:
        """r ("read") or s ("starred") on `row`."""
        (self.toggle_read if flag == "read" else self.toggle_star)(row)

    def toggle_read(self, row: Row | None) -> None:
        if row is not None and row.story_size > 1:  # a row of the Stories list
            self._mark_story(row)
            return
        row = self._fresh_or_say(row)
        if row is not None:
            self.mark([row], "read", not row.read)

    def toggle_star(self, row: Row | None) -> None:
        row = self._fresh_or_say(row)
        if row is not None:
            self.mark([row], "starred", not row.starred)

    def opened(self, row: Row) -> None:
        """An article opened (Enter, a followed link): read now, if `mark_read_on_open`."""
        if self.library.settings.mark_read_on_open and not row.read:
            self.mark([row], "read", True)

    def mark(self, rows: list[Row], flag: str, value: bool) -> None:
        """Written before this returns, and undoable."""
        try:
            change = self.marks.mark(self.library, [row.id for row in rows], flag, value)
        except ReaderError as error:
            self.app.say(str(error), severity="error")
            return
        self.post_message(self.Marked(rows, flag, value, change))

    def _mark_story(self, row: Row) -> None:
        """Every article of the story read (or, if all are, unread), as one change that U
        puts back."""
        try:
            lead = self.library.row_number(row.id)
            members = self.library.rows(self.library.story_members([lead] if lead is not None else []))
        except ReaderError as error:
            self.app.say(str(error), severity="error")
            return
        self.mark(list(members.values()), "read", not row.read)
        self.app.say(f"Marked {len(members)} articles {'read' if not row.read else 'unread'}. Press U to undo.", timeout=3)

    def _fresh_or_say(self, row: Row | None) -> Row | None:
        if row is None:
            self.app.say("Not an article in your library", severity="warning", timeout=2)
            return None
        # The list's copy may be older than the pane's (or the other way round): ask the state.
        try:
            fresh = self.library.rows([row.n]).get(row.n)
        except ReaderError:
            fresh = None
        return fresh if fresh is not None and fresh.id == row.id else row

    # -- a whole view, and undo -------------------------------------------------------------
    def mark_all_read(self, ns: list[int], *, stories: bool) -> None:
        """Every article listed (row numbers; of whole stories if `stories`) read, in a worker."""
        if self._still_marking():
            return
        if not ns:
            self.app.say("Nothing to mark", timeout=2)
            return
        self.marking = True
        what = f"{len(ns):,} stories" if stories else f"{len(ns):,}"
        self.post_message(self.Status(f"marking {what} read…"))
        self._mark_all(ns, stories)

    def undo(self) -> None:
        if self._still_marking():
            return
        change = self.marks.pop()
        if change is None:
            self.app.say("Nothing to undo", timeout=2)
            return
        self.marking = True
        self.post_message(self.Status(f"undoing {counted(change.count, 'mark')}…"))
        self._restore(change)

    def failed(self, group: str, error: str) -> None:
        """The worker raised: the change being put back stays undoable."""
        self.app.say(error, severity="error")
        self.marking = False
        self.marks.settled(failed=True)
        self.post_message(self.Status(""))

    def _still_marking(self) -> bool:
        if self.marking:
            self.app.say("Still marking; one moment", timeout=2)
        return self.marking

    @work(thread=True, exclusive=True, group="marks", exit_on_error=False)
    def _mark_all(self, ns: list[int], stories: bool) -> None:
        library = self.background.get()
        if stories:  # the rows stand for whole stories
            ns = library.story_members(ns)
        self.post_message(MarksDone(self.marks.mark_all_read(library, ns), undone=False))

    @work(thread=True, exclusive=True, group="marks", exit_on_error=False)
    def _restore(self, change: Change) -> None:
        self.marks.undo(self.background.get(), change)
        self.post_message(MarksDone(change, undone=True))

    @on(MarksDone)
    def _marks_done(self, message: MarksDone) -> None:
        message.stop()
        change = message.change
        self.marking = False
        self.marks.settled()
        self.post_message(self.Status(""))
        if message.undone:
            self.app.say(change.undone_text(), timeout=3)
        elif not change.previous:
            self.app.say("Everything here is read already", timeout=2)
            return
        else:
            self.marks.remember(change)
            self.app.say(f"Marked {counted(change.count, 'article')} read. Press U to undo.")
        self.settled(change, message.undone)
