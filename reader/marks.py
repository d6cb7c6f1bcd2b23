"""Read and star marks made from a view, and the undo stack that puts them back.

Plain data over a `Library`: no Textual here, so the app's marking rules are tested on their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from msgspec import Struct

from reader.formats import counted
from reader.query import Query

if TYPE_CHECKING:
    from reader.library import Library

UNDO_LIMIT = 50  # changes kept for undo; older ones are forgotten


class Change(Struct, frozen=True):
    """One mark change as undo sees it: the flag and each article's value before it."""

    flag: str  # "read" | "starred"
    previous: dict[str, bool]

    @property
    def count(self) -> int:
        return len(self.previous)

    def undone_text(self) -> str:
        what = "read marks" if self.flag == "read" else "stars"
        return f"Undone: {what} of {counted(self.count, 'article')} put back"


def leaves_view(query: Query, flag: str, value: bool) -> bool:
    """Whether an article marked so no longer belongs in the view of `query` (read while
    unread only, unstarred among the starred)."""
    return (flag == "read" and query.read is False and value) or (flag == "starred" and query.starred and not value)


class Marks:
    """The undo stack of one view, and the calls that change marks through it."""

    def __init__(self, limit: int = UNDO_LIMIT) -> None:
        self._undo: list[Change] = []
        self._limit = limit
        self.undoing: Change | None = None  # taken off the stack, being put back

    def __len__(self) -> int:
        return len(self._undo)

    def mark(self, library: Library, article_ids: Sequence[str], flag: str, value: bool) -> Change:
        """Set `flag` to `value` on the articles, committed before this returns; undoable."""
        change = Change(flag, library.mark(list(article_ids), flag, value))
        self.remember(change)
        return change

    def remember(self, change: Change) -> None:
        """A change made elsewhere (a worker marking a whole view), or one whose undo failed."""
        if change.previous:
            self._undo.append(change)
            del self._undo[: -self._limit]

    def pop(self) -> Change | None:
        """The last change, taken off the stack to be put back (`undo`, then `settled`)."""
        self.undoing = self._undo.pop() if self._undo else None
        return self.undoing

    def settled(self, *, failed: bool = False) -> None:
        """The change being put back is back (or, `failed`, still undoable)."""
        if failed and self.undoing is not None:
            self.remember(self.undoing)
        self.undoing = None

    @staticmethod
    def mark_all_read(library: Library, ns: Sequence[int]) -> Change:
        """Every unread article among row numbers `ns` marked read (for a worker: nothing is
        remembered until the screen has it)."""
        unread = library.unread_ids(ns)
        return Change("read", library.mark(unread, "read", True) if unread else {})

    @staticmethod
    def undo(library: Library, change: Change) -> None:
        library.restore(change.previous, change.flag)


__all__ = ["UNDO_LIMIT", "Change", "Marks", "leaves_view"]
