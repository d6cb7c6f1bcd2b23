"""`reader list --query/--view` and `reader views`, as a user runs them, with [views] in
config.toml (a bad one among them)."""

from __future__ import annotations

from pathlib import Path

from support import CLI

CONFIG = '''\
sort = "date"   # a comment that must survive
[views]
"Well rated" = "quality>=60"
"Broken" = "qualty>=60 is:unread"
"Not a string" = 3
"Stanford" = "stanford OR topic:Robotics"
'''


def _config(home: Path, text: str = CONFIG) -> None:
    (home / "config").mkdir(exist_ok=True)
    (home / "config" / "config.toml").write_text(text, encoding="utf-8")


def test_list_query_filters_like_its_terms(cli: CLI, seeds: Path):
    everything = cli.json_lines("list", str(seeds))
    good = cli.json_lines("list", str(seeds), "--query", "quality>=60")
    assert good and [r["id"] for r in good] == [r["id"] for r in everything if (r["quality"] or -1) >= 60]
    rest = cli.json_lines("list", str(seeds), "--query=-quality>=60")  # `=`: argparse would take -q… for an option
    assert len(good) + len(rest) == len(everything)


def test_list_query_narrows_the_old_options(cli: CLI, seeds: Path):
    unread = cli.json_lines("list", str(seeds), "--unread")
    cli("mark", "read", unread[0]["id"])
    both = cli.json_lines("list", str(seeds), "--unread", "--query", "quality>=0")
    assert [r["id"] for r in both] == [r["id"] for r in unread[1:] if r["quality"] is not None]


def test_a_bad_query_says_what_and_where_and_exits_1(cli: CLI, seeds: Path):
    result = cli("list", str(seeds), "--query", "is:unread qualty>=60", check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == "reader: unknown field 'qualty' at 11"
    assert result.stdout == ""


def test_views_with_counts_and_a_bad_one_named(cli: CLI, seeds: Path, home: Path):
    _config(home, f'sources = ["{seeds}"]\n' + CONFIG)  # what a command without PATH shows
    cli("index", str(seeds))
    cli("mark", "read", cli.json_lines("list", "--cached", "--query", "quality>=60")[0]["id"])
    result = cli("views", "--json")
    assert "view 'Broken': unknown field 'qualty' at 1; left out" in result.stderr
    assert "view 'Not a string': should be a query in quotes; left out" in result.stderr
    views = cli.json_lines("views")
    assert [v["name"] for v in views] == ["Well rated", "Stanford"]
    for view in views:
        listed = cli.json_lines("list", "--cached", "--view", view["name"])
        assert view["total"] == len(listed) > 0
        assert view["unread"] == sum(not r["read"] for r in listed)
        assert view["query"] == {"Well rated": "quality>=60", "Stanford": "stanford OR topic:Robotics"}[view["name"]]
    assert views[0]["unread"] == views[0]["total"] - 1
    table = cli("views").stdout
    assert "Well rated" in table and "quality>=60" in table


def test_list_view_by_name_and_unknown_or_bad_views(cli: CLI, seeds: Path, home: Path):
    _config(home, f'sources = ["{seeds}"]\n' + CONFIG)
    cli("index", str(seeds))
    well_rated = cli.json_lines("list", "--cached", "--view", "Well rated")
    assert well_rated and well_rated == cli.json_lines("list", "--cached", "--query", "quality>=60")
    unknown = cli("list", "--cached", "--view", "Nope", check=False)
    assert unknown.returncode == 1
    assert "reader: no view named 'Nope' (views: 'Well rated', 'Stanford')" in unknown.stderr
    broken = cli("list", "--cached", "--view", "Broken", check=False)
    assert broken.returncode == 1
    assert "reader: view 'Broken' in config.toml: unknown field 'qualty' at 1" in broken.stderr


def test_no_views_says_how_to_add_one(cli: CLI):
    assert '"Big stories" = "is:unread quality>=60"' in cli("views").stdout
    assert cli.json_lines("views") == []


def test_list_help_lists_the_language(cli: CLI):
    from reader.query_fields import FIELDS

    text = cli("list", "--help").stdout
    assert "The query language" in text
    for field in FIELDS.values():
        assert field.syntax in text and field.example in text
