"""Ordering, filters, search and counts: the rules both the CLI and the TUI show."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.library import Library
from reader.query import Query, fts_query


def _write(folder: Path, name: str, title: str, date: str | None = None, quality: float | None = None,
           topics: tuple[str, ...] = (), provider: str | None = None, body: str = "Body.",
           excerpt: str | None = None) -> None:
    lines = [f'title: "{title}"', f"webUrl: https://example.com/{name}"]
    if excerpt:
        lines.append(f'excerpt: "{excerpt}"')
    if date:
        lines.append(f"publishedDateTime: {date}")
    if quality is not None:
        lines.append(f"quality: {quality}")
    if topics:
        lines.append("topics: [" + ", ".join(topics) + "]")
    if provider:
        lines.append(f"provider: {{name: {provider}, domain: {provider.lower()}.com}}")
    (folder / f"{name}.md").write_text("---\n" + "\n".join(lines) + "\n---\n" + body + "\n", encoding="utf-8")


@pytest.fixture
def shelf(tmp_path: Path, library: Library) -> Library:
    folder = tmp_path / "shelf"
    folder.mkdir()
    _write(folder, "a", "Day two, low quality, late", "2024-03-02T22:00:00Z", 10, ("AI",), "Alpha")
    _write(folder, "b", "Day two, high quality, early", "2024-03-02T01:00:00Z", 90, ("AI", "Chips"), "Beta")
    _write(folder, "c", "Day two, no quality", "2024-03-02T23:00:00Z", None, ("Chips",), "Alpha")
    _write(folder, "d", "Day one, top quality", "2024-03-01T12:00:00Z", 100, ("Policy",), "Gamma",
           body="Regulators discussed semiconductor export rules.")
    _write(folder, "e", "Undated but excellent", None, 500, ("AI",), "Beta")
    _write(folder, "f", "Semiconductor shortage deepens", "2024-02-01T12:00:00Z", 50, ("Chips",), "Gamma")
    library.index([str(folder)])
    return library


def _titles(library: Library, **query) -> list[str]:
    return [row.title for row in library.list(Query(**query))]


def test_date_order_is_newest_day_then_quality_then_time_with_undated_last(shelf: Library):
    assert _titles(shelf) == [
        "Day two, high quality, early",
        "Day two, low quality, late",
        "Day two, no quality",  # no quality ranks below any number within its day
        "Day one, top quality",
        "Semiconductor shortage deepens",
        "Undated but excellent",  # no date: last, whatever its quality
    ]


def test_newest_order_is_strictly_by_time(shelf: Library):
    assert _titles(shelf, sort="newest")[:3] == [
        "Day two, no quality", "Day two, low quality, late", "Day two, high quality, early",
    ]
    assert _titles(shelf, sort="newest")[-1] == "Undated but excellent"


def test_quality_order_is_highest_first_then_newest(shelf: Library):
    assert _titles(shelf, sort="quality") == [
        "Undated but excellent", "Day one, top quality", "Day two, high quality, early",
        "Semiconductor shortage deepens", "Day two, low quality, late", "Day two, no quality",
    ]


def test_calendar_day_is_local_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: Path):
    # 22:00 UTC on the 2nd is already the 3rd in Tokyo: it becomes the newest day there.
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    import time

    time.tzset()
    try:
        folder = tmp_path / "tz"
        folder.mkdir()
        _write(folder, "late", "Late UTC evening, low quality", "2024-03-02T22:00:00Z", 1)
        _write(folder, "early", "Early UTC morning, high quality", "2024-03-02T01:00:00Z", 99)
        library = Library()
        library.index([str(folder)])
        assert _titles(library)[0] == "Late UTC evening, low quality"
        library.close()
    finally:
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()


def test_several_topics_mean_any_and_other_filters_narrow(shelf: Library):
    assert set(_titles(shelf, topics=("Policy", "chips"))) == {
        "Day two, high quality, early", "Day two, no quality", "Day one, top quality", "Semiconductor shortage deepens",
    }
    assert set(_titles(shelf, topics=("Chips",), providers=("Gamma",))) == {"Semiconductor shortage deepens"}
    assert set(_titles(shelf, providers=("beta.com",))) == {"Day two, high quality, early", "Undated but excellent"}


@pytest.mark.parametrize("spelling", ["beta.com", "Beta.com", "BETA.COM", "www.beta.com", "WWW.Beta.Com", "https://www.beta.com/"])
def test_provider_domain_matches_whatever_its_case_and_www(shelf: Library, spelling: str):
    assert set(_titles(shelf, providers=(spelling,))) == {"Day two, high quality, early", "Undated but excellent"}


def test_provider_domain_written_in_capitals_in_a_seed_is_found_in_lower_case(tmp_path: Path, library: Library):
    folder = tmp_path / "caps"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: Shouted\nprovider: {name: Delta, domain: WWW.Delta.COM}\n---\nx\n", encoding="utf-8")
    library.index([str(folder)])
    assert _titles(library, providers=("delta.com",)) == ["Shouted"]
    assert _titles(library, providers=("www.DELTA.com",)) == ["Shouted"]


def test_read_unread_and_starred_filters(shelf: Library):
    rows = {row.title: row for row in shelf.list(Query())}
    shelf.mark([rows["Day two, no quality"].id, rows["Day one, top quality"].id], "read", True)
    shelf.mark([rows["Day one, top quality"].id], "starred", True)
    assert "Day two, no quality" not in _titles(shelf, read=False)
    assert set(_titles(shelf, read=True)) == {"Day two, no quality", "Day one, top quality"}
    assert _titles(shelf, starred=True) == ["Day one, top quality"]
    assert _titles(shelf, starred=True, read=False) == []


def test_read_filters_follow_every_mark_whoever_makes_it(shelf: Library, home: Path):
    # The sets of marked articles are kept between lists while nothing changes: a mark made
    # here, one made by another process (another connection) and an undo must each show at once.
    unread = {row.title: row for row in shelf.list(Query(read=False))}
    assert len(unread) == 6 and _titles(shelf, expression="is:read") == []
    shelf.mark([unread["Day two, no quality"].id], "read", True)
    assert "Day two, no quality" not in _titles(shelf, read=False)
    other = Library()  # as `reader mark` in another terminal
    previous = other.mark([unread["Semiconductor shortage deepens"].id], "read", True)
    assert set(_titles(shelf, expression="is:read")) == {"Day two, no quality", "Semiconductor shortage deepens"}
    other.restore(previous, "read")
    other.close()
    assert _titles(shelf, expression="is:read") == ["Day two, no quality"]
    shelf.mark([unread["Undated but excellent"].id], "starred", True)
    assert _titles(shelf, expression="is:starred is:unread") == ["Undated but excellent"]


def test_search_covers_title_and_body_and_ranks_title_matches_first(shelf: Library):
    titles = _titles(shelf, search="semiconductor")
    assert titles == ["Semiconductor shortage deepens", "Day one, top quality"]
    # An explicit sort overrides relevance.
    assert _titles(shelf, search="semiconductor", sort="date")[0] == "Day one, top quality"
    # Prefix of the last word matches while typing.
    assert "Semiconductor shortage deepens" in _titles(shelf, search="semicond")


@pytest.fixture
def newsroom(tmp_path: Path, library: Library) -> Library:
    """Articles about chips: the word in the title, only in the excerpt, only in the body, on
    different days and with different qualities."""
    folder = tmp_path / "newsroom"
    folder.mkdir()
    _write(folder, "t-old", "Chip makers expand (title, March 1)", "2024-03-01T09:00:00Z", 90, ("Chips",), "Alpha")
    _write(folder, "t-new-low", "New chip plant (title, March 3, low)", "2024-03-03T08:00:00Z", 20, ("Policy",), "Beta")
    _write(folder, "t-new-high", "Chip exports rise (title, March 3, high)", "2024-03-03T07:00:00Z", 80, ("Chips",), "Alpha")
    _write(folder, "e-new", "Excerpt only (March 4)", "2024-03-04T10:00:00Z", 50, ("Chips",), "Beta",
           excerpt="A shortage of every chip hits carmakers.")
    _write(folder, "e-old", "Excerpt only (Feb 20)", "2024-02-20T10:00:00Z", 99, ("Policy",), "Alpha",
           excerpt="Chip subsidies are debated.")
    _write(folder, "b-newest", "Body only (March 5)", "2024-03-05T10:00:00Z", 70, ("Chips",), "Alpha",
           body="Analysts expect the chip cycle to turn.")
    _write(folder, "b-old", "Body only (Jan 10)", "2024-01-10T10:00:00Z", 100, ("Policy",), "Beta",
           body="Nothing but a chip in the last line.")
    _write(folder, "b-undated", "Body only (undated)", None, 100, ("Chips",), "Beta", body="An undated chip story.")
    _write(folder, "t-factory", "Chip factory opens (title, Feb 1)", "2024-02-01T10:00:00Z", 30, ("Policy",), "Alpha")
    _write(folder, "split", "Factory news (March 6)", "2024-03-06T10:00:00Z", 60, ("Policy",), "Beta",
           body="The chip factory opens.")
    _write(folder, "none", "Unrelated weather report", "2024-03-07T10:00:00Z", 60, ("Chips",), "Alpha")
    library.index([str(folder)])
    return library


_BY_TIER = [
    # Every word in the title, newest day first, better quality first within a day...
    "Chip exports rise (title, March 3, high)",
    "New chip plant (title, March 3, low)",
    "Chip makers expand (title, March 1)",
    "Chip factory opens (title, Feb 1)",
    # ...then found in the excerpt (never in the title)...
    "Excerpt only (March 4)",
    "Excerpt only (Feb 20)",
    # ...then found in the body only, undated last.
    "Factory news (March 6)",
    "Body only (March 5)",
    "Body only (Jan 10)",
    "Body only (undated)",
]


def test_relevance_puts_title_matches_first_then_excerpt_then_body_each_newest_first(newsroom: Library):
    assert _titles(newsroom, search="chip") == _BY_TIER
    assert _titles(newsroom, search="chip", sort="relevance") == _BY_TIER
    assert _titles(newsroom, search="chi") == _BY_TIER  # the same while the word is being typed


def test_relevance_needs_every_word_in_the_title_to_rank_it_a_title_match(newsroom: Library):
    # The newer one has "factory" in its title but "chip" only in its body: a body match.
    expected = ["Chip factory opens (title, Feb 1)", "Factory news (March 6)"]
    assert _titles(newsroom, search="chip factory") == expected
    assert _titles(newsroom, search="factory chip") == expected
    assert _titles(newsroom, search='"chip factory"') == expected  # a phrase, in the title and in the body


def test_relevance_tiers_hold_within_every_filter(newsroom: Library):
    assert _titles(newsroom, search="chip", topics=("Chips",)) == [
        "Chip exports rise (title, March 3, high)", "Chip makers expand (title, March 1)",
        "Excerpt only (March 4)", "Body only (March 5)", "Body only (undated)",
    ]
    assert _titles(newsroom, search="chip", providers=("beta.com",)) == [
        "New chip plant (title, March 3, low)", "Excerpt only (March 4)",
        "Factory news (March 6)", "Body only (Jan 10)", "Body only (undated)",
    ]
    assert _titles(newsroom, search="chip", topics=("Policy",), providers=("Alpha",)) == [
        "Chip factory opens (title, Feb 1)", "Excerpt only (Feb 20)",
    ]
    rows = {row.title: row for row in newsroom.list(Query())}
    newsroom.mark([rows["Chip exports rise (title, March 3, high)"].id, rows["Body only (March 5)"].id], "read", True)
    newsroom.mark([rows["Body only (Jan 10)"].id, rows["Chip makers expand (title, March 1)"].id], "starred", True)
    assert _titles(newsroom, search="chip", read=False) == [
        t for t in _BY_TIER if t not in ("Chip exports rise (title, March 3, high)", "Body only (March 5)")
    ]
    assert _titles(newsroom, search="chip", read=True) == ["Chip exports rise (title, March 3, high)", "Body only (March 5)"]
    assert _titles(newsroom, search="chip", starred=True) == ["Chip makers expand (title, March 1)", "Body only (Jan 10)"]
    assert _titles(newsroom, search="chip", starred=True, read=False, topics=("Policy",)) == ["Body only (Jan 10)"]
    assert _titles(newsroom, search="chip", read=False, topics=("Nothing",)) == []


def test_explicit_sorts_order_search_results_like_the_list(newsroom: Library):
    matching = set(_BY_TIER)
    for sort in ("date", "newest", "quality"):
        assert _titles(newsroom, search="chip", sort=sort) == [t for t in _titles(newsroom, sort=sort) if t in matching]
    assert _titles(newsroom, search="chip", sort="newest")[:2] == ["Factory news (March 6)", "Body only (March 5)"]


def test_a_limit_takes_the_first_results_in_order(newsroom: Library):
    assert [row.title for row in newsroom.list(Query(search="chip"), limit=4)] == _BY_TIER[:4]
    assert [row.title for row in newsroom.list(Query(search="chip", sort="quality"), limit=2)] == [
        "Body only (Jan 10)", "Body only (undated)",
    ]


def test_search_order_is_the_same_whether_sorted_in_sql_or_picked_from_a_kept_order(
    newsroom: Library, monkeypatch: pytest.MonkeyPatch
):
    from reader import query

    expected = {sort: _titles(newsroom, search="chip", sort=sort) for sort in ("relevance", "date", "newest", "quality")}
    for threshold in (0, 10**9):  # every result set "many" (the whole order) or "few" (SQL)
        monkeypatch.setattr(query, "_SORT_IN_SQL", threshold)
        monkeypatch.setattr(query, "_ORDERS", query._SortOrders())  # noqa: SLF001 (nothing kept)
        for sort, titles in expected.items():
            assert _titles(newsroom, search="chip", sort=sort) == titles
    for sort, titles in expected.items():  # and with every order kept
        _titles(newsroom, sort=None if sort == "relevance" else sort)
        assert _titles(newsroom, search="chip", sort=sort) == titles


def test_search_sees_articles_added_and_removed_by_a_later_index(tmp_path: Path, newsroom: Library):
    folder = tmp_path / "newsroom"
    assert _titles(newsroom, search="chip")[0] == "Chip exports rise (title, March 3, high)"
    (folder / "t-new-high.md").unlink()
    _write(folder, "t-newest", "Chip deal signed (title, March 9)", "2024-03-09T10:00:00Z", 10)
    newsroom.index([str(folder)])
    titles = _titles(newsroom, search="chip")
    assert titles[0] == "Chip deal signed (title, March 9)"
    assert "Chip exports rise (title, March 3, high)" not in titles


@pytest.mark.parametrize("text", ['"', "AND OR NOT", "c++ (x", "*", "title:x", "-", "'; DROP TABLE articles; --"])
def test_search_text_with_operators_or_punctuation_never_errors(shelf: Library, text: str):
    shelf.list(Query(search=text))  # must not raise
    assert len(_titles(shelf)) == 6


def test_fts_query_quotes_every_word():
    assert fts_query("open ai") == '"open" "ai"*'
    assert fts_query('"export rules" chips') == '"export rules" "chips"*'
    assert fts_query("AND (") == '"AND"*'
    assert fts_query("!!!") == ""


def test_counts_follow_marks(shelf: Library):
    counts = shelf.counts()
    assert (counts.total, counts.unread, counts.starred) == (6, 6, 0)
    chips = {c.name: c for c in counts.topics}["Chips"]
    assert (chips.total, chips.unread) == (3, 3)
    rows = {row.title: row for row in shelf.list(Query(topics=("Chips",)))}
    shelf.mark([rows["Semiconductor shortage deepens"].id], "read", True)
    after = shelf.counts()
    assert {c.name: c.unread for c in after.topics}["Chips"] == 2
    assert {c.name: c.unread for c in after.providers}["Gamma"] == 1
    assert after.unread == 5


def test_counts_follow_files_added_and_removed_by_this_or_another_process(shelf: Library, tmp_path: Path):
    # The totals are kept while the cache is unchanged: an index here, or in another process,
    # must show in the next counts.
    folder = tmp_path / "shelf"
    assert shelf.counts().total == 6
    _write(folder, "g", "Another chip story", "2024-03-03T12:00:00Z", 40, ("Chips",), "Delta")
    shelf.index([str(folder)])
    counts = shelf.counts()
    assert counts.total == 7 and {c.name: c.total for c in counts.topics}["Chips"] == 4
    assert {c.name: c.total for c in counts.providers}["Delta"] == 1
    (folder / "g.md").unlink()
    other = Library()  # as `reader index` in another terminal
    other.index([str(folder)])
    other.close()
    counts = shelf.counts()
    assert counts.total == 6 and {c.name: c.total for c in counts.topics}["Chips"] == 3
    assert "Delta" not in {c.name for c in counts.providers}


def test_mark_returns_previous_values_so_it_can_be_undone(shelf: Library):
    ids = [row.id for row in shelf.list(Query())]
    shelf.mark(ids[:2], "read", True)
    previous = shelf.mark(ids, "read", True)  # "mark all read"
    assert sum(previous.values()) == 2
    shelf.restore(previous, "read")
    assert shelf.counts().unread == 4


def test_mark_returns_the_values_it_replaced_even_when_another_process_writes_meanwhile(
    shelf: Library, monkeypatch: pytest.MonkeyPatch
):
    """Undo restores what `mark` returns: that must be what this write replaced, so another
    process's write cannot fall between reading the previous values and writing the new ones."""
    import sqlite3

    from reader.store.state import StateDB

    target = shelf.list(Query())[0].id
    other = sqlite3.connect(shelf.paths.state_db, timeout=0, isolation_level=None)
    other_wrote: list[bool] = []
    read_flags = StateDB.flags

    def flags_then_another_process_marks_it_read(self, article_ids, flag):
        found = read_flags(self, article_ids, flag)
        try:
            other.execute("INSERT INTO marks (article_id, read) VALUES (?, 1)"
                          " ON CONFLICT(article_id) DO UPDATE SET read=1", (target,))
            other_wrote.append(True)
        except sqlite3.OperationalError:  # locked: it has to wait until this mark is committed
            other_wrote.append(False)
        return found

    monkeypatch.setattr(StateDB, "flags", flags_then_another_process_marks_it_read)
    previous = shelf.mark([target], "read", False)
    other.close()
    # Either the other write waited for this one, or it is what this one replaced (and undo brings it back).
    assert previous == {target: other_wrote[0]}


def test_id_prefix_must_be_unique(shelf: Library):
    ids = sorted(row.id for row in shelf.list(Query()))
    assert shelf.resolve(ids[0][:10]) == ids[0]
    from reader.errors import Ambiguous, NotFound

    with pytest.raises(NotFound):
        shelf.resolve("zzzz")
    with pytest.raises(Ambiguous):
        shelf.resolve("")


def test_unread_ids_are_the_unread_articles_among_given_rows(shelf: Library):
    rows = shelf.list(Query())
    shelf.mark([rows[0].id, rows[1].id], "read", True)
    assert sorted(shelf.unread_ids([r.n for r in rows[:3]])) == [rows[2].id]
    assert sorted(shelf.unread_ids([r.n for r in rows])) == sorted(r.id for r in rows[2:])
