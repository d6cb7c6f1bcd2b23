"""Stories from linked pairs: strongest links first, and each merge checked as a whole.

Plain single-link clustering chains: A is like B, B like C, and a folder of one product's
news becomes one story. So two groups merge only if, on average over all their cross pairs,
they are still alike (`MERGE_AVERAGE`) and the merged story spans at most `SPAN_S`. The result
depends only on the articles of one connected set of links, which is what lets the store
re-cluster just the sets a rescan touched and get what a cold build would.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from reader.stories.verify import LINK, WINDOW_S, Prepared, containment, similarity, within_window

if TYPE_CHECKING:
    import numpy as np

    from reader.stories.columns import Columns
    from reader.stories.weights import Weights

MERGE_AVERAGE = LINK / 2
SPAN_S = WINDOW_S


def links(columns: Columns, weights: Weights, focus: np.ndarray | None = None) -> list[tuple[float, int, int]]:
    """(score, a, b) for every candidate pair that is evidence of one event, a < b (row
    numbers); with `focus`, only the pairs holding a focused row (see candidates.pairs)."""
    from reader.stories.candidates import pairs
    from reader.stories.scores import link_scores

    return link_scores(columns, weights, pairs(columns, weights, focus))


def _span_ok(group: list[Prepared]) -> bool:
    dates = [i.published for i in group if i.published is not None]
    return not dates or max(dates) - min(dates) <= SPAN_S


def _alike(x: Prepared, y: Prepared) -> float:
    if not within_window(x, y):
        return 0.0
    if x.published is None or y.published is None:
        return containment(x, y) if x.names & y.names else 0.0
    return similarity(x, y)


def _average(a: list[Prepared], b: list[Prepared]) -> float:
    total = sum(_alike(x, y) for x in a for y in b)
    return total / (len(a) * len(b))


def components(edges: Iterable[tuple[float, int, int]]) -> list[set[int]]:
    """Connected sets of linked articles."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _score, a, b in edges:
        parent[find(a)] = find(b)
    groups: dict[int, set[int]] = {}
    for x in parent:
        groups.setdefault(find(x), set()).add(x)
    return list(groups.values())


def cluster(items: dict[int, Prepared], edges: list[tuple[float, int, int]]) -> list[list[int]]:
    """Stories of two or more articles (row numbers, sorted) from one set of links."""
    group_of = {key: [items[key]] for key in items}
    for _score, a, b in sorted(edges, key=lambda e: (-e[0], e[1], e[2])):
        ga, gb = group_of[a], group_of[b]
        if ga is gb:
            continue
        merged = ga + gb
        if not _span_ok(merged) or _average(ga, gb) < MERGE_AVERAGE:
            continue
        for item in merged:
            group_of[item.key] = merged
    stories = {id(g): g for g in group_of.values() if len(g) > 1}
    return sorted(sorted(i.key for i in g) for g in stories.values())


def find_stories(columns: Columns, weights: Weights) -> list[list[int]]:
    """Every story of two or more among `columns` (a cold build), from its links."""
    return stories_of(links(columns, weights), lambda key: columns.prepared_key(key, weights))


def stories_of(edges: list[tuple[float, int, int]], prepared) -> list[list[int]]:
    """The stories of every connected set of `edges`; `prepared(key)` gives an article."""
    groups = components(edges)
    where = {n: index for index, group in enumerate(groups) for n in group}
    edges_of: dict[int, list[tuple[float, int, int]]] = {}
    for edge in edges:
        edges_of.setdefault(where[edge[1]], []).append(edge)
    stories = []
    for index, group in enumerate(groups):
        stories.extend(cluster({n: prepared(n) for n in group}, edges_of.get(index, [])))
    return sorted(stories)
