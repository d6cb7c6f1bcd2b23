"""Every use of Textual's private API, in one place (Textual is pinned to 8.2 for these).

Each is kept because it was measured necessary; tests/tui/test_textual_private.py fails,
naming the Textual change, when a new Textual moves or changes one.

The app uses two:
- `vertical_scrollbar`, so the article list and the sidebar can own a scroll bar that repaints
  only when its thumb moves (Textual's repaints on every step: a fifth of a scrolling cursor
  step at 100,000 rows). It is Widget.vertical_scrollbar of Textual 8.2 with the class of the
  bar as a parameter.
- `CroppingCompositor`, the main screen's: a partial repaint draws only what lies in the
  region that changed, and skips what lies under a widget in front. Textual's draws every
  widget whose clip touches it, whole: a page of the list redrew the sidebar, the detail
  pane, the status and key bars and the four containers under the list as well. A full
  repaint (the first frame) skips what the widgets in front have drawn over: the screen and
  the containers under the panes (1372M -> 1334M instructions to the first frame).
- `LineStrip`, the article list's lines: a Strip that makes its seven caches when first used,
  not as it is made (a page into rows not drawn yet makes ~38, and the caches were a sixth of
  the page's time; the compositor uses one of them, if any).
The rest serve the tests and the benchmarks:
- `send_key`, `post_key`, `queues_empty`, `wait_for_screen`, `paint_now`: a key delivered and
  the app waited on until its queues are empty. Pilot.press also waits for the CPU to look
  idle, and the rescan threads keep it busy: a large part of a second per key on a shared
  machine, and a benchmark of a 2 ms cursor step cannot include that.
- `screen_strips`, `terminal_output`: what the screen shows, as a terminal would get it.
- `notifications`: the notifications on screen, to read what the app said.
- `forget_styles`, `merged_bindings`: a widget's cached styles, a class's own bindings.
"""

from __future__ import annotations

import unicodedata

from collections.abc import Iterable

from textual import events
from textual._compositor import Compositor
from textual.app import App
from textual.cache import FIFOCache
from textual.geometry import Region
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.widget import Widget

TEXTUAL_PINNED = "8.2"


def vertical_scrollbar(widget: Widget, bar_class: type[ScrollBar]) -> ScrollBar:
    """The widget's vertical scroll bar, made (and started) as a `bar_class` on first use."""
    bar = widget._vertical_scrollbar  # noqa: SLF001
    if bar is None:
        bar = widget._vertical_scrollbar = bar_class(vertical=True, name="vertical", thickness=widget.scrollbar_size_vertical)  # noqa: SLF001
        bar.display = False
        widget.app._start_widget(widget, bar)  # noqa: SLF001
    return bar


class CroppingCompositor(Compositor):
    """Compositor._get_renders of Textual 8.2, but each widget drawn only where it meets `crop`,
    and not at all where one widget in front covers it (the containers under the list: the
    front one's strips fill every cut first, so theirs were drawn and cut up for nothing).

    `_render_chops` pairs a widget's strips with the lines of `region` clipped to `clip`, so
    the clip handed back is cut to `crop` too; what lies outside `crop` was never written to
    the terminal by a partial update anyway (ChopsUpdate writes only the changed spans)."""

    def _get_renders(self, crop: Region | None = None) -> Iterable[tuple[Region, Region, list[Strip]]]:
        if crop is None or crop == self.size.region:
            yield from self._full_renders(self.size.region)
            return
        drawn: list[Region] = []  # front to back, as visible_widgets are ordered
        for widget, (region, clip) in self.visible_widgets.items():
            shown = region.intersection(clip).intersection(crop)
            x, y, width, height = shown
            if not (width and height) or any(front.contains_region(shown) for front in drawn):
                continue  # nothing of it in the region, or all of it under one widget in front
            drawn.append(shown)
            yield region, shown, widget.render_lines(Region(x - region.x, y - region.y, width, height))


    def _full_renders(self, crop: Region) -> Iterable[tuple[Region, Region, list[Strip]]]:
        """A full repaint (the first frame, a resize), as Textual's, less what no one sees: a
        widget whose every piece of every line (between two cuts) was given a strip by the
        widgets in front is not drawn (the screen and the containers under the panes, a fifth
        of the first frame's drawing), and one with some left is drawn over the lines that have.
        A piece counts as given only if the strip reaches its end: `_render_chops` drops a
        shorter one, and the widget under it draws that piece (as in Textual's).

        A partial repaint (a cursor step) checks only one widget in front: this bookkeeping,
        line by line, suits a full repaint, which is rare."""
        cuts = self.cuts
        given: list[set[int]] = [set() for _ in cuts]  # per line: the cuts whose piece has a strip
        for widget, (region, clip) in self.visible_widgets.items():
            shown = region.intersection(clip).intersection(crop)
            x, _y, width, height = shown
            if not (width and height):
                continue
            lines = [y for y in shown.line_range if _open(cuts[y], given[y], x, x + width)]
            if not lines:
                continue
            part = Region(x, lines[0], width, lines[-1] + 1 - lines[0])  # whole lines: pieces start on cuts
            strips = widget.render_lines(Region(x - region.x, part.y - region.y, width, part.height))
            for y, strip in zip(part.line_range, strips):
                line, reach = cuts[y], x + strip.cell_length
                for start, end in zip(line, line[1:]):
                    if start >= x and end <= reach:
                        given[y].add(start)
            yield region, part, strips


