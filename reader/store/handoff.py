"""What a fetch hands the index: the parsed record of each seed file it has just written.

The fetch parses the exact bytes it writes with the ordinary parser (reader/ingest/parse.py,
then the cache's record, as the indexer's parsing workers do), in its own worker processes,
and notes the file's size and mtime as the scan will see them. The index then takes those
records for the files the scan finds with that very size and mtime, instead of reading and
parsing them again; any other file (one changed since, one not handed over) is parsed as
usual. Scan -> parse -> store stays the one path: only who ran the parse differs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reader.ingest.parse import MAX_FILE_BYTES, parse_bytes
from reader.ingest.scan import SeedFile
from reader.store.indexer import Parsed, as_parsed


@dataclass(frozen=True, slots=True)
class Written:
    path: str  # absolute, as the scan names it
    size: int
    mtime_ns: int
    record: Parsed  # what the index's parse of that file gives


def written(path: str, data: bytes, mtime_ns: int) -> Written | None:
    """The record of a file at `path` holding `data`, just written; None for a file the index
    should read itself (one over the parser's size limit, which it refuses on its stat)."""
    if len(data) > MAX_FILE_BYTES:
        return None
    return Written(path, len(data), mtime_ns, as_parsed(parse_bytes(data, path)))


def take(files: list[SeedFile], handed: Mapping[str, Written]) -> tuple[list[Parsed], list[SeedFile]]:
    """The records handed over for exactly these files (same path, size and mtime), and the
    files left to parse."""
    ready: list[Parsed] = []
    rest: list[SeedFile] = []
    for f in files:
        w = handed.get(f.path)
        if w is not None and w.size == f.size and w.mtime_ns == f.mtime_ns:
            ready.append(w.record)
        else:
            rest.append(f)
    return ready, rest
