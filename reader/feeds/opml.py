"""OPML: import (OPML 1.0 and 2.0, nested outlines, folder names as topics) and export
(OPML 2.0, the shape newsboat and other readers import).

The file is untrusted XML: it is read with the standard library's expat parser (which
never fetches external entities) and refused outright if it declares entities at all, so no
expansion bomb is ever parsed; its size is capped before reading.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from email.utils import formatdate
from pathlib import Path

from reader.errors import ReaderError
from reader.feeds.subscriptions import Feed, checked_url
from reader.ingest.clean import clean_line

MAX_BYTES = 10 * 1024 * 1024
_MAX_DEPTH = 50


@dataclass(frozen=True)
class Outline:
    url: str
    title: str | None
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Imported:
    feeds: list[Outline]
    skipped: list[str]  # one line each: what was left out and why


def read_opml(path: Path) -> Imported:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise ReaderError(f"cannot read {path}: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:
        raise ReaderError(f"{path}: over the {MAX_BYTES // 2**20} MiB limit for an OPML file")
    return parse_opml(data, str(path))


def parse_opml(data: bytes, name: str = "OPML") -> Imported:
    if b"<!ENTITY" in data.upper():
        raise ReaderError(f"{name}: declares XML entities (an entity-expansion bomb?); refused")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise ReaderError(f"{name}: not valid OPML ({error})") from None
    if root.tag.lower() != "opml":
        raise ReaderError(f"{name}: not an OPML file (the root element is <{clean_line(root.tag)[:40]}>)")
    body = next((child for child in root if child.tag.lower() == "body"), None)
    if body is None:
        raise ReaderError(f"{name}: an OPML file without a <body>")
    feeds: list[Outline] = []
    skipped: list[str] = []
    _walk(body, (), feeds, skipped, set(), 0)
    return Imported(feeds, skipped)


def _attr(node: ET.Element, *names: str) -> str | None:
    lowered = {key.lower(): value for key, value in node.attrib.items()}
    for name in names:
        value = clean_line(lowered.get(name.lower()) or "")
        if value:
            return value
    return None


def _walk(node: ET.Element, topics: tuple[str, ...], feeds: list[Outline], skipped: list[str], seen: set[str], depth: int) -> None:
    for outline in node:
        if outline.tag.lower() != "outline":
            continue
        title = _attr(outline, "title", "text")
        url = _attr(outline, "xmlUrl")
        if url:
            try:
                checked = checked_url(url)
            except ReaderError as error:
                skipped.append(f"skipped {title or 'an outline'}: {error}")
                continue
            if checked not in seen:
                seen.add(checked)
                feeds.append(Outline(checked, title, topics))
        elif depth < _MAX_DEPTH:
            # An outline without a feed is a folder: its name becomes a topic of its feeds.
            _walk(outline, topics + ((title,) if title else ()), feeds, skipped, seen, depth + 1)


def export_opml(feeds: list[Feed]) -> str:
    """OPML 2.0: feeds in folder outlines by their first topic, the others at the top."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = "reader subscriptions"
    ET.SubElement(head, "dateCreated").text = formatdate(usegmt=True)
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for feed in feeds:
        parent = body
        if feed.topics:
            parent = folders.get(feed.topics[0])
            if parent is None:
                parent = folders[feed.topics[0]] = ET.SubElement(body, "outline", text=feed.topics[0], title=feed.topics[0])
        ET.SubElement(parent, "outline", type="rss", text=feed.name, title=feed.name, xmlUrl=feed.url)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
