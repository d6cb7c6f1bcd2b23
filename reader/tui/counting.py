"""The counts beside the sidebar's names and saved views, asked for in workers.

`Counter` owns the requests: the sidebar's counts (one at a time: a newer request cancels an
older one), the saved views' and the feeds' (each numbered, so a late answer to an older
request is dropped). What arrives bubbles up to the screen as `CountsLoaded`,
`SavedCountsLoaded` and `FeedCountsLoaded`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from textual import on, work
from textual.worker import WorkerState

from reader.tui.background import BackgroundLibrary
from reader.tui.messages import CountsLoaded, FeedCountsLoaded, SavedCountsLoaded
from reader.tui.offscreen import Offscreen


class Counter(Offscreen):
    def __init__(self, background: BackgroundLibrary, views: Callable[[], Mapping[str, str]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.background = background
        self.views = views  # the saved views as config.toml has them now
        self._saved_generation = 0
        self._feeds_generation = 0

    def count(self) -> None:
        """The sidebar's counts, and the saved views'."""
        self._count_sidebar()
        self.count_saved()

    def count_saved(self) -> None:
        """Only the saved views' and the feeds' (after a mark: which of them hold an article
        only a query can tell)."""
        self._feeds_generation += 1
        self._count_feeds(self._feeds_generation)
        views = dict(self.views())
        if views:
            self._saved_generation += 1
            self._count_saved(self._saved_generation, views)

    @property
    def counting(self) -> bool:
        """The sidebar's counts asked for and not arrived yet."""
        return any(
            worker.node is self and worker.group == "counts" and worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
            for worker in self.app.workers
        )

    def failed(self, group: str, error: str) -> None:
        what = {"counts": "articles", "feed-counts": "the feeds"}.get(group, "the saved views")
        self.app.say(f"cannot count {what}: {error}", severity="error")

    @work(thread=True, exclusive=True, group="counts", exit_on_error=False)
    def _count_sidebar(self) -> None:
        self.post_message(CountsLoaded(self.background.get().counts()))

    @work(thread=True, group="saved-counts", exit_on_error=False)
    def _count_saved(self, generation: int, views: dict[str, str]) -> None:
        self.post_message(SavedCountsLoaded(generation, self.background.get().view_counts(views)))

    @work(thread=True, group="feed-counts", exit_on_error=False)
    def _count_feeds(self, generation: int) -> None:
        library = self.background.get()
        feeds = library.feeds()
        counts = library.feed_counts(feeds) if feeds else ()
        self.post_message(FeedCountsLoaded(generation, [(feed.url, feed.name) for feed in feeds], {c.name: c for c in counts}))

    @on(FeedCountsLoaded)
    def _feed_counts_loaded(self, message: FeedCountsLoaded) -> None:
        if message.generation != self._feeds_generation:
            message.stop()  # overtaken by a newer request

    @on(SavedCountsLoaded)
    def _saved_counts_loaded(self, message: SavedCountsLoaded) -> None:
        if message.generation != self._saved_generation:
            message.stop()  # overtaken by a newer request
