"""Opening links safely: only http and https, handed to the browser as an argument.

A seed file chooses its own URLs, so a link is checked (reader/urls.py, the rule fetching
follows too) before anything is started.
"""

from __future__ import annotations

import shutil
import webbrowser

from reader.errors import ReaderError
from reader.urls import web_url


def check_url(url: str | None) -> str:
    """The URL if it is safe to open, else a ReaderError saying why not (one line)."""
    if url is None or not url.strip():
        raise ReaderError("this article has no URL")
    return web_url(url, "open")


def chosen_browser() -> webbrowser.BaseBrowser:
    """The browser webbrowser picks ($BROWSER first), or a ReaderError if there is none."""
    try:
        return webbrowser.get()
    except webbrowser.Error:
        raise ReaderError("no web browser found to open the link") from None


def runs_in_terminal(browser: webbrowser.BaseBrowser) -> bool:
    """Whether the browser takes over this terminal until it ends: a text-mode browser (w3m,
    lynx, links, elinks, www-browser) or a $BROWSER command, which webbrowser starts in the
    foreground and waits for. A graphical browser is started in the background."""
    if type(browser) is webbrowser.GenericBrowser:  # BackgroundBrowser, a subclass, is graphical
        return True
    return isinstance(browser, webbrowser.UnixBrowser) and not browser.background


def open_url(url: str | None, browser: webbrowser.BaseBrowser | None = None) -> str:
    """Open in the user's browser. webbrowser starts the browser without a shell and passes
    the URL as one argument, so nothing in it is ever interpreted as a command."""
    url = check_url(url)
    browser = browser or chosen_browser()
    if not browser.open(url):
        if shutil.which(browser.name) is None:  # a $BROWSER that names no program
            raise ReaderError("no web browser found to open the link")
        raise ReaderError(f"the web browser ({browser.name}) could not open the link")
    return url
