"""Which pairs of articles are worth comparing, without comparing all pairs.

Two dated articles are candidates when they were published at most `WINDOW_S` apart and share
at least `MIN_SHARED` rare features. Common features (in more than 2% of the articles, see
`Weights.common_above`) are not looked at: they say "same topic", and would make every article
a candidate of every other. An undated article has no window: it is a candidate of every
article naming one of its rare names (which verification requires of an undated pair anyway).

Both are found with numpy over flat arrays (columns.py), not with a Python index walked
article by article: at 100,000 articles the walk handled ~4.7 million postings one at a time
(7.9 s), most of them features no other article has. Here those are dropped by their count
first, the rest sorted by (feature, time), and each feature's articles paired with those
after them inside the window: a few vector operations for each step along the sorted run,
and a run inside a week is short.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from reader.stories.verify import RARE_NAME, WINDOW_S
from reader.stories.weights import MASK

if TYPE_CHECKING:
    from reader.stories.columns import Columns
    from reader.stories.weights import Weights

MIN_SHARED = 2


def pairs(columns: Columns, weights: Weights, focus: np.ndarray | None = None) -> np.ndarray:
    """Candidate pairs as rows of `columns`, shape (P, 2), each pair once. With `focus` (a mask
    of rows), only the pairs that hold a focused row: what a rescan needs for the articles it
    wrote, against the ones around them."""
    counts = np.frombuffer(weights.counts, dtype=np.uint16)
    found = [_dated(columns, counts, weights.common_above(), focus), _undated(columns, counts, max(2, RARE_NAME * weights.documents))]
    both = np.concatenate(found)
    if focus is not None and len(both):
        both = both[focus[both[:, 0]] | focus[both[:, 1]]]
    return both


def _dated(columns: Columns, counts: np.ndarray, most: float, focus: np.ndarray | None) -> np.ndarray:
    published = columns.published
    dated = ~np.isnan(published)
    order = np.lexsort((columns.keys, published))[: int(dated.sum())]  # by time, then row number; NaN last
    if len(order) < 2:
        return np.empty((0, 2), dtype=np.int64)
    rank = np.full(len(columns), -1, dtype=np.int64)
    rank[order] = np.arange(len(order))
    times = published[order]

    features, owner = columns.features, columns.owner
    seen = counts[features & MASK]
    # A feature no other article has (a count of 1) pairs nothing: most are, at any size.
    keep = (seen <= most) & (seen >= 2) & dated[owner]
    if focus is not None:
        mine = keep & focus[owner]
        if mine.sum() * 8 < keep.sum():  # a rescan's few articles: only their features matter
            keep &= np.isin(features, features[mine])
    key = (features[keep].astype(np.uint64) << np.uint64(32)) | rank[owner[keep]].astype(np.uint64)
    key.sort()
    # 32-bit halves from here on: a slice's arrays are what a pass holds at its peak.
    feature = (key >> np.uint64(32)).astype(np.uint32)
    ranked = (key & np.uint64(0xFFFFFFFF)).astype(np.int32)
    del key
    # The last rank inside each rank's window, so the window test compares two ints.
    reach = (np.searchsorted(times, times + WINDOW_S, side="right") - 1).astype(np.int32)

    codes = [np.empty(0, dtype=np.int64)]
    at = np.arange(len(ranked) - 1, dtype=np.int32)
    step = 1
    while len(at):
        # Sorted by time within a feature: once the entry `step` places on is another feature
        # or outside the window, so is every entry after it.
        at = at[at < len(ranked) - step]
        ahead = at + step
        at = at[(feature[ahead] == feature[at]) & (ranked[ahead] <= reach[ranked[at]])]
        codes.append(ranked[at].astype(np.int64) * len(order) + ranked[at + step])
        step += 1
    code, shared = np.unique(np.concatenate(codes), return_counts=True)
    code = code[shared >= MIN_SHARED]
    return np.stack((order[code // len(order)], order[code % len(order)]), axis=1)


def _undated(columns: Columns, counts: np.ndarray, most: float) -> np.ndarray:
    entities, owner = columns.entities, columns.entity_owner
    undated = np.isnan(columns.published)
    keep = counts[entities & MASK] <= most
    names, owner = entities[keep], owner[keep]
    names_undated = np.unique(names[undated[owner]])
    if not len(names_undated):
        return np.empty((0, 2), dtype=np.int64)
    keep = np.isin(names, names_undated)
    names, owner = names[keep], owner[keep]
    by_name = np.argsort(names, kind="stable")
    names, owner = names[by_name], owner[by_name].astype(np.int64)
    # Every undated article's entry is paired with every entry of its name.
    starts = np.flatnonzero(np.r_[True, names[1:] != names[:-1]])
    group = np.cumsum(np.r_[True, names[1:] != names[:-1]]) - 1
    sizes = np.diff(np.r_[starts, len(names)])
    mine = np.flatnonzero(undated[owner])
    repeat = sizes[group[mine]]
    left = np.repeat(owner[mine], repeat)
    offsets = np.arange(int(repeat.sum())) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    right = owner[np.repeat(starts[group[mine]], repeat) + offsets]
    apart = left != right
    low, high = np.minimum(left, right)[apart], np.maximum(left, right)[apart]
    code = np.unique(low * len(columns) + high)
    return np.stack((code // len(columns), code % len(columns)), axis=1)
