"""Link scores of many candidate pairs at once: verify.link_score for each pair, with the
weighted cosines and containments worked out by numpy over the flat arrays of columns.py.

At 100,000 articles a cold pass compares ~70,000 pairs among ~45,000 articles; weighing each
of those articles as a Python dict and summing its overlaps took 3 s of a 3.5 s pass. The
sums here are taken in the same order as verify.similarity and verify.containment take them
(an article's features in ascending order, sequentially from zero), so each score is the same
float to the last bit, and clustering (which compares a few pairs the Python way) agrees.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from reader.stories.verify import CONTAINED, COSINE, THRESHOLD, TITLE_BOOST, comparable
from reader.stories.weights import MASK

if TYPE_CHECKING:
    from reader.stories.columns import Columns
    from reader.stories.weights import Weights

_CHUNK = 4_000  # pairs scored together: ~500,000 feature entries, ~30 MB of index arrays in flight


def link_scores(columns: Columns, weights: Weights, candidates: np.ndarray) -> list[tuple[float, int, int]]:
    """(score, a, b) for every candidate pair (rows of `columns`) that is evidence of one
    event, a < b (row numbers)."""
    prepared = columns.prepared
    kept: list[tuple[int, int]] = []
    contained: list[bool] = []
    for x, y in candidates.tolist():
        how = comparable(prepared(x, weights), prepared(y, weights))
        if how is not None:
            kept.append((x, y))
            contained.append(how == CONTAINED)
    if not kept:
        return []
    pairs = np.array(kept, dtype=np.int64)
    is_contained = np.array(contained)
    w, norm = _feature_weights(columns, weights, np.unique(pairs))
    score = np.empty(len(pairs))
    for start in range(0, len(pairs), _CHUNK):
        chunk = slice(start, start + _CHUNK)
        score[chunk] = _scores(columns, w, norm, pairs[chunk], is_contained[chunk])
    passed = score >= np.where(is_contained, THRESHOLD[CONTAINED], THRESHOLD[COSINE])
    keys = columns.keys[pairs[passed]]
    return [(s, min(a, b), max(a, b)) for s, (a, b) in zip(score[passed].tolist(), keys.tolist())]


def _feature_weights(columns: Columns, weights: Weights, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The weight of each feature entry of `rows` (its idf, the very floats `Weights.idfs`
    gives, doubled in a title; 0 for other rows), and each row's norm (1 where it has none)."""
    start = columns.feature_start
    entries = _spans(start[rows], start[rows + 1] - start[rows])
    owner, features = columns.owner[entries], columns.features[entries]
    seen = np.frombuffer(weights.counts, dtype=np.uint16)[features & MASK]
    values = np.unique(seen)
    idf = np.zeros(1 << 16)
    idf[values] = weights.idfs_of_counts(values.tolist())
    w = idf[seen]
    entry = (owner.astype(np.uint64) << np.uint64(32)) | features
    title = (columns.title_owner.astype(np.uint64) << np.uint64(32)) | columns.titles
    if len(title):
        at = np.minimum(np.searchsorted(title, entry), len(title) - 1)
        w[title[at] == entry] *= TITLE_BOOST
    everywhere = np.zeros(len(columns.features))
    everywhere[entries] = w
    norm = np.sqrt(np.bincount(owner, weights=w * w, minlength=len(columns)))
    norm[norm == 0] = 1.0
    return everywhere, norm


def _spans(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indices start..start+length of every (start, length), one after another."""
    offsets = np.cumsum(lengths) - lengths
    return np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()))


def _scores(columns: Columns, w: np.ndarray, norm: np.ndarray, pairs: np.ndarray, is_contained: np.ndarray) -> np.ndarray:
    start, features = columns.feature_start, columns.features
    a, b = pairs[:, 0], pairs[:, 1]
    la, lb = start[a + 1] - start[a], start[b + 1] - start[b]
    ia, ib = _spans(start[a], la), _spans(start[b], lb)
    pa, pb = np.repeat(np.arange(len(pairs)), la), np.repeat(np.arange(len(pairs)), lb)
    # (pair, feature) keys: sorted on b's side (a row's features are sorted), so each of a's
    # entries finds its match in b by a binary search.
    kb = (pb.astype(np.uint64) << np.uint64(32)) | features[ib]
    ka = (pa.astype(np.uint64) << np.uint64(32)) | features[ia]
    at = np.minimum(np.searchsorted(kb, ka), max(len(kb) - 1, 0))
    hit = kb[at] == ka if len(kb) else np.zeros(len(ka), dtype=bool)
    ha, hb, pair = ia[hit], ib[at[hit]], pa[hit]
    wa, wb = w[ha], w[hb]
    dot = np.bincount(pair, weights=wa * wb, minlength=len(pairs))
    a_smaller = la <= lb  # verify.containment's "smaller" article
    held = np.bincount(pair, weights=np.where(a_smaller[pair], wa * wa, wb * wb), minlength=len(pairs))
    small_norm = np.where(a_smaller, norm[a], norm[b])
    return np.where(is_contained, held / (small_norm * small_norm), dot / (norm[a] * norm[b]))
