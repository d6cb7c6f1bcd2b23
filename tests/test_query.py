"""Ordering, filters, search and counts: the rules both the CLI and the TUI show."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.library import Library
from reader.query import Query, fts_query


def _write(folder: Path, name: str, title: str, date: str | None = None, quality: float | None = None,
           topics: tuple[str, ...] = (), provider: str | None = None, body: str = "Body.") -> None:
    lines = [f'title: "{title}"', f"webUrl: https://example.com/{name}"]
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


def test_read_unread_and_starred_filters(shelf: Library):
    rows = {row.title: row for row in shelf.list(Query())}
    shelf.mark([rows["Day two, no quality"].id, rows["Day one, top quality"].id], "read", True)
    shelf.mark([rows["Day one, top quality"].id], "starred", True)
    assert "Day two, no quality" not in _titles(shelf, read=False)
    assert set(_titles(shelf, read=True)) == {"Day two, no quality", "Day one, top quality"}
    assert _titles(shelf, starred=True) == ["Day one, top quality"]
    assert _titles(shelf, starred=True, read=False) == []


def test_search_covers_title_and_body_and_ranks_title_matches_first(shelf: Library):
    titles = _titles(shelf, search="semiconductor")
    assert titles == ["Semiconductor shortage deepens", "Day one, top quality"]
    # An explicit sort overrides relevance.
    assert _titles(shelf, search="semiconductor", sort="date")[0] == "Day one, top quality"
    # Prefix of the last word matches while typing.
    assert "Semiconductor shortage deepens" in _titles(shelf, search="semicond")


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


def test_mark_returns_previous_values_so_it_can_be_undone(shelf: Library):
    ids = [row.id for row in shelf.list(Query())]
    shelf.mark(ids[:2], "read", True)
    previous = shelf.mark(ids, "read", True)  # "mark all read"
    assert sum(previous.values()) == 2
    shelf.restore(previous, "read")
    assert shelf.counts().unread == 4


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
