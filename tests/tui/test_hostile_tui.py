"""The app over hostile seed files: titles show literally (markup is text, not styling or
actions), no escape sequence from a seed file reaches the terminal, and clicking or opening an
injected `[@click=app.quit]` title runs no action."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reader.tui.widgets.article_list import ArticleList
from reader.tui.textual_private import terminal_output
from tui_helpers import current_title, detail_title, drain, press, screen_text, settle, titles

HOSTILE = Path(__file__).resolve().parent.parent / "hostile"
SHOWN = [  # sorted by name: all undated, so the list keeps file order
    "ansi-title.md", "bidi-title.md", "c1-controls.md", "entity-escape.md", "long-word.md",
    "markup-plain.txt", "markup-title.md", "osc-title.md", "raw-escape-plain.txt", "zero-width-title.md",
]
MARKUP_TITLE = "[bold red]Alarm[/] [link=https://evil.example]click[/link] [@click=app.quit]Quit[/] [/]"
CLICK_TITLE = "[@click=app.quit]Click this headline to quit the app[/]"
# What the seed files try to send to the terminal, if their text were passed through raw.
PAYLOADS = ["\x1b[31mRed", "\x1b[2J", "\x1b]0;", "\x1b]52;", "\x1b]8;;https://evil.example", "\x07", "\x9b", "\u202e", "\u200b"]
# What Textual itself writes: SGR styles, cursor moves, OSC 8 only for links it makes.
_OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;:?]*[A-Za-z]")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name in SHOWN:
        shutil.copyfile(HOSTILE / name, folder / name)
    related = "\n".join(
        f"  - title: {title!r}\n    webUrl: https://example.com/related-{i}"
        for i, title in enumerate([CLICK_TITLE, "[link=file:///etc/passwd]Local file[/link]"])
    )
    (folder / "zz-related.md").write_text(
        f"---\ntitle: Article with hostile related entries\nwebUrl: https://example.com/zz\nrelated:\n{related}\n---\nBody.\n"
    )
    return folder


class QuitWatch:
    """Records any attempt to run app.quit (or any action) that markup could trigger."""

    def __init__(self, app) -> None:
        self.calls: list[str] = []
        app.action_quit = lambda: self.calls.append("quit")  # markup actions resolve on the instance
        original = app.run_action

        async def run_action(action, *args, **kwargs):
            self.calls.append(str(action))
            return await original(action, *args, **kwargs)

        app.run_action = run_action


async def test_hostile_titles_are_listed_literally(make_app, hostile):
    app = make_app(hostile)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        shown = titles(app)
        assert MARKUP_TITLE in shown and CLICK_TITLE in shown
        assert "[31mRed alert[0m [2J[Hscreen cleared" in shown
        assert "Invoice gnp.exe and isolate mark" in shown
        screen = screen_text(app)
        assert "[bold red]Alarm[/]" in screen  # the markup is text on the screen, not red
        assert "[@click=app.quit]Click this" in screen


async def test_no_escape_from_a_seed_file_reaches_the_terminal(make_app, hostile):
    app = make_app(hostile)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        for index in range(len(titles(app))):  # every article's detail pane, one after another
            app.main.articles.move_to(index)
            await settle(pilot)
            # The bytes the app would write to a real terminal for the whole screen.
            output = terminal_output(app)
            for payload in PAYLOADS:
                assert payload not in output, (current_title(app), payload)
            leftover = _OWN_SEQUENCES.sub("", output)
            assert "\x1b" not in leftover, (current_title(app), leftover[leftover.index("\x1b") - 20 :][:60])
            assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", leftover.replace("\r\n", "\n")), current_title(app)


async def test_enter_and_clicks_on_an_injected_click_title_run_no_action(make_app, hostile):
    app = make_app(hostile)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        watch = QuitWatch(app)
        index = titles(app).index(CLICK_TITLE)
        app.main.articles.move_to(index)
        await settle(pilot)
        await press(pilot, "enter")  # opens the article: that is all
        assert detail_title(app) == CLICK_TITLE
        await pilot.click("#head", offset=(2, 0))  # on the title in the detail pane
        await pilot.click("#head", offset=(10, 0))
        await drain(pilot)
        await pilot.click(ArticleList, offset=(30, index))  # on the row in the list
        await drain(pilot)
        assert "quit" not in watch.calls and not any("quit" in call for call in watch.calls)
        assert app.is_running and app.return_code is None
        assert "[@click=app.quit]Click this headline" in screen_text(app)  # still on screen, as text


async def test_a_click_markup_related_entry_follows_the_link_and_nothing_else(make_app, hostile):
    app = make_app(hostile)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        watch = QuitWatch(app)
        app.main.articles.move_to(titles(app).index("Article with hostile related entries"))
        await settle(pilot)
        links = [item for item in app.main.detail.query("LinkItem") if item.display]
        assert [item.text.splitlines()[0] for item in links][:2] == [CLICK_TITLE, "[link=file:///etc/passwd]Local file[/link]"]
        await pilot.click(links[0], offset=(6, 0))
        await settle(pilot)
        assert detail_title(app) == CLICK_TITLE  # followed the related link, as a click should
        assert not any("quit" in call for call in watch.calls)
        assert app.is_running and app.return_code is None


def test_snapshot_shows_hostile_titles_literally(snap_compare, make_app, hostile):
    app = make_app(hostile)

    async def show_markup_title(pilot) -> None:
        await settle(pilot)
        app.main.articles.move_to(titles(app).index(MARKUP_TITLE))
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 30), run_before=show_markup_title)
