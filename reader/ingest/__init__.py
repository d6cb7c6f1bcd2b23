"""Scan folders and turn each seed file into an `Article` or a `Problem`.

The parser (and YAML with it) is imported on first use, not with the package: the app's
first frame needs the scanner at most, and the parser waits for the rescan behind it.
"""

from importlib import import_module

from reader.ingest.scan import SeedFile, scan


def __getattr__(name: str):
    if name in ("parse_bytes", "parse_file"):
        return getattr(import_module("reader.ingest.parse"), name)
    raise AttributeError(f"module 'reader.ingest' has no attribute {name!r}")


__all__ = ["SeedFile", "parse_bytes", "parse_file", "scan"]
