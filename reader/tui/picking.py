"""The t, f and l pickers: a fuzzy list of the sidebar's topics or providers, opened with the
names and the one chosen now; `chosen` gets the name picked (None: the filter cleared), and
nothing if the picker was left with escape. The picker screen (screens/picker.py) is loaded
when first opened: the first frame does without it."""

from __future__ import annotations

from collections.abc import Callable

from reader.query import Count


def open_picker(app, kind: str, names: list[Count], current: str | None, chosen: Callable[[str | None], None]) -> None:
    from reader.tui.screens.picker import ANY, PickerScreen

    def dismissed(name: str | None) -> None:
        if name is not None:
            chosen(None if name == ANY else name)

    app.push_screen(PickerScreen(kind, names, current), dismissed)


def open_feed_picker(app, feeds: dict[str, tuple[str, Count | None]], current: str | None, chosen: Callable[[str | None], None]) -> None:
    """The l picker: the sidebar's feeds picked by name; `chosen` gets the feed's URL (None: all)."""
    from reader.tui.screens.picker import ANY, feed_picker

    def dismissed(url: str | None) -> None:
        if url is not None:
            chosen(None if url == ANY else url)

    app.push_screen(feed_picker(feeds, current), dismissed)


__all__ = ["open_feed_picker", "open_picker"]
