"""What the main screen's workers post back: small messages, one per result.

A worker thread posts one with `post_message` and goes on (a `call_from_thread` would wait for
the screen to run it). A failure is not posted by the worker: it raises, its node (a helper, or
the list) posts `WorkerFailed`, and the screen's one handler for it has the node say `text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from reader.errors import ReaderError

if TYPE_CHECKING:
    from reader.feeds.fetch import FeedResult
    from reader.marks import Change
    from reader.query import Count, Counts
    from reader.store.fulltexts import FullText
    from reader.store.indexer import IndexReport
    from textual.worker import Worker


@dataclass
class IdsLoaded(Message):
    """The full id list for request `generation` (older requests' lists are dropped)."""

    generation: int
    ids: list[int]
    keep: int | None  # the row number to keep the cursor on, if still listed
    fallback: int | None  # else the index to put it at
    stories: bool = False  # the list is one row per story (row numbers of a story's first article)


@dataclass
class RowsFetched(Message):
    """Display rows fetched ahead of the list's view, by row number; `epoch` drops rows
    fetched before the list forgot its rows."""

    epoch: int
    rows: dict


@dataclass
class CountsLoaded(Message):
    counts: Counts


@dataclass
class FeedCountsLoaded(Message):
    """The subscriptions, (URL, name) in their order, and each one's counts by URL."""

    generation: int
    feeds: list[tuple[str, str]]
    counts: dict


@dataclass
class SavedCountsLoaded(Message):
    """The saved views' counts for request `generation` (older requests' are dropped)."""

    generation: int
    counts: tuple[Count, ...]


@dataclass
class IndexProgress(Message):
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)  # only the latest figure is worth drawing


@dataclass
class IndexDone(Message):
    report: IndexReport
    announce: bool  # asked for (ctrl+r), so say what it found even if nothing changed


@dataclass
class FetchProgress(Message):
    done: int
    total: int
    failed: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, FetchProgress)


@dataclass
class FetchDone(Message):
    results: list[FeedResult]
    announce: bool  # asked for (ctrl+r): say what it found


@dataclass
class MarksDone(Message):
    """A whole view marked (`undone` False), or a change put back (True)."""

    change: Change
    undone: bool


@dataclass
class UnreadFound(Message):
    """Where n or p goes: the row number of the next unread article in the list as it was
    when asked (`generation`), or None if there is none that way."""

    generation: int
    n: int | None
    step: int


@dataclass
class WorkerFailed(Message):
    """A helper's worker (or the list's) raised (see reader/tui/offscreen.py)."""

    worker: Worker

    @property
    def text(self) -> str:
        """Why, in one line: a ReaderError's words are the user's; anything else is named."""
        error = self.worker.error
        first = (str(error).splitlines() or [""])[0]
        if isinstance(error, ReaderError) or not first:
            return first or type(error).__name__
        return f"{type(error).__name__}: {first}"


@dataclass
class FullTextDone(Message):
    """A page fetched for an article (stored already), or the one line why not."""

    article_id: str
    full_text: FullText | None
    error: str | None


__all__ = ["CountsLoaded", "FetchDone", "FetchProgress", "FullTextDone", "IdsLoaded", "IndexDone", "IndexProgress", "MarksDone", "RowsFetched", "SavedCountsLoaded", "UnreadFound", "WorkerFailed"]
