"""The t, f and l pickers: a fuzzy list of the sidebar's topics or providers, opened with the
names and the one chosen now; `chosen` gets the name picked (None: the filter cleared), and
nothing if the picker was left with escape. The picker screen (screens/picker.py) is loaded
when first opened: the first frame does without it."""

from __future__ import annotations

from collections.abc import Callable

from reader.query import Count


def open_picker(app, kind: str, names: list[Count], current: str | None, chosen: Callable[[str | None], None]) -> None:
    from reader.tui.screens.picker import PickerScreen

    _push(app, PickerScreen(kind, names, current), chosen)


def open_feed_picker(app, feeds: dict[str, tuple[str, Count | None]], current: str | None, chosen: Callable[[str | None], None]) -> None:
    """The l picker: the sidebar's feeds picked by name; `chosen` gets the feed's URL (None: all)."""
    from reader.tui.screens.picker import feed_picker

    _push(app, feed_picker(feeds, current), chosen)


def _push(app, screen, chosen: Callable[[str | None], None]) -> None:
    """Open a picker; escape calls nothing, "any" calls `chosen(None)`."""
    from reader.tui.screens.picker import ANY

    def dismissed(value: str | None) -> None:
        if value is not None:
            chosen(None if value == ANY else value)

    app.push_screen(screen, dismissed)


__all__ = ["open_feed_picker", "open_picker"]
