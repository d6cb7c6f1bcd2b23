"""What the main screen is showing, and what of it survives a restart: the view state, the
article under the cursor, whether the sidebar was chosen shown or hidden, and the sidebar's
folded sections. The screen asks it for a new state and for the session's values; it never
touches a widget. Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from reader.tui.session import CURSOR, CURSOR_ROW, restore_place
from reader.tui.view_state import ViewState, session_item, session_value

SECTIONS = ("views", "feeds", "topics", "providers")  # the sidebar's folding sections


class Viewing:
    def __init__(self, saved: Mapping[str, str] = {}, default_sort: str = "date", views: Mapping[str, str] = {}) -> None:
        """From the session saved last time; `views` are the saved views now in config.toml."""
        place = restore_place(saved, default_sort, views)
        self.notice = place.notice  # one line for the user when the saved view could not be used
        self.state: ViewState = place.state
        self.cursor_id: str | None = place.cursor_id  # the article under the list cursor
        self.restore_id, self.restore_row = place.cursor_id, place.cursor_row  # where the list was left
        self.sidebar_choice: bool | None = {"1": True, "0": False}.get(session_value(dict(saved), "sidebar"))
        self.collapsed = {s for s in session_value(dict(saved), "collapsed").split(",") if s in SECTIONS}

    def change(self, state: ViewState) -> bool:
        """Take `state`; False if it is the one shown already (nothing to do)."""
        if state == self.state:
            return False
        self.state = state
        return True

    def sidebar_shown(self, narrow: bool) -> bool:
        """Shown when wide and hidden when narrow, unless chosen one way (the sidebar key)."""
        return (not narrow) if self.sidebar_choice is None else self.sidebar_choice

    def picked(self, kind: str, name: str | None) -> ViewState:
        """The state a topic, provider or feed picker's choice makes; None clears that filter."""
        if kind in ("topic", "feed"):
            return self.state.but(view="all" if name is None else f"{kind}:{name}")
        return self.state.but(provider=name)

    def session_values(self, cursor_row: int, collapsed: Iterable[str]) -> dict[str, str]:
        values = self.state.to_session()
        values |= session_item(CURSOR, self.cursor_id or "")
        values |= session_item(CURSOR_ROW, str(cursor_row))
        values |= session_item("sidebar", "" if self.sidebar_choice is None else "1" if self.sidebar_choice else "0")
        values |= session_item("collapsed", ",".join(sorted(collapsed)))
        return values


__all__ = ["SECTIONS", "Viewing"]
