"""The query language in the app: the search box speaks it, a mistake says where and keeps the
list, saved views sit in the sidebar with counts, V saves what is shown, and the help lists it."""

from __future__ import annotations

import pytest

from reader.query import Query
from reader.query_fields import FIELDS
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.prompt import PromptScreen
from reader.tui.widgets.search import SearchInput
from tui_helpers import press, screen_text, settle, titles

CONFIG = '''\
# my settings, kept as written
sort = "date"   # newest day first

[views]
"Well rated" = "quality>=60"   # the good ones
"Broken" = "qualty>=60"
"Robots unread" = 'topic:"AI in Robotics" is:unread'
'''


pytestmark = pytest.mark.usefixtures("quick_search")  # queries are typed a key at a time


def _config(home, text: str = CONFIG) -> None:
    (home / "config").mkdir(exist_ok=True)
    (home / "config" / "config.toml").write_text(text, encoding="utf-8")


def _listed(app, **query) -> list[str]:
    return [row.title for row in app.main.library.list(Query(**query))]


def _messages(app) -> list[str]:
    return [notification.message for notification in app._notifications]  # noqa: SLF001


async def test_the_search_box_speaks_the_query_language(make_app, corpus):
    app = make_app(corpus)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *'topic:"AI in Robotics" -quality<50', "enter")
        shown = titles(app)
        assert 0 < len(shown) < 181
        assert shown == _listed(app, expression='topic:"AI in Robotics" -quality<50')
        assert app.main.state.sort == "date", "filters alone are not a search by relevance"
        await press(pilot, "slash", " ", *"robot")
        assert app.main.state.sort == "relevance"  # a word narrows it now


async def test_a_mistake_says_what_and_where_and_the_last_good_list_stays(make_app, corpus):
    app = make_app(corpus)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *"topic:AI quality>=60 ")
        good = titles(app)
        assert good == _listed(app, expression="topic:AI quality>=60")
        await press(pilot, *"(is:read")
        assert "'(' is never closed at 22" in screen_text(app)
        assert titles(app) == good
        await press(pilot, "enter")  # not taken: the box stays open to put it right
        assert isinstance(app.focused, SearchInput) and titles(app) == good
        await press(pilot, ")")
        assert "never closed" not in screen_text(app)
        assert titles(app) == _listed(app, expression="topic:AI quality>=60 (is:read)") != good
        await press(pilot, *" qualty>1")
        assert "unknown field 'qualty' at 32" in screen_text(app)
        await press(pilot, "escape")  # back to the search there was before the box opened
        assert "qualty" not in screen_text(app) and len(titles(app)) == 181


async def test_saved_views_sit_in_the_sidebar_with_counts_and_a_bad_one_is_named(make_app, corpus, home):
    _config(home)
    app = make_app(corpus)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert any("view 'Broken': unknown field 'qualty' at 1" in message for message in _messages(app))
        sidebar = app.main.sidebar
        saved = {e.key: (e.unread, e.total) for e in sidebar.entries if e.kind == "saved"}
        expected = {c.name: (c.unread, c.total) for c in app.main.library.view_counts()}
        assert list(saved) == ["Well rated", "Robots unread"] and saved == expected
        assert all(total for _unread, total in saved.values())
        assert "Views" in screen_text(app)
        sidebar.focus()
        sidebar.cursor = sidebar.index_of("saved", "Well rated")
        await press(pilot, "enter")
        assert titles(app) == _listed(app, view="quality>=60")
        assert "view: Well rated" in screen_text(app)
        app.main.articles.focus()
        await press(pilot, "r")  # reading one article moves the view's unread count
        unread, total = next((e.unread, e.total) for e in sidebar.entries if e.key == "Well rated")
        assert (unread, total) == (saved["Well rated"][0] - 1, saved["Well rated"][1])


async def test_v_saves_what_is_shown_as_a_view_and_keeps_the_rest_of_config(make_app, corpus, home):
    _config(home)
    app = make_app(corpus)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "u", "slash", *"topic:AI heat>50", "enter")
        shown = titles(app)
        await press(pilot, "V")
        assert isinstance(app.screen, PromptScreen)
        await press(pilot, *"Hot AI", "enter")
        text = (home / "config" / "config.toml").read_text(encoding="utf-8")
        assert text.startswith(CONFIG)  # every line as it was, comments too
        assert '"Hot AI" = "is:unread topic:AI heat>50"' in text
        saved = [e.key for e in app.main.sidebar.entries if e.kind == "saved"]
        assert saved == ["Well rated", "Robots unread", "Hot AI"]
        await press(pilot, "x")
        sidebar = app.main.sidebar
        sidebar.focus()
        sidebar.cursor = sidebar.index_of("saved", "Hot AI")
        await press(pilot, "enter")
        assert titles(app) == shown


async def test_v_with_nothing_to_save_says_so(make_app, seeds, home):
    app = make_app(seeds)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "V")
        assert not isinstance(app.screen, PromptScreen)
        assert any("Nothing to save" in message for message in _messages(app))
        assert not (home / "config" / "config.toml").exists()


async def test_the_help_screen_lists_the_query_language(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help").query_one("Static").render().plain
        assert "Queries in the search box" in text
        for field in FIELDS.values():
            assert field.syntax in text
        assert "A OR B" in text and "-term" in text


def test_a_saved_view_and_the_box_come_back_from_the_session_as_config_says_now():
    from reader.tui.session import restore_place
    from reader.tui.view_state import ViewState

    state = ViewState(view="saved:Mine", saved_query="is:unread", search="robot*")
    values = state.to_session()
    place = restore_place(values, "date", {"Mine": "quality>=60"})
    assert place.notice is None and place.state.query().view == "quality>=60"
    gone = restore_place(values, "date", {})  # the view left config.toml
    assert gone.state.view == "all" and "no view 'Mine' in config.toml" in gone.notice
    broken = restore_place({**values, "tui.search": "qualty>=3"}, "date", {"Mine": "is:unread"})
    assert broken.state == ViewState() and "unknown field 'qualty' at 1" in broken.notice
