"""A feed document (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1) as plain items.

feedparser-rs (a Rust parser with feedparser's API) rather than feedparser or fastfeedparser:
see the commit that chose it for the measurement. It decodes any declared encoding, never
expands entities (an entity-expansion bomb stays the literal `&lol9;`, an external entity is
not read), keeps the items before a point where the XML breaks and says why (`bozo`), and
bounds entries, links, tags and enclosures per feed.

Everything leaving this module is cleaned text: titles folded to one line, HTML converted to
plain text, links absolute and http(s) only.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

import feedparser_rs

from reader.feeds.html_text import html_to_text
from reader.ingest.clean import clean_line, shorten
from reader.net import FetchError, check_fetchable

EXCERPT_CHARS = 280
MAX_BODY_CHARS = 1_000_000  # a seed file stays well under the scan's 8 MiB limit
MAX_ITEMS = 2000  # per feed; a feed with more keeps its first (newest, as feeds are written)
_LIMITS = feedparser_rs.ParserLimits(max_entries=MAX_ITEMS)
# bozo reasons that only mean "an HTML entity XML does not define" (`&eacute;`): the parser
# decodes those, so the feed is not malformed for the user.
_HARMLESS_RE = re.compile(r"entity", re.IGNORECASE)


class NotAFeed(Exception):
    """The document is no feed this parser knows (an HTML page, say)."""


@dataclass(frozen=True)
class Image:
    url: str
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class Item:
    key: str | None  # the guid (or id), when the feed gave one
    title: str | None
    link: str | None  # absolute http(s), or None when the item has no usable link
    excerpt: str | None
    body: str
    published: datetime | None
    updated: datetime | None
    topics: tuple[str, ...]
    images: tuple[Image, ...]


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    link: str | None  # the site
    items: list[Item]
    malformed: str | None  # why the document is broken, when items were kept anyway
    truncated: bool = False  # it had more than MAX_ITEMS items; the first ones were kept


def parse_feed(body: bytes, url: str) -> ParsedFeed:
    """The feed in `body`, fetched from `url` (relative links resolve against it).
    Raises NotAFeed when it is no feed at all."""
    # Its HTML sanitiser is off: every HTML field becomes plain text here (html_text.py drops
    # scripts, styles and all markup), and sanitising first would double the parser's time.
    result = feedparser_rs.parse_with_limits(body, limits=_LIMITS, sanitize_html=False)
    if not result.version and not result.entries:
        raise NotAFeed(_reason(result) or "not a feed")
    meta = result.feed
    site = _link(meta.get("link"), url)
    base = url
    items = [_item(entry, base) for entry in result.entries]
    malformed, truncated = None, False
    if b"<!ENTITY" in body:  # never expanded (a bomb stays `&lol9;`), but worth saying
        malformed = "it declares XML entities, which reader does not expand"
    if result.bozo and malformed is None:
        reason = _reason(result) or ""
        truncated = "limit exceeded" in reason.lower()
        if reason and not truncated and not _HARMLESS_RE.search(reason):
            malformed = reason
    return ParsedFeed(_line(meta.get("title")), site, items, malformed, truncated)


def _reason(result) -> str | None:
    text = str(getattr(result, "bozo_exception", "") or "")
    return shorten(clean_line(text), 160) if text else None


def _line(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    # Feed titles are text, but often carry entities (`&amp;`) or stray tags.
    text = clean_line(html_to_text(value) if "<" in value else value, unescape=True)
    return text or None


def _link(href: object, base: str) -> str | None:
    """An absolute http(s) link, or None (`javascript:`, `data:`, `mailto:`... are not links)."""
    if not isinstance(href, str) or not href.strip():
        return None
    href = clean_line(href)
    try:
        return check_fetchable(href if href.startswith(("https://", "http://")) else urljoin(base, href))
    except (FetchError, ValueError):
        return None


def _item(entry, base: str) -> Item:
    get = entry.get
    link = None
    for candidate in get("links") or ():
        if (getattr(candidate, "rel", None) or "alternate") == "alternate":
            link = _link(getattr(candidate, "href", None), base)
            if link:
                break
    link = link or _link(get("link"), base)
    summary = html_to_text(get("summary") or "")
    content = "\n\n".join(
        filter(None, (html_to_text(getattr(block, "value", "") or "") for block in get("content") or ()))
    )
    body = (content or summary)[:MAX_BODY_CHARS]
    if body == summary and len(summary) <= EXCERPT_CHARS:
        body = ""  # the excerpt says it all
    excerpt = shorten(clean_line(summary), EXCERPT_CHARS) if summary else None
    key = get("id")
    return Item(
        key=key if isinstance(key, str) and key.strip() else None,
        title=_line(get("title")),
        link=link,
        excerpt=excerpt or None,
        body=body,
        published=_when(get("published_parsed")),
        updated=_when(get("updated_parsed")),
        topics=tuple(t for t in (_line(getattr(tag, "term", None)) for tag in get("tags") or ()) if t),
        images=_images(entry, base),
    )


def _when(moment) -> datetime | None:
    if moment is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(moment), UTC)
    except (OverflowError, ValueError, TypeError, OSError):
        return None


def _number(value: object) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 100_000 else None


def _images(entry, base: str) -> tuple[Image, ...]:
    found: dict[str, Image] = {}
    get = entry.get
    for media in list(get("media_content") or ()) + list(get("media_thumbnail") or ()):
        url = _link(getattr(media, "url", None), base)
        kind = getattr(media, "medium", None) or getattr(media, "type", None) or ""
        if url and url not in found and (not kind or kind == "unknown" or "image" in str(kind)):
            found[url] = Image(url, _number(getattr(media, "width", None)), _number(getattr(media, "height", None)))
    for enclosure in get("enclosures") or ():
        url = _link(getattr(enclosure, "href", None), base)
        if url and url not in found and str(getattr(enclosure, "type", "") or "").startswith("image/"):
            found[url] = Image(url)
    return tuple(found.values())[:20]
