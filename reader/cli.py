"""The command line: `reader SUBCOMMAND`, or the app when no subcommand is given.

Every subcommand goes through `Library` and the query layer, exactly as the TUI does.
Exit codes: 0 success, 1 an error (one line on stderr, no traceback), 2 bad usage.

The app's own start (`reader`, `reader PATH...`, `reader app PATH...`) is read here without
argparse: building the parser of every subcommand, with their modules, cost a tenth of the
app's first frame. Anything else (an option, a subcommand) goes to reader/cli_commands.py.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable, Sequence

from reader.errors import ReaderError

# Every subcommand's name, the one list of them: a first argument spelled like one goes to
# argparse, any other opens the app on it as a PATH. The parser (reader/cli_commands.py)
# refuses to build with a subcommand that is not here, or without one that is.
COMMAND_NAMES = (
    "app", "index", "list", "show", "mark", "topics", "providers", "views", "problems", "stories", "open",
    "feeds", "fetch", "fulltext",
)


def app_arguments(argv: Sequence[str]) -> list[str] | None:
    """The PATHs when `argv` only opens the app (`reader`, `reader PATH...`, `reader app
    PATH...`), else None: a subcommand, or any option (--help, --version, `--`)."""
    if argv and argv[0] == "app":
        paths = list(argv[1:])
    elif argv and argv[0] in COMMAND_NAMES:
        return None
    else:
        paths = list(argv)
    return None if any(path.startswith("-") for path in paths) else paths


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    paths = app_arguments(argv)
    if paths is not None:
        return _end(_run(paths, lambda library: open_app(library, paths)))
    from reader import cli_commands

    args = cli_commands.parse(argv)
    return _end(_run(cli_commands.paths_of(args), lambda library: cli_commands.run(library, args)))


def _end(code: int) -> int:
    """The command is over (the app has quit, or ctrl+c stopped a fetch) and the library is
    closed: end the process now, even if threads are still fetching a slow feed. Python
    would wait for them at exit, up to a feed's 30 s deadline (with the app, the screen
    already gone). Nothing is lost by not waiting: marks are committed as they change and
    the place as the screen unmounts, and a fetch stopped at any moment leaves whole files
    only (a first fetch's folder appears by one rename; a kill mid-fetch is what it is
    built for)."""
    import threading

    waiting = [t for t in threading.enumerate() if t is not threading.main_thread() and t.is_alive() and not t.daemon]
    if waiting:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a reader of the pipe gone, or the stream closed
                pass
        os._exit(code)
    return code


def emit(items: Sequence, as_json: bool, table: str, *table_args, to_json: Callable[..., dict] | None = None) -> None:
    """What a listing command prints: one JSON object a line with --json (`to_json(item)`,
    else `item.as_json()`), else a table for a person, by `reader.console.<table>(items,
    *table_args)` (which says when there is nothing). Rich loads only for the table."""
    if as_json:
        from reader.formats import json_line

        out = sys.stdout
        for item in items:
            out.write(json_line(to_json(item) if to_json else item.as_json()) + "\n")
        return
    from reader import console

    getattr(console, table)(items, *table_args)


def _error(message: str) -> None:
    print(f"reader: {message}", file=sys.stderr)


def _run(paths: list[str], command: Callable[..., int]) -> int:
    """`command(library)` on a Library showing `paths`, each failure told in one line."""
    try:
        return _with_library(paths, command)
    except ReaderError as error:
        _error(str(error))
        return 1
    except sqlite3.Error as error:
        _error(f"database error: {error}")
        return 1
    except BrokenPipeError:  # `reader list | head`; before OSError, which would catch it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        _error(f"{error.filename or ''}{': ' if error.filename else ''}{error.strerror or error}")
        return 1
    except KeyboardInterrupt:
        return 130


def _with_library(paths: list[str], command: Callable[..., int]) -> int:
    from reader.library import Library

    library = Library()
    library.show(paths)  # what `list --cached PATH` and the app's workers show
    for warning in library.warnings:
        _error(warning)
    told = len(library.warnings)
    try:
        return command(library)
    finally:
        for warning in library.warnings[told:]:  # from a file opened on the way (full texts)
            _error(warning)
        library.close()


def open_app(library, paths: list[str]) -> int:
    library.check_paths(paths)  # before the screen is taken: one line, as `reader list PATH` says it
    from reader.tui.app import run_app

    return run_app(library, paths)
