"""S: what is shown, saved as a view. It asks for a name, writes the view (as one query) into
config.toml, and takes the views from there again, so the sidebar lists what the file holds."""

from __future__ import annotations

from collections.abc import Callable

from msgspec.structs import replace
from textual.app import App

from reader.config import load_settings
from reader.errors import ReaderError
from reader.library import Library
from reader.query_language import unparse
from reader.tui.screens.prompt import PromptScreen
from reader.tui.view_state import ViewState


def ask_and_save(app: App, library: Library, state: ViewState, saved: Callable[[list[str]], None]) -> None:
    """`saved` is called with the saved views' names once the view is in config.toml."""
    text = unparse(state.query().condition())
    if not text:
        app.say("Nothing to save: choose a filter or type a query first", timeout=3)
        return

    def named(name: str | None) -> None:
        if name is None:
            return
        try:
            names = save_view(library, name, text)
        except ReaderError as error:
            app.say(f"could not save the view: {error}", severity="error")
            return
        saved(names)
        app.say(f"Saved view '{name}' to {library.paths.config_file}", timeout=4)

    prompt = PromptScreen("Save as a view", f"Query: {text}", value=state.saved or "", placeholder="a name for it")
    app.push_screen(prompt, named)


def save_view(library: Library, name: str, text: str) -> list[str]:
    """Write it, then read the views back into the library's settings; their names."""
    from reader.config_write import save_view as write  # tomlkit, only when saving

    write(library.paths.config_file, name, text)
    settings, _warnings = load_settings(library.paths.config_file)
    library.settings = replace(library.settings, views=settings.views, bad_views=settings.bad_views)
    return list(settings.views)
