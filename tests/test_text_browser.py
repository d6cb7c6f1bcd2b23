"""o with a text-mode browser (w3m, lynx, or $BROWSER, as on a server over SSH): the browser
gets the terminal to itself, and the app comes back as it was when the browser ends.

Python's webbrowser starts such a browser in the foreground and waits for it. The app ran it
in a thread with the screen still its own: both drew on one terminal and both read its keys."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from pty_terminal import Terminal


def fake_text_browser(folder: Path) -> tuple[Path, Path]:
    """A browser that clears the screen, shows the URL, notes it, and ends on Enter."""
    opened = folder / "opened.txt"
    script = folder / "textbrowser"
    script.write_text(
        "#!/bin/sh\n"
        "printf '\\033[2J\\033[HTEXT BROWSER SHOWING %s\\n' \"$1\"\n"
        f"printf '%s' \"$1\" > '{opened}'\n"
        "read answer\n"
        "printf 'BROWSER GOT %s\\n' \"$answer\"\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script, opened


def list_rows(terminal: Terminal) -> list[str]:
    """The sidebar and the list, left of the detail pane."""
    return [line[:75] for line in terminal.screen.display[:6]]


def test_o_hands_the_terminal_to_a_text_browser_and_the_app_comes_back(
    home: Path, seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    script, opened = fake_text_browser(tmp_path)
    monkeypatch.setenv("BROWSER", str(script))
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    with Terminal(str(seeds), home=home) as terminal:
        terminal.wait_for_text("Related (")  # the list and the first article's detail drawn
        rows = list_rows(terminal)
        terminal.press("o")
        terminal.wait_for_text("TEXT BROWSER SHOWING https://")
        # The browser has the screen: nothing of the app is drawn over it.
        assert "5 articles" not in terminal.text(), terminal.text()
        terminal.press("yes\r")  # the browser, not the app, reads these keys
        terminal.wait_for_text("5 articles")
        assert opened.read_text().startswith("https://")
        assert "BROWSER GOT yes" in terminal.output.decode(errors="replace")
        # Back as it was, and the keys are the app's again.
        terminal.wait_for(lambda: list_rows(terminal) == rows, what="the same rows")
        shown = terminal.right_of(76)[:60]
        terminal.press("j")
        terminal.wait_for(lambda: terminal.right_of(76)[:60] != shown, what="the next article's detail")
        terminal.press("q")
        assert terminal.wait_exit() == 0
