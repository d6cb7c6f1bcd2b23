"""Scan folders and turn each seed file into an `Article` or a `Problem`."""

from reader.ingest.parse import parse_bytes, parse_file
from reader.ingest.scan import SeedFile, scan

__all__ = ["SeedFile", "parse_bytes", "parse_file", "scan"]
