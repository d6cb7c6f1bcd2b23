"""The search box above the list: results follow typing; Enter keeps the search and goes to
the results, Escape leaves it as it was before."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from reader.tui import keys


class SearchInput(Input, inherit_bindings=True):
    BINDINGS = keys.SEARCH

    def action_cancel(self) -> None:
        self.post_message(SearchBar.Cancelled())

    def action_done(self) -> None:
        self.post_message(SearchBar.Done())


class SearchBar(Horizontal):
    DEFAULT_CSS = """
    SearchBar {
        height: 1;
        display: none;
        &.-shown { display: block; }
        Label { width: auto; padding: 0 1; color: $accent; text-style: bold; }
        SearchInput { border: none; height: 1; padding: 0; width: 1fr; background: $surface; }
        SearchInput:focus { border: none; background: $boost; }
    }
    """

    class Cancelled(Message):
        pass

    class Done(Message):
        pass

    def compose(self):
        yield Label("Search")
        yield SearchInput(placeholder="words to find (all must match; \"quoted phrase\")", id="search-input")

    @property
    def input(self) -> SearchInput:
        return self.query_one(SearchInput)
