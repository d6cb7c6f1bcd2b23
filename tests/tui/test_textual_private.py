"""The private Textual API reader relies on (reader/tui/textual_private.py) still does what
it did in Textual 8.2. When one of these fails, the message names what Textual changed."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from importlib.metadata import version

import pytest
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from reader.tui import textual_private as private
from reader.tui.widgets.cursor_lines import CursorLines, ThumbScrollBar


def _changed(what: str, error: BaseException) -> str:
    return (f"Textual {version('textual')} changed {what} ({type(error).__name__}: {error}); "
            "update reader/tui/textual_private.py (written for Textual 8.2)")


def test_textual_is_the_version_the_private_calls_were_written_for():
    assert version("textual").startswith(private.TEXTUAL_PINNED + "."), (
        f"Textual {version('textual')} is installed, but reader/tui/textual_private.py was checked "
        f"against {private.TEXTUAL_PINNED}: run these tests, then move the pin in pyproject.toml"
    )


def test_widget_vertical_scrollbar_is_still_the_code_the_copy_follows():
    source = inspect.getsource(Widget.vertical_scrollbar.fget)
    for line in ("self._vertical_scrollbar", "ScrollBar(", 'vertical=True, name="vertical", thickness=self.scrollbar_size_vertical',
                 "self._vertical_scrollbar.display = False", "self.app._start_widget(self, scroll_bar)"):
        assert line in source, (
            f"Textual {version('textual')} changed Widget.vertical_scrollbar (no longer has {line!r}); "
            "textual_private.vertical_scrollbar is a copy of it and must follow"
        )


def test_a_line_strip_is_a_strip_whose_caches_come_when_used():
    """LineStrip leaves out Strip.__init__'s caches; every cache Strip has must still be one
    LineStrip makes on first use, and it must act as a Strip does."""
    from rich.segment import Segment
    from rich.style import Style
    from textual.strip import Strip

    made = {name for name in Strip.__slots__ if name.endswith("_cache") and name != "_render_cache"}
    assert made == set(private.LineStrip._CACHES), _changed("Strip's caches (Strip.__slots__)", AssertionError(sorted(made)))
    try:
        Strip.__init__(blank := Strip.__new__(Strip), [], 0)
        assert all(getattr(blank, name)._maxsize == size for name, size in private.LineStrip._CACHES.items())
    except Exception as error:  # noqa: BLE001
        pytest.fail(_changed("Strip.__init__'s caches", error))
    segments = [Segment("abc", Style(bold=True)), Segment("defg")]
    ours, theirs = private.LineStrip(list(segments), 7), Strip(segments, 7)
    assert ours.divide([7]) == [ours] and ours.divide([3, 7]) == theirs.divide([3, 7])
    assert ours.crop(1, 5) == theirs.crop(1, 5) and ours.text == theirs.text
    assert ours.apply_style(Style(italic=True)) == theirs.apply_style(Style(italic=True))
    assert ours.extend_cell_length(9) == theirs.extend_cell_length(9)
    with pytest.raises(AttributeError):
        ours.not_a_cache  # noqa: B018


class _Lines(CursorLines):
    cursor = 0

    def item_count(self) -> int:
        return 100

    def render_line(self, y: int):
        from textual.strip import Strip

        return Strip.blank(self.size.width)


class _Host(App):
    BINDINGS = [Binding("x", "pressed", "x")]

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[str] = []

    def compose(self):
        yield Static("hello private world", id="label")
        yield _Lines()

    def action_pressed(self) -> None:
        self.keys.append("x")


async def test_each_private_call_still_works():
    app = _Host()
    async with app.run_test(size=(40, 10)) as pilot:
        lines = app.query_one(_Lines)
        lines.virtual_size = lines.size._replace(height=100)
        await pilot.pause()
        checks = {
            "Widget._vertical_scrollbar / App._start_widget": lambda: isinstance(lines.vertical_scrollbar, ThumbScrollBar) and lines.vertical_scrollbar.is_running,
            "App._driver.send_message": lambda: private.send_key(app, "x") or True,
        }
        for what, check in checks.items():
            try:
                assert check(), what
            except Exception as error:  # noqa: BLE001 (turned into a message naming the change)
                pytest.fail(_changed(what, error))
        for _ in range(50):
            await private.wait_for_screen(pilot)
            if app.keys:
                break
        assert app.keys == ["x"], _changed("the driver's key route (App._driver.send_message)", AssertionError("key lost"))
        await private.post_key(app, "x")
        app.notify("said once", markup=False)
        await pilot.pause()
        private.paint_now(app)
        later = {
            "MessagePump._message_queue": lambda: private.queues_empty(app),
            "App._post_message": lambda: app.keys == ["x", "x"],
            "Screen._compositor.render_strips": lambda: any("hello private world" in s.text for s in private.screen_strips(app)),
            "Compositor.render_update(full=True)": lambda: "hello private world" in private.terminal_output(app),
            "Compositor.visible_widgets": lambda: app.query_one("#label") in private.visible_widgets(app),
            "App._notifications": lambda: private.notifications(app) == ["said once"],
            "Widget._styles_cache": lambda: private.forget_styles(lines) is None,
            "DOMNode._merge_bindings": lambda: "x" in [b.key for b in private.merged_bindings(_Host)],
            "textual.keys._character_to_key / _get_unicode_name_from_key": lambda: private.key_event("/").key == "slash" and private.key_event("/").character == "/",
        }
        for what, check in later.items():
            try:
                assert check(), what
            except Exception as error:  # noqa: BLE001
                pytest.fail(_changed(what, error))


class _Shown(Screen):
    """The widgets `compose()` yields, on the cropping compositor when `cropping`."""

    def __init__(self, compose: Callable[[], Iterator[Widget]], cropping: bool) -> None:
        super().__init__()
        self._widgets = compose
        if cropping:
            private.use_cropping_compositor(self)

    def compose(self):
        yield from self._widgets()


async def _on_both_compositors(css: str, compose: Callable[[], Iterator[Widget]], look: Callable) -> list:
    """An app of `compose()`'s widgets run twice, on the cropping compositor and then on
    Textual's own: what `await look(app, pilot, cropping)` saw in each, once it was laid out."""
    seen = []
    for cropping in (True, False):
        class Host(App):
            CSS = css

            def get_default_screen(self):
                return _Shown(compose, cropping)

        app = Host()
        async with app.run_test(size=(40, 10)) as pilot:
            await pilot.pause()
            seen.append(await look(app, pilot, cropping))
    return seen


