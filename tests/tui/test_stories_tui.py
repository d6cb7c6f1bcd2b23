"""The Stories mode (one row per story), the Same story section, and story marks, as a user
drives them: on the seeds, where 000 (SiliconANGLE) and 001 (THE DECODER) are one story."""

from __future__ import annotations

from reader.tui.widgets.sidebar import Sidebar
from tui_helpers import detail_title, listed_rows, press, screen_text, settle, titles

LEAD = "OpenAI reportedly in advanced talks to raise funding from Microsoft"  # 000
OTHER = "According to a media report, Microsoft wants to acquire further stakes in OpenAI."  # 001


def _story_row(app):
    return next(row for row in listed_rows(app) if row.story_size > 1)


async def _to(pilot, title: str) -> None:
    app = pilot.app
    index = titles(app).index(title)
    app.main.articles.move_to(index)
    await settle(pilot)


async def test_v_shows_one_row_per_story_and_back(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert len(listed_rows(app)) == 5
        await _to(pilot, OTHER)
        await press(pilot, "v")
        rows = listed_rows(app)
        assert len(rows) == 4
        story = _story_row(app)
        assert (story.title, story.story_size, story.story_outlets, story.story_unread) == (LEAD, 2, 2, 2)
        assert app.main.articles.current.title == LEAD, "the cursor stays on the story of the article it was on"
        text = screen_text(app)
        assert "2 outlets" in text and "4 stories" in text
        await press(pilot, "v")
        assert len(listed_rows(app)) == 5
        assert "5 articles" in screen_text(app)


async def test_the_sidebar_entry_turns_stories_on_and_the_session_keeps_it(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        sidebar = app.main.query_one(Sidebar)
        sidebar.cursor = sidebar.index_of("mode", "stories")
        sidebar.focus()
        await press(pilot, "enter")
        assert len(listed_rows(app)) == 4
        assert sidebar.is_selected(sidebar.entries[sidebar.index_of("mode", "stories")])
    again = make_app(seeds)
    async with again.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert len(listed_rows(again)) == 4


async def test_the_palette_runs_stories(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"stories")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert len(listed_rows(app)) == 4


async def test_r_on_a_story_row_marks_every_article_and_u_puts_them_back(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "v")
        await _to(pilot, LEAD)
        await press(pilot, "r")
        library = app.main.library
        story = library.story_of(app.main.articles.current.id)
        assert all(article.read for article in story.articles)
        assert _story_row(app).read and _story_row(app).story_unread == 0
        assert app.main.counts.unread == 3
        await press(pilot, "U")
        story = library.story_of(story.id)
        assert not any(article.read for article in story.articles)
        assert _story_row(app).story_unread == 2


async def test_same_story_is_followed_with_a_number_and_back_with_bracket(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _to(pilot, LEAD)
        await press(pilot, "enter")
        assert "Same story (1)" in screen_text(app)
        await press(pilot, "1")
        assert detail_title(app) == OTHER
        assert app.main.detail.detail.row.read, "following it opens it"
        assert [row.title for row in app.main.detail.detail.same_story] == [LEAD], "and it lists the first one"
        await press(pilot, "left_square_bracket")
        assert detail_title(app) == LEAD


async def test_the_article_list_says_how_many_other_outlets_cover_a_story(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        row = next(r for r in listed_rows(app) if r.title == LEAD)
        assert row.story_outlets == 1
        line = next(line for line in screen_text(app).splitlines() if "OpenAI reportedly" in line)
        assert "+1" in line
        alone = next(line for line in screen_text(app).splitlines() if "Microsoft is distancing" in line)
        assert "+" not in alone.split("Microsoft is distancing")[0]


async def test_n_in_the_stories_mode_stops_at_a_story_whose_first_article_is_read(make_app, seeds):
    from reader.library import Library
    from reader.query import Query

    setup = Library()
    setup.index([str(seeds)])
    setup.mark([row.id for row in setup.list(Query()) if row.title != OTHER], "read", True)  # all but 001
    setup.close()
    app = make_app(seeds)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "v", "g")
        story = _story_row(app)
        assert story.title == LEAD and story.story_unread == 1
        assert listed_rows(app).index(story) > app.main.articles.cursor == 0
        await press(pilot, "n")
        assert app.main.articles.current.title == LEAD, "the story is unread while one of its articles is"
