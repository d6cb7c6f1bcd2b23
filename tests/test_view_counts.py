"""Saved views' counts are kept between recounts while what they are counted from is unchanged
(reader/query.py): they must follow every change all the same, whichever database it is in."""

from __future__ import annotations

import shutil
from pathlib import Path

from support import SEEDS

from reader.library import Library
from reader.query import Query

VIEWS = {
    "unread": "is:unread",
    "ai": 'topic:"AI"',
    "ai unread": 'topic:"AI" is:unread',
    "word": "openai",
    "full text": "has:full-text",
    "not ai, rated": '-topic:"AI" quality>=0',
}


def listed(library: Library) -> dict[str, tuple[int, int]]:
    """What each view lists: (total, unread), as its own list shows it."""
    out = {}
    for name, text in VIEWS.items():
        rows = library.list(Query(expression=text))
        out[name] = (len(rows), sum(not row.read for row in rows))
    return out


def counted(library: Library) -> dict[str, tuple[int, int]]:
    return {count.name: (count.total, count.unread) for count in library.view_counts(VIEWS)}


def test_view_counts_follow_marks_new_and_gone_files_and_full_texts(library: Library, tmp_path: Path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    library.index([str(folder)])
    library.show([str(folder)])
    before = counted(library)
    assert before == listed(library)

    first = library.list(Query(expression='topic:"AI"'))[0]
    library.mark([first.id], "read", True)  # the marks move, the cache does not
    assert counted(library) == listed(library) != before

    text = next(folder.glob("000*")).read_text()
    (folder / "copy.md").write_text(text.replace("siliconangle.com/2022", "example.com/2022"))  # another URL: another article
    library.index([str(folder)])
    after_new = counted(library)
    assert after_new == listed(library) and after_new["ai"][0] == before["ai"][0] + 1

    library.fulltexts.put_text(first.id, "https://example.com/page", "The whole text.")  # the full texts move
    with_text = counted(library)
    assert with_text == listed(library) and with_text["full text"] == (1, 0)

    (folder / "copy.md").unlink()
    library.index([str(folder)])
    assert counted(library) == listed(library)
    assert counted(library)["ai"] == (before["ai"][0], before["ai"][1] - 1)


def test_the_sets_of_terms_on_the_present_do_not_pile_up(library: Library, seeds: Path):
    """age<N has new parameters at each count (now moves), so a new set each time: kept sets
    no count has used for four counts are dropped, while those every count uses stay."""
    from reader import query

    library.index([str(seeds)])
    views = {"recent": "age<400w", "ai": 'topic:"AI"'}
    for _ in range(20):
        (recent, ai) = library.view_counts(views)
        assert (recent.total, ai.total) == (len(library.list(Query(expression="age<400w"))), len(library.list(Query(expression='topic:"AI"'))))
    kept = query._VIEW_SETS.current(library.cache.conn)["sets"]  # noqa: SLF001
    assert 2 <= len(kept) <= 2 + 4  # topic:"AI" and the scope, and the last four counts' age sets


def test_recent_forgets_what_four_calls_in_a_row_did_not_use():
    from reader.query_kept import Recent

    recent = Recent(calls=4)
    recent.begin()["always"] = 1
    recent["once"] = 2
    for _ in range(3):
        assert recent.begin()["always"] == 1
    assert "once" in recent  # unused for three calls: still there
    recent.begin()["always"]
    assert "once" not in recent and "always" in recent
