"""What the first frame lists: one page of the saved view, read on the UI thread before the
first paint (the whole list follows from a worker once that page has been drawn)."""

from __future__ import annotations

from msgspec import Struct, field

from reader.errors import ReaderError
from reader.library import Library
from reader.query import Query
from reader.tui.widgets.article_list import story_key


class FirstPage(Struct, frozen=True):
    ids: list[int] = field(default_factory=list)
    keep: int | None = None  # the saved article's row number (in Stories, its story's key on this page)
    more: bool = False  # the page is full: the list may go on
    error: str | None = None  # why nothing could be read


def first_page(library: Library, query: Query, *, stories: bool, cursor_id: str | None, size: int) -> FirstPage:
    try:
        if stories:  # the keys come from the whole article list's order: no cheaper first page
            ids = library.story_keys(query)[:size]
        else:
            ids = library.ids(query, size)
        keep = library.row_number(cursor_id) if cursor_id else None
        if stories and keep is not None:
            keep = story_key(ids, library.story_members([keep]))
    except ReaderError as error:
        return FirstPage(error=str(error))
    return FirstPage(ids, keep, more=len(ids) >= size)
