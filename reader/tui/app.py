"""The reader app: one main screen over a `Library`, plus help, pickers and the palette.

`run_app(library, paths)` is what `reader` (with no subcommand) calls.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import ClassVar

from textual import work
from textual.app import App, SuspendNotSupported
from textual.command import Provider
from textual.message import Message

from reader.config import DEFAULT_THEME
from reader.errors import ReaderError
from reader.library import Library
from reader.tui import keys
from reader.tui.screens.main import MainScreen
from reader.tui.session import SessionKeeper
from reader.tui.signals import quit_on_signals
from reader.tui.view_state import session_item, session_value

NOW_VARIABLE = "READER_NOW"  # an ISO date-time that the app takes as "now" (for screenshots)


def parse_now(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _reader_commands() -> type[Provider]:
    """The palette's provider, loaded when the palette opens (with the help screen it quotes)."""
    from reader.tui.commands import ReaderCommands

    return ReaderCommands


class ReaderApp(App[int], inherit_bindings=False):
    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    BINDINGS = keys.APP
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = App.COMMANDS | {_reader_commands}
    NOTIFICATION_TIMEOUT = 5

    class QuitSignal(Message):
        """SIGHUP or SIGTERM arrived (see reader/tui/signals.py): leave as `q` does."""

        def __init__(self, signum: int) -> None:
            super().__init__()
            self.signum = signum

    def __init__(self, library: Library, paths: tuple[str, ...] | list[str] = (), *, now: datetime | None = None) -> None:
        super().__init__()
        self.library = library
        self.paths = tuple(paths)
        library.show(self.paths)  # before the screen opens its workers' Library, which shows the same
        self._now = now
        self.keymap: dict[str, str] = {}
        self.main: MainScreen | None = None
        self.keeper: SessionKeeper | None = None
        self._gc_paused = False

    def now(self) -> datetime:
        """'Now' for "N days ago": fixed when given (tests, screenshots), else the clock."""
        return self._now or datetime.now(UTC)

    def say(self, message: str, *, severity: str = "information", timeout: float | None = None) -> None:
        """A notification whose text is never read as markup (it may quote seed text)."""
        self.notify(message, severity=severity, timeout=timeout, markup=False)

    def on_mount(self) -> None:
        # Start-up makes some 65,000 objects that live as long as the app, and the collector
        # took a full pass over them (15-25 ms) before every first frame. It waits until the
        # list is painted (MainScreen calls resume_gc; the timer is a backstop).
        self._gc_paused = gc.isenabled()
        gc.disable()
        self.set_timer(2.0, self.resume_gc)
        settings = self.library.settings
        for warning in self.library.warnings:
            self.say(warning, severity="warning", timeout=15)
        self._apply_keys(settings.keys)
        self._apply_theme(session_value(self.main.saved_session, "theme") or settings.theme)
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def get_default_screen(self) -> MainScreen:
        """The main screen is the first one: no blank default screen is laid out and styled
        before it (that was a tenth of the first frame). Textual asks for it before on_mount,
        so the session and its keeper are made here."""
        saved = self.library.session()
        self.keeper = SessionKeeper(self.library.paths.state_db, saved, on_error=self._session_error)
        self.main = MainScreen(self.library, self.paths, self.keeper, saved)
        return self.main

    def resume_gc(self) -> None:
        """Collect garbage again, with the start-up objects set aside for good: left in the
        collector's care, every full collection walks them again (~55 ms stalls, one every
        few keys while the preview follows the cursor; ~28 ms without them). Set aside once
        per process, as tests start many apps."""
        if not self._gc_paused:
            return
        self._gc_paused = False
        if not gc.get_freeze_count():
            gc.freeze()
        gc.enable()

    def _apply_keys(self, overrides: dict[str, str]) -> None:
        known = keys.all_ids()
        unknown = sorted(set(overrides) - known)
        for binding_id in unknown:
            self.say(f"config.toml: [keys] '{binding_id}' is not a binding id (press ? for the list); ignored", severity="warning", timeout=15)
        self.keymap = {binding_id: value for binding_id, value in overrides.items() if binding_id in known}
        self.set_keymap(self.keymap)

    def _apply_theme(self, name: str) -> None:
        if name not in self.available_themes:
            self.say(f"unknown theme '{name}'; using {DEFAULT_THEME}", severity="warning", timeout=10)
            name = DEFAULT_THEME
        self.theme = name

    def _theme_changed(self, theme) -> None:
        if self.keeper is not None:
            self.keeper.changed(session_item("theme", theme.name))

    def _session_error(self, message: str) -> None:
        """From the keeper's thread (notify is thread-safe, and never waits for the screen): a
        save failed; the app goes on, and the keeper tries again."""
        self.say(message, severity="error")

    # -- links out (o, y) ---------------------------------------------------------------------
    def open_in_browser(self, url: str | None) -> None:
        """A page in the user's browser, if it is an http or https link."""
        from reader.links import check_url  # with webbrowser, which the first frame does without

        try:
            check_url(url)
        except ReaderError as error:
            self.say(str(error), severity="warning")
            return
        self._open_in_browser(url)

    @work(thread=True, group="browser", exit_on_error=False)
    def _open_in_browser(self, url: str) -> None:
        """In a thread: finding the browser may start a program (xdg-settings), and a
        graphical one may take a while to hand the page over."""
        from reader.links import chosen_browser, open_url, runs_in_terminal

        try:  # notify posts a message: safe from a thread
            browser = chosen_browser()
            if runs_in_terminal(browser):  # w3m, lynx: it needs the screen and the keys
                self.call_from_thread(self._open_in_this_terminal, browser, url)
                return
            self.say(f"Opened {open_url(url, browser)}", timeout=3)
        except ReaderError as error:  # no browser, or it failed
            self.say(str(error), severity="warning")

    def _open_in_this_terminal(self, browser, url: str) -> None:
        """A text-mode browser gets the terminal to itself until it ends, as in newsboat;
        then the app comes back as it was."""
        from reader.links import open_url

        try:
            with self.suspend():
                open_url(url, browser)
        except SuspendNotSupported:
            self.say("cannot hand this terminal to a text-mode browser; set BROWSER to a graphical one", severity="warning")
        except ReaderError as error:
            self.say(str(error), severity="warning")

    def copy_url(self, url: str | None) -> None:
        if not url:
            self.say("No URL to copy", severity="warning", timeout=2)
            return
        self.copy_to_clipboard(url)
        self.say(f"Copied {url}", timeout=3)

    def action_help(self) -> None:
        from reader.tui.screens.help import HelpScreen  # a screen the first frame does without

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        self.exit(0)  # the main screen keeps your place as it unmounts

    def on_reader_app_quit_signal(self, message: QuitSignal) -> None:
        self.exit(0)  # as q does


def run_app(library: Library, paths: list[str] | tuple[str, ...] = ()) -> int:
    try:
        now = parse_now(os.environ.get(NOW_VARIABLE))
    except ValueError:
        now = None
    app = ReaderApp(library, paths, now=now)
    with quit_on_signals(lambda signum: app.post_message(ReaderApp.QuitSignal(signum))):
        return app.run() or 0


__all__ = ["ReaderApp", "parse_now", "run_app"]