def _open(line: list[int], given: set[int], start: int, end: int) -> bool:
    """Whether a piece of the line between `start` and `end` has no strip yet."""
    return any(start <= cut < end and cut not in given for cut in line[:-1])


class LineStrip(Strip):
    """A Strip whose caches (slots of Strip in Textual 8.2) are made on first use: an unset slot
    raises AttributeError, which sends Python to __getattr__."""

    __slots__ = ()
    _CACHES = {
        "_divide_cache": 4, "_crop_cache": 16, "_style_cache": 16, "_filter_cache": 4,
        "_line_length_cache": 4, "_crop_extend_cache": 4, "_offsets_cache": 4,
    }  # Strip.__init__'s sizes

    def __init__(self, segments: list, cell_length: int) -> None:  # noqa: D107 (Strip.__init__ less the caches)
        self._segments = segments
        self._cell_length = cell_length
        self._render_cache = None
        self._link_ids = None
        self._cell_count = None

    def __getattr__(self, name: str):
        size = LineStrip._CACHES.get(name)
        if size is None:
            raise AttributeError(name)
        cache = FIFOCache(size)
        setattr(self, name, cache)
        return cache


def use_cropping_compositor(screen) -> None:
    """Give a screen that has not been shown yet the cropping compositor."""
    screen._compositor = CroppingCompositor()  # noqa: SLF001


def key_event(key: str) -> events.Key:
    """The event a terminal would send for `key` (as Pilot.press makes it)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def send_key(app: App, key: str) -> None:
    """A key by the driver's route, Pilot.press's, without its wait for an idle CPU."""
    app._driver.send_message(key_event(key))  # noqa: SLF001


async def post_key(app: App, key: str) -> None:
    """A key straight into the app's queue (what the driver's thread-safe callback does, minus
    the hop through the event loop that a benchmark would otherwise time)."""
    await app._post_message(events.Key(key, None))  # noqa: SLF001


def queues_empty(app: App) -> bool:
    """Every message queue on the screen (and the app's) is empty."""
    nodes = [app, *app.screen.walk_children(with_self=True)]
    return all(node._message_queue.empty() for node in nodes)  # noqa: SLF001


async def wait_for_screen(pilot) -> None:
    """Until the screen's widgets have handled what was queued when asked (Pilot's own wait)."""
    await pilot._wait_for_screen()  # noqa: SLF001


def paint_now(app: App) -> None:
    """The frame tick, at once: layout if needed, then paint (instead of waiting up to 1/60 s)."""
    app.screen._on_timer_update()  # noqa: SLF001


def screen_strips(app: App) -> list[Strip]:
    """The screen's lines as drawn now."""
    return app.screen._compositor.render_strips()  # noqa: SLF001


def visible_widgets(app: App):
    return app.screen._compositor.visible_widgets  # noqa: SLF001


def terminal_output(app: App) -> str:
    """The bytes the app would write to a real terminal for the whole screen."""
    return app.screen._compositor.render_update(full=True).render_segments(app.console)  # noqa: SLF001


def notifications(app: App) -> list[str]:
    """The text of every notification on screen."""
    return [notification.message for notification in app._notifications]  # noqa: SLF001


def forget_styles(widget: Widget) -> None:
    """Drop the widget's cached rendered styles, so Textual's own line pipeline starts afresh."""
    widget._styles_cache.clear()  # noqa: SLF001


def merged_bindings(cls: type) -> list:
    """The bindings a class defines, merged as Textual merges them."""
    return [binding for _key, bindings in cls._merge_bindings().key_to_bindings.items() for binding in bindings]  # noqa: SLF001
