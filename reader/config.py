"""Settings: one object, read from `config.toml` in the config dir.

A bad file never stops the app: each problem becomes a warning that names the line (or the
key) and the default is used instead.
"""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct, field

from reader.query import SORTS
from reader.query_language import QueryError, parse

DEFAULT_THEME = "textual-dark"

EXAMPLE = """\
# reader's config.toml
sources = ["~/news", "~/more-news"]   # folders (or files) to read; default: ./seeds, else the bundled seeds
mark_read_on_open = true             # Enter marks the article read
sort = "date"                        # date | newest | quality
theme = "textual-dark"               # any Textual theme name
fetch_on_start = false               # the app fetches every feed as it starts
refresh_minutes = 0                  # and again every N minutes while it runs (0: only on ctrl+r)
full_text = "never"                  # never | on_open | ["theverge.com", "Reuters"]: fetch the page when opened

[keys]                               # binding id = keys (comma-separated); see `?` in the app
"list.toggle_read" = "r,m"

[views]                              # name = a query (see `reader --help` or the README's Queries)
"Big stories" = "is:unread quality>=60"
"""


class Settings(Struct, frozen=True):
    """config.toml as read, every value checked (defaults for what is missing)."""

    sources: tuple[str, ...] = ()
    mark_read_on_open: bool = True
    sort: str = "date"
    theme: str = DEFAULT_THEME
    fetch_on_start: bool = False
    refresh_minutes: float = 0  # 0: no timer
    keys: dict[str, str] = field(default_factory=dict)
    views: dict[str, str] = field(default_factory=dict)  # name -> query, each one that parses
    bad_views: dict[str, str] = field(default_factory=dict)  # name -> what is wrong with it
    full_text: str | tuple[str, ...] = "never"  # or "on_open", or domains and provider names


def load_settings(config_file: Path) -> tuple[Settings, list[str]]:
    """The settings, and warnings about anything in the file that could not be used."""
    try:
        text = config_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), []
    except (OSError, UnicodeDecodeError) as error:
        return Settings(), [f"{config_file}: cannot read ({error}); using defaults"]
    import tomllib  # only when there is a config.toml

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib's message ends with "(at line N, column M)": it names the line.
        return Settings(), [f"{config_file}: {error}; using defaults"]

    warnings: list[str] = []
    values: dict[str, object] = {}

    def bad(key: str, expected: str) -> None:
        warnings.append(f"{config_file}: '{key}' should be {expected}; using the default")

    sources = data.get("sources", [])
    if isinstance(sources, str):
        sources = [sources]
    if isinstance(sources, list) and all(isinstance(s, str) for s in sources):
        values["sources"] = tuple(str(Path(s).expanduser()) for s in sources)
    else:
        bad("sources", "a list of folder paths")
    if "mark_read_on_open" in data:
        if isinstance(data["mark_read_on_open"], bool):
            values["mark_read_on_open"] = data["mark_read_on_open"]
        else:
            bad("mark_read_on_open", "true or false")
    if "sort" in data:
        if data["sort"] in SORTS[:3]:
            values["sort"] = data["sort"]
        else:
            bad("sort", "one of date, newest, quality")
    if "theme" in data:
        if isinstance(data["theme"], str):
            values["theme"] = data["theme"]
        else:
            bad("theme", "a theme name")
    if "fetch_on_start" in data:
        if isinstance(data["fetch_on_start"], bool):
            values["fetch_on_start"] = data["fetch_on_start"]
        else:
            bad("fetch_on_start", "true or false")
    if "refresh_minutes" in data:
        minutes = data["refresh_minutes"]
        if isinstance(minutes, (int, float)) and not isinstance(minutes, bool) and 0 <= minutes <= 10_000:
            values["refresh_minutes"] = float(minutes)
        else:
            bad("refresh_minutes", "a number of minutes (0 for none)")
    if "full_text" in data:
        value = data["full_text"]
        if value in ("never", "on_open"):
            values["full_text"] = value
        elif isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
            values["full_text"] = tuple(v.strip() for v in value)
        else:
            bad("full_text", '"never", "on_open" or a list of domains and provider names')
    keys = data.get("keys", {})
    if isinstance(keys, dict) and all(isinstance(v, str) for v in keys.values()):
        values["keys"] = dict(keys)
    else:
        bad("keys", 'a table of binding id = "keys"')
    views = data.get("views", {})
    if isinstance(views, dict):
        values["views"], values["bad_views"] = _views(views, config_file, warnings)
    else:
        bad("views", 'a table of "name" = "query"')
    for unknown in sorted(set(data) - {"sources", "mark_read_on_open", "sort", "theme", "fetch_on_start", "refresh_minutes", "keys", "full_text", "views"}):
        warnings.append(f"{config_file}: unknown setting '{unknown}' ignored")
    return Settings(**values), warnings


def _views(table: dict, config_file: Path, warnings: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """The views whose query parses, and what is wrong with each other one (also a warning)."""
    views: dict[str, str] = {}
    bad: dict[str, str] = {}
    for name, text in table.items():
        if not isinstance(text, str):
            bad[name] = "should be a query in quotes"
        else:
            try:
                parse(text)
                views[name] = text
                continue
            except QueryError as error:
                bad[name] = str(error)
        warnings.append(f"{config_file}: view '{name}': {bad[name]}; left out")
    return views, bad
