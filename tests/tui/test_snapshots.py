"""What the app looks like, as SVG snapshots (pytest-textual-snapshot). 'Now' is fixed, so
"N days ago" never changes. Update with: pytest tests/tui/test_snapshots.py --snapshot-update"""

from __future__ import annotations

from tui_helpers import press, settle


def test_main_screen_on_the_seeds(snap_compare, make_app, seeds):
    app = make_app(seeds)
    assert snap_compare(app, terminal_size=(120, 30), run_before=settle)


def test_an_article_with_related_entries(snap_compare, make_app, corpus):
    app = make_app(corpus)

    async def open_and_scroll_to_related(pilot) -> None:
        await settle(pilot)
        await press(pilot, "enter", "G")

    assert snap_compare(app, terminal_size=(130, 40), run_before=open_and_scroll_to_related)


def test_a_followed_link_with_its_breadcrumb(snap_compare, make_app, corpus):
    app = make_app(corpus)

    async def follow(pilot) -> None:
        await settle(pilot)
        await press(pilot, "enter", "4", "8")

    assert snap_compare(app, terminal_size=(130, 30), run_before=follow)


def test_a_filtered_view(snap_compare, make_app, corpus):
    app = make_app(corpus)

    async def filter_view(pilot) -> None:
        await settle(pilot)
        await press(pilot, "t", *"vision", "enter", "j", "r", "j", "u")

    assert snap_compare(app, terminal_size=(120, 30), run_before=filter_view)


def test_search_results(snap_compare, make_app, corpus):
    app = make_app(corpus)

    async def search(pilot) -> None:
        await settle(pilot)
        await press(pilot, "slash", *"amazon mod", "enter")

    assert snap_compare(app, terminal_size=(120, 30), run_before=search)


def test_help_screen(snap_compare, make_app, seeds):
    app = make_app(seeds)

    async def help_(pilot) -> None:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause(0)

    assert snap_compare(app, terminal_size=(120, 40), run_before=help_)


def test_80x24(snap_compare, make_app, seeds):
    app = make_app(seeds)

    async def open_second(pilot) -> None:
        await settle(pilot)
        await press(pilot, "j", "enter")

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_second)
