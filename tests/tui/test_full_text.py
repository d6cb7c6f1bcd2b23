"""F in the app: the article's full text fetched in a worker (from a loopback server only),
shown in the pane with where it came from; a failure is one line and the excerpt stays."""

from __future__ import annotations

import os
from pathlib import Path

from loopback import Reply

from tui_helpers import press, screen_text, settle

ARTICLE = (Path(__file__).resolve().parent.parent / "pages" / "article.html").read_bytes()
HTML = {"Content-Type": "text/html; charset=utf-8"}
HOSTILE = (
    b"<html><body><nav><a href='/'>Home</a></nav><article>"
    b"<p>Click [@click=app.quit]here[/] to leave, said the page, and \x1b[2J nothing was cleared at all.</p>"
    b"<p>The harbour authority said on Monday that the new ferry would start running in May.</p>"
    b"<p>Fares will stay at the level of last year for residents, while visitors pay a little more.</p>"
    b"</article></body></html>"
)


def seed(folder: Path, path: str, url: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{path.strip('/')}.md").write_text(
        f'---\ntitle: "The park story"\nexcerpt: "Only two lines of excerpt here."\nwebUrl: "{url}"\n---\n',
        encoding="utf-8",
    )
    return folder


def serve(server, tmp_path: Path, path: str, body: bytes | None = ARTICLE) -> Path:
    """Seeds with one excerpt-only article whose page the loopback server has at `path`
    (or has not, with body None)."""
    if body is not None:
        server.routes[path] = Reply(body=body, headers=HTML)
    return seed(tmp_path / "seeds", path, server.url(path))


def body_text(app) -> str:
    return str(app.main.detail.query_one("#article-body").render())


def note_text(app) -> str:
    note = app.main.detail.query_one("#full-text-note")
    return str(note.render()) if note.display else ""


async def test_the_key_fetches_and_shows_the_full_text_and_again_the_files_own(make_app, server, tmp_path):
    app = make_app(serve(server, tmp_path, "/park"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Only two lines of excerpt here." in screen_text(app)
        await press(pilot, "F")
        assert note_text(app) == "full text from 127.0.0.1, fetched just now"
        assert body_text(app).startswith("City council approves the river park plan\n\nThe city council voted")
        assert "Share on" not in body_text(app)
        assert "The city council voted nine to two" in screen_text(app)
        await press(pilot, "F")  # again: the file's own text (an excerpt only)
        assert note_text(app) == "" and body_text(app) == ""
        assert "The city council voted" not in screen_text(app)
        assert "Only two lines of excerpt here." in screen_text(app)
        await press(pilot, "F")  # and back, from the store: nothing fetched again
        assert "The city council voted" in body_text(app)
        assert [path for path, _ in server.requests].count("/park") == 1


async def test_a_failure_is_one_line_and_the_excerpt_stays(make_app, server, tmp_path):
    app = make_app(serve(server, tmp_path, "/gone", None))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "F")
        assert note_text(app) == "no full text: no such page (HTTP 404)"
        assert body_text(app) == ""
        text = screen_text(app)
        assert "no full text: no such page (HTTP 404)" in text
        assert "Only two lines of excerpt here." in text


async def test_the_text_is_there_after_a_restart_and_after_deleting_the_cache(make_app, server, tmp_path, home):
    seeds = serve(server, tmp_path, "/park")
    app = make_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "F")
        assert "The city council voted" in body_text(app)
    for second_start in ("restart", "no cache"):
        if second_start == "no cache":
            for name in os.listdir(home / "cache"):
                os.remove(home / "cache" / name)
        app = make_app(seeds)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert "The city council voted" in body_text(app), second_start
            assert note_text(app).startswith("full text from 127.0.0.1, fetched ")
    assert [path for path, _ in server.requests].count("/park") == 1


async def test_on_open_fetches_when_an_article_is_opened(make_app, server, tmp_path, home):
    (home / "config").mkdir(exist_ok=True)
    (home / "config" / "config.toml").write_text('full_text = "on_open"\n')
    app = make_app(serve(server, tmp_path, "/park"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert server.requests == []  # the cursor's preview fetches nothing
        await press(pilot, "enter")
        assert "The city council voted" in body_text(app)


async def test_page_text_with_markup_and_escapes_shows_literally(make_app, server, tmp_path):
    app = make_app(serve(server, tmp_path, "/evil", HOSTILE))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "F")
        assert app.is_running  # the [@click=app.quit] did nothing
        assert body_text(app).startswith("Click [@click=app.quit]here[/] to leave, said the page, and [2J nothing")
        assert "\x1b" not in body_text(app)
        assert "Click [@click=app.quit]here[/] to" in screen_text(app)


async def test_the_key_is_in_the_footer_the_help_and_the_command_palette(make_app, server, tmp_path):
    app = make_app(serve(server, tmp_path, "/park"))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert " F Full text " in screen_text(app).splitlines()[-1]
        await press(pilot, "f1")
        help_text = app.screen.query_one("#help").query_one("Static").render().plain
        [line] = [x for x in help_text.splitlines() if "detail.full_text" in x]
        assert "F" in line and "full text" in line
        await press(pilot, "escape")
        await pilot.press("ctrl+p")
        await pilot.press(*"full text")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert "The city council voted" in body_text(app)
