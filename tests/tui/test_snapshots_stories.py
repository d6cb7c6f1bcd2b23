"""The Stories mode and the Same story section, as SVG snapshots ('now' fixed). Update with:
pytest tests/tui/test_snapshots_stories.py --snapshot-update"""

from __future__ import annotations

from tui_helpers import press, settle


def test_stories_mode_on_a_search(snap_compare, make_app, corpus):
    """The Facebook fake-accounts story (6 outlets) and others, one row each."""
    app = make_app(corpus)

    async def stories(pilot) -> None:
        await settle(pilot)
        await press(pilot, "slash", *"facebook", "enter", "v")

    assert snap_compare(app, terminal_size=(130, 30), run_before=stories)


def test_same_story_in_the_article_pane(snap_compare, make_app, seeds):
    app = make_app(seeds)

    async def open_lead(pilot) -> None:
        await settle(pilot)
        await press(pilot, "j", "enter", "G")

    assert snap_compare(app, terminal_size=(130, 36), run_before=open_lead)
