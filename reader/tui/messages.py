"""What the main screen's workers post back: small messages, one per result.

A worker thread posts one with `post_message` and goes on (a `call_from_thread` would wait for
the screen to run it). A failure is not posted by the worker: it raises, its node (a helper, or
the list) posts `WorkerFailed`, and the screen's one handler for it has the node say `text`.

The messages here and in the widgets are plain classes, not dataclasses: all are made at
import, before the first frame, and a dataclass costs ~1.5M instructions more to make
(Python 3.11 compiles its __init__, __repr__ and __eq__ one by one); none is compared.
"""

from __future__ import annotations

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


class IdsLoaded(Message):
    """The full id list for request `generation` (older requests' lists are dropped)."""

    def __init__(self, generation: int, ids: list[int], keep: int | None, fallback: int | None, stories: bool = False) -> None:
        self.generation = generation
        self.ids = ids
        self.keep = keep  # the row number to keep the cursor on, if still listed
        self.fallback = fallback  # else the index to put it at
        self.stories = stories  # the list is one row per story (row numbers of a story's first article)
        super().__init__()


class RowsFetched(Message):
    """Display rows fetched ahead of the list's view, by row number; `epoch` drops rows
    fetched before the list forgot its rows."""

    def __init__(self, epoch: int, rows: dict) -> None:
        self.epoch = epoch
        self.rows = rows
        super().__init__()


class CountsLoaded(Message):
    def __init__(self, counts: Counts) -> None:
        self.counts = counts
        super().__init__()


class FeedCountsLoaded(Message):
    """The subscriptions, (URL, name) in their order, and each one's counts by URL."""

    def __init__(self, generation: int, feeds: list[tuple[str, str]], counts: dict) -> None:
        self.generation = generation
        self.feeds = feeds
        self.counts = counts
        super().__init__()


class SavedCountsLoaded(Message):
    """The saved views' counts for request `generation` (older requests' are dropped)."""

    def __init__(self, generation: int, counts: tuple[Count, ...]) -> None:
        self.generation = generation
        self.counts = counts
        super().__init__()


class IndexProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        self.done = done
        self.total = total
        super().__init__()

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)  # only the latest figure is worth drawing


class IndexDone(Message):
    def __init__(self, report: IndexReport, announce: bool, *, interim: bool = False) -> None:
        self.report = report
        self.announce = announce  # asked for (ctrl+r), so say what it found even if nothing changed
        self.interim = interim  # of what a fetch still running has written so far
        super().__init__()


class FetchProgress(Message):
    def __init__(self, done: int, total: int, failed: int) -> None:
        self.done = done
        self.total = total
        self.failed = failed
        super().__init__()

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, FetchProgress)


class FetchDone(Message):
    def __init__(self, results: list[FeedResult], announce: bool) -> None:
        self.results = results
        self.announce = announce  # asked for (ctrl+r): say what it found
        super().__init__()


class MarksDone(Message):
    """A whole view marked (`undone` False), or a change put back (True)."""

    def __init__(self, change: Change, undone: bool) -> None:
        self.change = change
        self.undone = undone
        super().__init__()


class UnreadFound(Message):
    """Where n or p goes: the row number of the next unread article in the list as it was
    when asked (`generation`), or None if there is none that way."""

    def __init__(self, generation: int, n: int | None, step: int) -> None:
        self.generation = generation
        self.n = n
        self.step = step
        super().__init__()


class WorkerFailed(Message):
    """A helper's worker (or the list's) raised (see reader/tui/offscreen.py)."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        super().__init__()

    @property
    def text(self) -> str:
        """Why, in one line: a ReaderError's words are the user's; anything else is named."""
        error = self.worker.error
        first = (str(error).splitlines() or [""])[0]
        if isinstance(error, ReaderError) or not first:
            return first or type(error).__name__
        return f"{type(error).__name__}: {first}"


class FullTextDone(Message):
    """A page fetched for an article (stored already), or the one line why not."""

    def __init__(self, article_id: str, full_text: FullText | None, error: str | None) -> None:
        self.article_id = article_id
        self.full_text = full_text
        self.error = error
        super().__init__()


__all__ = ["CountsLoaded", "FetchDone", "FetchProgress", "FullTextDone", "IdsLoaded", "IndexDone", "IndexProgress", "MarksDone", "RowsFetched", "SavedCountsLoaded", "UnreadFound", "WorkerFailed"]
