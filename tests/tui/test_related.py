"""Following related links and citations in the detail pane, with back/forward history.
On the real corpus, where 33 related URLs resolve to cached articles."""

from __future__ import annotations

from reader.tui.widgets.detail import DetailPane, LinkItem
from tui_helpers import detail_title, press, screen_text, settle

A = "Optimize equipment performance with historical data, Ray, and Amazon SageMaker"  # newest: first row
A_RELATED_1 = "How Carrier predicts HVAC faults using AWS Glue and Amazon SageMaker"  # cached
A_RELATED_2 = "Build a generative AI-based content moderation solution on Amazon SageMaker JumpStart"  # cached
A_RELATED_3 = "Semantic image search for articles using Amazon Rekognition, Amazon SageMaker foundation models, and Amazon OpenSearch Service"  # not cached
B = "Fine-tune Llama 2 for text generation on Amazon SageMaker JumpStart"  # A's related 4; lists A as its related 8


def trail(app) -> list[str]:
    return [location.title for location in app.main.detail.history.locations]


async def open_first(pilot) -> None:
    await settle(pilot)
    assert detail_title(pilot.app) == A
    await press(pilot, "enter")


async def test_number_keys_follow_related_links_and_back_and_forward_return(make_app, corpus):
    app = make_app(corpus)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_first(pilot)
        related = app.main.detail.related
        assert related[0].article_id is not None and related[2].article_id is None
        text = screen_text(app)
        assert "Related (8)" in text

        await press(pilot, "1")
        assert detail_title(app) == A_RELATED_1
        assert trail(app) == [A, A_RELATED_1]
        assert app.main.detail.detail.row.read, "following a link opens the article: it is read now"
        assert "◂" in screen_text(app), "the breadcrumb shows there is a way back"

        await press(pilot, "backspace")
        assert detail_title(app) == A
        await press(pilot, "right_square_bracket")
        assert detail_title(app) == A_RELATED_1
        await press(pilot, "left_square_bracket")
        assert detail_title(app) == A
        await press(pilot, "2")  # following from the middle drops the forward part
        assert trail(app) == [A, A_RELATED_2]
        assert app.main.articles.current.title == A, "the list cursor stays where it was"


async def test_an_unresolved_related_entry_opens_as_a_page_of_its_own_data(make_app, corpus):
    app = make_app(corpus)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_first(pilot)
        await press(pilot, "3")
        detail = app.main.detail
        assert detail.detail is None and detail.entry is not None
        assert detail_title(app) == A_RELATED_3
        assert "Not in your library" in screen_text(app)
        assert detail.url and detail.url.startswith("https://aws.amazon.com/")
        await press(pilot, "backspace")
        assert detail_title(app) == A


async def test_cycles_between_two_articles_are_harmless(make_app, corpus):
    app = make_app(corpus)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_first(pilot)
        await press(pilot, "4")
        assert detail_title(app) == B
        b_related = app.main.detail.related
        assert b_related[7].title == A and b_related[7].article_id is not None
        assert b_related[7].article_read, "A was opened, so B's entry for A says read"
        await press(pilot, "8", "4", "8")
        assert trail(app) == [A, B, A, B, A]
        await press(pilot, "backspace", "backspace", "backspace", "backspace")
        assert detail_title(app) == A and app.main.detail.history.index == 0
        await press(pilot, "backspace")  # nothing further back: stays
        assert detail_title(app) == A


async def test_enter_on_a_focused_related_entry_follows_it(make_app, corpus):
    app = make_app(corpus)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_first(pilot)
        assert isinstance(app.focused, DetailPane)
        await press(pilot, "G", "j")  # at the bottom, j steps into the links
        assert isinstance(app.focused, LinkItem) and app.focused.number == 1
        await press(pilot, "j")
        assert app.focused.number == 2
        await press(pilot, "k", "j", "enter")
        assert detail_title(app) == A_RELATED_2
        assert isinstance(app.focused, DetailPane)


async def test_cited_by_lists_citing_articles_and_a_click_follows(make_app, corpus):
    app = make_app(corpus)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_first(pilot)
        links = app.main.detail.links
        cited = [link for link in links if link.number is None]
        assert {link.target.title for link in cited} == {B, A_RELATED_2}
        target, title = cited[0], cited[0].target.title
        await press(pilot, "G")  # the citations are at the bottom
        await pilot.click(target)
        await settle(pilot)
        assert detail_title(app) == title
        assert trail(app) == [A, title]


async def test_clicking_a_related_entry_follows_it(make_app, corpus):
    app = make_app(corpus)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_first(pilot)
        first = app.main.detail.links[0]
        app.main.detail.pane.scroll_to_widget(first, animate=False, immediate=True)  # as a mouse wheel would
        await settle(pilot)
        await pilot.click(first)
        await settle(pilot)
        assert detail_title(app) == A_RELATED_1
