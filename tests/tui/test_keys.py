"""Every binding has an id and a tooltip, shows in the help screen, and runs from the palette."""

from __future__ import annotations

from pathlib import Path

import pytest

from textual.binding import Binding
from textual.geometry import Region
from textual.widgets import Static

from reader.tui import keys
from reader.tui.app import ReaderApp
from reader.tui.screens.help import HelpBody, HelpScreen
from reader.tui.screens.main import MainScreen
from reader.tui.screens.picker import PickerScreen
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.detail import DetailPane, LinkItem
from reader.tui.widgets.search import SearchInput
from reader.tui.widgets.sidebar import Sidebar
from reader.tui.textual_private import merged_bindings
from tui_helpers import listed_rows, press, screen_text, settle


def own_bindings(cls) -> list[Binding]:
    return merged_bindings(cls)


def test_every_binding_has_an_id_and_a_tooltip_and_is_listed():
    listed = keys.all_ids()
    for cls in (ReaderApp, MainScreen, ArticleList, Sidebar, DetailPane, LinkItem, PickerScreen, HelpScreen, HelpBody):
        for binding in own_bindings(cls):
            assert binding.id, f"{cls.__name__}: {binding.key} -> {binding.action} has no id"
            assert binding.tooltip, f"{binding.id} has no tooltip"
            assert binding.id in listed, f"{binding.id} is not in the help groups"
    for binding in keys.SEARCH:
        assert binding.id in {b.id for b in own_bindings(SearchInput)}
    all_bindings = [b for _title, group in keys.GROUPS for b in group]
    assert len({b.id for b in all_bindings}) == len(all_bindings), "ids are unique"


def test_every_binding_runs_an_action_its_widget_has_with_the_arguments_it_takes():
    import inspect

    from textual.actions import parse

    for cls in (ReaderApp, MainScreen, ArticleList, Sidebar, DetailPane, LinkItem, PickerScreen, HelpScreen, HelpBody):
        for binding in own_bindings(cls):
            _namespace, name, args = parse(binding.action)
            method = getattr(cls, f"action_{name}", None)
            assert method is not None, f"{binding.id}: {cls.__name__} has no action_{name}"
            inspect.signature(method).bind(None, *args)  # raises if the arguments do not fit


async def test_help_lists_every_binding_with_its_keys_and_closes(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause(0)
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help").query_one("Static").render().plain
        for binding_id in keys.all_ids() - {f"detail.follow_{n}" for n in range(2, 10)}:
            assert binding_id in text
        assert "A" in text and "Mark every article in this view read" in text
        await pilot.press("escape")
        await pilot.pause(0)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("f1")
        await pilot.pause(0)
        assert isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_help_shows_each_description_whole_beside_its_id(make_app, seeds, size):
    """The help screen's lines as drawn at the terminal's width (all of them, as scrolling
    shows them): each binding's id on the line its description starts on (at 120 columns),
    and every description in full. The lines used to be wider than the box less its scroll
    bar, so every id wrapped onto a line of its own and long descriptions lost their last
    words ("...; asks for a")."""
    app = make_app(seeds)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause(0)
        static = app.screen.query_one(HelpBody).query_one(Static)
        assert app.screen.query_one(HelpBody).max_scroll_y > 0  # the scroll bar is there
        drawn = [strip.text for strip in static.render_lines(Region(0, 0, *static.size))]
        ids = keys.all_ids() | {"…"}
        text = " ".join(word for line in drawn for word in line.split() if word not in ids)  # the ids left out
        for binding in (b for _title, group in keys.GROUPS for b in group):
            if binding.id.startswith("detail.follow_") and binding.id != "detail.follow_1":
                continue
            description = "Open related link 1–9" if binding.id == "detail.follow_1" else binding.tooltip
            assert description in text, f"{binding.id}: {description!r} is not shown whole"
            if size[0] >= 120:
                line = next((line for line in drawn if binding.id in line.split()), "")
                assert description.split()[0] in line.split(), f"{binding.id} is not beside its description"


async def test_help_shows_remapped_keys(make_app, seeds, home):
    (home / "config").mkdir(exist_ok=True)
    (home / "config" / "config.toml").write_text('[keys]\n"list.toggle_star" = "ctrl+s"\n')
    app = make_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause(0)
        text = app.screen.query_one("#help").query_one("Static").render().plain
        line = next(line for line in text.splitlines() if "list.toggle_star" in line)
        assert "^s" in line


async def test_the_command_palette_runs_actions_by_name(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"all read")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert all(row.read for row in listed_rows(app))
        assert app.main.counts.unread == 0


async def test_y_copies_the_url(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "y")
        assert app.clipboard == app.main.articles.current.url
        assert app.clipboard.startswith("https://www.businessinsider.com/")
        assert "5 articles" in screen_text(app)


def test_the_readme_lists_every_binding_id():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    keyboard = readme[readme.index("## Keyboard"):]
    missing = sorted(i for i in keys.all_ids() - {f"detail.follow_{n}" for n in range(2, 10)} if f"`{i}`" not in keyboard)
    assert not missing, f"README's Keyboard section lacks {missing}"
