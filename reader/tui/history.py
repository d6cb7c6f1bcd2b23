"""Where the detail pane has been: a back/forward list of pages, as a browser keeps one."""

from __future__ import annotations

from msgspec import Struct, field

from reader.query import RelatedEntry


class Location(Struct, frozen=True):
    """One page: a cached article (by id), or a related entry that is not in the cache and is
    shown from its own data."""

    title: str
    article_id: str | None = None
    entry: RelatedEntry | None = None

    @property
    def key(self) -> tuple:
        return ("article", self.article_id) if self.article_id else ("entry", self.entry.url, self.title)


class History(Struct):
    locations: list[Location] = field(default_factory=list)
    index: int = -1

    @property
    def current(self) -> Location | None:
        return self.locations[self.index] if 0 <= self.index < len(self.locations) else None

    @property
    def can_go_back(self) -> bool:
        return self.index > 0

    @property
    def can_go_forward(self) -> bool:
        return self.index < len(self.locations) - 1

    def reset(self, location: Location) -> None:
        """A fresh start (the list cursor moved to another article)."""
        self.locations = [location]
        self.index = 0

    def push(self, location: Location) -> None:
        """Followed a link: drop anything forward of here. Following the page you are on
        changes nothing, so A -> B -> A cycles just grow the trail."""
        if self.current is not None and self.current.key == location.key:
            return
        del self.locations[self.index + 1 :]
        self.locations.append(location)
        self.index = len(self.locations) - 1

    def back(self) -> Location | None:
        if not self.can_go_back:
            return None
        self.index -= 1
        return self.current

    def forward(self) -> Location | None:
        if not self.can_go_forward:
            return None
        self.index += 1
        return self.current
