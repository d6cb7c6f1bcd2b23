"""What the user is looking at, as one small value: filters, sort, and where they were.

It turns into a `Query` for the library and into session strings that survive a restart.
"""

from __future__ import annotations

from collections.abc import Mapping

from msgspec import Struct
from msgspec.structs import replace

from reader.query import SORTS, Query
from reader.query_language import QueryError

VIEWS = ("all", "unread", "starred")  # the fixed sidebar entries; a topic is "topic:NAME", a saved view "saved:NAME", a feed "feed:URL"
_PREFIX = "tui."


def searching(text: str) -> bool:
    """Whether a query in the box has words that narrow it (then relevance is an order)."""
    try:
        return Query(expression=text).searching
    except QueryError:
        return False


class ViewState(Struct, frozen=True):
    """What the main screen shows: the view, its filters, sort and mode."""

    view: str = "all"  # all | unread | starred | topic:NAME | saved:NAME | feed:URL (the sidebar selection)
    provider: str | None = None  # narrows any view
    unread_only: bool = False
    search: str = ""  # the search box: a query in the query language, one that parses
    sort: str = "date"
    sort_before_search: str | None = None  # a search sorts by relevance; clearing it goes back
    saved_query: str = ""  # the query of the saved view selected
    stories: bool = False  # one row per story instead of one per article

    @property
    def topic(self) -> str | None:
        return self.view[6:] if self.view.startswith("topic:") else None

    @property
    def feed(self) -> str | None:
        return self.view[5:] if self.view.startswith("feed:") else None

    @property
    def saved(self) -> str | None:
        return self.view[6:] if self.view.startswith("saved:") else None

    def query(self) -> Query:
        return Query(
            topics=(self.topic,) if self.topic else (),
            providers=(self.provider,) if self.provider else (),
            feeds=(self.feed,) if self.feed else (),
            read=False if (self.unread_only or self.view == "unread") else None,
            starred=self.view == "starred",
            view=self.saved_query if self.saved else "",
            expression=self.search,
            sort=self.sort,
        )

    def but(self, **changes: object) -> ViewState:
        return replace(self, **changes)

    def toggled(self, kind: str, key: str, saved_query: str = "") -> ViewState:
        """A sidebar entry chosen: a view; a topic, provider or saved view (whose query is
        `saved_query`), or off again if it is the one on."""
        if kind == "view":
            return self.but(view=key)
        if kind == "saved":
            if self.view == "saved:" + key:
                return self.but(view="all", saved_query="")
            return self.but(view="saved:" + key, saved_query=saved_query)
        if kind in ("topic", "feed"):
            return self.but(view="all" if self.view == f"{kind}:{key}" else f"{kind}:{key}")
        if kind == "provider":
            same = self.provider is not None and self.provider.casefold() == key.casefold()
            return self.but(provider=None if same else key)
        if kind == "mode" and key == "stories":
            return self.but(stories=not self.stories)
        return self

    def with_search(self, text: str) -> ViewState:
        """A new search text; starting a search sorts by relevance, ending one restores the sort."""
        now, was = searching(text), searching(self.search)
        if now and not was:
            return replace(self, search=text, sort="relevance", sort_before_search=self.sort)
        if not now and was:
            sort = (self.sort_before_search or "date") if self.sort == "relevance" else self.sort
            return replace(self, search="", sort=sort, sort_before_search=None)
        return replace(self, search=text)

    def next_sort(self) -> ViewState:
        """date -> newest -> quality (-> relevance while searching) -> date."""
        cycle = list(SORTS if searching(self.search) else SORTS[:3])
        current = self.sort if self.sort in cycle else cycle[0]
        return replace(self, sort=cycle[(cycle.index(current) + 1) % len(cycle)])

    def cleared(self) -> ViewState:
        sort = (self.sort_before_search or "date") if self.sort == "relevance" else self.sort
        return ViewState(sort=sort, stories=self.stories)  # a way of looking, not a filter

    @property
    def sort_label(self) -> str:
        return self.query().order

    def describe(self, feed_names: Mapping[str, str] = {}) -> str:
        """The status line's words; a feed is named by its title (`feed_names`: URL -> title)."""
        if self.saved is None:
            query = self.query()
            text = (query.but(feeds=(feed_names[self.feed],)) if self.feed in feed_names else query).describe()
        else:
            rest = self.but(view="all", saved_query="").query()  # a saved view is named, not spelled out
            text = " · ".join([f"view: {self.saved}", *([rest.describe()] if rest.is_filtered else [])])
        return f"stories · {text}" if self.stories else text

    # -- session ------------------------------------------------------------------------
    def to_session(self) -> dict[str, str]:
        return {
            _PREFIX + "view": self.view, _PREFIX + "provider": self.provider or "",
            _PREFIX + "unread_only": "1" if self.unread_only else "0", _PREFIX + "search": self.search,
            _PREFIX + "sort": self.sort, _PREFIX + "sort_before_search": self.sort_before_search or "",
            _PREFIX + "stories": "1" if self.stories else "0",
        }

    @classmethod
    def from_session(cls, values: dict[str, str], default_sort: str = "date", saved: Mapping[str, str] = {}) -> ViewState:
        """The state saved last time; `saved` are the saved views now in config.toml (one
        removed since is not restored)."""
        get = lambda key: values.get(_PREFIX + key, "")  # noqa: E731
        view = get("view")
        saved_query = saved.get(view[6:], "") if view.startswith("saved:") else ""
        if not _known_view(view) or (view.startswith("saved:") and not saved_query):
            view = "all"
        sort = get("sort") if get("sort") in SORTS else default_sort
        search = get("search")  # one that no longer parses is restore_place's to report
        if sort == "relevance" and not searching(search):
            sort = default_sort
        before = get("sort_before_search")
        return cls(
            view=view, provider=get("provider") or None, unread_only=get("unread_only") == "1",
            search=search, sort=sort, sort_before_search=before if before in SORTS else None,
            saved_query=saved_query,
            stories=get("stories") == "1",
        )


def _known_view(view: str) -> bool:
    kind, _, name = view.partition(":")
    return view in VIEWS or (kind in ("topic", "saved", "feed") and bool(name))


def session_problem(values: dict[str, str]) -> str | None:
    """Why a saved view cannot be shown as it was (a value this version does not know), or None.
    Nothing saved at all is no problem: that is a first start."""
    view, sort = values.get(_PREFIX + "view", ""), values.get(_PREFIX + "sort", "")
    if view and not _known_view(view):
        return f"unknown view {view!r}"
    if sort and sort not in SORTS:
        return f"unknown sort {sort!r}"
    return None


def session_value(values: dict[str, str], key: str) -> str:
    return values.get(_PREFIX + key, "")


def session_item(key: str, value: str) -> dict[str, str]:
    return {_PREFIX + key: value}
