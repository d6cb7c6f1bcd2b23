"""F1 / ?: every binding, grouped by where it works, with the keys in effect (after the user's
remapping) and the id to remap it by in config.toml; then the query language."""

from __future__ import annotations

import textwrap

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.query_language import help_rows
from reader.tui import keys


def key_text(app, binding: Binding) -> str:
    """The keys that trigger `binding` now, as the footer would write them."""
    chosen = getattr(app, "keymap", {}).get(binding.id, binding.key) if binding.id else binding.key
    shown = []
    for key in chosen.split(","):
        key = key.strip()
        if key:
            shown.append(app.get_key_display(Binding(key, "")))
    return " ".join(dict.fromkeys(shown))


def help_content(app, width: int = 100) -> Content:
    lines: list[Content] = [
        Content.styled("reader — keys", "bold $accent"),
        Content.styled("Remap any key in config.toml:  [keys]  \"binding.id\" = \"key1,key2\"", "$text-muted"),
    ]
    for title, bindings in keys.GROUPS:
        lines += [Content(""), Content.styled(title, "bold $text-secondary")]
        follow = [b for b in bindings if b.id and b.id.startswith("detail.follow_") and b.id[-1].isdigit()]
        for binding in bindings:
            if binding in follow[1:]:
                continue
            keys_shown = key_text(app, binding)
            description = binding.tooltip or binding.description
            binding_id = binding.id or ""
            if binding in follow[:1]:
                keys_shown = " ".join(key_text(app, b) for b in follow)
                description, binding_id = "Open related link 1–9", "detail.follow_1 … detail.follow_9"
            room = width - 2 - 18 - 1 - len(binding_id)
            if room >= 30:  # the id fits beside the description, which wraps below itself
                first, *rest = textwrap.wrap(description, room) or [""]
                lines.append(Content.assemble(
                    (f"  {keys_shown:<18}", "bold $text-accent"), (f"{first:<{room}} ", "$text"), (binding_id, "$text-muted")
                ))
                lines += [Content.assemble(" " * 20, (more, "$text")) for more in rest]
            else:
                lines.append(Content.assemble((f"  {keys_shown:<18}", "bold $text-accent"), (description, "$text")))
                lines.append(Content.assemble(" " * 20, (binding_id, "$text-muted")))
    lines += [
        Content(""),
        Content.styled("Queries in the search box (/), reader list --query and [views] in config.toml", "bold $text-secondary"),
    ]
    for syntax, meaning in help_rows():
        lines.append(Content.assemble((f"  {syntax:<24}", "bold $text-accent"), (meaning, "$text")))
    lines += [Content(""), Content.styled("The mouse works too: click a row, a sidebar entry or a related link.", "$text-muted")]
    return Content("\n").join(lines)


_SCROLLBAR = 2  # columns: Textual's default vertical scroll bar


class HelpBody(VerticalScroll, can_focus=True, inherit_bindings=False):
    """The scrolling list of keys (its keys are the help screen's, with ids)."""


class HelpScreen(ModalScreen[None], inherit_bindings=False):
    BINDINGS = keys.HELP

    DEFAULT_CSS = f"""
    HelpScreen {{
        align: center middle;
        #help {{ width: 100; max-width: 95%; height: 90%; border: round $accent; background: $surface; padding: 0 1;
                 scrollbar-size-vertical: {_SCROLLBAR}; }}
    }}
    """

    def compose(self):
        # The box, less its border and padding and the scroll bar: a line wider than that
        # wraps, which put each binding's id on a line of its own.
        width = min(100, self.app.size.width * 95 // 100) - 4 - _SCROLLBAR
        with HelpBody(id="help"):
            yield Static(help_content(self.app, width), markup=False)

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.query_one(HelpBody).scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.query_one(HelpBody).scroll_up(animate=False)

    def action_page_down(self) -> None:
        self.query_one(HelpBody).scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.query_one(HelpBody).scroll_page_up(animate=False)
