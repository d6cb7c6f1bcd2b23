"""The sidebar: All, Unread, Starred, then folding Views (saved queries), Feeds (subscriptions),
Topics and Providers sections, each entry with unread/total counts. A Line-API widget too: a
big library has hundreds of providers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from msgspec import Struct
from msgspec.structs import replace
from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from reader.query import Count, Counts, Row
from reader.tui import keys
from reader.tui.text import line
from reader.tui.widgets.cursor_lines import CursorLines


class Entry(Struct, frozen=True):
    kind: str  # view | mode | section | saved | feed | topic | provider
    key: str  # all/unread/starred, views/feeds/topics/providers, the saved view, topic or provider name, or the feed's URL
    label: str
    unread: int | None = None
    total: int | None = None


def adjust_counts(counts: Counts, row: Row, *, read: bool | None = None, starred: bool | None = None) -> Counts:
    """The counts after one article's read or starred mark changed from what `row` says: the
    sidebar updates the moment something is marked, without a query."""
    unread_delta = 0 if read is None or read == row.read else (-1 if read else 1)
    star_delta = 0 if starred is None or starred == row.starred else (1 if starred else -1)
    if not unread_delta and not star_delta:
        return counts
    topics = tuple(
        replace(c, unread=c.unread + unread_delta) if c.name.casefold() in {t.casefold() for t in row.topics} else c
        for c in counts.topics
    )
    providers = tuple(
        replace(c, unread=c.unread + unread_delta) if row.provider and c.name.casefold() == row.provider.casefold() else c
        for c in counts.providers
    )
    return Counts(counts.total, counts.unread + unread_delta, counts.starred + star_delta, topics, providers)


class Sidebar(CursorLines):
    BINDINGS = keys.SIDEBAR

    COMPONENT_CLASSES = {
        "sidebar--cursor",
        "sidebar--cursor-blurred",
        "sidebar--section",
        "sidebar--selected",
        "sidebar--count",
        "sidebar--unread",
    }

    DEFAULT_CSS = """
    Sidebar {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        & > .sidebar--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
        & > .sidebar--cursor-blurred { background: $block-cursor-blurred-background; }
        & > .sidebar--section { color: $text-secondary; text-style: bold; }
        & > .sidebar--selected { color: $accent; text-style: bold; }
        & > .sidebar--count { color: $text-muted; }
        & > .sidebar--unread { color: $text-accent; }
    }
    """

    cursor: reactive[int] = reactive(0, init=False, repaint=False)  # watch_cursor redraws two lines

    class Selected(Message):
        def __init__(self, entry: Entry) -> None:
            self.entry = entry
            super().__init__()

    class CountsWanted(Message):
        """A picker waits for the counts, and none are known yet."""

    class PickerWanted(Message):
        """Open the picker of `kind` (topic or provider) over these names."""

        def __init__(self, kind: str, names: list[Count]) -> None:
            self.kind = kind
            self.names = names
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cache_size=512)
        self.counts: Counts | None = None
        self.saved: dict[str, Count | None] = {}  # saved view name -> its counts, once counted
        self.feeds: dict[str, tuple[str, Count | None]] = {}  # feed URL -> (its name, its counts)
        self.collapsed: set[str] = set()
        self.view = "all"
        self.provider: str | None = None
        self.stories = False  # the Stories mode is on
        self.pick_pending: str | None = None  # a picker asked for before the counts came
        self.entries: list[Entry] = self._build()

    # -- data -----------------------------------------------------------------------------
    def marked(self, rows: Iterable[Row], flag: str, value: bool, previous: Mapping[str, bool]) -> None:
        """`flag` is now `value` on `rows`, each of which had `previous[id]`: the counts follow
        without a query (redrawn once, however many rows)."""
        if self.counts is None:
            return
        counts = self.counts
        for row in rows:
            counts = adjust_counts(counts, replace(row, **{flag: previous.get(row.id, False)}), **{flag: value})
        self.set_counts(counts)

    def set_counts(self, counts: Counts) -> None:
        self.counts = counts
        self._rebuild()
        if self.pick_pending is not None:
            kind, self.pick_pending = self.pick_pending, None
            self.post_message(self.PickerWanted(kind, self.names(kind)))

    # -- pickers (t, f) ---------------------------------------------------------------------
    def pick(self, kind: str) -> None:
        """A picker over this sidebar's topics or providers: at once if the counts are known,
        else when they come (asked for once, however often the key is pressed)."""
        if self.counts is not None:
            self.post_message(self.PickerWanted(kind, self.names(kind)))
            return
        if self.pick_pending is None:
            self.post_message(self.CountsWanted())
        self.pick_pending = kind

    def cancel_pick(self) -> None:
        """The counts could not be had: the picker waiting for them stays closed."""
        self.pick_pending = None

    def move_to(self, kind: str, key: str | None) -> None:
        """The cursor onto an entry (None: the top), if it is listed."""
        index = 0 if key is None else self.index_of(kind, key)
        if index is not None:
            self.cursor = index

    def set_saved(self, names: list[str]) -> None:
        """The saved views (config.toml's [views]); counts already known are kept."""
        self.saved = {name: self.saved.get(name) for name in names}
        self._rebuild()

    def set_saved_counts(self, counts: tuple[Count, ...]) -> None:
        self.saved = {name: None for name in self.saved} | {c.name: c for c in counts if c.name in self.saved}
        self._rebuild()

    def set_feeds(self, feeds: list[tuple[str, str]], counts: dict[str, Count]) -> None:
        """The subscribed feeds, (URL, name) in order, and the counts of those counted."""
        self.feeds = {url: (name, counts.get(url)) for url, name in feeds}
        self._rebuild()

    def set_selection(self, view: str, provider: str | None, stories: bool = False) -> None:
        self.view, self.provider, self.stories = view, provider, stories
        self._lines.clear()
        self.refresh()

    def set_collapsed(self, sections: set[str]) -> None:
        self.collapsed = set(sections)
        self._rebuild()

    def _rebuild(self) -> None:
        here = self.entries[self.cursor] if 0 <= self.cursor < len(self.entries) else None
        self.entries = self._build()
        self.virtual_size = Size(0, len(self.entries))
        self._lines.clear()
        if here is not None:
            for index, entry in enumerate(self.entries):
                if (entry.kind, entry.key) == (here.kind, here.key):
                    self.set_reactive(Sidebar.cursor, index)
                    break
        self.set_reactive(Sidebar.cursor, self.validate_cursor(self.cursor))
        self.refresh()

    def _build(self) -> list[Entry]:
        c = self.counts
        entries = [
            Entry("view", "all", "All", c.unread if c else None, c.total if c else None),
            Entry("view", "unread", "Unread", c.unread if c else None, None),
            Entry("view", "starred", "Starred", None, c.starred if c else None),
            Entry("mode", "stories", "Stories"),  # on top of any view: one row per story
        ]
        if self.saved:
            entries.append(Entry("section", "views", "Views", None, len(self.saved)))
            if "views" not in self.collapsed:
                entries.extend(
                    Entry("saved", name, name, count.unread if count else None, count.total if count else None)
                    for name, count in self.saved.items()
                )
        if self.feeds:
            entries.append(Entry("section", "feeds", "Feeds", None, len(self.feeds)))
            if "feeds" not in self.collapsed:
                entries.extend(
                    Entry("feed", url, name, count.unread if count else None, count.total if count else None)
                    for url, (name, count) in self.feeds.items()
                )
        for section, label, items in (("topics", "Topics", c.topics if c else ()), ("providers", "Providers", c.providers if c else ())):
            entries.append(Entry("section", section, label, None, len(items) if c else None))
            if section not in self.collapsed:
                kind = section[:-1]
                entries.extend(Entry(kind, item.name, item.name, item.unread, item.total) for item in items)
        return entries

    def index_of(self, kind: str, key: str) -> int | None:
        for index, entry in enumerate(self.entries):
            if entry.kind == kind and entry.key.casefold() == key.casefold():
                return index
        return None

    def names(self, kind: str) -> list[Count]:
        if self.counts is None:
            return []
        return list(self.counts.topics if kind == "topic" else self.counts.providers)

    # -- cursor ---------------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.entries) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self.scroll_cursor_into_view()

    def item_count(self) -> int:
        return len(self.entries)

    def activate(self) -> None:
        self.action_select()

    def action_select(self) -> None:
        entry = self.entries[self.cursor]
        if entry.kind == "section":
            self.collapsed ^= {entry.key}
            self._rebuild()
        self.post_message(self.Selected(entry))

    def _on_resize(self, event: events.Resize) -> None:
        self._lines.clear()

    # -- drawing ----------------------------------------------------------------------------
    def is_selected(self, entry: Entry) -> bool:
        if entry.kind == "view":
            return self.view == entry.key
        if entry.kind == "mode":
            return self.stories
        if entry.kind in ("topic", "saved", "feed"):
            return self.view == f"{entry.kind}:{entry.key}"
        if entry.kind == "provider":
            return self.provider is not None and self.provider.casefold() == entry.key.casefold()
        return False

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        if not 0 <= index < len(self.entries):
            return self.blank_line(width)
        entry = self.entries[index]
        on_cursor = index == self.cursor
        selected = self.is_selected(entry)
        key = (entry, width, on_cursor, on_cursor and self.has_focus, selected)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._render_entry(entry, width, on_cursor, selected)
            self._lines[key] = strip
        return strip

    def _render_entry(self, entry: Entry, width: int, on_cursor: bool, selected: bool) -> Strip:
        style = self.get_visual_style
        count = _count_text(entry)
        if entry.kind == "section":
            fold = "▸ " if entry.key in self.collapsed else "▾ "
            label = Content(fold + entry.label).stylize(style("sidebar--section"))
            indent = Content("")
        else:
            indent = Content("  " if entry.kind in ("saved", "feed", "topic", "provider") else "")
            label = Content(line(entry.label))
            if selected:
                label = label.stylize(style("sidebar--selected"))
        marker = Content("▌" if selected else " ").stylize(style("sidebar--selected"))
        label_width = max(1, width - 1 - indent.cell_length - len(count) - 1)
        parts = [marker, indent, label.truncate(label_width, ellipsis=True, pad=True), Content(" ")]
        if count:
            unread, _, total = count.partition("/")
            counts = Content(unread).stylize(style("sidebar--unread")) if entry.unread else Content(unread).stylize(style("sidebar--count"))
            if total:
                counts = Content("").join([counts, Content("/" + total).stylize(style("sidebar--count"))])
            parts.append(counts)
        content = Content("").join(parts).truncate(width, pad=True)
        if on_cursor:
            content = content.stylize(style("sidebar--cursor" if self.has_focus else "sidebar--cursor-blurred"))
        return Strip(content.render_segments(self.visual_style), width)


def _count_text(entry: Entry) -> str:
    if entry.kind == "section":
        return ""
    if entry.unread is None and entry.total is None:
        return "…" if entry.kind in ("view", "saved", "feed") else ""
    if entry.unread is not None and entry.total is not None:
        return f"{entry.unread}/{entry.total}"
    return str(entry.unread if entry.unread is not None else entry.total)
