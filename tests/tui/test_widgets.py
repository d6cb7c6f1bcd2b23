"""Each widget on its own, in a bare app: the detail pane's history, the search box's pause,
the list's positions. What the main screen adds is only the wiring between them."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.app import App
from textual.message import Message
from textual.notifications import Notify

from reader.errors import NotFound
from reader.query import ArticleDetail, Query, RelatedEntry, Row
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.detail import DetailView
from reader.tui.widgets.search import SearchBar
from tui_helpers import stale_rows, wait_for

NOW = datetime(2024, 1, 15, 12, 0, tzinfo=UTC)


def _row(n: int, **changes) -> Row:
    values = dict(n=n, id=f"id{n}", title=f"Title {n}", published=None, provider="P", domain=None, quality=None,
                  heat=None, url=f"https://example.com/{n}", path="", read=False, starred=False)
    return Row(**(values | changes))


def _entry(title: str, article_id: str | None) -> RelatedEntry:
    return RelatedEntry(0, title, "https://example.com/" + title, None, None, None, None, None, (), article_id, None)


def _detail(row: Row, related=()) -> ArticleDetail:
    return ArticleDetail(row, None, "Body.", None, None, None, None, None, (), (), tuple(related))


class Host(App):
    """One widget, and every message that reached the app."""

    def __init__(self, widget) -> None:
        super().__init__()
        self.widget = widget
        self.seen: list[Message] = []

    def compose(self):
        yield self.widget


def _record(app: Host):
    """A message_hook: each message once (the hook sees it at every node it bubbles through)."""
    ids: set[int] = set()

    def hook(message: Message) -> None:
        if id(message) not in ids:
            ids.add(id(message))
            app.seen.append(message)

    return hook


def _said(app: Host) -> list[str]:
    return [m.notification.message for m in app.seen if isinstance(m, Notify)]


# -- the detail pane ------------------------------------------------------------------------
A, B = _row(1, title="A"), _row(2, title="B")
ARTICLES = {
    "id1": _detail(A, [_entry("B", "id2"), _entry("Elsewhere", None)]),
    "id2": _detail(B, [_entry("A", "id1")]),
}


def _load(article_id: str) -> ArticleDetail:
    if article_id not in ARTICLES:
        raise NotFound(f"no article with id {article_id!r}")
    return ARTICLES[article_id]


def _locations(app: Host) -> list[tuple[str, bool]]:
    return [(m.location.title, m.opened) for m in app.seen if isinstance(m, DetailView.LocationChanged)]


async def test_the_detail_pane_keeps_its_own_history_and_says_where_it_went():
    view = DetailView(_load, lambda: NOW)
    app = Host(view)
    async with app.run_test(size=(100, 30), message_hook=_record(app)) as pilot:
        await view.preview("id1")
        await view.follow_number(1)  # B, cached
        await view.follow_number(1)  # A again: cycles just grow the trail
        await view.back()
        await view.back()
        await view.follow_number(2)  # not cached: a page of the entry's own data
        await pilot.pause()
        assert [loc.title for loc in view.history.locations] == ["A", "Elsewhere"], "following drops the forward part"
        assert view.detail is None and view.entry.title == "Elsewhere"
        assert _locations(app) == [("A", False), ("B", True), ("A", True), ("B", False), ("A", False), ("Elsewhere", True)]
        await view.back()
        await view.forward()
        await view.forward()
        await view.follow_number(5)
        await pilot.pause()
        assert _said(app) == ["Nothing to go forward to", "No link 5 here"]
        await view.preview("id1")  # a new article under the cursor: a fresh history
        assert [loc.title for loc in view.history.locations] == ["A"] and not view.history.can_go_back


async def test_the_detail_pane_says_when_an_article_cannot_be_shown_and_stays_put():
    view = DetailView(_load, lambda: NOW)
    app = Host(view)
    async with app.run_test(size=(100, 30), message_hook=_record(app)) as pilot:
        await view.open("id2")
        await view.open("gone")
        await pilot.pause()
        assert view.detail.row.title == "B" and len(view.history.locations) == 1
        assert _said(app) == ["no article with id 'gone'"]
        view.update_marks("id2", read=True)
        assert view.detail.row.read and "read" in view.query_one("#head").render().plain


async def test_the_detail_pane_follows_the_cursor_once_the_keys_pause():
    view = DetailView(_load, lambda: NOW)
    app = Host(view)
    async with app.run_test(size=(100, 30), message_hook=_record(app)) as pilot:
        view.follow_cursor("id1")
        view.follow_cursor("id2")  # j again before the pause: only this one is drawn
        assert view.preview_pending == "id2"
        await wait_for(pilot, lambda: view.preview_pending is None, what="the preview")
        await pilot.pause()
        assert view.detail.row.title == "B"
        assert _locations(app) == [("B", False)], "the article passed over was never loaded"
        view.follow_cursor("id1")
        view.follow_cursor(None)  # the list emptied: nothing to follow
        assert view.preview_pending is None


def _note(view: DetailView) -> str:
    return view.query_one("#full-text-note").render().plain


async def test_the_detail_pane_fetches_the_full_text_in_its_own_worker_and_shows_why_not():
    def fetch(target):
        assert target.article_id == "id2" and target.url == "https://example.com/2"
        return None, "no such page (HTTP 404)"

    def broken(target):
        raise ConnectionResetError("connection reset\nby peer")

    view = DetailView(_load, lambda: NOW, fetch=fetch)
    app = Host(view)
    async with app.run_test(size=(100, 30)) as pilot:
        await view.open("id2")
        view.fetch_full_text()
        assert _note(view) == "fetching the full text from example.com…"
        await app.workers.wait_for_complete()
        await wait_for(pilot, lambda: not view.text.fetching, what="the fetch to end")
        assert _note(view) == "no full text: no such page (HTTP 404)"
        assert "Body." in view.query_one("#article-body").render().plain, "the file's own text stays"
        view._fetch = broken
        view.fetch_full_text()
        await app.workers.wait_for_complete()
        await wait_for(pilot, lambda: not view.text.fetching, what="the fetch to end")
        assert _note(view) == "no full text: connection reset", "one line, not a traceback"


async def test_a_link_chosen_in_the_pane_is_followed_by_the_pane_and_the_keys_stay_there():
    view = DetailView(_load, lambda: NOW)
    app = Host(view)
    async with app.run_test(size=(100, 30), message_hook=_record(app)) as pilot:
        await view.open("id1")
        await pilot.pause()
        view.links[0].focus()  # Related: B
        await pilot.press("enter")
        await wait_for(pilot, lambda: view.detail is not None and view.detail.row.title == "B", what="B shown")
        assert [loc.title for loc in view.history.locations] == ["A", "B"]
        assert _locations(app) == [("A", True), ("B", True)]
        assert view.pane.has_focus
        await view.go(-1)
        assert view.detail.row.title == "A" and view.history.can_go_forward


async def test_an_opened_article_without_a_body_has_its_page_fetched_when_so_configured():
    bodiless = ArticleDetail(_row(3, title="C"), None, "", None, None, None, None, None, (), (), ())
    articles = {"id2": ARTICLES["id2"], "id3": bodiless}
    fetched: list[str] = []

    def fetch(target):
        fetched.append(target.article_id)
        return None, "no such page (HTTP 404)"

    view = DetailView(articles.__getitem__, lambda: NOW, fetch=fetch, on_open="on_open")
    app = Host(view)
    async with app.run_test(size=(100, 30)) as pilot:
        await view.preview("id3")  # the cursor passing over it: not opened
        await view.open("id2")  # it has a body of its own
        await app.workers.wait_for_complete()
        assert fetched == []
        await view.open("id3")
        await app.workers.wait_for_complete()
        await wait_for(pilot, lambda: not view.text.fetching, what="the fetch to end")
        assert fetched == ["id3"] and _note(view) == "no full text: no such page (HTTP 404)"
        view._on_open = "never"
        await view.open("id3")
        await app.workers.wait_for_complete()
        assert fetched == ["id3"], "never: only F fetches"


# -- the search box ---------------------------------------------------------------------------
def _search_messages(app: Host) -> list[tuple[str, str]]:
    kinds = (SearchBar.Changed, SearchBar.Submitted, SearchBar.Cancelled)
    return [(type(m).__name__, getattr(m, "value", getattr(m, "previous", None))) for m in app.seen if isinstance(m, kinds)]


# A debounce far longer than a key takes even on a loaded machine: what these tests check is
# which messages come, not how fast; a pause that must pass is waited for, never slept.
TYPING_PAUSE = 2.0


async def _until_searched(pilot, app: Host, count: int) -> list[tuple[str, str]]:
    await wait_for(pilot, lambda: len(_search_messages(app)) >= count, timeout=TYPING_PAUSE + 10)
    return _search_messages(app)


async def test_the_search_box_waits_for_typing_to_pause_and_puts_the_old_search_back():
    bar = SearchBar(delay=TYPING_PAUSE)
    app = Host(bar)
    async with app.run_test(size=(80, 5), message_hook=_record(app)) as pilot:
        bar.open("before")
        await pilot.press(*"sage")  # quicker than the pause, as a person types
        assert await _until_searched(pilot, app, 1) == [("Changed", "sage")], "one search for the word, not one a letter"
        await pilot.press("x", "escape")
        assert (await _until_searched(pilot, app, 2))[1:] == [("Cancelled", "before")]
        assert not bar.pending, "no results for a search left with Escape"
        assert bar.input.value == "before" and bar.has_class("-shown")
        bar.open("before")
        await pilot.press("backspace", "enter")
        assert (await _until_searched(pilot, app, 3))[2:] == [("Submitted", "befor")]
        assert not bar.pending


async def test_a_search_box_emptied_and_left_hides_itself():
    bar = SearchBar(delay=TYPING_PAUSE)
    app = Host(bar)
    async with app.run_test(size=(80, 5), message_hook=_record(app)) as pilot:
        bar.open("")
        await pilot.press("a", "backspace", "down")
        assert await _until_searched(pilot, app, 1) == [("Submitted", "")]
        assert not bar.pending and not bar.has_class("-shown")


async def test_a_query_that_does_not_parse_is_never_searched_and_enter_keeps_the_box():
    bar = SearchBar(delay=0.01)
    app = Host(bar)

    def problems() -> list[str]:
        return [m.text for m in app.seen if isinstance(m, SearchBar.Problem)]

    async with app.run_test(size=(80, 5), message_hook=_record(app)) as pilot:
        bar.open("")
        await pilot.press(*"quality>=")
        await wait_for(pilot, lambda: problems(), what="the problem")
        assert problems()[-1].endswith("— the list is the last good query's")
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(problems()) >= 2, what="the problem again")
        searched = _search_messages(app)
        assert ("Changed", "quality>=") not in searched, "not searched"
        assert all(kind == "Changed" for kind, _value in searched), "nor left"
        assert bar.input.has_focus and bar.input.value == "quality>="
        await pilot.press(*"60", "enter")
        assert (await _until_searched(pilot, app, len(searched) + 1))[-1] == ("Submitted", "quality>=60")
        assert problems()[-1] == ""  # the status line shows the filters again
        await pilot.press("backspace", "backspace")  # "quality>=": a problem again
        await wait_for(pilot, lambda: problems()[-1] != "", what="the problem")
        bar.clear()  # x: the box emptied, the problem gone with the query
        await wait_for(pilot, lambda: problems()[-1] == "", what="no problem")
        assert bar.input.value == "" and not bar.has_class("-shown") and not bar.pending


# -- the article list ---------------------------------------------------------------------------
async def test_a_mark_redraws_its_own_line_after_a_stale_row_left_the_list():
    rows = {n: _row(n) for n in range(200)}
    articles = ArticleList(lambda ns: {n: rows[n] for n in ns if n in rows})
    app = Host(articles)
    async with app.run_test(size=(100, 30)) as pilot:
        articles.focus()
        articles.set_ids(list(range(200)))
        await pilot.pause()
        articles.update_row("id2", read=True)  # read while "unread only": stays until the cursor leaves
        articles.mark_stale("id2")
        articles.move_to(2)
        articles.move_to(3)  # leaves it: row 2 goes, the rest move up
        await pilot.pause()
        assert articles.ids[:4] == [0, 1, 3, 4] and articles.cursor == 2
        assert articles.index_of(5) == 4 and articles.index_of(2) is None
        articles.update_row("id5", starred=True)
        await pilot.pause()
        assert stale_rows(app) == [], "the starred row is redrawn where it is now"
        assert articles.row_at(4).starred


async def test_marks_redraw_their_rows_and_one_that_leaves_the_view_goes_once_the_cursor_does():
    rows = {n: _row(n) for n in range(20)}
    fetched: list[int] = []

    def fetch(ns):
        fetched.extend(ns)
        return {n: rows[n] for n in ns if n in rows}

    articles = ArticleList(fetch)
    app = Host(articles)
    async with app.run_test(size=(100, 30)) as pilot:
        articles.focus()
        articles.query = Query(read=False)  # unread only
        articles.set_ids(list(range(20)))
        await pilot.pause()
        articles.marked([rows[0], rows[1]], "read", True)
        await pilot.pause()
        assert articles.row_at(0).read and articles.row_at(1).read and stale_rows(app) == []
        articles.marked([rows[1]], "read", False)  # put back: it belongs in the view again
        articles.move_to(3)  # the cursor leaves row 0: it goes
        await pilot.pause()
        assert articles.ids[:2] == [1, 2] and stale_rows(app) == []
        articles.set_mode(True)  # Stories: a story row's marker comes from all its articles
        articles.set_ids(list(range(20)))
        await pilot.pause()
        before = len(fetched)
        articles.marked([rows[2]], "starred", True)
        await pilot.pause()
        assert len(fetched) > before, "the story rows are fetched again"
