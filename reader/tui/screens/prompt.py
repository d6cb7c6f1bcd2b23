"""A one-line question, such as the name to save a view under: Enter answers, Escape leaves."""

from __future__ import annotations

from textual import on
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.tui import keys
from reader.tui.text import line


class PromptScreen(ModalScreen[str | None], inherit_bindings=False):
    """Dismisses with the text typed (stripped), or None when cancelled or left empty."""

    BINDINGS = keys.PICKER[:1]  # Escape closes it, as it closes a picker

    DEFAULT_CSS = """
    PromptScreen {
        align: center top;
        #prompt { width: 72; max-width: 95%; height: auto; margin-top: 2; border: round $accent; background: $surface; }
        #prompt-title { padding: 0 1; text-style: bold; color: $accent; }
        #prompt-detail { padding: 0 1; color: $text-muted; }
        #prompt-input { margin: 0 1; }
    }
    """

    def __init__(self, title: str, detail: str = "", value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.detail = detail
        self.value = value
        self.placeholder = placeholder

    def compose(self):
        with Vertical(id="prompt"):
            yield Static(Content(line(self.title_text)), id="prompt-title", markup=False)
            if self.detail:
                yield Static(Content(line(self.detail)), id="prompt-detail", markup=False)
            yield Input(value=self.value, placeholder=self.placeholder, id="prompt-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#prompt-input")
    def _answered(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_dismiss_picker(self) -> None:
        self.dismiss(None)
