"""Start-up against the floor in instructions: callgrind's count from the start of an empty
Textual app and of `reader FOLDER` to the write of their first frame, in a pseudo-terminal
(120x40). Unlike the wall and CPU figures of startup_pairs.py, the count does not move with
the load of a shared machine.

    python benchmarks/startup_instructions.py FOLDER=HOME [FOLDER=HOME ...]

The process is stopped (os._exit) as Textual is handed the frame holding the marker, the
empty app's text or the first eight cells of reader's first title, so nothing after the
frame is counted. Needs valgrind.
"""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from probes import EMPTY_APP  # noqa: E402
from startup_pairs import first_title  # noqa: E402

# Run as `python -c STOPPER empty|FOLDER`: exits as the frame with STOP_MARKER is written.
STOPPER = """
import os, sys
import textual.drivers._writer_thread as writer

marker, write = os.environ["STOP_MARKER"], writer.WriterThread.write

def stop_at_marker(self, text):
    if marker in text:
        os._exit(0)
    write(self, text)

writer.WriterThread.write = stop_at_marker
if sys.argv[1] == "empty":
    exec(os.environ["EMPTY_APP"])
else:
    from reader.cli import main
    sys.exit(main(sys.argv[1:]))
"""


def _run_in_pty(argv: list[str], env: dict) -> bytes:
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    seen = b""
    while process.poll() is None:
        if select.select([master], [], [], 0.5)[0]:
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
    process.wait()
    os.close(master)
    return seen


def instructions(which: str, env: dict) -> int:
    """Instructions to the first frame; `which` is "empty" or a folder."""
    argv = [sys.executable, "-c", STOPPER, which]
    _run_in_pty(argv, env)  # compiles into the pycache, and shows the marker is reached
    with tempfile.TemporaryDirectory() as scratch:
        out = _run_in_pty(["valgrind", "--tool=callgrind", f"--callgrind-out-file={scratch}/out", *argv], env)
    found = re.search(rb"Collected : (\d+)", out)
    if not found:
        raise SystemExit(f"no count for {which}: {out[-500:]!r}")
    return int(found.group(1))


def main() -> None:
    pycache = tempfile.mkdtemp(prefix="startup-pycache-")
    base = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    base |= {"PYTHONPYCACHEPREFIX": pycache, "PYTHONPATH": str(HERE.parent), "EMPTY_APP": EMPTY_APP,
             "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    empty = instructions("empty", base | {"STOP_MARKER": "empty app ready"})
    print(f"{'empty app':<28} {empty / 1e6:9,.0f}M")
    for spec in sys.argv[1:]:
        folder, _, home = spec.partition("=")
        env = base | {"READER_HOME": home, "STOP_MARKER": first_title(folder, home)}
        count = instructions(folder, env)
        print(f"{Path(folder).name:<28} {count / 1e6:9,.0f}M  {count / empty:.2f}x the empty app", flush=True)


if __name__ == "__main__":
    main()
