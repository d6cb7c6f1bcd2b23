"""Opening links safely: only http and https, handed to the browser as an argument.

A seed file chooses its own URLs, so a link is checked before anything is started:
`javascript:`, `file:`, `data:` and every other scheme are refused, and so is a URL with
whitespace or control characters (which could hide the real target or split an argument).
"""

from __future__ import annotations

import re
import unicodedata
import webbrowser
from urllib.parse import urlsplit

from reader.errors import ReaderError

ALLOWED_SCHEMES = ("http", "https")
_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")  # RFC 3986: only such a scheme is named back


def check_url(url: str | None) -> str:
    """The URL if it is safe to open, else a ReaderError saying why not (one line)."""
    if url is None or not url.strip():
        raise ReaderError("this article has no URL")
    url = url.strip()
    if any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in url):
        raise ReaderError("not opening a URL that contains spaces or control characters")
    scheme, sep, _rest = url.partition(":")
    if not sep or not _SCHEME_RE.fullmatch(scheme):
        raise ReaderError("not opening a link without an http or https scheme")
    if scheme.lower() not in ALLOWED_SCHEMES:
        raise ReaderError(f"not opening a {scheme.lower()}: link; only http and https links are opened")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        raise ReaderError("not opening a malformed URL") from None
    if not parts.hostname:
        raise ReaderError("not opening a link with no host name")
    return url


def open_url(url: str | None) -> str:
    """Open in the user's browser. webbrowser starts the browser without a shell and passes
    the URL as one argument, so nothing in it is ever interpreted as a command."""
    url = check_url(url)
    if not webbrowser.open(url):
        raise ReaderError("no web browser found to open the link")
    return url
