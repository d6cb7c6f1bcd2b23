"""The article list: a Line-API widget that draws only the rows on screen.

It loads its own id list for a query (`load`, in a worker; a newer request drops an older
one's answer) and finds the next unread article for n and p the same way.

It holds nothing but the ordered row numbers of the articles in view (`Library.ids`), asks
the library for display rows about a screen at a time when a line is about to be drawn (and,
once keys pause, for those a step or a page away), and keeps the drawn lines in an LRU cache.
So 100,000 articles cost one list of ints up front, the same screenful of work as 100, and a
cursor move redraws two lines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from msgspec.structs import replace
from rich.cells import cached_cell_len, set_cell_size
from rich.segment import Segment
from textual import events, on, work
from textual.content import Content
from textual.filter import ANSIToTruecolor, DimFilter, Monochrome, NoColor
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from reader.formats import number, short_date
from reader.marks import leaves_view
from reader.query import Query, Row
from reader.tui import keys
from reader.tui.background import BackgroundLibrary
from reader.tui.messages import IdsLoaded, RowsFetched, UnreadFound, WorkerFailed
from reader.tui.text import line
from reader.tui.textual_private import LineStrip
from reader.tui.widgets.cursor_lines import CursorLines

_ROW_CACHE_LIMIT = 20_000  # display rows kept; dropped wholesale beyond this
PREFETCH_DELAY = 0.1  # after a paint that came near rows not fetched yet, fetch them once keys pause
AHEAD_SCREENS = 3  # screens of rows fetched ahead of the view, the way the cursor last went
# Textual's line filters that change each segment's style and nothing else: applied to a kind
# of line's few styles once, instead of to every segment of every new line.
_STYLE_FILTERS = (ANSIToTruecolor, DimFilter, Monochrome, NoColor)


class ArticleList(CursorLines):
    BINDINGS = keys.LIST

    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--cursor-blurred",
        "article-list--unread",
        "article-list--read",
        "article-list--marker",
        "article-list--star",
        "article-list--meta",
        "article-list--empty",
    }

    DEFAULT_CSS = """
    ArticleList {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        & > .article-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; text-style: $block-cursor-text-style; }
        & > .article-list--cursor-blurred { background: $block-cursor-blurred-background; color: $block-cursor-blurred-foreground; text-style: $block-cursor-blurred-text-style; }
        & > .article-list--unread { color: $foreground; text-style: bold; }
        & > .article-list--read { color: $text-muted; }
        & > .article-list--marker { color: $accent; text-style: bold; }
        & > .article-list--star { color: $warning; }
        & > .article-list--meta { color: $text-muted; }
        & > .article-list--empty { color: $text-muted; text-style: italic; }
    }
    """

    # No repaint on change: watch_cursor redraws just the two lines that differ (a scroll, when
    # one follows, redraws the rest), instead of all ~40 visible ones per key.
    cursor: reactive[int] = reactive(0, always_update=False, init=False, repaint=False)

    class Highlighted(Message):
        """The cursor is on another article (or on none)."""

        def __init__(self, row: Row | None) -> None:
            self.row = row
            super().__init__()

    class Painted(Message):
        """The list has been drawn on screen for the first time (rows, or the empty text)."""

    class Opened(Message):
        """Enter (or a click) on an article, or n/p arrived on one (`focus` False: the keys
        stay with the list)."""

        def __init__(self, row: Row, focus: bool = True) -> None:
            self.row = row
            self.focus = focus
            super().__init__()

    class Loaded(Message):
        """The list for the last `load` is shown."""

        def __init__(self, count: int) -> None:
            self.count = count
            super().__init__()

    def __init__(self, fetch: Callable[[Sequence[int]], dict[int, Row]], background: BackgroundLibrary | None = None,
                 *, story_fetch: Callable[[Sequence[int]], dict[int, Row]] | None = None, id: str | None = None) -> None:
        self._styles: dict[tuple, tuple] = {}  # rich styles of a row's parts, by kind of line
        super().__init__(id=id, cache_size=1024)
        self._fetch = fetch
        self._story_fetch = story_fetch or fetch
        self.stories = False  # one row per story: ids are each story's first matching article
        self._background = background  # the workers' connection (id lists, next unread)
        self.generation = 0  # of the list asked for last; answers to older requests are dropped
        self.query = Query()  # what the list shows
        self.loader = None  # the worker loading it, while it does
        self._empty_after = "No articles"
        self.ids: list[int] = []
        self._rows: dict[int, Row] = {}
        self._by_article: dict[str, int] = {}  # article id -> row number, for rows fetched so far
        self._positions: dict[int, int] | None = None  # row number -> index in ids, built when first asked
        self._stale: set[int] = set()  # rows that no longer match the view: removed once the cursor leaves them
        self._highlighted: int | None = None  # row number last announced
        self.empty_text = "No articles"
        self.rows_rendered = 0  # article lines drawn so far (the benchmark waits for the first)
        self._painted = False
        self._prefetch_timer: Timer | None = None
        self._ahead: Worker | None = None  # the worker fetching rows ahead, while it does
        self._painted_before = False  # a paint has fetched rows ahead already
        self._epoch = 0  # counts forgettings of the rows: rows fetched before one are dropped
        self._heading = 1  # the way the cursor last moved: 1 down the list, -1 up
        self._center_pending = False

    # -- loading (workers) ------------------------------------------------------------------
    @property
    def waiting(self) -> bool:
        """A list asked for and not shown yet."""
        return self.loader is not None

    def load(self, query: Query, keep_id: str | None = None, fallback: int | None = None, *, stories: bool = False) -> None:
        """Show the list for `query` (one row per story if `stories`), with the cursor on
        article `keep_id` (or its story) if it is listed, else at index `fallback`. The rows
        shown meanwhile stay."""
        self.generation += 1
        self.query = query
        self.empty_text = "Loading…"
        self._empty_after = "No articles in this view" if query.is_filtered else "No articles yet"
        self.loader = self._load_ids(self.generation, query, keep_id, fallback, stories)

    @work(thread=True, exclusive=True, group="ids", exit_on_error=False)
    def _load_ids(self, generation: int, query: Query, keep_id: str | None, fallback: int | None, stories: bool) -> None:
        library = self._background.get()
        ids = library.story_keys(query) if stories else library.ids(query)
        keep = library.row_number(keep_id) if keep_id else None
        if stories and keep is not None:
            keep = story_key(ids, library.story_members([keep]))
        self.post_message(IdsLoaded(generation, ids, keep, fallback, stories))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed id list or next-unread search is the screen's to report (its one failure
        handler); the list only stops waiting. Textual tells no one but this widget."""
        if event.state == WorkerState.ERROR:
            if event.worker is self.loader:
                self.loader = None
                self.empty_text = self._empty_after
            if event.worker is self._ahead:
                self._ahead = None
                return  # rows not fetched ahead are fetched when drawn, and say so then
            self.post_message(WorkerFailed(event.worker))

    def failed(self, group: str, error: str) -> None:
        """What the screen's failure handler says for a worker of the list's that failed."""
        if group == "ids":  # the list has stopped waiting (on_worker_state_changed)
            self.app.say(f"cannot list articles: {error}", severity="error")
        elif group == "unread":
            self.app.say(f"cannot find the next unread article: {error}", severity="error")
        else:
            self.app.say(error, severity="warning")

    @on(IdsLoaded)
    def _ids_loaded(self, message: IdsLoaded) -> None:
        message.stop()
        if message.generation != self.generation:
            return  # a newer list has been asked for meanwhile
        self.loader = None
        self.empty_text = self._empty_after
        self.set_mode(message.stories)
        self.set_ids(message.ids, keep=message.keep, fallback=message.fallback)
        self.post_message(self.Loaded(len(message.ids)))

    def step_unread(self, step: int) -> None:
        """n (1) or p (-1): on to the next unread article (or story, with any article unread)
        that way, found in a worker."""
        self._find_unread(self.generation, list(self.ids), self.cursor + step, step, self.stories)

    @work(thread=True, exclusive=True, group="unread", exit_on_error=False)
    def _find_unread(self, generation: int, ids: list[int], start: int, step: int, stories: bool) -> None:
        index = self._background.get().next_unread(ids, start, step, stories=stories)
        self.post_message(UnreadFound(generation, None if index is None else ids[index], step))

    @on(UnreadFound)
    def _unread_found(self, message: UnreadFound) -> None:
        message.stop()
        if message.generation != self.generation:
            return  # another list meanwhile: the answer is for rows no longer shown
        index = self.index_of(message.n) if message.n is not None else None
        if index is None:
            self.notify("No more unread articles" if message.step > 0 else "No unread articles above", timeout=2, markup=False)
            return
        self.move_to(index)
        row = self.current
        if row is not None:
            self.post_message(self.Opened(row, focus=False))

    # -- data -----------------------------------------------------------------------------
    def set_ids(self, ids: list[int], keep: int | None = None, fallback: int | None = None) -> None:
        """Show a new list. The cursor stays on row number `keep` if it is still listed, else
        goes to index `fallback` (clamped), else the top."""
        self.ids = ids
        self._positions = None
        self._stale.clear()
        self._lines.clear()
        index = _find(ids, keep)  # one scan: cheaper than building the position map for it
        if index is None:
            index = min(fallback or 0, max(0, len(ids) - 1))
        self.virtual_size = Size(self.scrollable_content_region.width, len(ids))
        self.set_reactive(ArticleList.cursor, index)
        if self.scrollable_content_region.height:
            self.scroll_cursor_into_view(center=True)
        else:  # not laid out yet (start-up): centre the cursor as the list is first drawn
            self._center_pending = True
        self.refresh()
        self._announce()

    def set_mode(self, stories: bool) -> None:
        """Rows stand for stories, or for articles: the rows fetched so far are for the other."""
        if stories != self.stories:
            self.stories = stories
            self.forget_rows()

    def index_of(self, n: int) -> int | None:
        """Where row number `n` is listed, if it is."""
        if self._positions is None:
            self._positions = {n: index for index, n in enumerate(self.ids)}
        return self._positions.get(n)

    def forget_rows(self) -> None:
        """Display rows may have changed (a rescan, marks made elsewhere): fetch again."""
        self._epoch += 1
        self._rows.clear()
        self._by_article.clear()
        self._lines.clear()
        self.refresh()

    def row_at(self, index: int) -> Row | None:
        if not 0 <= index < len(self.ids):
            return None
        n = self.ids[index]
        row = self._rows.get(n)
        if row is None:
            self._load_page(index)
            row = self._rows.get(n)
        return row

    def _screen_rows(self) -> int:
        # Before the first layout, the terminal's height stands in for the list's.
        return max(self.scrollable_content_region.height or self.app.size.height, 10)

    def _load_page(self, index: int) -> None:
        """A row to draw or act on has not been fetched: fetch it with half a screen above and
        a screen below (what a view centred on it, or scrolled down to it, shows), and no
        more, since this happens while a key or a paint waits."""
        height = self._screen_rows()
        self._load(max(0, index - height // 2), index + height)

    def _load(self, start: int, stop: int) -> None:
        if len(self._rows) > _ROW_CACHE_LIMIT:
            self._rows.clear()
            self._by_article.clear()
        wanted = [n for n in self.ids[start:stop] if n not in self._rows]
        if wanted:
            fetched = (self._story_fetch if self.stories else self._fetch)(wanted)
            self._rows.update(fetched)
            self._by_article.update((row.id, n) for n, row in fetched.items())

    def _around_view(self) -> tuple[int, int]:
        """The rows the next steps or pages can reach: the view, three screens the way the
        cursor last went and one the other way (paging up from the end of a list found only
        one screen fetched above it)."""
        height = self._screen_rows()
        top = round(self.scroll_y)
        if self._heading < 0:
            return max(0, top - AHEAD_SCREENS * height), top + 2 * height
        return max(0, top - height), top + (AHEAD_SCREENS + 1) * height

    def _prefetch_later(self) -> None:
        """After a paint: the rows the next pages can reach, if some are missing. With the
        workers' connection, fetched at once in a worker (SQLite does most of the work without
        the GIL, so paging on finds its rows there while the screen draws); else once keys pause."""
        if self._prefetch_timer is not None or self._ahead is not None:
            return
        start, stop = self._around_view()
        rows = self._rows
        wanted = [n for n in self.ids[start:stop] if n not in rows]
        if not wanted:
            return
        if self._background is None or not self._painted_before:
            # The first paint's: a worker now would build its connection and fetch while the
            # first frame is being written (the screen starts its own work once it is).
            self._painted_before = True
            self._prefetch_timer = self.set_timer(PREFETCH_DELAY, self._prefetch)
        else:
            self._ahead = self._fetch_ahead(self._epoch, wanted, self.stories)

    def _prefetch(self) -> None:
        self._prefetch_timer = None
        self._load(*self._around_view())

    @work(thread=True, group="rows-ahead", exit_on_error=False)
    def _fetch_ahead(self, epoch: int, wanted: list[int], stories: bool) -> None:
        library = self._background.get()
        rows = library.story_list_rows(wanted) if stories else library.rows(wanted)
        self.post_message(RowsFetched(epoch, rows))

    @on(RowsFetched)
    def _rows_fetched(self, message: RowsFetched) -> None:
        message.stop()
        self._ahead = None
        if message.epoch != self._epoch:
            return  # fetched before the rows were forgotten (marks, a rescan, another mode)
        fresh = {n: row for n, row in message.rows.items() if n not in self._rows}
        self._rows.update(fresh)
        self._by_article.update((row.id, n) for n, row in fresh.items())

    @property
    def current(self) -> Row | None:
        return self.row_at(self.cursor)

    def update_row(self, article_id: str, **changes: object) -> Row | None:
        """Change a fetched row in place (read/star marks) and redraw it if it is listed."""
        n = self._by_article.get(article_id)
        if n is None or n not in self._rows:
            return None
        self._rows[n] = row = replace(self._rows[n], **changes)
        index = self.index_of(n)
        if index is not None:
            self.refresh_line(index)
        return row

    def marked(self, rows: Iterable[Row], flag: str, value: bool) -> None:
        """`flag` is now `value` on these articles: their rows are redrawn, and a row that no
        longer belongs in the view goes once the cursor leaves it. In Stories the rows are
        fetched again: a story row's marker and unread count come from all its articles."""
        leaves = leaves_view(self.query, flag, value)
        for row in rows:
            self.update_row(row.id, **{flag: value})
            if leaves:
                self.mark_stale(row.id)
            else:
                self.unmark_stale(row.id)
        if self.stories:
            self.forget_rows()

    def mark_stale(self, article_id: str) -> None:
        """The article no longer belongs in the view (read while 'unread only'): it stays until
        the cursor leaves it, so a mistaken key can be undone where it was pressed."""
        n = self._by_article.get(article_id)
        if n is not None:
            self._stale.add(n)

    def unmark_stale(self, article_id: str) -> None:
        self._stale.discard(self._by_article.get(article_id, -1))

    # -- cursor ---------------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.ids) - 1)) if self.ids else 0

    def watch_cursor(self, old: int, new: int) -> None:
        if new != old:
            self._heading = 1 if new > old else -1
        old_n = self.ids[old] if 0 <= old < len(self.ids) else None
        if old_n is not None and old_n in self._stale and old != new:
            self._stale.discard(old_n)
            del self.ids[old]
            self._positions = None
            if new > old:
                new -= 1
            self.virtual_size = Size(self.scrollable_content_region.width, len(self.ids))
            self._lines.clear()
            self.set_reactive(ArticleList.cursor, self.validate_cursor(new))
            self.refresh()
        else:
            self.refresh_line(old)
            self.refresh_line(new)
        self.scroll_cursor_into_view()
        self._announce()

    def move_to(self, index: int) -> None:
        self.cursor = index

    def _announce(self) -> None:
        row = self.current
        n = row.n if row else None
        if n != self._highlighted:
            self._highlighted = n
            self.post_message(self.Highlighted(row))

    def _on_resize(self, event: events.Resize) -> None:
        self._lines.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.ids))
        self.call_after_refresh(self.scroll_cursor_into_view)

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def item_count(self) -> int:
        return len(self.ids)

    def activate(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Opened(row))

    # -- drawing ----------------------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        """The visible lines, straight from the line cache when the list's styles add nothing
        to a line (no border, padding, outline, tint, opacity or hatch: the app's CSS).

        Textual's line pipeline rebuilds every line of a scrolled view into a new Strip (edge,
        tint and opacity checks, then the app's filters again); the cached Strips keep their
        padded and filtered forms, so a scroll by one line draws from memory. Any styling
        beyond that takes Textual's own path."""
        if self._center_pending and self.scrollable_content_region.height:
            # The saved cursor may lie below the first screen: scroll to it before the first
            # frame is drawn, not a frame later (Resize comes after that paint).
            self._center_pending = False
            self.scroll_cursor_into_view(center=True)
        if not self._plain():
            self._prefetch_later()
            return super().render_lines(crop)
        base_background, background = self.background_colors
        pad = VisualStyle(background=base_background + background).rich_style
        # Lines stop short of the scroll bar, which the screen draws from its own widget: a
        # line as wide as the widget was cut in two there (Strip.divide: two new Strips, and a
        # walk over its segments, for each new line of a page, a third of a page's time).
        # Not before the bar has a place (a size): the first frame's layout has none, and lines
        # short of a column nobody draws were dropped whole, so that frame showed no rows.
        bar = self.scrollbar_size_vertical  # nonzero only once Textual has made the bar
        width = self.size.width - (bar if bar and self.vertical_scrollbar.size.height else 0)
        finish = (width, pad, tuple(self.get_line_filters()), background)
        line, top, line_width, focus = self._line, round(self.scroll_y), self.scrollable_content_region.width, self.has_focus
        strips = [line(top + y, y, line_width, focus, finish) for y in crop.line_range]
        x1, x2 = crop.column_span
        if x1 or x2 < width:
            strips = [strip.crop(x1, x2) for strip in strips]
        self._prefetch_later()
        return strips

    def _plain(self) -> bool:
        styles = self.styles
        return (
            not any(edge for edge, _color in styles.border)
            and not any(edge for edge, _color in styles.outline)
            and not any(styles.padding)
            and not styles.tint.a
            and self.opacity == 1.0
            and styles.text_opacity == 1.0
            and (not styles.has_rule("hatch") or styles.hatch == "none")
        )

    def render_line(self, y: int) -> Strip:
        return self._line(round(self.scroll_y) + y, y, self.scrollable_content_region.width, self.has_focus)

    def _line(self, index: int, y: int, width: int, focus: bool, finish: tuple | None = None) -> Strip:
        """Line y of the view, showing row `index` of the list; with `finish` (the widget's
        width, the style under the scroll bar, the line filters and the background), as
        render_lines hands it to the compositor."""
        if not self._painted:
            self._painted = True
            self.post_message(self.Painted())  # handled once this paint is done
        if not self.ids:
            if y == 0:
                text = Content(" " + self.empty_text).stylize(self.get_visual_style("article-list--empty"))
                return _finished(Strip(text.truncate(width, pad=True).render_segments(self.visual_style), width), finish)
            return _finished(self.blank_line(width), finish)
        row = self.row_at(index)
        if row is None:
            return _finished(self.blank_line(width), finish)
        self.rows_rendered += 1
        on_cursor = index == self.cursor
        key = (row.n, width, on_cursor, on_cursor and focus, row.read, row.starred, row.title, row.story_size, row.story_unread, row.story_outlets, finish)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._render_row(row, width, on_cursor, focus, finish)
            self._lines[key] = strip
        return strip

    def _render_row(self, row: Row, width: int, on_cursor: bool, focus: bool, finish: tuple | None = None) -> Strip:
        """One article's line: marker, star, date, provider, title, quality.

        Built as segments with styles combined once per kind of line (as Content.render
        combines them: the widget's, the part's, the cursor's), since at ~40 new lines a
        page the Content pipeline was most of a page step; `_render_row_content` is that
        pipeline, kept for lists too narrow for the title and as the reference in tests."""
        wide = width >= 70
        date_width, provider_width = (10, 14) if wide else (8, 9)
        title_width = width - (2 + 1 + date_width + 1 + provider_width + 1 + 1 + 4)
        if title_width < 1 or (finish is not None and finish[0] < width):
            return _finished(self._render_row_content(row, width, on_cursor, focus), finish)
        date = short_date(row.published) if wide else short_date(row.published)[2:]
        marker, star, space, meta, text, pad, filters = self._row_styles(row.read, on_cursor, focus, finish)
        segments = [
            Segment("●" if not row.read else " ", marker),
            Segment("★" if row.starred else " ", star),
            Segment(" ", space),
            Segment(_fit(date, date_width, ellipsis=False), meta),
            Segment(" ", space),
            Segment(_source(row, provider_width), meta),
            Segment(" ", space),
            Segment(_fit(line(row.title), title_width), text),
            Segment(" ", space),
            Segment(_right(row), meta),
        ]
        if finish is None:
            return Strip(segments, width)
        # Padded and filtered here, as segments: one new Strip a line, not one a step (a page
        # into rows not drawn yet makes ~40 lines, and each Strip is made with seven caches).
        full_width, background = finish[0], finish[3]
        if full_width > width:
            segments.append(Segment(" " * (full_width - width), pad))
        for line_filter in filters:  # any the styles could not take
            segments = line_filter.apply(segments, background)
        return LineStrip(segments, full_width)

    def forget_drawn(self) -> None:
        super().forget_drawn()
        self._styles.clear()

    def _row_styles(self, read: bool, on_cursor: bool, focus: bool, finish: tuple | None = None) -> tuple:
        """The rich styles of a kind of line's parts (marker, star, space, meta, title) and of
        the padding, with `finish`'s style-only filters applied; then the filters left to apply
        to the line's segments."""
        key = (read, on_cursor, on_cursor and focus, finish and finish[1:])
        styles = self._styles.get(key)
        if styles is None:
            styles = self._part_styles(read, on_cursor, focus)
            if finish is None:
                styles = self._styles[key] = (*styles, None, ())
            else:
                _width, pad, filters, background = finish
                parts = [Segment(" ", style) for style in (*styles, pad)]
                left = []
                for line_filter in filters:
                    if isinstance(line_filter, _STYLE_FILTERS):
                        parts = line_filter.apply(parts, background)
                    else:
                        left.append(line_filter)
                if left:  # a filter that may look at the text: every filter goes on the segments
                    parts, left = [Segment(" ", style) for style in (*styles, pad)], list(filters)
                styles = self._styles[key] = (*(part.style for part in parts), tuple(left))
        return styles

    def _part_styles(self, read: bool, on_cursor: bool, focus: bool) -> tuple:
        key = (read, on_cursor, on_cursor and focus)
        styles = self._styles.get(key)
        if styles is None:
            style = self.get_visual_style
            over = [style("article-list--cursor" if focus else "article-list--cursor-blurred")] if on_cursor else []
            parts = (
                [style("article-list--marker")], [style("article-list--star")], [],
                [style("article-list--meta")], [style("article-list--read" if read else "article-list--unread")],
            )
            combined = (VisualStyle.combine([self.visual_style, *part, *over]) for part in parts)
            styles = self._styles[key] = tuple(s.rich_style if s else None for s in combined)
        return styles

    def _render_row_content(self, row: Row, width: int, on_cursor: bool, focus: bool) -> Strip:
        style = self.get_visual_style
        text_style = style("article-list--read" if row.read else "article-list--unread")
        meta = style("article-list--meta")
        # Narrow lists (three panes at 120 columns) get a short date and provider, so the
        # title keeps most of the room.
        wide = width >= 70
        date = short_date(row.published) if wide else short_date(row.published)[2:]
        date_width, provider_width = (10, 14) if wide else (8, 9)
        fixed = 2 + 1 + date_width + 1 + provider_width + 1 + 1 + 4
        title_width = max(1, width - fixed)
        parts: list[Content] = [
            Content("●" if not row.read else " ").stylize(style("article-list--marker")),
            Content("★" if row.starred else " ").stylize(style("article-list--star")),
            Content(" "),
            Content(date).truncate(date_width, pad=True).stylize(meta),
            Content(" "),
            Content(_source(row, provider_width)).stylize(meta),
            Content(" "),
            Content(line(row.title)).truncate(title_width, ellipsis=True, pad=True).stylize(text_style),
            Content(" "),
            Content(_right(row)).stylize(meta),
        ]
        content = Content("").join(parts).truncate(width, pad=True)
        if on_cursor:
            cursor = style("article-list--cursor" if focus else "article-list--cursor-blurred")
            content = content.stylize(cursor)
        return Strip(content.render_segments(self.visual_style), width)

    def refresh_line(self, y: int) -> None:  # noqa: D102 (ScrollView's, kept for clarity)
        self.refresh(Region(0, y - round(self.scroll_y), max(self.size.width, 1), 1))


def _finished(strip: Strip, finish: tuple | None) -> Strip:
    """A line as the compositor takes it: padded to the widget's width, then filtered."""
    if finish is None:
        return strip
    full_width, pad, filters, background = finish
    strip = strip.adjust_cell_length(full_width, pad)
    for line_filter in filters:
        strip = strip.apply_filter(line_filter, background)
    return strip


def _source(row: Row, width: int) -> str:
    """The provider column: a story's number of outlets; an article's provider, and how many
    other outlets cover its story ("Reuters +2")."""
    if row.story_size > 1:
        return _fit(f"{row.story_outlets} outlets", width)
    provider = line(row.provider) or "—"
    if row.story_outlets:
        more = f" +{row.story_outlets}"
        return _fit(provider, max(1, width - len(more))) + more if width > len(more) else _fit(more.strip(), width)
    return _fit(provider, width)


def _right(row: Row) -> str:
    """The last column: quality, or for a story its unread and total articles ("2/5")."""
    text = f"{row.story_unread}/{row.story_size}" if row.story_size > 1 else number(row.quality)
    return text.rjust(4)[-4:]


def story_key(ids: list[int], members: list[int]) -> int | None:
    """The key in a Stories list of the story made of row numbers `members`."""
    wanted = set(members)
    return next((n for n in ids if n in wanted), None)


def _find(ids: list[int], n: int | None) -> int | None:
    try:
        return ids.index(n) if n is not None else None
    except ValueError:
        return None


def _fit(text: str, width: int, *, ellipsis: bool = True) -> str:
    """`text` cut or padded to exactly `width` cells, as Content(text).truncate(width, pad=True)
    does (the control codes Content strips are gone already: text.line removes them all).
    Printable ASCII, most titles, is a cell a character: measured and cut without Rich's
    per-character tables."""
    ascii_ = text.isascii() and text.isprintable()
    length = len(text) if ascii_ else cached_cell_len(text)
    if length == width:
        return text
    if length < width:
        return text + " " * (width - length)
    if ascii_:
        return text[: width - 1] + "…" if ellipsis and width else text[:width]
    return set_cell_size(text, width - 1) + "…" if ellipsis and width else set_cell_size(text, width)
