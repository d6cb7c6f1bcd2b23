"""Opening links safely: only http and https, handed to the browser as an argument."""

from __future__ import annotations

import webbrowser
from urllib.parse import urlsplit

from reader.errors import ReaderError


def check_url(url: str | None) -> str:
    """The URL if it is safe to open, else a ReaderError saying why not."""
    if not url:
        raise ReaderError("this article has no URL")
    try:
        parts = urlsplit(url)
    except ValueError:
        raise ReaderError("not opening a malformed URL") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        scheme = parts.scheme or "no scheme"
        raise ReaderError(f"not opening a {scheme}: link; only http and https links are opened")
    return url


def open_url(url: str | None) -> str:
    """Open in the user's browser; webbrowser runs no shell, the URL is one argument."""
    url = check_url(url)
    if not webbrowser.open(url):
        raise ReaderError("no web browser found to open the link")
    return url
