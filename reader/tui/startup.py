"""The main screen's first frame, and what waits for it to be drawn.

`StartUp` owns that sequence: one page of the saved view read on the UI thread before the
first paint (reader/tui/first_page.py); then, once the list has been painted, the full id list
with the cursor back on the saved article, the sidebar's counts, and the first refresh (fetch
if `fetch_on_start`, then index). At 100,000 articles those workers hold the GIL long enough to
hold up the first frame, so none starts before it. The refresh counts as under way from the
first frame on (`Refresher.expect`), so nothing takes the screen as settled before it is done.
"""

from __future__ import annotations

from collections.abc import Callable

from reader.library import Library
from reader.tui.counting import Counter
from reader.tui.first_page import first_page
from reader.tui.refresh import Refresher
from reader.tui.viewing import Viewing
from reader.tui.widgets.article_list import ArticleList

FIRST_PAGE = 300  # rows fetched before the first frame; the full id list follows in a worker
BACKSTOP = 1.0  # seconds: start the rest anyway, should the list never paint


class StartUp:
    def __init__(
        self, library: Library, viewing: Viewing, articles: ArticleList, refresher: Refresher, counter: Counter, *,
        counted: Callable[[int], None],
    ) -> None:
        self.library = library
        self.viewing = viewing
        self.articles = articles
        self.refresher = refresher
        self.counter = counter
        self.counted = counted  # the list's length is known (the first page was all of it)
        self._backstop = None  # the timer, until the rest has started
        self._full_from: int | None = None  # the list's generation the first page was, if it may go on

    def first_frame(self) -> None:
        """Before the first paint: one page of the saved view, with the cursor on the saved
        article if the page holds it; the refresh counts as under way from here."""
        state, articles = self.viewing.state, self.articles
        articles.query = state.query()
        page = first_page(self.library, articles.query, stories=state.stories, cursor_id=self.viewing.cursor_id, size=FIRST_PAGE)
        if page.error:
            articles.app.say(page.error, severity="error")
        articles.set_mode(state.stories)
        articles.set_ids(page.ids, keep=page.keep, fallback=self.viewing.restore_row)
        if not page.more:
            self.counted(len(page.ids))
        self._full_from = articles.generation if page.more else None
        self.refresher.expect()
        self._backstop = articles.set_timer(BACKSTOP, self.painted)
        self.refresher.every(self.library.settings.refresh_minutes)

    def painted(self) -> None:
        """The list is on screen (or the backstop fired): start the rest, once."""
        if self._backstop is None:
            return
        self._backstop.stop()
        self._backstop = None
        self.articles.app.resume_gc()
        if self._full_from == self.articles.generation:  # no other list asked for meanwhile
            # Back on the saved article: the first page may not have held it (its cursor, and so
            # cursor_id, went to the nearest row there), or it may be gone (the nearest one, then).
            state = self.viewing.state
            self.articles.load(state.query(), self.viewing.restore_id, self.viewing.restore_row, stories=state.stories)
        self.counter.count()
        self.refresher.run(fetch=self.library.settings.fetch_on_start, announce=False)


__all__ = ["FIRST_PAGE", "StartUp"]
