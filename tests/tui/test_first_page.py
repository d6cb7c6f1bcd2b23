"""The first frame's page on its own: how much it holds, where the saved article is, and a
cache that cannot be read."""

from __future__ import annotations

from pathlib import Path

from reader.errors import ReaderError
from reader.library import Library
from reader.query import Query
from reader.tui.first_page import first_page


def test_a_page_says_whether_the_list_goes_on_and_finds_the_saved_article(library: Library, seeds: Path):
    library.index([str(seeds)])
    rows = library.list(Query())
    page = first_page(library, Query(), stories=False, cursor_id=rows[3].id, size=2)
    assert page.ids == [rows[0].n, rows[1].n] and page.more
    assert page.keep == rows[3].n, "the whole list finds it later"
    whole = first_page(library, Query(), stories=False, cursor_id=None, size=300)
    assert len(whole.ids) == 5 and not whole.more and whole.keep is None


def test_in_stories_the_saved_article_is_found_by_its_story(library: Library, seeds: Path):
    library.index([str(seeds)])
    keys = library.story_keys(Query())
    lead = library.rows([keys[1]])[keys[1]]
    page = first_page(library, Query(), stories=True, cursor_id=lead.id, size=300)
    assert page.ids == keys and page.keep == keys[1]


def test_a_cache_that_cannot_be_read_is_one_line_and_an_empty_list(library: Library, seeds: Path, monkeypatch):
    library.index([str(seeds)])

    def locked(self, query, limit=None):
        raise ReaderError("database is locked")

    monkeypatch.setattr(Library, "ids", locked)
    page = first_page(library, Query(), stories=False, cursor_id=None, size=300)
    assert page.error == "database is locked" and page.ids == [] and not page.more
