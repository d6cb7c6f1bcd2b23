"""A fuzzy picker for a topic, a provider or a feed: type a few letters, Enter chooses, Escape leaves."""

from __future__ import annotations

from textual import on
from textual.containers import Vertical
from textual.content import Content
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.query import Count
from reader.tui import keys
from reader.tui.text import line

ANY = "\x00any"  # the option that clears this filter


def highlighted(name: str, matcher: Matcher | None) -> Content:
    """The name with matched letters picked out. (Matcher.highlight would read the name as
    markup; names come from seed files.)"""
    content = Content(name)
    if matcher is None or not matcher.query:
        return content
    score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets if score else ():
        content = content.stylize("bold underline $text-accent", offset, offset + 1)
    return content


class PickerScreen(ModalScreen[str | None], inherit_bindings=False):
    """Dismisses with the chosen name, ANY to clear the filter, or None when cancelled."""

    BINDINGS = keys.PICKER

    DEFAULT_CSS = """
    PickerScreen {
        align: center top;
        #picker { width: 64; max-width: 95%; height: auto; max-height: 80%; margin-top: 2; border: round $accent; background: $surface; }
        #picker-title { padding: 0 1; text-style: bold; color: $accent; }
        #picker-input { margin: 0 1; }
        #picker-options { height: auto; max-height: 20; border: none; }
    }
    """

    def __init__(self, kind: str, counts: list[Count], current: str | None, keys: list[str] | None = None) -> None:
        super().__init__()
        self.kind = kind  # "topic", "provider" or "feed"
        self.counts = counts
        self.current = current
        # What choosing each one dismisses with (a feed's URL), when not its name.
        self.keys = keys or [count.name for count in counts]

    def compose(self):
        with Vertical(id="picker"):
            yield Static(Content(f"Pick a {self.kind}"), id="picker-title", markup=False)
            yield Input(placeholder="type to narrow…", id="picker-input")
            yield OptionList(id="picker-options", markup=False)

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, text: str) -> None:
        matcher = Matcher(text) if text.strip() else None
        scored = []
        for count, key in zip(self.counts, self.keys):
            name = line(count.name)
            score = matcher.match(name) if matcher else 1.0
            if score > 0:
                scored.append((score, name, count, key))
        if matcher:
            scored.sort(key=lambda item: -item[0])
        options = []
        if not text.strip():
            options.append(Option(Content.styled(f"Any {self.kind}", "italic $text-muted"), id=ANY))
        for _score, name, count, key in scored:
            mark = "▌" if self.current and self.current.casefold() == key.casefold() else " "
            prompt = Content.assemble((mark, "$accent"), highlighted(name, matcher), (f"  {count.unread}/{count.total}", "$text-muted"))
            options.append(Option(prompt, id=key))
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        option_list.add_options(options)
        if options:
            option_list.highlighted = 0

    @on(Input.Changed, "#picker-input")
    def _narrow(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#picker-input")
    def _choose_highlighted(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is None:
            return
        self.dismiss(option_list.get_option_at_index(option_list.highlighted).id)

    @on(OptionList.OptionSelected)
    def _choose(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        option_list = self.query_one(OptionList)
        if option_list.option_count:
            current = option_list.highlighted or 0
            option_list.highlighted = max(0, min(option_list.option_count - 1, current + step))

    def action_dismiss_picker(self) -> None:
        self.dismiss(None)


def feed_picker(feeds: dict[str, tuple[str, Count | None]], current: str | None) -> PickerScreen:
    """The feeds as the sidebar lists them (URL -> (name, counts)), picked by name; choosing
    one dismisses with its URL, what `feed:` and the sidebar select it by."""
    urls = list(feeds)
    counts = [Count(name, count.total if count else 0, count.unread if count else 0) for name, count in feeds.values()]
    return PickerScreen("feed", counts, current, urls)
