"""L: every subscribed feed with its last fetch: status, items, when, and the error if any.

Feed names and errors are untrusted text (a feed's title, a server's reason phrase): shown as
plain Content, never markup.
"""

from __future__ import annotations

import time

from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.errors import ReaderError
from reader.tui import keys
from reader.tui.text import plain_line

_STATUS_STYLE = {"ok": "$success", "not-modified": "$text-muted", "malformed": "$warning", "failed": "$error"}


def feeds_content(feeds) -> Content:
    lines: list[Content] = [Content.styled("Feeds", "bold $accent")]
    if not feeds:
        lines.append(Content.styled("No feeds yet: `reader feeds add URL` or `reader feeds import FILE.opml`", "$text-muted"))
    for feed in feeds:
        status = feed.status or "not fetched yet"
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(feed.fetched_at)) if feed.fetched_at else ""
        facts = " · ".join(part for part in (f"{feed.items:,} items", when) if part)
        lines += [
            Content(""),
            plain_line(feed.name, "bold"),
            Content.assemble("  ", plain_line(feed.url, "$text-muted")),
            Content.assemble("  ", (status, _STATUS_STYLE.get(status, "$text-muted")), f"  {facts}"),
        ]
        if feed.error:
            lines.append(Content.assemble("  ", plain_line(feed.error, "$error")))
    return Content("\n").join(lines)


class FeedsBody(VerticalScroll, can_focus=True, inherit_bindings=False):
    """The scrolling list (its keys are the feeds screen's)."""


class FeedsScreen(ModalScreen[None], inherit_bindings=False):
    BINDINGS = keys.FEEDS

    DEFAULT_CSS = """
    FeedsScreen {
        align: center middle;
        #feeds { width: 100; max-width: 95%; height: 90%; border: round $accent; background: $surface; padding: 0 1; }
    }
    """

    def __init__(self, feeds) -> None:
        super().__init__()
        self.feeds = feeds

    def compose(self):
        with FeedsBody(id="feeds"):
            yield Static(feeds_content(self.feeds), markup=False)

    def on_mount(self) -> None:
        self.query_one("#feeds").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.query_one(FeedsBody).scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.query_one(FeedsBody).scroll_up(animate=False)


def open_feeds(app, library) -> None:
    """L: the feeds screen, or the one line saying why the feeds cannot be read."""
    try:
        feeds = library.feeds()
    except ReaderError as error:
        app.say(str(error), severity="error")
        return
    app.push_screen(FeedsScreen(feeds))
