"""The main screen: the sidebar, the search box, the article list and the detail pane, wired
together. Each widget owns what it shows (the pane its history, the links followed, preview
and full text; the search box its pause; the list its id lists, rows and marked rows; the
sidebar its counts and the picker waiting for them); three helpers that show nothing own a
flow each (Refresher, Marker, Counter), and `StartUp` the order things start in; `Viewing`
holds the view state and the session's values. The screen turns their messages into a new
view state and asks for what that needs.

Slow work runs in thread workers on a connection of their own and posts a message back
(reader/tui/messages.py); a failed worker is reported by one handler, `_worker_failed`.
"""

from __future__ import annotations

from textual import events, on
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from reader.library import Library
from reader.marks import Change
from reader.query import Row
from reader.tui import keys
from reader.tui.background import BackgroundLibrary
from reader.tui.counting import Counter
from reader.tui.marking import Marker
from reader.tui.messages import CountsLoaded, FeedCountsLoaded, SavedCountsLoaded, WorkerFailed
from reader.tui.refresh import Refresher
from reader.tui.textual_private import use_cropping_compositor
from reader.tui.panes import next_pane
from reader.tui.picking import open_feed_picker, open_picker
from reader.tui.session import SessionKeeper
from reader.tui.startup import StartUp
from reader.tui.view_state import ViewState
from reader.tui.viewing import Viewing
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.detail import DetailPane, DetailView, LinkItem
from reader.tui.widgets.keybar import KeyBar
from reader.tui.widgets.search import SearchBar
from reader.tui.widgets.sidebar import Sidebar
from reader.tui.widgets.status import StatusLine

WIDE = 120  # columns from which the three panes sit side by side
_UNDER_WAY = (WorkerState.PENDING, WorkerState.RUNNING)  # a worker just asked for has not started yet


