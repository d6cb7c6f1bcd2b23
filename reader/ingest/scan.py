"""Find seed files under the given paths: recursive, hidden entries skipped, links followed
without looping."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass

from reader.ingest.clean import UNSAFE_CHARS
from reader.ingest.exist import MissingPath
from reader.model import Problem

SEED_SUFFIXES = (".md", ".markdown", ".txt")
# Paths are shown to the user and stored like any text: a name carrying an escape sequence or
# a line break is refused, so nothing downstream has to remember to escape paths.
_UNSAFE_NAME_RE = re.compile(f"[{UNSAFE_CHARS}\t\n\r]")


@dataclass(frozen=True, slots=True)
class SeedFile:
    path: str
    size: int
    mtime_ns: int


def scan(paths: list[str]) -> tuple[list[SeedFile], list[Problem]]:
    """Every seed file under `paths` (sorted, each once) and the entries that could not be read.

    Entries named like seed files that cannot be one (a broken link, a FIFO, a name that is
    not valid UTF-8 or carries control characters) are reported as problems rather than
    skipped in silence.
    """
    files: dict[str, SeedFile] = {}
    problems: list[Problem] = []
    visited_dirs: set[tuple[int, int]] = set()
    for given in paths:
        path = os.path.abspath(given)
        try:
            st = os.stat(path)
        except FileNotFoundError:
            if os.path.islink(path):
                problems.append(_problem(path, "cannot read: broken link (its target does not exist)"))
                continue
            raise MissingPath(given) from None
        except OSError as error:
            problems.append(_problem(path, f"cannot read: {error.strerror or error}"))
            continue
        if stat.S_ISDIR(st.st_mode):
            _walk(path, files, problems, visited_dirs)
        else:  # a file named outright counts whatever its suffix
            _add(path, st, files, problems)
    return [files[p] for p in sorted(files)], problems


def _walk(root: str, files: dict, problems: list, visited: set) -> None:
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in visited:
                continue  # a link back to a folder already seen: a loop or a second way in
            visited.add((st.st_dev, st.st_ino))
            entries = list(os.scandir(folder))
        except OSError as error:
            problems.append(_problem(folder, f"cannot read folder: {error.strerror or error}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            is_seed = entry.name.lower().endswith(SEED_SUFFIXES)
            try:
                if entry.is_dir():
                    stack.append(entry.path)
                elif is_seed:
                    _add(entry.path, entry.stat(), files, problems)
            except OSError as error:
                if not is_seed:
                    continue  # a broken link named like anything else is none of our business
                if entry.is_symlink() and not os.path.exists(entry.path):
                    # ELOOP (a link to itself) or ENOENT (its target is gone)
                    reason = "broken link (its target does not exist or loops)"
                else:
                    reason = error.strerror or str(error)
                problems.append(_problem(entry.path, f"cannot read: {reason}"))


def _add(path: str, st: os.stat_result, files: dict, problems: list) -> None:
    if not stat.S_ISREG(st.st_mode):
        # A FIFO would block the reader forever; a device could stream without end.
        problems.append(_problem(path, "cannot read: not a regular file"))
    elif not _encodable(path):
        problems.append(_problem(path, "file name is not valid UTF-8; rename the file to index it"))
    elif _UNSAFE_NAME_RE.search(path):
        problems.append(_problem(path, "file name contains control characters; rename the file to index it"))
    else:
        files[path] = SeedFile(path, st.st_size, st.st_mtime_ns)


def _encodable(path: str) -> bool:
    """Paths are stored as text; a name with bytes that are not UTF-8 decodes to lone
    surrogates, which SQLite cannot store."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _problem(path: str, reason: str) -> Problem:
    return Problem(_displayable(path), reason, "unreadable")


def _displayable(path: str) -> str:
    """A path that can be stored and printed: undecodable bytes and control characters
    shown as visible escapes (\\xff, \\x1b, \\u202e)."""
    if _encodable(path) and not _UNSAFE_NAME_RE.search(path):
        return path
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return _UNSAFE_NAME_RE.sub(lambda m: ascii(m.group())[1:-1], text)