async def test_a_partial_repaint_draws_only_the_widgets_in_the_changed_region():
    """The cropping compositor: a change in one widget redraws that widget (and what lies under
    it), not its neighbours; what the terminal shows is the same as Textual's own compositor."""
    from textual.containers import Horizontal

    class Side(Static):
        drawn = 0

        def render_lines(self, crop):
            Side.drawn += 1
            return super().render_lines(crop)

    def compose():
        with Horizontal():
            yield Side("left side", id="side")
            yield _Lines(id="lines")

    async def look(app, pilot, cropping: bool) -> list[str]:
        Side.drawn = 0
        app.query_one(_Lines).refresh()
        await pilot.pause()
        private.paint_now(app)
        if cropping:
            assert Side.drawn == 0, "the neighbour was redrawn"
        else:
            assert Side.drawn > 0, "Textual's compositor no longer redraws neighbours: the cropping one may be unneeded"
        return [strip.text for strip in private.screen_strips(app)]

    shown = await _on_both_compositors("#side { width: 12; } _Lines { width: 1fr; }", compose, look)
    assert shown[0] == shown[1]


async def test_a_full_repaint_skips_what_lies_under_other_widgets_and_shows_the_same():
    """The cropping compositor's full repaint (the first frame): a container its children
    cover whole is not drawn, one whose child draws short lines (the list before its scroll
    bar is placed) still is, and what the terminal gets is Textual's own compositor's."""
    from textual.containers import Horizontal, Vertical

    drawn: list[str] = []

    class Covered(Horizontal):
        def render_lines(self, crop):
            drawn.append("covered")
            return super().render_lines(crop)

    class Under(Vertical):
        def render_lines(self, crop):
            drawn.append("under")
            return super().render_lines(crop)

    class Short(Static):
        def render_lines(self, crop):
            return [strip.crop(0, crop.width - 1) for strip in super().render_lines(crop)]  # one cell short, as the list's can be

    def compose():
        with Covered():
            yield Static("left side", id="side")
            with Under():
                yield Short("short lines", id="short")
        yield Static("bottom", id="bottom")

    async def look(app, _pilot, cropping: bool) -> str:
        drawn.clear()
        output = private.terminal_output(app)
        if cropping:
            assert "covered" not in drawn, "a container covered whole was drawn"
            assert "under" in drawn, "the container under short lines was not drawn, leaving their last column empty"
        return output

    css = "Covered { height: 1fr; } #side { width: 12; height: 1fr; } #bottom { height: 1; }"
    shown = await _on_both_compositors(css, compose, look)
    assert shown[0] == shown[1]
