"""How fetched items reach the disk: a first fetch's folder appears whole or not at all, a
dead fetch's leftovers are swept, and two fetches of one new feed both land."""

from __future__ import annotations

import os
import time

import pytest
from feed_samples import rss
from loopback import Reply

from reader.feeds.fetch import fetch_feeds
from reader.feeds.seeds import UNFINISHED, NewFolder, sweep_unfinished
from reader.feeds.subscriptions import Subscriptions
from reader.paths import Paths


def test_a_first_fetch_publishes_the_whole_folder(home, server):
    server.routes["/f"] = Reply(body=rss("F", ("One", "https://f.example/1"), ("Two", "https://f.example/2")))
    paths = Paths.from_env().ensure()
    with Subscriptions(paths) as subscriptions:
        subscriptions.add(server.url("/f"))
        folder = subscriptions.folder(subscriptions.all()[0])
    [result] = fetch_feeds(paths)
    assert (result.status, result.new, result.changed) == ("ok", 2, 0)
    assert len(list(folder.glob("*.md"))) == 2
    assert [p.name for p in paths.feeds_dir.iterdir()] == [folder.name]  # nothing unfinished left
    server.routes["/f"] = Reply(body=rss("F", ("One, edited", "https://f.example/1"), ("Two", "https://f.example/2"), ("Three", "https://f.example/3")))
    [again] = fetch_feeds(paths)  # the folder is there now: item by item
    assert (again.new, again.changed) == (1, 1)


def test_a_folder_never_published_leaves_nothing(tmp_path):
    folder = tmp_path / "feeds" / "a-feed"
    with pytest.raises(RuntimeError), NewFolder(folder) as fresh:
        fresh.write("1.md", "---\ntitle: Half\n---\n")
        raise RuntimeError("the fetch died here")
    assert not folder.exists() and list((tmp_path / "feeds").iterdir()) == []


def test_a_folder_made_meanwhile_gets_the_items_one_by_one(tmp_path):
    folder = tmp_path / "feeds" / "a-feed"
    with NewFolder(folder) as fresh:
        fresh.write("1.md", "mine")
        fresh.write("2.md", "mine too")
        folder.mkdir()  # another fetch of the same feed got there first
        (folder / "1.md").write_text("theirs")
        (folder / "3.md").write_text("theirs alone")
        fresh.publish()
    assert {p.name: p.read_text() for p in folder.iterdir()} == {"1.md": "mine", "2.md": "mine too", "3.md": "theirs alone"}
    assert [p.name for p in (tmp_path / "feeds").iterdir()] == ["a-feed"]


def test_unfinished_folders_of_dead_fetches_are_swept_but_not_live_ones(tmp_path):
    dead, live = tmp_path / f"{UNFINISHED}a-1", tmp_path / f"{UNFINISHED}b-2"
    for folder in (dead, live):
        folder.mkdir()
        (folder / "x.md").write_text("x")
    old = time.time() - 2 * 3600
    os.utime(dead, (old, old))
    (tmp_path / "a-feed").mkdir()
    sweep_unfinished(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, "a-feed"])
