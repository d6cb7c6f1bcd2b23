"""The search box above the list: results follow typing once it pauses; Enter (or Down) keeps
the search and goes to the results, Escape puts back the search there was before.

The bar owns the pause, the search to go back to and whether what is typed parses; the screen
hears only `Changed` (typing paused on a query that parses), `Submitted`, `Cancelled` and
`Problem` (what is wrong with the query typed, for the status line).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Label

from reader.query_language import QueryError, parse
from reader.tui import keys

# Results follow typing once it pauses this long: at 100,000 articles a one-letter prefix
# takes ~175 ms to search, and every keystroke's query would otherwise run in turn.
SEARCH_DELAY = 0.12
PLACEHOLDER = 'words, "a phrase", or a query: topic:AI is:unread quality>=60 (F1 lists them)'


def query_problem(text: str) -> str | None:
    """What is wrong with a query typed in the box, as the status line says it (None: nothing)."""
    try:
        parse(text)
    except QueryError as error:
        return f"{error} — the list is the last good query's"
    return None


class SearchInput(Input, inherit_bindings=True):
    BINDINGS = keys.SEARCH

    def action_cancel(self) -> None:
        self.query_ancestor(SearchBar).cancel()

    def action_done(self) -> None:
        self.query_ancestor(SearchBar).submit()


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

    class Changed(Message):
        """Typing paused on `value`: show its results, the box keeps focus."""

        def __init__(self, value: str) -> None:
            self.value = value
            super().__init__()

    class Submitted(Message):
        """The search is `value`, and the user went to the results."""

        def __init__(self, value: str) -> None:
            self.value = value
            super().__init__()

    class Cancelled(Message):
        """Escape: the search goes back to `previous`, what it was when the box was opened."""

        def __init__(self, previous: str) -> None:
            self.previous = previous
            super().__init__()

    class Problem(Message):
        """What is wrong with the query in the box ("" once nothing is)."""

        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    def __init__(
        self, *, id: str | None = None, delay: float | None = None, check: Callable[[str], str | None] = query_problem,
    ) -> None:
        super().__init__(id=id)
        self.delay = SEARCH_DELAY if delay is None else delay
        self.check = check
        self.previous = ""
        self._timer: Timer | None = None
        self._input: SearchInput | None = None

    @property
    def input(self) -> SearchInput:
        """The box, mounted with its label on first use: the bar is hidden until a search is
        shown, and their styles worked out at mount cost ~25M instructions before the first frame."""
        if self._input is None:
            self._input = SearchInput(placeholder=PLACEHOLDER, id="search-input")
            self.mount(Label("Search"), self._input)
        return self._input

    @property
    def pending(self) -> bool:
        """Typed, and the pause not over yet."""
        return self._timer is not None

    def open(self, current: str) -> None:
        """Show the box with the cursor in it; Escape will go back to `current`."""
        self.previous = current
        self.add_class("-shown")
        self.input.cursor_position = len(self.input.value)  # typing goes on from the end
        self.input.focus()

    def show_value(self, value: str) -> None:
        """Show a search set elsewhere (the saved session, x): announces nothing."""
        self._stop()
        if value or self._input is not None:  # an empty search needs no box yet
            with self.input.prevent(Input.Changed):
                self.input.value = value
        self.set_class(bool(value.strip()), "-shown")

    def clear(self) -> None:
        """x, or escape with a search shown: the box emptied, and a problem shown for the old
        query gone with it."""
        self.show_value("")
        self.post_message(self.Problem(""))

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if not self.input.has_focus:
            return
        self._stop()
        value = event.value
        self._timer = self.set_timer(self.delay, lambda: self._paused(value))

    def _paused(self, value: str) -> None:
        self._timer = None
        if self._checked(value):
            self.post_message(self.Changed(value))

    @on(Input.Submitted, "#search-input")
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        """Enter: the results, unless the query does not parse (then the box stays, to put it right)."""
        self._stop()
        value = self.input.value
        if not self._checked(value):
            self.open(self.previous)
            return
        self._leave(value)
        self.post_message(self.Submitted(value))

    def cancel(self) -> None:
        self._stop()
        with self.input.prevent(Input.Changed):
            self.input.value = self.previous
        self._checked(self.previous)  # clears a problem shown for the query now left
        self._leave(self.previous)
        self.post_message(self.Cancelled(self.previous))

    def _checked(self, value: str) -> bool:
        problem = self.check(value)
        self.post_message(self.Problem(problem or ""))
        return problem is None

    def _leave(self, value: str) -> None:
        if not value.strip():
            self.remove_class("-shown")

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
