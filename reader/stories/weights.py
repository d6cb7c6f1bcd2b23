"""Document frequencies of features, kept in a fixed array of hashed buckets.

A dict of every feature seen would hold ~15 entries an article (most word pairs are unique):
~150 MB at 100,000 articles. 2^21 buckets of 16-bit counts are 4 MB whatever the corpus
size (a count saturates at 65,535, where a feature weighs next to nothing anyway); two rare
features sharing a bucket only makes both look a little less rare.

The counts are a plain `array`: a rescan adding a few articles counts them in Python, and
only a cold pass (hundreds of thousands of features at once) loads numpy for `bincount`.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Sequence

BUCKETS = 1 << 21
_MASK = BUCKETS - 1
_MAX = 0xFFFF
_NUMPY_FROM = 50_000  # features counted at once from which numpy's bincount pays for its import
COMMON_SHARE = 0.02
COMMON_COUNT = 20


class Weights:
    def __init__(self, counts: array | None = None, documents: int = 0) -> None:
        self.counts = counts if counts is not None else array("H", bytes(2 * BUCKETS))
        self.documents = documents

    @classmethod
    def from_blob(cls, blob: bytes | None, documents: int) -> Weights | None:
        """The weights saved with `blob`, or None if it is not a blob of this layout."""
        if not blob or len(blob) != BUCKETS * 2:
            return None
        counts = array("H")
        counts.frombytes(blob)
        return cls(counts, documents)

    def blob(self) -> bytes:
        return self.counts.tobytes()

    def add(self, keys: Iterable[Sequence[int]], sign: int = 1) -> None:
        """Count (or with sign=-1, uncount) the distinct features of some articles."""
        groups = list(keys)
        if sum(map(len, groups)) >= _NUMPY_FROM:
            self._add_many(groups, sign)
            return
        counts = self.counts
        for features in groups:
            for key in features:
                i = key & _MASK
                counts[i] = min(_MAX, counts[i] + 1) if sign > 0 else max(0, counts[i] - 1)

    def apply(self, delta: dict[int, int]) -> None:
        """Add each key's change in count (a rescan's few articles, added and dropped)."""
        counts = self.counts
        buckets: dict[int, int] = {}
        for key, change in delta.items():
            if change:
                i = key & _MASK
                buckets[i] = buckets.get(i, 0) + change
        for i, change in buckets.items():
            counts[i] = min(_MAX, max(0, counts[i] + change))

    def _add_many(self, groups: list[Sequence[int]], sign: int) -> None:
        import numpy as np

        flat = np.concatenate([np.asarray(features, dtype=np.uint32) for features in groups])
        hits = np.bincount(flat & _MASK, minlength=BUCKETS).astype(np.int64)
        current = np.frombuffer(self.counts, dtype=np.uint16).astype(np.int64)
        updated = np.clip(current + sign * hits, 0, _MAX).astype(np.uint16)
        self.counts = array("H")
        self.counts.frombytes(updated.tobytes())

    def count(self, key: int) -> int:
        return self.counts[key & _MASK]

    def idfs(self, keys: Sequence[int]) -> list[float]:
        """`idf` of each of `keys`."""
        counts, top, log1p = self.counts, self.documents + 1, math.log1p
        return [log1p(top / (counts[key & _MASK] + 0.5)) for key in keys]

    def rare_among(self, keys: Sequence[int], most: float | None = None) -> Sequence[int]:
        """Those of `keys` in at most `most` articles (default: not common, see rare_from)."""
        if most is None:
            most = max(COMMON_COUNT, COMMON_SHARE * self.documents)
        counts = self.counts
        return array("I", [key for key in keys if counts[key & _MASK] <= most])

    def rare_from(self) -> float:
        """The weight below which a feature is too common to find candidates by: in more
        than 2% of the articles (and more than 20)."""
        return math.log(1 + (self.documents + 1) / (max(COMMON_COUNT, COMMON_SHARE * self.documents) + 0.5))

    def idf(self, key: int) -> float:
        """Smoothed inverse document frequency; a feature no other article has weighs most.
        The 1 + keeps weights positive and close together in a folder of a few files (the
        five seeds), where plain log(N/df) makes a feature in two files weigh half of one in
        a single file; at thousands of files it is plain log(N/df)."""
        return math.log(1 + (self.documents + 1) / (self.counts[key & _MASK] + 0.5))
