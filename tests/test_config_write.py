"""Saving a view into config.toml keeps everything else in the file as the user wrote it."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.config import load_settings
from reader.config_write import save_view
from reader.errors import ReaderError
from reader.query_language import QueryError

WRITTEN = '''\
# my reader settings
sources = ["~/news"]   # where the news is
sort = "quality"

[keys]
"list.toggle_read" = "r,m"   # m as well
'''


def test_a_new_view_is_added_and_the_rest_of_the_text_stays(tmp_path: Path):
    config = tmp_path / "config.toml"
    config.write_text(WRITTEN, encoding="utf-8")
    save_view(config, "Big stories", "is:unread quality>=60")
    text = config.read_text(encoding="utf-8")
    assert text.startswith(WRITTEN)
    settings, warnings = load_settings(config)
    assert warnings == []
    assert settings.views == {"Big stories": "is:unread quality>=60"}
    assert settings.sort == "quality" and settings.keys == {"list.toggle_read": "r,m"}


def test_an_existing_view_gets_the_new_query_and_its_neighbours_stay(tmp_path: Path):
    config = tmp_path / "config.toml"
    config.write_text(WRITTEN + '\n[views]\n"Long reads" = "has:body"  # keep me\n"AI" = "topic:AI"\n', encoding="utf-8")
    save_view(config, "AI", 'topic:AI OR topic:"Machine Learning"')
    text = config.read_text(encoding="utf-8")
    assert '"Long reads" = "has:body"  # keep me' in text and text.startswith(WRITTEN)
    assert load_settings(config)[0].views == {"Long reads": "has:body", "AI": 'topic:AI OR topic:"Machine Learning"'}


def test_a_missing_file_is_created(tmp_path: Path):
    config = tmp_path / "config" / "config.toml"
    save_view(config, "Starred", "is:starred")
    assert load_settings(config)[0].views == {"Starred": "is:starred"}


@pytest.mark.parametrize(("name", "query", "error"), [
    ("Bad", "qualty>=3", QueryError),
    ("  ", "is:unread", ReaderError),
    ("Empty", "  ", ReaderError),
])
def test_a_view_that_cannot_be_saved_leaves_the_file_alone(tmp_path: Path, name, query, error):
    config = tmp_path / "config.toml"
    config.write_text(WRITTEN, encoding="utf-8")
    with pytest.raises(error):
        save_view(config, name, query)
    assert config.read_text(encoding="utf-8") == WRITTEN


def test_a_broken_file_is_not_overwritten(tmp_path: Path):
    config = tmp_path / "config.toml"
    config.write_text('sort = "date"\ntheme = [broken\n', encoding="utf-8")
    with pytest.raises(ReaderError, match="fix the file to save views"):
        save_view(config, "Starred", "is:starred")
    assert config.read_text(encoding="utf-8") == 'sort = "date"\ntheme = [broken\n'
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]  # no temporary file left