class MainScreen(Screen, inherit_bindings=False):
    BINDINGS = keys.MAIN

    def __init__(self, library: Library, paths: tuple[str, ...], keeper: SessionKeeper, saved: dict[str, str]) -> None:
        super().__init__()
        use_cropping_compositor(self)  # a partial repaint draws only what changed
        self.library = library
        self.paths = paths
        self.keeper = keeper
        self.saved_session = saved  # the session as the app found it
        self.viewing = Viewing(saved, library.settings.sort, library.settings.views)
        self._background = BackgroundLibrary(library.paths)
        self._resumed = False

    @property
    def state(self) -> ViewState:
        return self.viewing.state

    @property
    def counts(self):
        """The sidebar's counts: None until the first have come."""
        return self.sidebar.counts

    @property
    def scanning(self) -> bool:
        return self.refresher.scanning

    @property
    def marking(self) -> bool:
        return self.marker.marking

    @property
    def busy(self) -> bool:
        """Anything still on its way: a scan, an id list, counts, the preview of the cursor row."""
        running = any(self._owns(worker) for worker in self.app.workers if worker.state in _UNDER_WAY)
        return (
            self.scanning or self.marking or self.articles.waiting or self.detail.preview_pending is not None
            or self.search_bar.pending or running
        )

    def _owns(self, worker: Worker) -> bool:
        """A worker of this screen's or of one of its widgets'."""
        return worker.node is self or self in worker.node.ancestors

    # -- layout -----------------------------------------------------------------------------
    def compose(self):
        # Kept as attributes: the session is saved as the screen unmounts, after its children.
        self.sidebar = Sidebar(id="sidebar")
        # The layout is chosen before the panes mount, so they are styled once: a class added
        # once they are up restyles every widget (~20M instructions on an 80-column terminal).
        self._layout(restyle=False)
        self.articles = ArticleList(self.library.rows, self._background, story_fetch=self.library.story_list_rows, id="articles")
        self.detail = DetailView(
            self.library.article, self.app.now, full_text=self.library.full_text, fetch=self._background.fetch_full_text,
            on_open=self.library.settings.full_text, id="detail",
        )
        self.status = StatusLine(id="status")
        self.search_bar = SearchBar(id="search-bar")
        self.refresher = Refresher(self.library, self.paths, self.refresh_everything)
        self.marker = Marker(self.library, self._background, self._marks_settled)
        self.counter = Counter(self._background, lambda: self.library.settings.views)
        self.startup = StartUp(self.library, self.viewing, self.articles, self.refresher, self.counter, counted=self._show_count)
        with Horizontal(id="body"):
            yield self.sidebar
            with Horizontal(id="panes"):
                with Vertical(id="list-pane"):
                    yield self.search_bar
                    yield self.articles
                yield self.detail
        yield self.status
        yield KeyBar(id="keys")
        yield self.refresher
        yield self.marker
        yield self.counter

    @property
    def narrow(self) -> bool:
        return self.app.size.width < WIDE

    def _layout(self, restyle: bool = True) -> None:
        self.set_class(self.narrow, "-narrow", update=restyle)
        self.sidebar.display = shown = self.viewing.sidebar_shown(self.narrow)
        if not shown and self.sidebar.has_focus:
            self.articles.focus()

    def on_resize(self) -> None:
        self._layout()

    # -- start-up ---------------------------------------------------------------------------
    @on(events.ScreenResume)
    def _first_resume(self, event: events.ScreenResume) -> None:
        """The first resume keeps the styles the widgets got as they mounted (a class or theme
        set since restyles what it touches): Textual would work out every widget's again,
        ~20M instructions before the first frame. Later resumes (a dialog closed) restyle."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_mount(self) -> None:
        if self.viewing.notice:
            self.app.say(self.viewing.notice, severity="warning", timeout=10)
        self.sidebar.set_collapsed(self.viewing.collapsed)
        self.sidebar.set_saved(list(self.library.settings.views))
        self.search_bar.show_value(self.state.search)
        self._show_state()
        self.startup.first_frame()  # one page now; the rest once it is painted
        self.articles.focus()

    @on(ArticleList.Painted)
    def _painted(self) -> None:
        self.startup.painted()

    def _show_count(self, count: int) -> None:
        """The list's length; a search made while a first index still builds the search index
        finds nothing yet, and says so (the list is loaded again when the index is done)."""
        pending = self.library.search_pending(self.articles.query)
        self.status.show(count=count, note="search is ready when indexing ends" if pending else "")

    # -- workers and what they post -----------------------------------------------------------
    def _reload(self, keep_id: str | None = None, fallback: int | None = None) -> None:
        self.articles.load(self.state.query(), keep_id, fallback, stories=self.state.stories)

    @on(ArticleList.Loaded)
    def _list_loaded(self, event: ArticleList.Loaded) -> None:
        self._show_count(event.count)
        if not event.count:
            self.call_later(self.detail.show_nothing, "No article selected")

    @on(FeedCountsLoaded)
    def _feed_counts_loaded(self, message: FeedCountsLoaded) -> None:
        self.sidebar.set_feeds(message.feeds, message.counts)
        if self.state.feed:
            self._show_state()  # the status line names the feed now that its title is known

    @on(SavedCountsLoaded)
    def _saved_counts_loaded(self, message: SavedCountsLoaded) -> None:
        self.sidebar.set_saved_counts(message.counts)

    @on(CountsLoaded)
    def _counts_loaded(self, message: CountsLoaded) -> None:
        self.sidebar.set_counts(message.counts)  # and opens a picker waiting for them

    def action_feeds(self) -> None:
        from reader.tui.screens.feeds import open_feeds  # a screen the first frame does without

        open_feeds(self.app, self.library)

    @on(WorkerFailed)
    def _worker_failed(self, message: WorkerFailed) -> None:
        """Every worker's failure, in one place (the helpers' and the list's: the screen has
        none of its own): its node says what could not be done, and puts things back as if
        it had not been asked."""
        worker = message.worker
        if worker.group == "counts":
            self.sidebar.cancel_pick()
        worker.node.failed(worker.group, message.text)

    # -- rescan ---------------------------------------------------------------------------
    def action_rescan(self) -> None:
        self.refresher.start(announce=True)  # fetches, then indexes

    @on(Refresher.Status)
    def _refresh_status(self, message: Refresher.Status) -> None:
        self.status.show(scan=message.text)

    def refresh_everything(self) -> None:
        """New data underneath (a rescan, a whole view's marks): the article shown is read again too."""
        self._fetch_again()
        self.call_later(self.detail.reload)

    def _fetch_again(self) -> None:
        """Rows and counts fetched again (the list redraws them), the cursor kept on its article."""
        self.articles.forget_rows()
        self._reload(keep_id=self.viewing.cursor_id, fallback=self.articles.cursor)
        self.counter.count()

    # -- the view state ---------------------------------------------------------------------
    def _set_state(self, state: ViewState) -> None:
        if not self.viewing.change(state):
            return
        self._show_state()
        self._reload(keep_id=self.viewing.cursor_id, fallback=0)
        self.save_session_soon()

    def _show_state(self) -> None:
        self.sidebar.set_selection(self.state.view, self.state.provider, self.state.stories)
        feed_names = {url: name for url, (name, _count) in self.sidebar.feeds.items()}
        self.status.show(filters=self.state.describe(feed_names), sort=self.state.sort_label, noun="story" if self.state.stories else "article")

    def action_toggle(self, name: str) -> None:
        """v ("stories") or u ("unread_only"): that part of the view on or off."""
        self._set_state(self.state.but(**{name: not getattr(self.state, name)}))

    def action_clear_filters(self) -> None:
        if self.search_bar.input.has_focus:
            self.articles.focus()
        self.search_bar.clear()
        self._set_state(self.state.cleared())

    def action_cycle_sort(self) -> None:
        self._set_state(self.state.next_sort())
        self.app.say(f"Sorted by {self.state.sort_label}", timeout=2)

    @on(Sidebar.Selected)
    def _sidebar_selected(self, event: Sidebar.Selected) -> None:
        entry = event.entry
        if entry.kind == "section":
            self.save_session_soon()
        else:
            self._set_state(self.state.toggled(entry.kind, entry.key, self.library.settings.views.get(entry.key, "")))

    # -- pickers: the sidebar opens one once it has the names ---------------------------------
    def action_pick(self, kind: str) -> None:
        """t ("topic"), f ("provider"), l ("feed"): the feeds are known without counting."""
        if kind != "feed":
            self.sidebar.pick(kind)
        elif not self.sidebar.feeds:
            self.app.say("No feeds yet: `reader feeds add URL` or `reader feeds import FILE.opml`")
        else:
            open_feed_picker(self.app, self.sidebar.feeds, self.state.feed, lambda url: self._set_state(self.viewing.picked("feed", url)))

    @on(Sidebar.CountsWanted)
    def _counts_wanted(self) -> None:
        if not self.counter.counting:
            self.counter.count()

    @on(Sidebar.PickerWanted)
    def _picker_wanted(self, event: Sidebar.PickerWanted) -> None:
        kind = event.kind

        def chosen(name: str | None) -> None:
            self._set_state(self.viewing.picked(kind, name))
            if kind == "topic":
                self.sidebar.move_to("topic", name)

        open_picker(self.app, kind, event.names, self.state.topic if kind == "topic" else self.state.provider, chosen)

    # -- search -----------------------------------------------------------------------------
    def action_search(self) -> None:
        self.search_bar.open(self.state.search)

    @on(SearchBar.Problem)
    def _search_problem(self, message: SearchBar.Problem) -> None:
        self.status.show(problem=message.text)

    @on(SearchBar.Changed)
    def _search_changed(self, event: SearchBar.Changed) -> None:
        self._set_state(self.state.with_search(event.value))

    @on(SearchBar.Submitted)
    @on(SearchBar.Cancelled)
    def _search_left(self, event: SearchBar.Submitted | SearchBar.Cancelled) -> None:
        self._set_state(self.state.with_search(event.value if isinstance(event, SearchBar.Submitted) else event.previous))
        self.articles.focus()

    # -- saved views ------------------------------------------------------------------------
    def action_save_view(self) -> None:
        from reader.tui.saved_views import ask_and_save  # the prompt and config writing: when asked

        ask_and_save(self.app, self.library, self.state, self._views_saved)

    def _views_saved(self, names: list[str]) -> None:
        self.sidebar.set_saved(names)
        self.counter.count()

    def action_escape(self) -> None:
        focused = self.focused
        if focused is not None and (isinstance(focused, (DetailPane, LinkItem)) or focused is self.sidebar):
            self.articles.focus()
        elif self.state.search:
            self.search_bar.clear()
            self.articles.focus()
            self._set_state(self.state.with_search(""))

    # -- panes ------------------------------------------------------------------------------
    def action_next_pane(self, step: int) -> None:
        panes = [self.sidebar] * self.sidebar.display + [self.articles, self.detail.pane]
        next_pane(panes, self.focused, self.articles, step).focus()

    def action_toggle_sidebar(self) -> None:
        self.viewing.sidebar_choice = not self.sidebar.display
        self._layout()
        if self.sidebar.display:
            self.sidebar.focus()
        self.save_session_soon()

    # -- the list and the detail pane -----------------------------------------------------------
    @on(ArticleList.Highlighted)
    def _highlighted(self, event: ArticleList.Highlighted) -> None:
        if event.row is not None:
            self.viewing.cursor_id = event.row.id
        self.save_session_soon()
        self.detail.follow_cursor(event.row.id if event.row is not None else None)

    @on(ArticleList.Opened)
    async def _opened(self, event: ArticleList.Opened) -> None:
        await self.detail.open(event.row.id)  # from a fresh history; the pane says it was opened
        if event.focus:
            self.detail.pane.focus()

    @on(DetailView.LocationChanged)
    def _location_changed(self, event: DetailView.LocationChanged) -> None:
        if event.opened and event.detail is not None:
            self.marker.opened(event.detail.row)

    def action_full_text(self) -> None:
        self.detail.fetch_full_text()

    async def action_follow(self, number: int) -> None:
        await self.detail.follow_number(number)

    async def action_go(self, step: int) -> None:
        await self.detail.go(step)  # back (-1) or forward (1) through the links followed

    def action_step_unread(self, step: int) -> None:
        self.articles.step_unread(step)  # n (1), p (-1)

    # -- marks ----------------------------------------------------------------------------
    def current_row(self) -> Row | None:
        """What r, s, o and y act on (see DetailView.row_or)."""
        return self.detail.row_or(self.articles.current)

    def current_url(self) -> str | None:
        return self.detail.url_or(self.articles.current)

    def action_toggle_mark(self, flag: str) -> None:
        self.marker.toggle(flag, self.current_row())

    def action_mark_all_read(self) -> None:
        self.marker.mark_all_read(list(self.articles.ids), stories=self.articles.stories)

    def action_undo(self) -> None:
        self.marker.undo()

    @on(Marker.Marked)
    def _marked(self, message: Marker.Marked) -> None:
        """Each widget that shows the articles updates its own rows and counts; the saved
        views' counts are asked again, as which views hold an article only a query can tell."""
        rows, flag, value = message.rows, message.flag, message.value
        self.sidebar.marked(rows, flag, value, message.change.previous)
        self.articles.marked(rows, flag, value)
        self.detail.marked(rows, flag, value)
        self.counter.count_saved()

    def _marks_settled(self, _change: Change, _undone: bool) -> None:
        """A whole view marked, or a change put back: everything shown is fetched again, once
        (the list's rows, the counts, and the pane's article with the marks of its Same story
        and Related links), not patched one by one: which of them changed only the state knows."""
        self.refresh_everything()

    @on(Marker.Status)
    def _marker_status(self, message: Marker.Status) -> None:
        self.status.show(work=message.text)

    # -- links out --------------------------------------------------------------------------
    def action_open_original(self) -> None:
        self.app.open_in_browser(self.current_url())

    def action_copy_url(self) -> None:
        self.app.copy_url(self.current_url())

    # -- session ----------------------------------------------------------------------------
    def session_values(self) -> dict[str, str]:
        return self.viewing.session_values(self.articles.cursor, self.sidebar.collapsed)

    def save_session_soon(self) -> None:
        """The one place every change the session keeps goes through (view state, cursor,
        sidebar shown, sections folded): the keeper writes it once things have been still for
        a moment, from its own thread."""
        self.keeper.changed(self.session_values())

    def on_unmount(self) -> None:
        """Keep the place and close the workers' connection (Textual cancels the workers as
        the screen goes; one in a query finishes it first, as Library.close waits for it).
        The keeper is closed (written out) here: nothing after this screen changes the place."""
        self.keeper.changed(self.session_values())
        error = self.keeper.close()
        if error:
            self.app.say(error, severity="error")
        self._background.close()
        self.app.resume_gc()
