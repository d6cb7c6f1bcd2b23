"""The story tables' schema and the record of what changed since they were brought up to
date: all the cache needs on every start, kept apart from the clustering (and numpy), which
only an index that changed something imports."""

from __future__ import annotations

from msgspec import Struct, field

SCHEMA = """
CREATE TABLE IF NOT EXISTS story_sigs (n INTEGER PRIMARY KEY, published REAL, sig BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS story_links (
    a INTEGER NOT NULL, b INTEGER NOT NULL, score REAL NOT NULL, PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_links_by_b ON story_links(b);
CREATE TABLE IF NOT EXISTS story_members (n INTEGER PRIMARY KEY, story TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS story_members_by_story ON story_members(story);
CREATE TABLE IF NOT EXISTS story_weights (id INTEGER PRIMARY KEY CHECK (id = 1), documents INTEGER NOT NULL, counts BLOB);
"""

# By time, for the slices of a pass (passes.py). Made by the first pass (store.update), after
# a cold index's inserts: kept up to date row by row through 100,000 inserts in no time order
# it cost the writer ~1.7 s (17 us a row), against ~0.1 s to build at the end.
TIME_INDEX = "CREATE INDEX IF NOT EXISTS story_sigs_by_time ON story_sigs(published)"


class Changes(Struct):
    """What the writer did to articles since the stories were last brought up to date."""

    written: set[int] = field(default_factory=set)  # row numbers inserted or replaced
    # row number -> the (published, signature, article id) it had
    dropped: dict[int, tuple[float | None, bytes, str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.written or self.dropped)
