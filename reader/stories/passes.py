"""Links found over the cache's story_sigs in slices of time, so memory stays bounded.

Two dated articles are only ever linked within `WINDOW_S` of each other, so the dated ones
are taken `_SLICE` at a time in time order, each slice with the window before it (and the
undated articles, which any article may name): the flat arrays of a slice are a few tens of
MB whatever the library's size. At 100,000 articles the whole library at once needed
~350 MB of arrays and Python objects on top of the index's own.

A pair is found in the slice that holds its later article, which loads the earlier one too;
a pair both of whose articles lie in the window before a slice is left to the slice before.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from itertools import chain

import numpy as np

from reader.stories.cluster import links
from reader.stories.columns import Columns
from reader.stories.verify import WINDOW_S
from reader.stories.weights import Weights

_SLICE = 10_000  # dated articles whose pairs one slice finds
_SELECT = "SELECT n, published, sig FROM story_sigs"

Edge = tuple[float, int, int]


def count_all(conn: sqlite3.Connection) -> Weights:
    """The document frequencies of every article's features and names."""
    weights = Weights()
    cursor = conn.execute(_SELECT)
    weights.add_columns(Columns(rows) for rows in iter(lambda: cursor.fetchmany(_SLICE), []))
    return weights


def find_links(conn: sqlite3.Connection, weights: Weights, written: dict[int, float | None] | None = None) -> list[Edge]:
    """Every link (score, a, b), a < b; with `written` (row number -> publication time), only
    the links of those articles: what a rescan needs, loading only their time windows (all of
    time if one is undated)."""
    times = [p for (p,) in conn.execute("SELECT published FROM story_sigs WHERE published IS NOT NULL ORDER BY published")]
    undated = conn.execute(_SELECT + " WHERE published IS NULL").fetchall()
    if not times:
        slices: list[tuple[float, float] | None] = [None]
    elif written is None or None in written.values():
        slices = list(_slices(times, [(times[0], times[-1])]))
    else:
        slices = list(_slices(times, _merged_ranges(sorted(written.values()))))  # type: ignore[arg-type]
    focused = np.fromiter(written, dtype=np.int64, count=len(written)) if written is not None else None
    found: dict[tuple[int, int], float] = {}
    for index, bounds in enumerate(slices):
        rows = conn.execute(_SELECT + " WHERE published BETWEEN ? AND ?", (bounds[0] - WINDOW_S, bounds[1])) if bounds else ()
        columns = Columns(chain(rows, undated))
        if focused is not None:
            focus = np.isin(columns.keys, focused)
        else:  # the slice's own articles, and the undated ones once
            undated_rows = np.isnan(columns.published)
            focus = (columns.published >= bounds[0]) | undated_rows if bounds else undated_rows
            if index:
                focus &= ~undated_rows
        for score, a, b in links(columns, weights, focus):
            found[(a, b)] = score
    return [(score, a, b) for (a, b), score in found.items()]


def _slices(times: list[float], ranges: list[tuple[float, float]]) -> Iterator[tuple[float, float]]:
    """Closed spans of time covering `ranges` (sorted, apart), each holding about `_SLICE`
    dated articles: a long range is cut where every `_SLICE`th article is published, short
    ones near each other are taken together (what lies between is loaded for nothing, but
    one slice costs a pass over the undated articles). An article on a cut is in two
    slices, and its pairs are kept once."""
    start: float | None = None
    end = 0.0
    for lo, hi in ranges:
        if start is not None and bisect_right(times, hi) - bisect_left(times, start) > _SLICE:
            yield start, end
            start = None
        first, last = bisect_left(times, lo), bisect_right(times, hi)
        cuts = [lo, *times[first + _SLICE : last : _SLICE]]
        for a, b in zip(cuts, cuts[1:]):
            if a < b:
                yield (start if start is not None else a), b
                start = None
        start = cuts[-1] if start is None else start
        end = hi
    if start is not None:
        yield start, end


def _merged_ranges(times: list[float]) -> list[tuple[float, float]]:
    """The windows around `times`, overlapping ones merged."""
    ranges: list[list[float]] = []
    for t in times:
        if ranges and t - WINDOW_S <= ranges[-1][1]:
            ranges[-1][1] = t + WINDOW_S
        else:
            ranges.append([t - WINDOW_S, t + WINDOW_S])
    return [(a, b) for a, b in ranges]
