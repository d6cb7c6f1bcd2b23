"""Going from one PATH to another and back parses nothing twice: the cache keeps every PATH it
indexed, and what is shown (lists, counts, stories, problems) is the PATH given."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import CLI, SEEDS

from reader.library import Library
from reader.query import Query

FILES = sorted(p.name for p in SEEDS.iterdir() if p.is_file())


@pytest.fixture
def shelves(tmp_path: Path) -> tuple[Path, Path]:
    """Two folders of seeds: A with the first three, B with the other two."""
    a, b = tmp_path / "A", tmp_path / "B"
    for folder, names in ((a, FILES[:3]), (b, FILES[3:])):
        folder.mkdir()
        for name in names:
            shutil.copy(SEEDS / name, folder / name)
    return a, b


def paths_of(rows) -> set[str]:
    return {Path(row["path"]).parent.name for row in rows}


def test_list_a_then_b_then_a_parses_nothing_again_and_keeps_marks(cli: CLI, shelves):
    a, b = shelves
    first = cli.json_lines("list", str(a))
    assert len(first) == 3 and paths_of(first) == {"A"}
    cli("mark", "read", first[0]["id"])
    assert paths_of(cli.json_lines("list", str(b))) == {"B"}
    (report,) = cli.json_lines("index", str(a))
    assert (report["new"], report["changed"], report["removed"], report["unchanged"]) == (0, 0, 0, 3)
    assert report["articles"] == 3  # A's, not everything the cache holds
    again = cli.json_lines("list", "--cached", str(a))
    assert {r["id"] for r in again} == {r["id"] for r in first}
    assert [r["read"] for r in again if r["id"] == first[0]["id"]] == [True]
    (report,) = cli.json_lines("index", str(b))
    assert (report["new"], report["unchanged"]) == (0, 2)


def test_the_app_on_a_after_b_parses_nothing(library: Library, shelves):
    a, b = shelves
    assert library.index([str(a)]).new == 3
    assert library.index([str(b)]).new == 2
    app_library = Library()  # as `reader A` opens it: the app shows A and rescans it
    app_library.show([str(a)])
    assert len(app_library.list(Query())) == 3  # the cached list, before any rescan
    report = app_library.index([str(a)])
    assert (report.new, report.changed, report.unchanged) == (0, 0, 3)
    app_library.close()


def test_counts_stories_and_views_are_scoped_to_the_path(library: Library, shelves):
    a, b = shelves
    library.index([str(b)])
    library.index([str(a)])
    listed = library.list(Query())
    counts = library.counts()
    assert counts.total == counts.unread == len(listed) == 3
    assert sum(p.total for p in counts.providers) == sum(1 for row in listed if row.provider)
    for topic in counts.topics:
        assert topic.total == len(library.list(Query(topics=(topic.name,))))
    (view,) = library.view_counts({"all": "is:unread"})
    assert (view.total, view.unread) == (3, 3)
    shown = {row.id for row in listed}
    for story in library.stories():
        assert {article.id for article in story.articles} <= shown
    library.show([str(a), str(b)])
    assert library.counts().total == 5


def test_a_file_under_two_given_paths_counts_once(library: Library, shelves):
    a, _b = shelves
    inner = a / "inner"
    inner.mkdir()
    shutil.copy(SEEDS / FILES[4], inner / FILES[4])
    assert library.index([str(inner)]).articles == 1
    report = library.index([str(a), str(inner)])
    assert (report.new, report.scanned, report.articles) == (3, 4, 4)  # the inner file not again
    assert library.counts().total == len(library.list(Query())) == 4
    library.show([str(inner)])
    assert [Path(row.path).parent.name for row in library.list(Query())] == ["inner"]
    library.show([str(a)])  # the inner folder is inside A
    assert len(library.list(Query())) == 4


def test_a_rescan_forgets_only_its_own_gone_files(library: Library, shelves):
    a, b = shelves
    library.index([str(a)])
    library.index([str(b)])
    (a / FILES[0]).unlink()
    (b / FILES[3]).unlink()
    report = library.index([str(b)])
    assert (report.removed, report.articles) == (1, 1)
    report = library.index([str(a)])
    assert (report.removed, report.new, report.articles) == (1, 0, 2)


def test_a_path_that_is_gone_leaves_the_cache(library: Library, shelves):
    a, b = shelves
    library.index([str(a)])
    library.index([str(b)])
    shutil.rmtree(b)
    report = library.index([str(a)])
    assert (report.removed, report.new, report.unchanged) == (2, 0, 3)
    library.show([str(a), str(b)])
    assert library.counts().total == 3


def test_the_same_url_under_two_paths_shows_under_each(library: Library, shelves):
    a, b = shelves
    twin = b / "twin.md"
    shutil.copy(a / FILES[0], twin)  # the same article (its URL) in B as well, newer
    library.index([str(a)])
    library.index([str(b)])
    library.show([str(a)])
    assert len(library.list(Query())) == 3  # A still lists it, though B's copy is the one kept
    twin.unlink()
    library.index([str(b)])
    library.show([str(a)])
    assert len(library.list(Query())) == 3  # and A's copy takes its place, without a rescan of A


def test_topics_providers_and_problems_of_a_path(cli: CLI, shelves):
    a, b = shelves
    (b / "broken.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    cli("index", str(a))
    cli("index", str(b))
    a_rows, b_rows = cli.json_lines("list", "--cached", str(a)), cli.json_lines("list", "--cached", str(b))
    for path, rows in ((a, a_rows), (b, b_rows)):
        topics = {t["name"]: t["total"] for t in cli.json_lines("topics", str(path))}
        assert topics == {name: sum(name in r["topics"] for r in rows) for name in {t for r in rows for t in r["topics"]}}
        providers = {p["name"]: p["total"] for p in cli.json_lines("providers", str(path))}
        assert sum(providers.values()) == sum(1 for r in rows if r["provider"])
    assert cli.json_lines("problems", str(a)) == []
    assert [Path(p["path"]).name for p in cli.json_lines("problems", str(b))] == ["broken.md"]


def test_a_path_showing_most_of_the_cache_keeps_what_it_shares_with_the_rest(library: Library, shelves):
    a, b = shelves
    for name in FILES[3:]:
        (b / name).unlink()
    shutil.copy(a / FILES[0], b / "twin.md")  # B holds one file, the same article as one of A's
    library.index([str(a)])
    library.index([str(b)])
    for shown, expected in ((a, 3), (b, 1)):  # most of the cache (left-out form), then a little
        library.show([str(shown)])
        listed = library.list(Query())
        counts = library.counts()
        assert len(listed) == counts.total == counts.unread == expected
        assert {t.name: t.total for t in counts.topics} == {
            name: sum(name in row.topics for row in listed) for name in {t for row in listed for t in row.topics}
        }
        (view,) = library.view_counts({"everything": "is:unread"})
        assert view.total == expected


def test_a_file_added_or_changed_under_a_path_shows_under_it_alone(library: Library, shelves, tmp_path: Path):
    a, b = shelves
    library.index([str(a)])
    library.index([str(b)])
    (a / "new.md").write_text("---\ntitle: Fresh in A\nwebUrl: https://a.example/fresh\n---\nBody.\n")
    assert library.index([str(a)]).new == 1
    assert len(library.list(Query())) == 4
    library.show([str(b)])
    assert "Fresh in A" not in {row.title for row in library.list(Query())}
    (a / "new.md").write_text("---\ntitle: Changed in A\nwebUrl: https://a.example/changed\n---\nBody.\n")
    assert library.index([str(a)]).changed == 1
    assert {row.title for row in library.list(Query())} >= {"Changed in A"}
    library.show([str(a), str(b)])
    assert len(library.list(Query())) == 6 and "Fresh in A" not in {row.title for row in library.list(Query())}


def test_a_story_told_across_two_paths_is_a_story_only_where_both_are_shown(cli: CLI, tmp_path: Path):
    # Seeds 000 and 001 are one story; with each in its own folder, the cache (which keeps
    # both folders) knows the story, but `reader A` shows one article of it: no story, no
    # other outlet, and no Same story entry from the folder not shown.
    a, b = tmp_path / "A", tmp_path / "B"
    for folder, name in ((a, FILES[0]), (b, FILES[1])):
        folder.mkdir()
        shutil.copy(SEEDS / name, folder / name)
    cli.json_lines("list", str(a))
    (both_first, both_second) = sorted(cli.json_lines("list", str(a), str(b)), key=lambda r: r["path"])
    assert both_first["story"] is not None and both_first["story"] == both_second["story"]
    (alone,) = cli.json_lines("list", "--cached", str(a))
    assert alone["story"] is None
    library = Library()
    library.show([str(a)])
    assert library.article(alone["id"]).same_story == ()
    assert [row.story_outlets for row in library.list(Query())] == [0]
    library.show([str(a), str(b)])
    (other,) = library.article(alone["id"]).same_story
    assert other.id == both_second["id"]
    library.close()


class _Clock:
    """time.time() for reader/store/roots.py, moved on by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def time(self) -> float:
        return self.now

    def days(self, days: float) -> None:
        self.now += days * 86_400


