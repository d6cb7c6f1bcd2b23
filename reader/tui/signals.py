"""SIGHUP and SIGTERM end the app the way `q` does; a second one ends it at once.

Closing the terminal window sends SIGHUP; `kill`, a logout or a service manager sends SIGTERM.
Python's default for both is to die on the spot: the place since the last save is lost and the
terminal is left in the app's modes (alternate screen, no echo, mouse reports). Here the first
signal asks the app to quit as `q` does (the session saved first, then Textual restores the
terminal), and a quit that hangs is cut short after `GRACE_S`.

A closed window leaves no terminal to restore: every write to it fails with EIO, and Textual's
output thread dies on the first one (after which the app would block once its queue fills).
So when the terminal has hung up, the standard streams are pointed at /dev/null before the
app quits.
"""

from __future__ import annotations

import asyncio
import os
import signal
import termios
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

QUIT_SIGNALS = (signal.SIGHUP, signal.SIGTERM)
GRACE_S = 5.0  # a quit still under way after this long is ended at once
# What Textual's driver undoes on exit, for when it cannot run: Kitty keys, alternate screen,
# hidden cursor, focus and mouse reports, bracketed paste, line wrap.
_RESET = (
    "\x1b[<u\x1b[?1049l\x1b[?25h\x1b[?1004l\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"
    "\x1b[?2004l\x1b[?7h"
).encode()


def terminal_gone(fd: int = 0) -> bool:
    """True if `fd` is a terminal that has hung up (its window closed, its SSH session dropped)."""
    try:
        termios.tcgetattr(fd)
    except termios.error as error:
        return error.args[0] == 5  # EIO: hung up; ENOTTY (not a terminal) is not "gone"
    return False


def detach_from_terminal() -> None:
    """Point stdin, stdout and stderr at /dev/null, so that nothing blocks or fails writing to
    a terminal that is no longer there."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


class QuitOnSignal:
    """While active, SIGHUP and SIGTERM call `quit(signum)` on the running event loop (never
    inside the signal handler itself, which may interrupt any line of the app)."""

    def __init__(self, quit: Callable[[int], None]) -> None:
        self.quit = quit
        self.received: int | None = None
        self._previous: dict[int, object] = {}
        self._terminal: list | None = None  # the terminal's modes before the app changed them

    def install(self) -> None:
        try:
            self._terminal = termios.tcgetattr(0)
        except termios.error:
            self._terminal = None
        if threading.current_thread() is not threading.main_thread():
            return  # only the main thread may set handlers (an app run from a thread keeps Python's)
        for signum in QUIT_SIGNALS:
            self._previous[signum] = signal.signal(signum, self._handle)

    def uninstall(self) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        self._previous.clear()

    def _handle(self, signum: int, frame) -> None:
        if self.received is not None:
            self.end_now(signum)
        self.received = signum
        if terminal_gone():
            detach_from_terminal()
        watchdog = threading.Timer(GRACE_S, self.end_now, (signum,))
        watchdog.daemon = True
        watchdog.start()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # the app is not running (yet, or any more): nothing to save
            self.end_now(signum)
        loop.call_soon_threadsafe(self.quit, signum)

    def end_now(self, signum: int) -> None:
        """Leave at once: the terminal's modes put back as well as can be, no clean-up."""
        if not terminal_gone():
            try:
                if self._terminal is not None:
                    termios.tcsetattr(0, termios.TCSANOW, self._terminal)
                os.write(2, _RESET)
            except (OSError, termios.error):
                pass
        os._exit(128 + signum)


@contextmanager
def quit_on_signals(quit: Callable[[int], None]) -> Iterator[QuitOnSignal]:
    handler = QuitOnSignal(quit)
    handler.install()
    try:
        yield handler
    finally:
        handler.uninstall()


__all__ = ["GRACE_S", "QUIT_SIGNALS", "QuitOnSignal", "detach_from_terminal", "quit_on_signals", "terminal_gone"]
