"""The detail pane: a breadcrumb over a scrolling page with the article, then its Related and
Cited-by links, each a focusable line that Enter or a click follows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace
from textual import events, on, work
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from reader.errors import ReaderError
from reader.fulltext.policy import fetch_on_open
from reader.query import ArticleDetail, RelatedEntry, Row
from reader.tui import keys
from reader.tui.history import History, Location
from reader.tui.messages import FullTextDone
from reader.tui.text import plain
from reader.tui.widgets import page

if TYPE_CHECKING:  # the full-text modules load with the first article shown, after the first frame
    from reader.fulltext.target import Target as FetchTarget
    from reader.store.fulltexts import FullText

    FullTextFetch = Callable[[FetchTarget], tuple[FullText | None, str | None]]  # the text stored, or why not

Target = RelatedEntry | Row
PREVIEW_DELAY = 0.05  # the pane follows the cursor once key repeat pauses


class ArticleText(Struct, frozen=True):
    """Which text of the shown article the pane shows, and what it says over it."""

    article_id: str | None = None
    full_text: FullText | None = None  # stored for this article, if any
    showing_full: bool = False
    fetching: bool = False
    note: tuple[str, bool] | None = None  # a line over the text (and whether it says a failure)


class LinkItem(Widget, can_focus=True, inherit_bindings=False):
    """One related or citing article; Enter or a click opens it in the pane. Drawn as a label
    column and a hanging-indented text, in one widget (the pane reuses them, so following a
    link moves no widgets in or out)."""

    BINDINGS = keys.LINK

    DEFAULT_CSS = """
    LinkItem {
        height: auto;
        margin: 0 0 1 0;
        &:focus { background: $block-cursor-background 60%; }
        &:hover { background: $block-hover-background; }
    }
    """

    LABEL_WIDTH = 3

    def __init__(self) -> None:
        super().__init__()
        self.parts: tuple[Content, Content] = (Content(""), Content(""))
        self.target: Target | None = None
        self.number: int | None = None
        self._wrapped: tuple[int, list[Content]] | None = None

    def show(self, parts: tuple[Content, Content], target: Target, number: int | None) -> None:
        self.parts, self.target, self.number = parts, target, number
        self._wrapped = None
        self.display = True
        self.refresh(layout=True)

    @property
    def text(self) -> str:
        return self.parts[1].plain

    def _lines(self, width: int) -> list[Content]:
        if self._wrapped is None or self._wrapped[0] != width:
            label, text = self.parts
            body_width = max(1, width - self.LABEL_WIDTH)
            lines = [wrapped for paragraph in text.split("\n") for wrapped in paragraph.wrap(body_width)]
            indent = Content(" " * self.LABEL_WIDTH)
            label = label.truncate(self.LABEL_WIDTH, pad=True)
            self._wrapped = (width, [(label if i == 0 else indent) + part for i, part in enumerate(lines)])
        return self._wrapped[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.content_size.width or self.size.width))

    def action_follow(self) -> None:
        if self.target is not None:
            self.post_message(DetailView.LinkChosen(self.target))

    async def _on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_follow()

    def _siblings(self) -> list[LinkItem]:
        return [item for item in self.screen.query(LinkItem) if item.display] if self.is_mounted else []

    def action_next_link(self) -> None:
        items = self._siblings()
        index = items.index(self)
        if index + 1 < len(items):
            items[index + 1].focus()
        else:
            pane = self.query_ancestor(DetailPane)
            pane.scroll_end(animate=False, immediate=True)

    def action_previous_link(self) -> None:
        items = self._siblings()
        index = items.index(self)
        if index > 0:
            items[index - 1].focus()
        else:
            self.query_ancestor(DetailPane).focus()


class DetailPane(VerticalScroll, can_focus=True, inherit_bindings=False):
    BINDINGS = keys.DETAIL

    def action_scroll_down_or_links(self) -> None:
        if self.scroll_y >= self.max_scroll_y:
            links = [item for item in self.query(LinkItem) if item.display]
            if links:
                links[0].focus()
                return
        self.scroll_down(animate=False, immediate=True)

    def action_scroll_up(self) -> None:
        self.scroll_up(animate=False, immediate=True)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False, immediate=True)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False, immediate=True)

    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False, immediate=True)

    def action_scroll_end(self) -> None:
        self.scroll_end(animate=False, immediate=True)


class DetailView(Vertical):
    """The article pane, and where it has been: it owns the back/forward history, follows
    the links chosen in it (`LinkChosen`: Enter or a click on one; the number keys), fetches
    an opened article's full text when `on_open` (config's `full_text`) says so, and posts
    `LocationChanged` whenever it shows another page (as frogmouth's viewer does), so the
    screen only says what to open."""

    DEFAULT_CSS = """
    DetailView {
        #breadcrumb { height: 1; padding: 0 1; display: none; }
        #breadcrumb.-shown { display: block; }
        DetailPane { padding: 0 1; }
        #head { margin: 0 0 1 0; }
        #article-body { margin: 0 0 1 0; }
        #full-text-note { margin: 0 0 1 0; }
        #full-text-note.-empty { display: none; }
        #article-body.-empty { display: none; }
        #tail { margin: 0 0 1 0; }
        .section { text-style: bold; color: $text-secondary; margin: 0 0 1 0; border-bottom: solid $secondary 30%; }
        .links { height: auto; display: none; }
    }
    """

    class LinkChosen(Message):
        """A link of the pane's was chosen (Enter, a click): the pane follows it itself."""

        def __init__(self, target: Target) -> None:
            self.target = target
            super().__init__()

    class LocationChanged(Message):
        """Another page is shown. `opened`: the user opened it (Enter, a followed link), so it
        counts as read if so configured; a preview of the cursor row or back/forward does not."""

        def __init__(self, location: Location, detail: ArticleDetail | None, opened: bool) -> None:
            self.location = location
            self.detail = detail  # the article, if the page is a cached one
            self.opened = opened
            super().__init__()

    def __init__(
        self, load: Callable[[str], ArticleDetail], now: Callable[[], datetime], *,
        full_text: Callable[[str], FullText | None] | None = None, fetch: FullTextFetch | None = None,
        on_open: str | tuple[str, ...] = "never", id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._load = load
        self._now = now
        self._full_text = full_text  # the stored full text of an article, if it has one
        self._fetch = fetch  # fetches and stores one (in a worker of the pane's)
        self._on_open = on_open  # which opened articles have their page fetched (reader/fulltext/policy.py)
        self._preview_timer: Timer | None = None
        self.preview_pending: str | None = None  # the cursor's article, to show once keys pause
        self.text = ArticleText()
        self.history = History()
        self.detail: ArticleDetail | None = None  # the article shown, if the page is one
        self.entry: RelatedEntry | None = None  # the related entry shown, if it is not cached
        self.links: list[LinkItem] = []
        self._parts = None  # the mounting of the parts under the head once asked for, True once done

    def compose(self):
        yield Static(id="breadcrumb", markup=False)
        with DetailPane(id="pane"):
            yield Static(Content("No article selected").stylize("$text-muted"), id="head", markup=False)

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_parts)

    async def _mount_parts(self) -> None:
        """The parts under the head, mounted once the first frame is drawn (or with the first
        page shown, if that comes first): that frame shows only the head, and mounting the
        other nine widgets was a quarter of the main screen's mounting."""
        if self._parts is True:
            return
        if self._parts is None:
            self._parts = self.pane.mount_all([
                Static(id="full-text-note", markup=False, classes="-empty"),
                Static(id="article-body", markup=False, classes="-empty"),
                Static(id="tail", markup=False),
                *(Vertical(Static(classes="section", markup=False), id=section, classes="links") for section in ("same", "related", "cited")),
            ])
        await self._parts
        self._parts = True

    @property
    def pane(self) -> DetailPane:
        return self.query_one(DetailPane)

    @property
    def related(self) -> tuple[RelatedEntry, ...]:
        return self.detail.related if self.detail else ()

    @property
    def numbered(self) -> list[Target]:
        """What the number keys follow: the other articles of the same story, then related."""
        if not self.detail:
            return []
        return [*self.detail.same_story, *self.detail.related]

    @property
    def url(self) -> str | None:
        if self.detail:
            return self.detail.row.url
        return self.entry.url if self.entry else None

    def row_or(self, list_row: Row | None) -> Row | None:
        """What r, s, o and y act on: the pane's article while the pane has the focus, else
        the list cursor's `list_row`."""
        if self.has_focus_within:
            return self.detail.row if self.detail else None
        return list_row

    def url_or(self, list_row: Row | None) -> str | None:
        if self.has_focus_within:
            return self.url
        return list_row.url if list_row else None

    # -- where to go ----------------------------------------------------------------------
    def follow_cursor(self, article_id: str | None) -> None:
        """The list cursor is on this article (None: on nothing): show it once the keys pause,
        so that holding j down draws only the rows."""
        self._stop_preview()
        if article_id is not None:
            self.preview_pending = article_id
            self._preview_timer = self.set_timer(PREVIEW_DELAY, lambda: self._preview_now(article_id))

    async def _preview_now(self, article_id: str) -> None:
        if self.preview_pending != article_id:
            return  # the cursor moved on, or the article was opened meanwhile
        try:
            await self.preview(article_id)
        finally:  # pending until drawn: nothing takes the pane as settled before
            if self.preview_pending == article_id:
                self.preview_pending = None

    def _stop_preview(self) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self.preview_pending = None

    async def preview(self, article_id: str) -> None:
        """Follow the list cursor: the article from a fresh history, unless it is the one
        page shown already."""
        current = self.history.current
        if current is not None and current.article_id == article_id and len(self.history.locations) == 1:
            return
        await self._visit_article(article_id, "reset", opened=False)

    async def open(self, article_id: str) -> None:
        """Enter on the list: the article from a fresh history."""
        self._stop_preview()
        await self._visit_article(article_id, "reset", opened=True)

    async def follow(self, target: Target) -> None:
        """A related or citing link: onto the history, as the article when it is cached, else
        as a page made from the entry's own data."""
        article_id = target.id if isinstance(target, Row) else target.article_id
        if article_id:
            await self._visit_article(article_id, "push", opened=True)
        else:
            location = Location(target.title, entry=target)
            self.history.push(location)
            await self._show_location(location, opened=True)

    async def follow_number(self, number: int) -> None:
        """A number key: that link of the Same story and Related sections."""
        numbered = self.numbered
        if not 1 <= number <= len(numbered):
            self.notify(f"No link {number} here", severity="warning", timeout=2, markup=False)
            return
        await self._follow_into(numbered[number - 1])

    @on(LinkChosen)
    async def _link_chosen(self, event: LinkChosen) -> None:
        event.stop()
        await self._follow_into(event.target)

    async def _follow_into(self, target: Target) -> None:
        await self.follow(target)
        self.pane.focus()  # the keys go on in the page followed to

    async def go(self, step: int) -> None:
        """[ (-1) or ] (1): back or forward through the pages followed."""
        await (self.back() if step < 0 else self.forward())

    async def back(self) -> None:
        location = self.history.back()
        if location is None:
            self.notify("Nothing to go back to", timeout=2, markup=False)
            return
        await self._show_location(location, opened=False)

    async def forward(self) -> None:
        location = self.history.forward()
        if location is None:
            self.notify("Nothing to go forward to", timeout=2, markup=False)
            return
        await self._show_location(location, opened=False)

    async def reload(self) -> None:
        """New data underneath (a rescan): the article shown, read again, scroll kept."""
        location = self.history.current
        if location is None or location.article_id is None:
            return
        try:
            detail = self._load(location.article_id)
        except ReaderError:
            return
        await self.show_article(detail)

    def marked(self, rows: Iterable[Row], flag: str, value: bool) -> None:
        """`flag` is now `value` on `rows`: the facts redrawn if one of them is shown."""
        for row in rows:
            self.update_marks(row.id, **{flag: value})

    def update_marks(self, article_id: str, **changes: bool) -> None:
        """Marks changed: redraw the facts if the article is the one shown, keep the scroll."""
        shown = self.detail
        if shown is not None and shown.row.id == article_id:
            self.refresh_head(replace(shown, row=replace(shown.row, **changes)))

    def _load_or_say(self, article_id: str) -> ArticleDetail | None:
        try:
            return self._load(article_id)
        except ReaderError as error:
            self.notify(str(error), severity="warning", markup=False)
            return None

    async def _visit_article(self, article_id: str, how: str, *, opened: bool) -> None:
        detail = self._load_or_say(article_id)
        if detail is None:
            return
        location = Location(detail.row.title, article_id=detail.row.id)
        if how == "reset":
            self.history.reset(location)
        else:
            self.history.push(location)
        await self.show_article(detail)
        self.post_message(self.LocationChanged(location, detail, opened))
        if opened:
            self._fetch_on_open(detail)

    def _fetch_on_open(self, detail: ArticleDetail) -> None:
        if self._fetch is not None and fetch_on_open(self._on_open, detail.row, bool(detail.body.strip())):
            self.fetch_full_text(toggle=False)

    async def _show_location(self, location: Location, *, opened: bool) -> None:
        if location.article_id:
            detail = self._load_or_say(location.article_id)
            if detail is not None:
                await self.show_article(detail)
                self.post_message(self.LocationChanged(location, detail, opened))
        elif location.entry is not None:
            await self.show_entry(location.entry, self._source_title(location))
            self.post_message(self.LocationChanged(location, None, opened))

    def _source_title(self, location: Location) -> str | None:
        locations = self.history.locations
        index = locations.index(location) if location in locations else -1
        return locations[index - 1].title if index > 0 else None

    # -- drawing --------------------------------------------------------------------------
    async def show_article(self, detail: ArticleDetail) -> None:
        await self._mount_parts()
        same = self.detail is not None and self.detail.row.id == detail.row.id
        self.detail, self.entry = detail, None
        if not same:
            full = self._stored_full_text(detail.row.id)
            # The full text shows by itself only where the file has no body of its own.
            self.text = ArticleText(detail.row.id, full, bool(full and full.text and not detail.body.strip()))
        with self.app.batch_update():
            self._breadcrumb()
            self.query_one("#head", Static).update(page.article_head(detail, self._now()))
            self._draw_text()
            images = tuple(url for url, _w, _h in detail.images)
            self.query_one("#tail", Static).update(page.article_tail(detail.row.url, images))
            await self._links(detail)
            if not same:
                self.pane.scroll_home(animate=False, immediate=True)

    async def show_entry(self, entry: RelatedEntry, source_title: str | None) -> None:
        await self._mount_parts()
        self.detail, self.entry = None, entry
        with self.app.batch_update():
            self._breadcrumb()
            self.query_one("#head", Static).update(page.entry_head(entry, self._now(), source_title))
            self.text = ArticleText()
            self._draw_text()
            self.query_one("#tail", Static).update(page.article_tail(entry.url, entry.images))
            await self._links(None)
            self.pane.scroll_home(animate=False, immediate=True)

    async def show_nothing(self, message: str = "No article selected") -> None:
        await self._mount_parts()
        self.detail = self.entry = None
        self.history = History()
        with self.app.batch_update():
            self.query_one("#breadcrumb", Static).remove_class("-shown")
            self.query_one("#head", Static).update(Content(message).stylize("$text-muted"))
            self.text = ArticleText()
            self._draw_text()
            self.query_one("#tail", Static).update("")
            await self._links(None)

    # -- the full text (F) ------------------------------------------------------------------
    def _stored_full_text(self, article_id: str) -> FullText | None:
        if self._full_text is None:
            return None
        try:
            return self._full_text(article_id)
        except ReaderError as error:  # a damaged full-text file: the file's own text still shows
            self.notify(str(error), severity="warning", markup=False)
            return None

    def fetch_full_text(self, *, toggle: bool = True) -> None:
        """F (`toggle`), or an article opened with full_text = on_open: see full_text_wanted;
        a fetch runs in a worker."""
        target = self.full_text_wanted(toggle=toggle)
        if target is not None and self._fetch is not None:
            self._fetch_in_worker(target)

    @work(thread=True, group="fulltext", exit_on_error=False)
    def _fetch_in_worker(self, target: FetchTarget) -> None:
        try:
            full_text, error = self._fetch(target)
        except Exception as failure:  # noqa: BLE001 - a failure is a line in the pane, as any other
            full_text, error = None, str(failure).splitlines()[0] if str(failure) else type(failure).__name__
        self.post_message(FullTextDone(target.article_id, full_text, error))

    @on(FullTextDone)
    def _fetched(self, message: FullTextDone) -> None:
        message.stop()
        self.full_text_done(message.article_id, message.full_text, message.error)

    def full_text_wanted(self, *, toggle: bool = True) -> FetchTarget | None:
        """F on the shown article: the full text if it is stored (or the file's own text, if
        the full text is what shows), else a request to fetch it, with "fetching…" shown.
        `toggle=False` (opened with full_text = on_open): only a fetch, when one is needed."""
        detail, text = self.detail, self.text
        if detail is None or text.article_id != detail.row.id:
            if toggle:
                self.notify("No article here to fetch the full text of", timeout=2, markup=False)
            return None
        stored = text.full_text is not None and bool(text.full_text.text)
        if text.fetching or (not toggle and (stored or detail.body.strip())):
            return None
        if toggle and (text.showing_full or stored):
            self.text = replace(text, showing_full=not text.showing_full, note=None)
            self._draw_text()
            return None
        from reader.fulltext.target import Target as FetchTarget
        from reader.ingest.fields import domain_of

        where = (domain_of(detail.row.url) if detail.row.url else None) or "the article's page"
        self.text = replace(text, fetching=True, note=(f"fetching the full text from {where}…", False))
        self._draw_text()
        return FetchTarget(detail.row.id, detail.row.title, detail.row.url)

    def full_text_done(self, article_id: str, full_text: FullText | None, error: str | None) -> None:
        """A fetch ended: show the text, or its one-line failure over the file's own text."""
        if self.text.article_id != article_id:
            return  # the pane has moved on; the text is stored and shows when the article does
        if full_text is not None:
            self.text = ArticleText(article_id, full_text, showing_full=True)
        else:
            self.text = replace(self.text, fetching=False, note=(f"no full text: {error}", True))
        self._draw_text()

    def _draw_text(self) -> None:
        """The article's text: the stored full text under where it came from, or the file's own."""
        detail, text = self.detail, self.text
        note = self.query_one("#full-text-note", Static)
        body = self.query_one("#article-body", Static)
        shown = ""
        line = text.note
        if detail is not None and text.article_id == detail.row.id:
            full = text.full_text
            if text.showing_full and full is not None and full.text:
                shown = full.text
                from reader.fulltext.label import source_label

                line = line or (source_label(full, self._now().timestamp()), False)
            else:
                shown = detail.body
        note.update(page.full_text_note(*line) if line else "")
        note.set_class(line is None, "-empty")
        body.update(plain(shown))
        body.set_class(not shown.strip(), "-empty")

    def refresh_head(self, detail: ArticleDetail) -> None:
        """The shown article's marks changed: redraw the facts, keep the scroll."""
        self.detail = detail
        self.query_one("#head", Static).update(page.article_head(detail, self._now()))

    def _breadcrumb(self) -> None:
        history = self.history
        crumb = self.query_one("#breadcrumb", Static)
        titles = [location.title for location in history.locations]
        crumb.set_class(len(titles) > 1, "-shown")
        crumb.update(page.breadcrumb(titles, history.index, max(20, self.size.width - 2)))

    async def _links(self, detail: ArticleDetail | None) -> None:
        """Fill the Same story, Related and Cited-by sections, reusing the link widgets already
        there. Same story and Related share the numbers 1-9, in that order."""
        had_focus = any(link.has_focus for link in self.links)
        same = list(detail.same_story) if detail else []
        related = list(detail.related) if detail else []
        cited = list(detail.cited_by) if detail else []
        self.links = []
        labels = {"same": "Same story", "related": "Related", "cited": "Cited by"}
        for section, items in (("same", same), ("related", related), ("cited", cited)):
            container = self.query_one(f"#{section}", Vertical)
            header = container.query_one(".section", Static)
            header.update(Content(f"{labels[section]} ({len(items)})"))
            container.display = bool(items)
            pool = list(container.query(LinkItem))
            if len(pool) < len(items):
                new = [LinkItem() for _ in range(len(items) - len(pool))]
                await container.mount_all(new)
                pool += new
            for index, item in enumerate(items):
                if section == "same":
                    pool[index].show(page.same_story_item(index + 1, item), item, index + 1)
                elif section == "related":
                    number = len(same) + index + 1
                    pool[index].show(page.related_item(number, item), item, number)
                else:
                    pool[index].show(page.cited_item(item), item, None)
                self.links.append(pool[index])
            for spare in pool[len(items):]:
                spare.display = False
        if had_focus:
            self.pane.focus()
