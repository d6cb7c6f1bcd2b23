"""What the user is looking at, as one small value: filters, sort, and where they were.

It turns into a `Query` for the library and into session strings that survive a restart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reader.query import SORTS, Query

VIEWS = ("all", "unread", "starred")  # the fixed sidebar entries; a topic is "topic:NAME"
_PREFIX = "tui."


@dataclass(frozen=True)
class ViewState:
    view: str = "all"  # all | unread | starred | topic:NAME (the sidebar selection)
    provider: str | None = None  # narrows any view
    unread_only: bool = False
    search: str = ""
    sort: str = "date"
    sort_before_search: str | None = None  # a search sorts by relevance; clearing it goes back

    @property
    def topic(self) -> str | None:
        return self.view[6:] if self.view.startswith("topic:") else None

    def query(self) -> Query:
        return Query(
            topics=(self.topic,) if self.topic else (),
            providers=(self.provider,) if self.provider else (),
            read=False if (self.unread_only or self.view == "unread") else None,
            starred=self.view == "starred",
            search=self.search.strip(),
            sort=self.sort,
        )

    def but(self, **changes: object) -> ViewState:
        return replace(self, **changes)

    def toggled(self, kind: str, key: str) -> ViewState:
        """A sidebar entry chosen: a view; a topic or provider, or off again if it is the one on."""
        if kind == "view":
            return self.but(view=key)
        if kind == "topic":
            return self.but(view="all" if self.view == "topic:" + key else "topic:" + key)
        if kind == "provider":
            same = self.provider is not None and self.provider.casefold() == key.casefold()
            return self.but(provider=None if same else key)
        return self

    def with_search(self, text: str) -> ViewState:
        """A new search text; starting a search sorts by relevance, ending one restores the sort."""
        searching, was = bool(text.strip()), bool(self.search.strip())
        if searching and not was:
            return replace(self, search=text, sort="relevance", sort_before_search=self.sort)
        if not searching and was:
            sort = (self.sort_before_search or "date") if self.sort == "relevance" else self.sort
            return replace(self, search="", sort=sort, sort_before_search=None)
        return replace(self, search=text)

    def next_sort(self) -> ViewState:
        """date -> newest -> quality (-> relevance while searching) -> date."""
        cycle = list(SORTS if self.search.strip() else SORTS[:3])
        current = self.sort if self.sort in cycle else cycle[0]
        return replace(self, sort=cycle[(cycle.index(current) + 1) % len(cycle)])

    def cleared(self) -> ViewState:
        sort = (self.sort_before_search or "date") if self.sort == "relevance" else self.sort
        return ViewState(sort=sort)

    @property
    def sort_label(self) -> str:
        return self.query().order

    def describe(self) -> str:
        return self.query().describe()

    # -- session ------------------------------------------------------------------------
    def to_session(self) -> dict[str, str]:
        return {
            _PREFIX + "view": self.view, _PREFIX + "provider": self.provider or "",
            _PREFIX + "unread_only": "1" if self.unread_only else "0", _PREFIX + "search": self.search,
            _PREFIX + "sort": self.sort, _PREFIX + "sort_before_search": self.sort_before_search or "",
        }

    @classmethod
    def from_session(cls, values: dict[str, str], default_sort: str = "date") -> ViewState:
        get = lambda key: values.get(_PREFIX + key, "")  # noqa: E731
        view = get("view")
        if not _known_view(view):
            view = "all"
        sort = get("sort") if get("sort") in SORTS else default_sort
        search = get("search")
        if sort == "relevance" and not search.strip():
            sort = default_sort
        before = get("sort_before_search")
        return cls(
            view=view, provider=get("provider") or None, unread_only=get("unread_only") == "1",
            search=search, sort=sort, sort_before_search=before if before in SORTS else None,
        )


def _known_view(view: str) -> bool:
    return view in VIEWS or (view.startswith("topic:") and len(view) > 6)


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
