"""What the article list and the sidebar share: a Line-API view with a cursor.

Subclasses draw with `render_line` (only visible lines are ever drawn), keep drawn lines in
`self._lines`, and say how many items there are and what activating one does.
"""

from __future__ import annotations

from math import ceil

from textual import events
from textual.cache import LRUCache
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from reader.tui.textual_private import vertical_scrollbar


class ThumbScrollBar(ScrollBar):
    """A vertical scroll bar that repaints only when its thumb moves on screen.

    Textual's repaints on every change of position; over 100,000 rows a step of one line
    moves the thumb by far less than the eighth of a cell it is drawn in, and redrawing the
    bar was a fifth of a scrolling cursor step."""

    position: Reactive[float] = Reactive(0.0, repaint=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._drawn: tuple | None = None

    def _thumb(self) -> tuple:
        """Where ScrollBarRender.render_bar puts the thumb, in eighths of a cell."""
        size = self.size.height
        virtual_size = ceil(self.window_virtual_size)
        window_size = ceil(self.window_size if self.window_size < self.window_virtual_size else 0)
        if not (window_size and size and virtual_size and size != virtual_size):
            return (size, None)
        bars = len(self.renderer.VERTICAL_BARS)
        thumb_size = max(1, window_size / (virtual_size / size))
        position = (size - thumb_size) * (self.position / (virtual_size - window_size))
        start = int(position * bars)
        return (size, start, start + ceil(thumb_size * bars))

    def watch_position(self) -> None:
        if self._thumb() != self._drawn:
            self.refresh()

    def render(self):
        self._drawn = self._thumb()
        return super().render()


class CursorLines(ScrollView, can_focus=True, inherit_bindings=False):
    cursor: int  # a reactive, declared by each subclass with its own validation

    def __init__(self, *, id: str | None = None, cache_size: int = 512) -> None:
        super().__init__(id=id)
        self._lines: LRUCache[tuple, Strip] = LRUCache(cache_size)

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        return vertical_scrollbar(self, ThumbScrollBar)

    def blank_line(self, width: int) -> Strip:
        """A line below the last item: made once a width, as the drawn lines are (working
        out the widget's style for each of them was most of a short sidebar's first paint)."""
        key = ("blank", width)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._lines[key] = Strip.blank(width, self.rich_style)
        return strip

    def item_count(self) -> int:
        raise NotImplementedError

    def activate(self) -> None:
        """Enter, or a click, on the item under the cursor."""

    def scroll_cursor_into_view(self, center: bool = False) -> None:
        height = self.scrollable_content_region.height or self.size.height
        if height <= 0:
            return
        top = round(self.scroll_y)
        if center and not top <= self.cursor < top + height:
            self.scroll_to(y=max(0, self.cursor - height // 2), animate=False, immediate=True)
        elif self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.item_count() - 1

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = round(self.scroll_y) + offset.y
        if 0 <= index < self.item_count():
            self.cursor = index
            self.activate()

    # Drawn lines depend on focus (cursor colour) and styles: forget them when those change.
    def forget_drawn(self) -> None:
        self._lines.clear()

    def _on_focus(self, event: events.Focus) -> None:
        self.forget_drawn()
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.forget_drawn()
        self.refresh()

    def notify_style_update(self) -> None:
        self.forget_drawn()
        super().notify_style_update()
