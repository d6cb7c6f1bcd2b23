"""An article's page, fetched through reader/net.py and decoded: HTML as text, or one line why not."""

from __future__ import annotations

from dataclasses import dataclass

from reader.errors import ReaderError
from reader.fulltext.charset import decode
from reader.net import MiB, FetchError, Fetcher

PAGE_LIMIT = 5 * MiB
ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# A server that says nothing useful about the type (or the wrong thing) still sends HTML often.
_UNSURE_TYPES = ("", "text/plain", "application/octet-stream", "binary/octet-stream")
_NAMED_TYPES = {"application/pdf": "a PDF", "application/json": "JSON", "application/xml": "XML",
                "text/xml": "XML", "application/rss+xml": "a feed", "application/atom+xml": "a feed"}


class NotHTML(ReaderError):
    pass


@dataclass(frozen=True)
class Page:
    url: str  # after redirects
    html: str


def new_fetcher(**bounds) -> Fetcher:
    """The Fetcher full texts use: net.py's bounds with the page cap."""
    return Fetcher(max_bytes=PAGE_LIMIT, **bounds)


def fetch_page(fetcher: Fetcher, url: str) -> Page:
    try:
        response = fetcher.get(url, accept=ACCEPT)
    except FetchError as error:
        raise FetchError(_plain(error), error.status) from None
    kind = response.content_type
    if kind not in _HTML_TYPES and not (kind in _UNSURE_TYPES and _looks_like_html(response.body)):
        raise NotHTML(f"not HTML ({_what(kind, response.body)})")
    return Page(response.url, decode(response.body, response.charset))


def _plain(error: FetchError) -> str:
    """net.py's line, said the way a reader of articles thinks of it."""
    if error.status in (404, 410):
        return f"no such page (HTTP {error.status})"
    if str(error).startswith("refused:"):
        return "too large: " + str(error).removeprefix("refused: ")
    return str(error)


def _looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<!--")) or b"<body" in head


def _what(kind: str, body: bytes) -> str:
    if body.startswith(b"%PDF"):
        return "a PDF"
    return _NAMED_TYPES.get(kind) or (kind or "no content type")
