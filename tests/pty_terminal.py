"""The installed `reader` in a pseudo-terminal, read through a terminal emulator (pyte): keys
go in as a terminal would send them, and the screen is what a user would see. For what only
a real process shows: signals, a closed window, a kill, a restart."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pyte

READER = Path(sys.executable).parent / "reader"  # the console script installed beside this Python


class Terminal:
    def __init__(self, *args: str, home: Path, columns: int = 120, lines: int = 30) -> None:
        assert READER.exists(), f"{READER} is not installed (pip install . puts it there)"
        env = {
            key: value for key, value in os.environ.items() if not key.startswith(("TEXTUAL", "COLUMNS", "LINES"))
        } | {"READER_HOME": str(home), "TERM": "xterm-256color", "TZ": "UTC"}
        self.columns, self.lines = columns, lines
        self.pid, self.fd = pty.fork()  # the child's controlling terminal: closing `fd` hangs it up
        if self.pid == 0:  # pragma: no cover - the child
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
                os.execve(READER, [str(READER), *args], env)
            finally:
                os._exit(127)
        self.screen = pyte.Screen(columns, lines)
        self._stream = pyte.ByteStream(self.screen)
        self.output = bytearray()  # everything the app wrote, escape sequences and all
        self.exit_code: int | None = None

    # -- reading ----------------------------------------------------------------------------
    def _read(self, timeout: float) -> bool:
        """Take in what the app wrote within `timeout`; False once the terminal has closed."""
        if self.fd < 0:
            return False
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: the app has exited and the terminal has no writer left
            return False
        if not data:
            return False
        self.output.extend(data)
        self._stream.feed(data)
        return True

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, condition: Callable[[], object], timeout: float = 20.0, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what or condition}; the screen:\n{self.text()}")
            if not self._read(0.02) and not condition():
                raise AssertionError(f"the app ended while waiting for {what or condition}:\n{self.output[-2000:]!r}")

    def wait_for_text(self, text: str, timeout: float = 20.0) -> None:
        self.wait_for(lambda: text in self.text(), timeout, repr(text))

    def right_of(self, column: int) -> str:
        """The text right of `column` (a pane), its lines joined by single spaces."""
        return " ".join(" ".join(line[column:].split()) for line in self.screen.display).strip()

    # -- writing ----------------------------------------------------------------------------
    def press(self, *keys: str) -> None:
        for key in keys:
            os.write(self.fd, {"down": b"\x1b[B", "up": b"\x1b[A"}.get(key, key.encode()))
            self._read(0)

    # -- ending -----------------------------------------------------------------------------
    def send(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def hang_up(self) -> None:
        """Close the window: the terminal goes away, and the kernel sends the app SIGHUP."""
        os.close(self.fd)
        self.fd = -1

    def wait_exit(self, timeout: float = 20.0) -> int:
        """The process's exit code (negative: killed by that signal), reading its last output."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._read(0.02)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                last = time.monotonic() + 2.0
                while self._read(0.05) and time.monotonic() < last:  # what it wrote last
                    pass
                self.exit_code = os.waitstatus_to_exitcode(status)
                return self.exit_code
        self.send(signal.SIGKILL)
        os.waitpid(self.pid, 0)
        raise AssertionError(f"reader did not exit within {timeout} s; the screen:\n{self.text()}")

    def terminal_modes(self) -> list:
        """The terminal's modes as the app left them (a pty's master reports its slave's)."""
        return termios.tcgetattr(self.fd)

    def close(self) -> None:
        if self.exit_code is None:
            try:
                self.send(signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
