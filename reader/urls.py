"""The one rule for a URL reader opens in a browser or fetches: http or https, a host name,
and nothing hidden in it.

Seed files, feeds and web pages choose their own URLs. `javascript:`, `file:`, `data:` and
every other scheme are refused, and so is a URL with whitespace, control or format characters
(bidi overrides, zero-width spaces), which could hide the real target or split an argument.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from reader.errors import ReaderError

ALLOWED_SCHEMES = ("http", "https")
_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")  # RFC 3986: only such a scheme is named back
_ASCII_HIDDEN_RE = re.compile(r"[\s\x00-\x1f\x7f]")  # one scan for the common, all-ASCII URL
# The usual link (a lower-case http(s) scheme, a host of letters, digits, dots and dashes, at
# most a four-digit port, then printable ASCII) passes every check below by its shape alone:
# no urlsplit (about half a feed link's cost). Anything else takes the full way.
_PLAIN_WEB_URL_RE = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,4})?(?:[/?#][!-~]*)?")


def _hides_something(url: str) -> bool:
    if url.isascii():
        return _ASCII_HIDDEN_RE.search(url) is not None
    return any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in url)


def web_url(url: str, action: str, error: type[ReaderError] = ReaderError) -> str:
    """The URL, trimmed, if reader may `action` it ("open", "fetch"); else `error` with one
    line saying why not."""
    url = url.strip()
    if _PLAIN_WEB_URL_RE.fullmatch(url):
        return url
    if _hides_something(url):
        raise error(f"not {action}ing a URL that contains spaces or control characters")
    scheme, sep, _rest = url.partition(":")
    if not sep or not _SCHEME_RE.fullmatch(scheme):
        raise error(f"not {action}ing a link without an http or https scheme")
    if scheme.lower() not in ALLOWED_SCHEMES:
        raise error(f"not {action}ing a {scheme.lower()}: link; only http and https links are {action}ed")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        raise error(f"not {action}ing a malformed URL") from None
    if not parts.hostname:
        raise error(f"not {action}ing a link with no host name")
    return url
