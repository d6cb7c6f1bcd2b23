"""Find seed files under the given paths: recursive, hidden entries skipped, links followed
without looping."""

from __future__ import annotations

import os
from dataclasses import dataclass

from reader.model import Problem

SEED_SUFFIXES = (".md", ".markdown", ".txt")


@dataclass(frozen=True, slots=True)
class SeedFile:
    path: str
    size: int
    mtime_ns: int


class MissingPath(Exception):
    """A path the user named does not exist."""


def scan(paths: list[str]) -> tuple[list[SeedFile], list[Problem]]:
    """Every seed file under `paths` (sorted, each once) and the folders that could not be read."""
    files: dict[str, SeedFile] = {}
    problems: list[Problem] = []
    visited_dirs: set[tuple[int, int]] = set()
    for given in paths:
        path = os.path.abspath(given)
        try:
            st = os.stat(path)
        except FileNotFoundError:
            raise MissingPath(given) from None
        except OSError as error:
            problems.append(Problem(path, f"cannot read: {error.strerror or error}", "unreadable"))
            continue
        if os.path.isdir(path):
            _walk(path, files, problems, visited_dirs)
        else:  # a file named outright counts whatever its suffix
            files[path] = SeedFile(path, st.st_size, st.st_mtime_ns)
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
            problems.append(Problem(folder, f"cannot read folder: {error.strerror or error}", "unreadable"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    stack.append(entry.path)
                elif entry.name.lower().endswith(SEED_SUFFIXES) and entry.is_file():
                    st = entry.stat()
                    files[entry.path] = SeedFile(entry.path, st.st_size, st.st_mtime_ns)
            except OSError as error:  # a dangling link, or a file gone since listing
                if not entry.is_symlink():
                    problems.append(Problem(entry.path, f"cannot read: {error.strerror or error}", "unreadable"))