@pytest.fixture
def clock(monkeypatch) -> _Clock:
    from reader.store import roots

    fake = _Clock()
    monkeypatch.setattr(roots, "time", fake)
    return fake


def _cached_paths(library: Library) -> set[str]:
    return {path for (path,) in library.cache.conn.execute("SELECT path FROM files")}


def test_a_path_not_indexed_for_a_month_leaves_the_cache_and_its_marks_stay(library: Library, shelves, clock):
    a, b = shelves
    library.index([str(a)])
    library.show([str(a)])
    first = library.list(Query())[0]
    library.mark([first.id], "read", True)
    library.index([str(b)])
    clock.days(29)
    assert library.index([str(b)]).removed == 0  # a month not yet over: A stays
    assert {Path(p).parent.name for p in _cached_paths(library)} == {"A", "B"}
    clock.days(2)
    report = library.index([str(b)])
    assert (report.removed, report.articles, report.unchanged) == (3, 2, 2)
    assert {Path(p).parent.name for p in _cached_paths(library)} == {"B"}
    library.show([str(a), str(b)])
    assert library.counts().total == 2
    # Shown again, A is parsed again, and the read mark was never lost.
    report = library.index([str(a)])
    assert (report.new, report.articles) == (3, 3)
    library.show([str(a)])
    assert [row.read for row in library.list(Query()) if row.id == first.id] == [True]


def test_each_index_of_a_path_starts_its_month_again(library: Library, shelves, clock):
    a, b = shelves
    library.index([str(a)])
    library.index([str(b)])
    for _ in range(3):
        clock.days(20)
        library.index([str(a)])
        assert library.index([str(b)]).removed == 0
    assert len(_cached_paths(library)) == 5


def test_files_under_a_path_still_in_use_stay_when_a_path_around_them_expires(library: Library, shelves, clock, tmp_path: Path):
    a, b = shelves
    library.index([str(tmp_path)])  # both folders, through their parent
    clock.days(20)
    library.index([str(a)])
    clock.days(15)  # the parent unused for 35 days, A for 15
    report = library.index([str(a)])
    assert (report.removed, report.new, report.unchanged) == (2, 0, 3)  # B's files lay under the parent alone
    assert {Path(p).parent.name for p in _cached_paths(library)} == {"A"}
    assert library.index([str(tmp_path)]).new == 2  # the parent shown again: only B's files are parsed
