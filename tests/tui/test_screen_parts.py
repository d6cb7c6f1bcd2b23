"""What moved out of the main screen, driven without it: the sidebar's picker waiting for the
counts, the pane cycling, and `Viewing` (the view state and the session's values)."""

from __future__ import annotations

from textual.app import App

from reader.query import Count, Counts, Row
from reader.tui.panes import next_pane
from reader.tui.view_state import ViewState
from reader.tui.viewing import Viewing
from reader.tui.widgets.sidebar import Sidebar
from tui_helpers import drain

COUNTS = Counts(10, 4, 1, (Count("AI", 6, 3), Count("Cloud", 4, 1)), (Count("AWS", 5, 2),))


class SidebarApp(App):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple] = []

    def compose(self):
        yield Sidebar(id="sidebar")

    def on_sidebar_counts_wanted(self, message: Sidebar.CountsWanted) -> None:
        self.seen.append(("counts wanted",))

    def on_sidebar_picker_wanted(self, message: Sidebar.PickerWanted) -> None:
        self.seen.append(("picker", message.kind, [c.name for c in message.names]))


async def test_a_picker_asked_for_before_the_counts_opens_when_they_come_asking_for_them_once():
    app = SidebarApp()
    async with app.run_test() as pilot:
        sidebar = app.query_one(Sidebar)
        sidebar.pick("topic")
        sidebar.pick("provider")  # pressed again meanwhile: the last one asked for opens
        await drain(pilot)
        assert app.seen == [("counts wanted",)]
        sidebar.set_counts(COUNTS)
        await drain(pilot)
        assert app.seen[1:] == [("picker", "provider", ["AWS"])]
        sidebar.pick("topic")  # with the counts known: at once
        await drain(pilot)
        assert app.seen[2:] == [("picker", "topic", ["AI", "Cloud"])]


async def test_a_picker_whose_counts_failed_stays_closed():
    app = SidebarApp()
    async with app.run_test() as pilot:
        sidebar = app.query_one(Sidebar)
        sidebar.pick("topic")
        sidebar.cancel_pick()
        sidebar.set_counts(COUNTS)
        await drain(pilot)
        assert app.seen == [("counts wanted",)]
        sidebar.pick("topic")
        await drain(pilot)
        assert app.seen[-1] == ("picker", "topic", ["AI", "Cloud"])


async def test_a_mark_moves_the_sidebar_counts_at_once_by_what_each_article_was():
    app = SidebarApp()
    async with app.run_test() as pilot:
        sidebar = app.query_one(Sidebar)
        a = Row(1, "a", "A", None, None, None, None, None, None, "p", read=False, starred=False, topics=("AI",))
        b = Row(2, "b", "B", None, "AWS", None, None, None, None, "p", read=False, starred=False)  # the list's copy: older
        sidebar.marked([a], "read", True, {"a": False})  # no counts yet: nothing to move
        assert sidebar.counts is None
        sidebar.set_counts(COUNTS)
        sidebar.marked([a, b], "read", True, {"a": False, "b": True})  # b was read already
        await drain(pilot)
        counts = sidebar.counts
        assert (counts.unread, counts.topics[0].unread, counts.providers[0].unread) == (3, 2, 2)
        assert "2/6" in " ".join(sidebar.render_line(y).text for y in range(len(sidebar.entries)))


async def test_the_sidebar_cursor_moves_onto_a_picked_topic_or_the_top():
    app = SidebarApp()
    async with app.run_test() as pilot:
        sidebar = app.query_one(Sidebar)
        sidebar.set_counts(COUNTS)
        sidebar.move_to("topic", "cloud")
        assert sidebar.entries[sidebar.cursor].key == "Cloud"
        sidebar.move_to("topic", None)
        assert sidebar.cursor == 0
        sidebar.move_to("topic", "gone")  # not listed: stays
        assert sidebar.cursor == 0
        await drain(pilot)


class _Pane:
    def __init__(self, name: str, parent: _Pane | None = None) -> None:
        self.name = name
        self.ancestors = [parent] if parent else []


def test_tab_goes_round_the_panes_from_the_one_holding_the_focus():
    sidebar, articles, detail = _Pane("sidebar"), _Pane("articles"), _Pane("detail")
    link = _Pane("link", parent=detail)  # a link inside the detail pane
    panes = [sidebar, articles, detail]
    assert next_pane(panes, articles, articles) is detail
    assert next_pane(panes, link, articles) is sidebar  # round from the pane the link is in
    assert next_pane(panes, sidebar, articles, -1) is detail
    assert next_pane(panes, None, articles) is detail  # nothing focused: as if on the list
    assert next_pane(panes[1:], _Pane("search box"), articles, -1) is detail


def test_viewing_round_trips_the_session_and_falls_back_on_a_view_gone():
    viewing = Viewing()
    assert viewing.state == ViewState() and viewing.sidebar_shown(narrow=True) is False
    assert viewing.change(viewing.state.but(view="topic:AI", unread_only=True))
    assert not viewing.change(viewing.state), "the same state again is no change"
    viewing.cursor_id, viewing.sidebar_choice = "abc", True
    saved = viewing.session_values(cursor_row=7, collapsed={"topics", "feeds", "bogus"})
    again = Viewing(saved | {"tui.collapsed": "topics,feeds,bogus"})
    assert again.state == viewing.state and again.cursor_id == "abc" and again.restore_row == 7
    assert again.sidebar_shown(narrow=True) is True and again.collapsed == {"topics", "feeds"}
    gone = Viewing(viewing.state.but(view="saved:Old").to_session(), views={})
    assert gone.state == ViewState() and gone.notice and "Old" in gone.notice


def test_a_picked_name_narrows_the_view_and_none_clears_it():
    viewing = Viewing()
    viewing.change(viewing.state.but(provider="AWS"))
    assert viewing.picked("topic", "AI") == viewing.state.but(view="topic:AI")
    assert viewing.picked("provider", None).provider is None
    viewing.change(viewing.picked("topic", "AI"))
    assert viewing.picked("topic", None).view == "all"
