"""Opening links safely: only http and https, handed to the browser as an argument.

A seed file chooses its own URLs, so a link is checked (reader/urls.py, the rule fetching
follows too) before anything is started.
"""

from __future__ import annotations

import webbrowser

from reader.errors import ReaderError
from reader.urls import web_url


def check_url(url: str | None) -> str:
    """The URL if it is safe to open, else a ReaderError saying why not (one line)."""
    if url is None or not url.strip():
        raise ReaderError("this article has no URL")
    return web_url(url, "open")


def open_url(url: str | None) -> str:
    """Open in the user's browser. webbrowser starts the browser without a shell and passes
    the URL as one argument, so nothing in it is ever interpreted as a command."""
    url = check_url(url)
    if not webbrowser.open(url):
        raise ReaderError("no web browser found to open the link")
    return url
