"""The small pieces under the app: history, the view state, count updates, safe text."""

from __future__ import annotations

from datetime import UTC, datetime

from reader.formats import ago
from reader.query import Count, Counts, Query, Row
from reader.tui.history import History, Location
from reader.tui.text import line, plain
from reader.tui.view_state import ViewState
from reader.tui.widgets.page import breadcrumb
from reader.tui.widgets.sidebar import adjust_counts


def test_history_back_forward_and_a_new_branch():
    history = History()
    a, b, c = (Location(t, article_id=t) for t in "abc")
    history.reset(a)
    history.push(b)
    history.push(b)  # following the page you are on adds nothing
    history.push(c)
    assert [loc.title for loc in history.locations] == ["a", "b", "c"]
    assert history.back() == b and history.back() == a and history.back() is None
    assert history.forward() == b
    history.push(a)  # a new branch from b drops c
    assert [loc.title for loc in history.locations] == ["a", "b", "a"] and not history.can_go_forward


def test_view_state_becomes_a_query_and_survives_the_session_round_trip():
    state = ViewState(view="topic:AI", provider="AWS", unread_only=True).with_search("sage")
    # The box speaks the query language: its text is the query's expression.
    assert state.query() == Query(topics=("AI",), providers=("AWS",), read=False, expression="sage", sort="relevance")
    assert ViewState.from_session(state.to_session()) == state
    assert state.with_search("").sort == "date", "ending a search restores the sort it replaced"
    assert ViewState(view="starred").query().starred
    assert ViewState.from_session({"tui.view": "bogus", "tui.sort": "sideways"}, "quality") == ViewState(sort="quality")


def test_sort_cycles_through_relevance_only_while_searching():
    state = ViewState()
    seen = [state.sort]
    for _ in range(3):
        state = state.next_sort()
        seen.append(state.sort)
    assert seen == ["date", "newest", "quality", "date"]
    searching = ViewState().with_search("x")
    assert [searching.next_sort().sort, searching.next_sort().next_sort().next_sort().next_sort().sort] == ["date", "relevance"]


def test_counts_follow_one_mark_without_a_query():
    counts = Counts(10, 7, 1, (Count("AI", 5, 4), Count("Cars", 2, 2)), (Count("AWS", 3, 3, "aws.amazon.com"),))
    row = Row(1, "id", "t", None, "AWS", "aws.amazon.com", None, None, None, "p", read=False, starred=False, topics=("AI",))
    after = adjust_counts(counts, row, read=True)
    assert (after.unread, after.topics[0].unread, after.topics[1].unread, after.providers[0].unread) == (6, 3, 2, 2)
    assert adjust_counts(counts, row, read=False) is counts, "no change, no new counts"
    assert adjust_counts(counts, row, starred=True).starred == 2


def test_seed_text_is_plain_and_inert():
    content = plain("[bold]x[/bold] \x1b[31m\x9b\u202e")
    assert content.plain == "[bold]x[/bold] [31m" and not content.spans
    assert line("a\n\n b\tc") == "a b c"


def test_days_ago_counts_local_calendar_days():
    now = datetime(2024, 1, 15, 12, tzinfo=UTC)
    assert ago(datetime(2024, 1, 15, 0, 1, tzinfo=UTC), now) == "today"
    assert ago(datetime(2024, 1, 14, 23, 59, tzinfo=UTC), now) == "yesterday"
    assert ago(datetime(2023, 1, 15, tzinfo=UTC), now) == "365 days ago"
    assert ago(None, now) == ""


def test_the_breadcrumb_fits_its_width_and_marks_where_you_are():
    short = breadcrumb(["First article here", "Second", "Third"], 1, 30)
    assert short.cell_length <= 30 and "Second" in short.plain and short.plain.startswith("◂")
    long = breadcrumb([f"Article number {n}" for n in range(8)], 7, 30)
    assert long.cell_length <= 30 and long.plain.startswith("…"), "the oldest steps give way"
    assert long.plain.endswith("Article…") or "Article" in long.plain[-10:]
