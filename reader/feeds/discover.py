"""Finding a site's feed from one of its HTML pages: `<link rel="alternate">` with a feed type."""

from __future__ import annotations

from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from reader.net import FetchError, check_fetchable

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json")


def looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<head" in head or b"<body" in head


def feed_links(body: bytes, page_url: str) -> list[str]:
    """The feeds a page announces, in its order, as absolute http(s) URLs."""
    tree = LexborHTMLParser(body[: 2 * 1024 * 1024])  # the links are in the head
    found: list[str] = []
    for node in tree.css("link[href]"):
        rel = (node.attributes.get("rel") or "").lower().split()
        kind = (node.attributes.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in rel or kind not in FEED_TYPES:
            continue
        try:
            url = check_fetchable(urljoin(page_url, node.attributes.get("href") or ""))
        except (FetchError, ValueError):
            continue
        if url not in found:
            found.append(url)
    return found
