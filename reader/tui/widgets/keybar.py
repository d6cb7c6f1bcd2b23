"""The key bar at the bottom: the keys that work where the focus is, in one line.

Textual's Footer rebuilds a widget per key whenever focus moves, which costs more than the
rest of a keypress; this draws the same hints as one line of text, redrawn only when they
change. A click on a hint presses its key.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hints: list[tuple[str, str, str]] = []  # (key to press, key as shown, description)
        self._spans: list[tuple[int, int, str]] = []  # (start, end, key) of each hint on the line

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        hints: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.show or not active.enabled or binding.description in seen:
                continue
            seen.add(binding.description)
            hints.append((key, self.app.get_key_display(binding.with_key(key)), binding.description))
        hints.sort(key=lambda hint: hint[2] != "Help")  # help first: at 80 columns the end is cut
        if hints != self._hints:
            self._hints = hints
            self.refresh()

    def render(self) -> Content:
        palette = Content.assemble(("▏", "$foreground 30%"), (" ^p ", "bold $footer-key-foreground"), ("Commands ", ""))
        width = self.size.width
        room = width - palette.cell_length if width else 10**9
        parts: list[Content] = []
        self._spans = []
        position = 0
        for key, shown, description in self._hints:
            part = Content.assemble((f" {shown} ", "bold $footer-key-foreground"), (f"{description} ", ""))
            if position + part.cell_length > room:
                break  # whole hints only: half a hint ("o O") names no key
            self._spans.append((position, position + part.cell_length, key))
            position += part.cell_length
            parts.append(part)
        line = Content("").join(parts)
        line = line.pad_right(max(0, width - line.cell_length - palette.cell_length))
        self._palette_at = line.cell_length
        return line + palette

    def on_click(self, event: events.Click) -> None:
        if event.x >= getattr(self, "_palette_at", 10**9):
            self.app.simulate_key("ctrl+p")
            return
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
