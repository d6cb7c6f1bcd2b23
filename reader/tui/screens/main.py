"""The main screen: sidebar, article list and detail pane, and every flow between them.

Slow queries (the id list for a new filter, sidebar counts, indexing, marking a whole view)
run in thread workers on a library connection of their own, and post their results back;
a generation number drops results that a newer request has overtaken. The screen itself
only ever asks for a page of rows or one article, which take milliseconds at any size.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import replace

from textual import on, work
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

from reader.errors import ReaderError
from reader.library import Library
from reader.links import check_url, open_url
from reader.query import ArticleDetail, Counts, RelatedEntry, Row
from reader.tui import keys
from reader.tui.history import History, Location
from reader.tui.screens.picker import ANY, PickerScreen
from reader.tui.session import CURSOR, CURSOR_ROW, SessionKeeper, restore_place
from reader.tui.view_state import ViewState, session_item, session_value
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.detail import DetailPane, DetailView, LinkItem
from reader.tui.widgets.keybar import KeyBar
from reader.tui.widgets.search import SearchBar
from reader.tui.widgets.sidebar import Sidebar, adjust_counts
from reader.tui.widgets.status import StatusLine

FIRST_PAGE = 300  # rows fetched before the first frame; the full id list follows in a worker
WIDE = 120  # columns from which the three panes sit side by side
PREVIEW_DELAY = 0.05  # the detail pane follows the cursor once key repeat pauses
# Results follow typing once it pauses this long: at 100,000 articles a one-letter prefix
# takes ~175 ms to search, and every keystroke's query would otherwise run in turn.
SEARCH_DELAY = 0.12
UNDO_LIMIT = 50


class MainScreen(Screen, inherit_bindings=False):
    BINDINGS = keys.MAIN

    def __init__(self, library: Library, paths: tuple[str, ...], keeper: SessionKeeper, saved: dict[str, str]) -> None:
        super().__init__()
        self.library = library
        self.paths = paths
        self.keeper = keeper
        self._saved = saved  # the session as the app found it
        self._restore_id: str | None = None  # the saved article under the cursor
        self._restore_row: int | None = None  # where it was, should it have gone
        self.state = ViewState()
        self.history = History()
        self.cursor_id: str | None = None  # the article under the list cursor
        self.counts: Counts | None = None
        self.undo: list[tuple[str, dict[str, bool]]] = []
        self.sidebar_choice: bool | None = None  # None: shown when wide, hidden when narrow
        self.scanning = False
        self.marking = False  # a whole view being marked (or unmarked) in a worker
        self._generation = 0
        self._search_before = ""
        self._search_timer: Timer | None = None
        self._preview_timer: Timer | None = None
        self._background: Library | None = None
        self._shutting_down = False
        self._ids_pending = False
        self._preview_pending: str | None = None
        self._background_timer: Timer | None = None
        self._background_from: int | None = None

    @property
    def busy(self) -> bool:
        """Anything still on its way: a scan, an id list, counts, the preview of the cursor row."""
        running = any(worker.is_running for worker in self.app.workers if worker.node is self)
        return (
            self.scanning or self.marking or self._ids_pending or self._preview_pending is not None
            or self._search_timer is not None or running
        )

    # -- layout -----------------------------------------------------------------------------
    def compose(self):
        # Kept as attributes: the session is saved as the screen unmounts, after its children.
        self.sidebar = Sidebar(id="sidebar")
        self.articles = ArticleList(self.library.rows, id="articles")
        self.detail = DetailView(id="detail")
        self.status = StatusLine(id="status")
        self.search_bar = SearchBar(id="search-bar")
        with Horizontal(id="body"):
            yield self.sidebar
            with Horizontal(id="panes"):
                with Vertical(id="list-pane"):
                    yield self.search_bar
                    yield self.articles
                yield self.detail
        yield self.status
        yield KeyBar(id="keys")

    @property
    def narrow(self) -> bool:
        return self.app.size.width < WIDE

    def _layout(self) -> None:
        self.set_class(self.narrow, "-narrow")
        shown = (not self.narrow) if self.sidebar_choice is None else self.sidebar_choice
        self.sidebar.display = shown
        if not shown and self.sidebar.has_focus:
            self.articles.focus()

    def on_resize(self) -> None:
        self._layout()

    # -- start-up ---------------------------------------------------------------------------
    def on_mount(self) -> None:
        session = self._saved
        place = restore_place(session, self.library.settings.sort)
        if place.notice:
            self.app.say(place.notice, severity="warning", timeout=10)
        self.state, self.cursor_id = place.state, place.cursor_id
        self._restore_id, self._restore_row = place.cursor_id, place.cursor_row
        sidebar = session_value(session, "sidebar")
        self.sidebar_choice = {"1": True, "0": False}.get(sidebar)
        collapsed = session_value(session, "collapsed")
        self.sidebar.set_collapsed({s for s in collapsed.split(",") if s in ("topics", "providers")})
        self._layout()
        if self.state.search:
            self.search_bar.add_class("-shown")
            self.search_bar.input.value = self.state.search
        self._show_state()
        full_list = self._first_page()
        self.articles.focus()
        # Everything else waits until the list has been painted: at 100,000 articles the full
        # id list, the counts and the rescan hold the GIL long enough to hold up that first
        # frame. They count as under way from here (see `busy`), so nothing takes the screen as
        # settled before they are done. (The timer is a backstop, should the list never paint.)
        self._ids_pending = full_list
        self._background_from = self._generation if full_list else None
        self.scanning = True
        self.status.show(scan="scanning…")
        self._background_timer = self.set_timer(1.0, self._start_background)

    @on(ArticleList.Painted)
    def _start_background(self) -> None:
        if self._background_timer is None or self._shutting_down:
            return  # started already
        self._background_timer.stop()
        self._background_timer = None
        self.app.resume_gc()
        if self._background_from == self._generation:  # no other list asked for meanwhile
            # Back on the saved article: the first page may not have held it (its cursor, and so
            # cursor_id, went to the nearest row there), or it may be gone (the nearest one, then).
            self._reload(keep_id=self._restore_id, fallback=self._restore_row)
        self._load_counts()
        self._index(announce=False)

    def _first_page(self) -> bool:
        """The cached list at once: one page now. True if there may be more (the rest comes
        from a worker)."""
        query = self.state.query()
        try:
            first = self.library.ids(query, FIRST_PAGE)
        except ReaderError as error:
            self.app.say(str(error), severity="error")
            first = []
        self._generation += 1
        saved = None
        if self.cursor_id:  # back on the saved article if it is on this page (else the full list finds it)
            try:
                saved = self.library.row_number(self.cursor_id)
            except ReaderError:
                saved = None
        self.articles.set_ids(first, keep=saved, fallback=self._restore_row)
        if len(first) < FIRST_PAGE:
            self.status.show(count=len(first))
            return False
        return True

    # -- loading (workers) ----------------------------------------------------------------
    def _bg(self) -> Library:
        """A second connection for the workers, so a slow query never holds up the screen's."""
        if self._background is None:
            self._background = Library(self.library.paths)
        return self._background

    def _reload(self, keep_id: str | None = None, fallback: int | None = None) -> None:
        self._generation += 1
        self._ids_pending = True
        self.articles.empty_text = "Loading…"
        self._load_ids(self._generation, self.state.query(), keep_id, fallback)

    @work(thread=True, exclusive=True, group="ids", exit_on_error=False)
    def _load_ids(self, generation: int, query, keep_id: str | None, fallback: int | None) -> None:
        try:
            library = self._bg()
            ids = library.ids(query)
            keep_n = library.row_number(keep_id) if keep_id else None
        except (ReaderError, sqlite3.Error) as error:
            self._from_thread(self._ids_failed, generation, str(error))
            return
        self._from_thread(self._apply_ids, generation, ids, keep_n, fallback)

    def _ids_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._ids_pending = False
        self.app.say(f"cannot list articles: {message}", severity="error")

    def _apply_ids(self, generation: int, ids: list[int], keep_n: int | None, fallback: int | None) -> None:
        if generation != self._generation:
            return  # a newer filter has been asked for meanwhile
        self._ids_pending = False
        self.articles.empty_text = "No articles in this view" if self.state.query().is_filtered else "No articles yet"
        self.articles.set_ids(ids, keep=keep_n, fallback=fallback)
        self.status.show(count=len(ids))
        if not ids:
            self.call_later(self.detail.show_nothing, "No article selected")

    @work(thread=True, exclusive=True, group="counts", exit_on_error=False)
    def _load_counts(self) -> None:
        try:
            counts = self._bg().counts()
        except (ReaderError, sqlite3.Error):
            return
        self._from_thread(self._apply_counts, counts)

    def _apply_counts(self, counts: Counts) -> None:
        self.counts = counts
        self.sidebar.set_counts(counts)

    def _from_thread(self, callback, *args, **kwargs) -> None:
        if self._shutting_down:
            return
        try:
            self.app.call_from_thread(callback, *args, **kwargs)
        except RuntimeError:  # the app is closing
            pass

    # -- rescan ---------------------------------------------------------------------------
    def action_rescan(self) -> None:
        self._rescan(announce=True)

    def _rescan(self, announce: bool) -> None:
        if self.scanning:
            self.app.say("Already scanning")
            return
        self.scanning = True
        self.status.show(scan="scanning…")
        self._index(announce)

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _index(self, announce: bool) -> None:
        last = [0.0]

        def progress(done: int, total: int) -> None:
            if self._shutting_down:
                raise _Cancelled  # rolls back this batch; the next start picks up from here
            now = time.monotonic()
            if now - last[0] > 0.1 or done == total:
                last[0] = now
                self._from_thread(self.status.show, scan=f"indexing {done:,}/{total:,}")

        try:
            report = self.library.index(self.paths, progress)
        except _Cancelled:
            return
        except (ReaderError, sqlite3.Error) as error:
            self._from_thread(self._scan_failed, str(error))
            return
        self._from_thread(self._scan_done, report, announce)

    def _scan_failed(self, message: str) -> None:
        self.scanning = False
        self.status.show(scan="scan failed")
        self.app.say(message, severity="error", timeout=10)

    def _scan_done(self, report, announce: bool) -> None:
        self.scanning = False
        problems = f"{report.problems} problem file{'s' if report.problems != 1 else ''}" if report.problems else ""
        self.status.show(scan=problems)
        changed = report.new or report.changed or report.removed
        if announce:
            self.app.say(
                f"Rescanned {report.scanned:,} files: {report.new:,} new, {report.changed:,} changed, {report.removed:,} removed"
            )
        if changed or announce:
            self.refresh_everything()

    def refresh_everything(self) -> None:
        """New data underneath (a rescan): fetch rows again, keep the cursor on its article."""
        self.articles.forget_rows()
        self._reload(keep_id=self.cursor_id, fallback=self.articles.cursor)
        self._load_counts()
        self.call_later(self._refresh_detail)

    async def _refresh_detail(self) -> None:
        location = self.history.current
        if location is None or location.article_id is None:
            return
        try:
            detail = self.library.article(location.article_id)
        except ReaderError:
            return
        await self.detail.show_article(detail, self.history, self.app.now())

    # -- the view state ---------------------------------------------------------------------
    def _set_state(self, state: ViewState) -> None:
        if state == self.state:
            return
        self.state = state
        self._show_state()
        self._reload(keep_id=self.cursor_id, fallback=0)
        self.save_session_soon()

    def _show_state(self) -> None:
        self.sidebar.set_selection(self.state.view, self.state.provider)
        self.status.show(filters=self.state.describe(), sort=self.state.sort_label)

    def action_toggle_unread_only(self) -> None:
        self._set_state(self.state.but(unread_only=not self.state.unread_only))

    def action_clear_filters(self) -> None:
        self.search_bar.input.value = ""
        self.search_bar.remove_class("-shown")
        if self.search_bar.input.has_focus:
            self.articles.focus()
        self._set_state(self.state.cleared())

    def action_cycle_sort(self) -> None:
        self._set_state(self.state.next_sort())
        self.app.say(f"Sorted by {self.state.sort_label}", timeout=2)

    @on(Sidebar.Selected)
    def _sidebar_selected(self, event: Sidebar.Selected) -> None:
        entry = event.entry
        if entry.kind == "section":
            self.save_session_soon()
        elif entry.kind == "view":
            self._set_state(self.state.but(view=entry.key))
        elif entry.kind == "topic":
            view = "all" if self.state.view == "topic:" + entry.key else "topic:" + entry.key
            self._set_state(self.state.but(view=view))
        elif entry.kind == "provider":
            same = self.state.provider is not None and self.state.provider.casefold() == entry.key.casefold()
            self._set_state(self.state.but(provider=None if same else entry.key))

    def action_pick_topic(self) -> None:
        self._pick("topic")

    def action_pick_provider(self) -> None:
        self._pick("provider")

    def _pick(self, kind: str) -> None:
        if self.counts is None:
            self._apply_counts(self.library.counts())
        current = self.state.topic if kind == "topic" else self.state.provider

        def chosen(name: str | None) -> None:
            if name is None:
                return
            if kind == "topic":
                self._set_state(self.state.but(view="all" if name == ANY else "topic:" + name))
                index = self.sidebar.index_of("topic", name) if name != ANY else 0
                if index is not None:
                    self.sidebar.cursor = index
            else:
                self._set_state(self.state.but(provider=None if name == ANY else name))

        self.app.push_screen(PickerScreen(kind, self.sidebar.names(kind), current), chosen)

    # -- search -----------------------------------------------------------------------------
    def action_search(self) -> None:
        self._search_before = self.state.search
        self.search_bar.add_class("-shown")
        self.search_bar.input.focus()

    @on(Input.Changed, "#search-input")
    def _search_changed(self, event: Input.Changed) -> None:
        if self.search_bar.input.has_focus:
            self._drop_pending_search()
            value = event.value
            self._search_timer = self.set_timer(SEARCH_DELAY, lambda: self._search_now(value))

    def _search_now(self, value: str) -> None:
        self._search_timer = None
        self._set_state(self.state.with_search(value))

    def _drop_pending_search(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None

    @on(Input.Submitted, "#search-input")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self._drop_pending_search()
        self._set_state(self.state.with_search(event.value))
        self._leave_search()

    @on(SearchBar.Done)
    def _search_done(self) -> None:
        if self._search_timer is not None:  # typed, then left before the results came
            self._drop_pending_search()
            self._set_state(self.state.with_search(self.search_bar.input.value))
        self._leave_search()

    @on(SearchBar.Cancelled)
    def _search_cancelled(self) -> None:
        self._drop_pending_search()
        self.search_bar.input.value = self._search_before
        self._set_state(self.state.with_search(self._search_before))
        self._leave_search()

    def _leave_search(self) -> None:
        if not self.state.search.strip():
            self.search_bar.remove_class("-shown")
        self.articles.focus()

    def action_escape(self) -> None:
        focused = self.focused
        if focused is not None and (isinstance(focused, (DetailPane, LinkItem)) or focused is self.sidebar):
            self.articles.focus()
        elif self.state.search:
            self.search_bar.input.value = ""
            self._set_state(self.state.with_search(""))
            self._leave_search()

    # -- panes ------------------------------------------------------------------------------
    def _panes(self) -> list:
        panes = [self.articles, self.detail.pane]
        if self.sidebar.display:
            panes.insert(0, self.sidebar)
        return panes

    def _pane_index(self) -> int:
        panes = self._panes()
        focused = self.focused
        for index, pane in enumerate(panes):
            if focused is pane or (focused is not None and pane in focused.ancestors):
                return index
        return panes.index(self.articles)

    def action_next_pane(self) -> None:
        panes = self._panes()
        panes[(self._pane_index() + 1) % len(panes)].focus()

    def action_previous_pane(self) -> None:
        panes = self._panes()
        panes[(self._pane_index() - 1) % len(panes)].focus()

    def action_toggle_sidebar(self) -> None:
        self.sidebar_choice = not self.sidebar.display
        self._layout()
        if self.sidebar.display:
            self.sidebar.focus()
        self.save_session_soon()

    # -- the list and the detail pane -----------------------------------------------------------
    @on(ArticleList.Highlighted)
    def _highlighted(self, event: ArticleList.Highlighted) -> None:
        row = event.row
        if row is not None:
            self.cursor_id = row.id
        self.save_session_soon()
        if self._preview_timer is not None:
            self._preview_timer.stop()
        if row is None:
            self._preview_pending = None
            return
        self._preview_pending = row.id
        self._preview_timer = self.set_timer(PREVIEW_DELAY, lambda: self._preview(row.id))

    async def _preview(self, article_id: str) -> None:
        """The detail pane follows the cursor (without marking anything read)."""
        if self._preview_pending == article_id:
            self._preview_pending = None
        current = self.history.current
        if current is not None and current.article_id == article_id and len(self.history.locations) == 1:
            return
        if self.cursor_id != article_id:
            return
        await self._show(article_id, history="reset")

    @on(ArticleList.Opened)
    async def _opened(self, event: ArticleList.Opened) -> None:
        await self.open_article(event.row.id)
        self.detail.pane.focus()

    async def open_article(self, article_id: str) -> None:
        """Enter: show it from a fresh history, and mark it read if so configured."""
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_pending = None
        await self._show(article_id, history="reset", mark=True)

    async def _show(self, article_id: str, *, history: str, mark: bool = False) -> ArticleDetail | None:
        try:
            detail = self.library.article(article_id)
        except ReaderError as error:
            self.app.say(str(error), severity="warning")
            return None
        if mark and self.library.settings.mark_read_on_open and not detail.row.read:
            self._mark([detail.row], "read", True)
            detail = replace(detail, row=replace(detail.row, read=True))
        location = Location(detail.row.title, article_id=detail.row.id)
        if history == "reset":
            self.history.reset(location)
        elif history == "push":
            self.history.push(location)
        await self.detail.show_article(detail, self.history, self.app.now())
        return detail

    async def _show_location(self, location: Location) -> None:
        if location.article_id:
            await self._show(location.article_id, history="keep")
        elif location.entry is not None:
            await self.detail.show_entry(location.entry, self.history, self.app.now(), self._source_title(location))

    def _source_title(self, location: Location) -> str | None:
        index = self.history.locations.index(location) if location in self.history.locations else -1
        return self.history.locations[index - 1].title if index > 0 else None

    @on(DetailView.LinkChosen)
    async def _link_chosen(self, event: DetailView.LinkChosen) -> None:
        await self.follow_target(event.target)

    async def follow_target(self, target: RelatedEntry | Row) -> None:
        if isinstance(target, Row):
            await self._show(target.id, history="push", mark=True)
        elif target.article_id:
            await self._show(target.article_id, history="push", mark=True)
        else:
            location = Location(target.title, entry=target)
            self.history.push(location)
            await self.detail.show_entry(target, self.history, self.app.now(), self._source_title(location))
        self.detail.pane.focus()

    async def action_follow(self, number: int) -> None:
        related = self.detail.related
        if not 1 <= number <= len(related):
            self.app.say(f"No related link {number} here", severity="warning", timeout=2)
            return
        await self.follow_target(related[number - 1])

    async def action_back(self) -> None:
        location = self.history.back()
        if location is None:
            self.app.say("Nothing to go back to", timeout=2)
            return
        await self._show_location(location)

    async def action_forward(self) -> None:
        location = self.history.forward()
        if location is None:
            self.app.say("Nothing to go forward to", timeout=2)
            return
        await self._show_location(location)

    # -- next / previous unread -------------------------------------------------------------
    async def action_next_unread(self) -> None:
        await self._step_unread(1)

    async def action_previous_unread(self) -> None:
        await self._step_unread(-1)

    async def _step_unread(self, step: int) -> None:
        articles = self.articles
        index = articles.cursor + step
        while 0 <= index < len(articles.ids):
            row = articles.row_at(index)
            if row is not None and not row.read:
                articles.move_to(index)
                await self.open_article(row.id)
                return
            index += step
        self.app.say("No more unread articles" if step > 0 else "No unread articles above", timeout=2)

    # -- marks ----------------------------------------------------------------------------
    def _in_detail(self) -> bool:
        focused = self.focused
        return focused is not None and (focused is self.detail or self.detail in focused.ancestors)

    def current_row(self) -> Row | None:
        """What r, s, o and y act on: the article in the detail pane when it has focus, else
        the one under the list cursor."""
        if self._in_detail():
            return self.detail.detail.row if self.detail.detail else None
        return self.articles.current

    def current_url(self) -> str | None:
        if self._in_detail():
            return self.detail.url
        row = self.articles.current
        return row.url if row else None

    def action_toggle_read(self) -> None:
        row = self._row_or_say()
        if row is not None:
            self._mark([row], "read", not row.read)

    def action_toggle_star(self) -> None:
        row = self._row_or_say()
        if row is not None:
            self._mark([row], "starred", not row.starred)

    def _row_or_say(self) -> Row | None:
        row = self.current_row()
        if row is None:
            self.app.say("Not an article in your library", severity="warning", timeout=2)
            return None
        # The list's copy may be older than the pane's (or the other way round): ask the state.
        fresh = self.library.rows([row.n]).get(row.n)
        return fresh if fresh is not None and fresh.id == row.id else row

    def _mark(self, rows: list[Row], flag: str, value: bool) -> None:
        try:
            previous = self.library.mark([row.id for row in rows], flag, value)
        except ReaderError as error:
            self.app.say(str(error), severity="error")
            return
        self._remember(flag, previous)
        query = self.state.query()
        for row in rows:
            was = previous.get(row.id, False)
            before = replace(row, **{flag: was})
            if self.counts is not None:
                self.counts = adjust_counts(self.counts, before, **{flag: value})
            self.articles.update_row(row.id, **{flag: value})
            leaves = (flag == "read" and query.read is False and value) or (flag == "starred" and query.starred and not value)
            if leaves:
                self.articles.mark_stale(row.id)
            else:
                self.articles.unmark_stale(row.id)
            self._update_detail_marks(row.id, **{flag: value})
        if self.counts is not None:
            self.sidebar.set_counts(self.counts)

    def _remember(self, flag: str, previous: dict[str, bool]) -> None:
        self.undo.append((flag, previous))
        del self.undo[:-UNDO_LIMIT]

    def _update_detail_marks(self, article_id: str, **changes: bool) -> None:
        shown = self.detail.detail
        if shown is not None and shown.row.id == article_id:
            self.detail.refresh_head(replace(shown, row=replace(shown.row, **changes)), self.app.now())

    def action_mark_all_read(self) -> None:
        if self.marking:
            self.app.say("Still marking; one moment", timeout=2)
            return
        ids = list(self.articles.ids)
        if not ids:
            self.app.say("Nothing to mark", timeout=2)
            return
        self.marking = True
        self.status.show(work=f"marking {len(ids):,} read…")
        self._mark_all(ids)

    @work(thread=True, exclusive=True, group="mark-all", exit_on_error=False)
    def _mark_all(self, ns: list[int]) -> None:
        try:
            library = self._bg()
            unread = library.unread_ids(ns)
            previous = library.mark(unread, "read", True) if unread else {}
        except (ReaderError, sqlite3.Error) as error:
            self._from_thread(self._marked_all, None, str(error))
            return
        self._from_thread(self._marked_all, previous)

    def _marked_all(self, previous: dict[str, bool] | None, error: str = "") -> None:
        self.marking = False
        self.status.show(work="")
        if previous is None:
            self.app.say(error, severity="error")
            return
        if not previous:
            self.app.say("Everything here is read already", timeout=2)
            return
        self._remember("read", previous)
        count = len(previous)
        self.app.say(f"Marked {count:,} article{'s' if count != 1 else ''} read. Press U to undo.")
        self._after_bulk_change()
        self._update_detail_marks_from_state()

    def action_undo(self) -> None:
        if self.marking:
            self.app.say("Still marking; one moment", timeout=2)
            return
        if not self.undo:
            self.app.say("Nothing to undo", timeout=2)
            return
        flag, previous = self.undo.pop()
        if len(previous) > 500:  # a whole view: put it back off the screen's thread
            self.marking = True
            self.status.show(work=f"undoing {len(previous):,} marks…")
            self._restore(flag, previous)
            return
        try:
            self.library.restore(previous, flag)
        except ReaderError as error:
            self.app.say(str(error), severity="error")
            return
        self._restored(flag, previous)

    @work(thread=True, exclusive=True, group="mark-all", exit_on_error=False)
    def _restore(self, flag: str, previous: dict[str, bool]) -> None:
        try:
            self._bg().restore(previous, flag)
        except (ReaderError, sqlite3.Error) as error:
            self._from_thread(self._restore_failed, flag, previous, str(error))
            return
        self._from_thread(self._restored, flag, previous)

    def _restore_failed(self, flag: str, previous: dict[str, bool], message: str) -> None:
        self.marking = False
        self.status.show(work="")
        self.undo.append((flag, previous))  # still undoable
        self.app.say(message, severity="error")

    def _restored(self, flag: str, previous: dict[str, bool]) -> None:
        self.marking = False
        self.status.show(work="")
        count = len(previous)
        what = "read marks" if flag == "read" else "stars"
        self.app.say(f"Undone: {what} of {count:,} article{'s' if count != 1 else ''} put back", timeout=3)
        for article_id, value in previous.items():
            self.articles.update_row(article_id, **{flag: value})
        self._after_bulk_change()
        self._update_detail_marks_from_state()

    def _after_bulk_change(self) -> None:
        self.articles.forget_rows()
        self._reload(keep_id=self.cursor_id, fallback=self.articles.cursor)
        self._load_counts()

    def _update_detail_marks_from_state(self) -> None:
        shown = self.detail.detail
        if shown is None:
            return
        fresh = self.library.rows([shown.row.n]).get(shown.row.n)
        if fresh is not None and fresh.id == shown.row.id:
            self.detail.refresh_head(replace(shown, row=fresh), self.app.now())

    # -- links out --------------------------------------------------------------------------
    def action_open_original(self) -> None:
        url = self.current_url()
        try:
            check_url(url)
        except ReaderError as error:
            self.app.say(str(error), severity="warning")
            return
        self._open_in_browser(url)

    @work(thread=True, group="browser", exit_on_error=False)
    def _open_in_browser(self, url: str) -> None:
        try:
            opened = open_url(url)
        except ReaderError as error:
            self._from_thread(self.app.say, str(error), severity="warning")
            return
        self._from_thread(self.app.say, f"Opened {opened}", timeout=3)

    def action_copy_url(self) -> None:
        url = self.current_url()
        if not url:
            self.app.say("No URL to copy", severity="warning", timeout=2)
            return
        self.app.copy_to_clipboard(url)
        self.app.say(f"Copied {url}", timeout=3)

    # -- session ----------------------------------------------------------------------------
    def session_values(self) -> dict[str, str]:
        values = self.state.to_session()
        values |= session_item(CURSOR, self.cursor_id or "")
        values |= session_item(CURSOR_ROW, str(self.articles.cursor))
        values |= session_item("sidebar", "" if self.sidebar_choice is None else "1" if self.sidebar_choice else "0")
        values |= session_item("collapsed", ",".join(sorted(self.sidebar.collapsed)))
        return values

    def save_session_soon(self) -> None:
        """The place changed: the keeper writes it once things have been still for a moment."""
        self.keeper.changed(self.session_values())

    def save_session(self) -> None:
        self.keeper.changed(self.session_values())
        error = self.keeper.flush()
        if error:
            self.app.say(error, severity="error")

    def close(self) -> None:
        """Before the app exits: keep the place, stop the workers from calling back. (The
        workers' connection is closed by the app once their threads have ended.)"""
        if self._shutting_down:
            return
        self.save_session()
        self._shutting_down = True

    def on_unmount(self) -> None:
        self.close()
        self.app.resume_gc()


class _Cancelled(Exception):
    """Raised from the progress callback to stop an index run when the app quits."""
