"""Start-up shows the cache at once; rescans run in a worker and keep the cursor in place."""

from __future__ import annotations

import threading

from reader.library import Library
from reader.tui.textual_private import notifications
from tui_helpers import current_title, press, screen_text, settle, titles, wait_for, write_seed


async def test_a_new_file_appears_on_rescan_and_the_cursor_stays_put(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "j", "j")
        here = current_title(app)
        write_seed(seeds, "zz-new", "A brand new article about rescans", date="2024-01-10T08:00:00Z")
        await press(pilot, "ctrl+r")
        assert titles(app)[0] == "A brand new article about rescans"
        assert len(titles(app)) == 6
        assert current_title(app) == here and app.main.articles.cursor == 3
        assert any("1 new" in message for message in notifications(app))


async def test_a_changed_file_shows_its_new_title_under_the_same_cursor(make_app, seeds):
    app = make_app(seeds)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "j")
        cursor_id = app.main.articles.current.id
        path = next(seeds.glob("000_*.txt"))
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("OpenAI reportedly in advanced talks", "Edited: OpenAI in talks", 1), encoding="utf-8")
        await press(pilot, "ctrl+r")
        assert app.main.articles.current.id == cursor_id
        assert current_title(app).startswith("Edited: OpenAI in talks")
        assert app.main.detail.detail.row.title.startswith("Edited:"), "the detail pane shows the new text too"


async def test_the_cached_list_shows_before_the_scan_ends_and_keys_work_meanwhile(make_app, seeds, monkeypatch):
    setup = Library()
    setup.index([str(seeds)])
    setup.close()
    release = threading.Event()
    original = Library.index

    def held_index(self, paths=(), progress=None, handed=None):
        release.wait(10)  # the scan cannot finish until the test has looked
        return original(self, paths, progress, handed)

    monkeypatch.setattr(Library, "index", held_index)
    app = make_app(seeds)
    try:
        async with app.run_test(size=(120, 24)) as pilot:
            await wait_for(pilot, lambda: app.main is not None and len(app.main.articles.ids) == 5, what="rows")
            assert app.main.scanning and "scanning" in screen_text(app)
            await pilot.press("j")
            assert app.main.articles.cursor == 1, "input is not blocked by the scan"
            release.set()
            await settle(pilot)
            assert not app.main.scanning and "scanning" not in screen_text(app)
            assert app.main.articles.cursor == 1
    finally:
        release.set()


async def test_the_list_is_painted_before_the_scan_the_counts_or_the_full_list_start(make_app, seeds, monkeypatch):
    """At 100,000 articles those workers hold the GIL long enough to hold up the first frame."""
    import reader.tui.startup as startup

    setup = Library()
    setup.index([str(seeds)])
    setup.close()
    monkeypatch.setattr(startup, "FIRST_PAGE", 2)  # so the full list comes from a worker too
    drawn_at: dict[str, int] = {}
    app = make_app(seeds)

    def watch(name: str, method):
        def watched(self, *args, **kwargs):
            if name != "ids" or len(args) < 2 or args[1] is None:  # not the first page's ids(query, 2)
                drawn_at.setdefault(name, app.main.articles.rows_rendered)
            return method(self, *args, **kwargs)
        monkeypatch.setattr(Library, name, watched)

    for name in ("index", "counts", "ids"):
        watch(name, getattr(Library, name))
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        assert len(titles(app)) == 5
    assert set(drawn_at) == {"index", "counts", "ids"}
    assert all(drawn_at.values()), f"rows drawn when each started: {drawn_at}"


async def test_garbage_collection_pauses_for_start_up_only(make_app, seeds):
    """Paused until the list is painted (a full pass there delayed the first frame), then on
    again, also when the app quits at once."""
    import gc

    app = make_app(seeds)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        assert gc.isenabled()
    quick = make_app(seeds)
    async with quick.run_test(size=(120, 24)) as pilot:
        await pilot.press("q")
    assert gc.isenabled()
