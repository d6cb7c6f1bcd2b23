"""Read and star marks: toggles, counts that follow at once, mark-all with undo, and the
article that stays under the cursor in an unread-only view."""

from __future__ import annotations

from reader.library import Library
from tui_helpers import current_title, listed_rows, press, settle, titles


def sidebar_count(app, kind: str, key: str) -> str:
    sidebar = app.main.sidebar
    entry = sidebar.entries[sidebar.index_of(kind, key)]
    return f"{entry.unread}/{entry.total}" if entry.unread is not None and entry.total is not None else str(entry.unread if entry.unread is not None else entry.total)


async def test_r_toggles_read_and_the_sidebar_counts_follow_at_once(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        row = app.main.articles.current
        assert not row.read and sidebar_count(app, "view", "all") == "5/5"
        topic = row.topics[0]
        before = sidebar_count(app, "topic", topic)
        await pilot.press("r")  # no settling: the counts change with the key, not after a query
        assert app.main.articles.current.read
        assert sidebar_count(app, "view", "all") == "4/5"
        assert sidebar_count(app, "view", "unread") == "4"
        assert sidebar_count(app, "topic", topic) != before
        assert "read" in app.main.detail.query_one("#head").render().plain
        await press(pilot, "r")
        assert not app.main.articles.current.read and sidebar_count(app, "view", "all") == "5/5"


async def test_s_toggles_the_star(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        assert app.main.articles.current.starred
        assert sidebar_count(app, "view", "starred") == "1"
        assert "★ starred" in app.main.detail.query_one("#head").render().plain
        await press(pilot, "s")
        assert not app.main.articles.current.starred and sidebar_count(app, "view", "starred") == "0"


async def test_marks_are_stored_when_made(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        title = current_title(app)
        await press(pilot, "r", "s")
        other = Library(app.library.paths)  # another process's view of the same home and PATH
        try:
            row = next(r for r in other.list(app.main.state.query()) if r.title == title)
            assert row.read and row.starred
        finally:
            other.close()


async def test_mark_all_read_marks_the_view_and_undo_puts_it_back(make_app, corpus):
    app = make_app(corpus)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "r")  # one read before: undo must leave it read
        await press(pilot, "t", *"vision", "enter")
        titles(app)  # fetch every row of the view
        unread_here = sum(not row.read for row in listed_rows(app))
        assert app.main.counts.unread == 180 and unread_here > 0
        await press(pilot, "A")
        assert all(row.read for row in listed_rows(app))
        counts = app.main.counts
        assert next(c for c in counts.topics if c.name == "Computer Vision").unread == 0
        assert counts.unread == 180 - unread_here, "only this view was marked"
        await press(pilot, "U")
        counts = app.main.counts
        assert next(c for c in counts.topics if c.name == "Computer Vision").unread == unread_here
        assert counts.unread == 180, "undo restores exactly what mark-all changed"
        titles(app)  # fetch every row of the view again (the undo made the list fetch afresh)
        assert sum(not row.read for row in listed_rows(app)) == unread_here


async def test_in_unread_only_a_read_article_stays_until_the_cursor_leaves(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "u", "j")
        marked = current_title(app)
        await press(pilot, "r")
        assert current_title(app) == marked and len(titles(app)) == 5, "still there, so r can be undone in place"
        await press(pilot, "r", "r")  # a second r would bring it back: the user changes their mind twice
        await press(pilot, "j")
        assert marked not in titles(app) and len(titles(app)) == 4
        assert current_title(app) == titles(app)[1], "the cursor is on the article after the one that left"


async def test_undo_of_a_read_in_unread_only_brings_the_article_back(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "u")
        first = current_title(app)
        await press(pilot, "enter", "escape", "j")  # open (marks read), back to the list, move away
        assert first not in titles(app)
        await press(pilot, "U")
        assert first in titles(app)
        assert current_title(app) != first, "the cursor stays where it was"


async def test_mark_all_in_unread_only_empties_the_view_and_undo_refills_it(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "u", "j", "A")
        assert titles(app) == []
        await press(pilot, "U")
        assert len(titles(app)) == 5
        assert app.main.articles.cursor == 1, "and the cursor is back on its article"


def _pane_marks(app) -> tuple[str, list[str]]:
    """The detail pane's head, and the read markers of its Same story and Related links (those
    not in the library have none)."""
    detail = app.main.detail
    links = [link.parts[1].plain for link in detail.links if link.display]
    return detail.query_one("#head").render().plain, [mark for text in links for mark in "✓●" if mark in text]


async def test_mark_all_and_its_undo_redraw_the_list_and_the_whole_pane(make_app, seeds):
    """The pane shows more marks than its article's: the same story's other article and the
    related ones in the library, each read or unread. A whole view marked read (A) and put back
    (U) redraws all of them, not only the head."""
    app = make_app(seeds)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "j")  # the story of two articles: the other is in Same story
        assert app.main.detail.detail.same_story
        head, links = _pane_marks(app)
        assert "● unread" in head and links and set(links) == {"●"}
        await press(pilot, "A")
        assert all(row.read for row in listed_rows(app))
        head, links = _pane_marks(app)
        assert "· read" in head and "● unread" not in head and set(links) == {"✓"}
        await press(pilot, "U")
        assert not any(row.read for row in listed_rows(app))
        head, links = _pane_marks(app)
        assert "● unread" in head and set(links) == {"●"}
