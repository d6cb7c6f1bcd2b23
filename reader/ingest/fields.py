"""Lenient coercion of front-matter values, which in real files come in every type.

Each function takes whatever YAML produced and returns a clean value of one type or None;
none of them raises on bad input.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from reader.ingest.clean import clean_line
from reader.model import Image, Provider, Related

_EARLIEST_YEAR, _LATEST_YEAR = 1900, 2200
_EPOCH_RE = re.compile(r"^-?\d{1,12}(\.\d+)?$")
_MAX_LIST = 200  # topics, images or related entries kept from one file
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))  # the base YAML loader leaves these as text


def as_line(value: object, *, unescape: bool = True) -> str | None:
    """A single line of text, or None. Numbers become text; lists and mappings do not."""
    if type(value) is not str:  # text is the usual case: the type checks only for the rest
        if isinstance(value, bool) or value is None:
            return None
        if isinstance(value, (int, float, date)):
            value = str(value)
        if not isinstance(value, str):
            return None
    if value in _NULLS:
        return None
    return clean_line(value, unescape=unescape) or None


def as_number(value: object) -> float | None:
    """A finite number, or None (`"n/a"`, NaN, infinities and booleans are absent)."""
    if isinstance(value, str):  # the usual case (YAML's base loader gives text): one float() call
        try:
            number = float(value)  # float() strips the spaces around a number itself
        except ValueError:
            try:
                number = float(value.replace("_", ""))  # 1__000, which float() refuses
            except ValueError:
                return None
        return number if math.isfinite(number) else None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:
            return None
        return number if math.isfinite(number) else None
    return None


def as_datetime(value: object) -> datetime | None:
    """UTC datetime from ISO 8601 (with or without offset, or date only), RFC 2822 or epoch."""
    if isinstance(value, bool) or value is None or (isinstance(value, str) and value in _NULLS):
        return None
    result: datetime | None = None
    try:
        if isinstance(value, str):  # the usual case first (the base loader gives text)
            text = value.strip()
            if _EPOCH_RE.match(text):
                result = datetime.fromtimestamp(float(text), UTC)
            else:
                try:
                    result = datetime.fromisoformat(text)
                except ValueError:
                    result = parsedate_to_datetime(text)
        elif isinstance(value, datetime):
            result = value
        elif isinstance(value, date):
            result = datetime(value.year, value.month, value.day)
        elif isinstance(value, (int, float)):
            result = datetime.fromtimestamp(value, UTC)
    except (ValueError, OverflowError, OSError, TypeError, IndexError):
        return None
    if result is None:
        return None
    if result.tzinfo is None:
        result = result.replace(tzinfo=UTC)  # YAML and ISO without offset: take as UTC
    try:
        result = result.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return result if _EARLIEST_YEAR <= result.year <= _LATEST_YEAR else None


def as_url(value: object) -> str | None:
    """A URL-looking line, or None: a bare word or number (`7`, `n/a`) is not a link."""
    url = as_line(value, unescape=False)
    if not url:
        return None
    url = url.strip("<>\"' ")
    # Three `in` tests, not any() over a generator: ~8 URLs a file, 1.3 us against 0.05 each.
    return url if url and ("." in url or "/" in url or ":" in url) else None


# An http(s) URL with a lower-case host and nothing but a path (most of them: ~2 a file, with
# related entries): its canonical form without urlsplit and urlunsplit (0.6 against 3.9 us).
# Anything else (a query, a fragment, a port, user info, upper case, spaces) takes the full way.
_SIMPLE_URL_RE = re.compile(r"(https?)://([a-z0-9.-]+)(/[^?#\s]*)?")


@lru_cache(maxsize=2048)  # a related entry's URL is canonicalised twice (repeats, then its id)
def canonical_url(url: str) -> str:
    """The form two spellings of one URL share: lower-case scheme and host, no fragment,
    no tracking parameters, no trailing slash."""
    simple = _SIMPLE_URL_RE.fullmatch(url)
    if simple is not None:
        scheme, netloc, path = simple.groups()
        netloc = netloc.removeprefix("www.")
        if netloc:
            return f"{scheme}://{netloc}{path.rstrip('/') if path else ''}"
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    query = "&".join(p for p in parts.query.split("&") if p and not p.startswith("utm_"))
    path = parts.path.rstrip("/") if parts.path not in ("", "/") else ""
    netloc = parts.netloc.lower()
    if netloc.startswith("www."):
        netloc = netloc[4:]
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def as_strings(value: object) -> tuple[str, ...]:
    """A list of distinct names: `"AI"` is one; case-insensitive duplicates are dropped."""
    items = [value] if isinstance(value, (str, int, float)) else value
    if not isinstance(items, list):
        return ()
    seen: dict[str, str] = {}
    for item in items[:_MAX_LIST]:
        name = as_line(item)
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name[:200]
    return tuple(seen.values())


@lru_cache(maxsize=4096)  # a corpus names a few hundred provider domains, over and over
def domain_of(url: str) -> str | None:
    """The host of a URL or bare domain, lower case and without `www.`: how provider domains
    are stored, and how a domain the user types is matched against them."""
    try:
        host = urlsplit(url if "://" in url else "//" + url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def as_provider(value: object) -> Provider | None:
    """`{name, domain}`, or a bare name; a name that is really a URL becomes its host."""
    if isinstance(value, dict):
        name, domain = as_line(value.get("name")), as_line(value.get("domain"), unescape=False)
    else:
        name, domain = as_line(value), None
    if name and ("://" in name or (" " not in name and "/" in name)):
        name = domain_of(name) or name
    if domain:
        domain = domain_of(domain) or domain
    name = name or domain
    return Provider(name=name[:200], domain=domain) if name else None


def _as_int(value: object) -> int | None:
    number = as_number(value)
    return int(number) if number is not None and abs(number) < 1e9 else None


def as_images(value: object) -> tuple[Image, ...]:
    items = [value] if isinstance(value, (str, dict)) else value
    if not isinstance(items, list):
        return ()
    images = []
    for item in items[:_MAX_LIST]:
        if isinstance(item, dict):
            url = as_url(item.get("url"))
            if url:
                images.append(Image(url, _as_int(item.get("width")), _as_int(item.get("height"))))
        elif url := as_url(item):
            images.append(Image(url))
    return tuple(images)


def as_related(value: object) -> tuple[Related, ...]:
    """Related mini-articles; entries that are not mappings, or name nothing, are dropped,
    and so are repeats of one URL."""
    if not isinstance(value, list):
        return ()
    related: list[Related] = []
    seen_urls: set[str] = set()
    for item in value[:_MAX_LIST]:
        if not isinstance(item, dict):
            continue
        url = as_url(item.get("webUrl")) or as_url(item.get("originalUrl")) or as_url(item.get("url"))
        excerpt = as_line(item.get("excerpt"))
        title = as_line(item.get("title")) or excerpt or url
        if not title:
            continue
        if url:
            key = canonical_url(url)
            if key in seen_urls:
                continue
            seen_urls.add(key)
        related.append(
            Related(
                title=title,
                url=url,
                excerpt=excerpt,
                published=as_datetime(item.get("publishedDateTime")),
                provider=as_provider(item.get("provider")),
                quality=as_number(item.get("quality")),
                images=as_images(item.get("images")),
            )
        )
    return tuple(related)


def as_flag(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "false", "no"):
        return value.strip().lower() in ("true", "yes")
    return None
