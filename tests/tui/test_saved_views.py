"""Saving a view without the screen: the view lands in config.toml and in the library's own
settings at once, so its counts and its list need no restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import ReaderError
from reader.library import Library
from reader.tui.saved_views import save_view


def test_a_saved_view_is_in_the_file_and_in_the_library_at_once(library: Library, seeds: Path):
    library.index([str(seeds)])
    assert save_view(library, "Mine", "is:unread quality>=60") == ["Mine"]
    assert library.settings.views == {"Mine": "is:unread quality>=60"}
    assert library.paths.config_file.read_text(encoding="utf-8") == '[views]\nMine = "is:unread quality>=60"\n'
    [count] = library.view_counts()
    assert count.name == "Mine"


def test_a_config_that_cannot_be_written_is_an_error_and_the_views_stay(library: Library, home: Path):
    config = library.paths.config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[views\n", encoding="utf-8")  # not TOML: never overwritten
    with pytest.raises(ReaderError):
        save_view(library, "Mine", "is:unread")
    assert library.settings.views == {}
    assert config.read_text(encoding="utf-8") == "[views\n"
