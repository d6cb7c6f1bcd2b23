"""l: a fuzzy list of the feeds by name; Enter shows that feed, as choosing it in the sidebar does."""

from __future__ import annotations

from feed_samples import rss
from loopback import Reply

from reader.feeds.subscriptions import Subscriptions
from reader.paths import Paths
from reader.tui.screens.picker import PickerScreen
from textual.widgets import OptionList

from tui_helpers import press, settle, titles, wait_for


def choices(app) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [options.get_option_at_index(i).prompt.plain for i in range(options.option_count)]


async def test_l_picks_a_feed_by_part_of_its_name(make_app, home, seeds, server):
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "config.toml").write_text(f'sources = ["{seeds}"]\n')
    server.routes["/tech"] = Reply(body=rss("Tech Daily", ("Chips are fast", "https://tech.example/1"), ("GPUs too", "https://tech.example/2")))
    server.routes["/world"] = Reply(body=rss("World Wire", ("Rain in Spain", "https://world.example/1")))
    with Subscriptions(Paths.from_env().ensure()) as subscriptions:
        subscriptions.add(server.url("/tech"))
        subscriptions.add(server.url("/world"))
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+r")
        await settle(pilot)
        await wait_for(pilot, lambda: len(app.main.sidebar.feeds) == 2 and all(c for _n, c in app.main.sidebar.feeds.values()))
        await press(pilot, "l")
        assert isinstance(app.screen, PickerScreen)
        assert choices(app) == ["Any feed", " Tech Daily  2/2", " World Wire  1/1"]  # names, not URLs
        await press(pilot, *"wire")
        assert choices(app) == [" World Wire  1/1"]
        await press(pilot, "enter")
        assert not isinstance(app.screen, PickerScreen)
        assert set(titles(app)) == {"Rain in Spain"}
        assert app.main.state.feed == server.url("/world")
        await press(pilot, "l", "escape")  # cancelled: nothing changes
        assert set(titles(app)) == {"Rain in Spain"}
        await press(pilot, "l", "enter")  # the first choice with nothing typed: any feed
        assert len(titles(app)) == 8 and app.main.state.feed is None
