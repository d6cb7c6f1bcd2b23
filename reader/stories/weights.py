"""Document frequencies of features, kept in a fixed array of hashed buckets.

A dict of every feature seen would hold ~15 entries an article (most word pairs are unique):
~150 MB at 100,000 articles. 2^21 buckets of uint32 are 8 MB whatever the corpus size; two
rare features sharing a bucket only makes both look a little less rare.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Sequence

import numpy as np

BUCKETS = 1 << 21
_MASK = BUCKETS - 1
COMMON_SHARE = 0.02
COMMON_COUNT = 20


class Weights:
    def __init__(self, counts: np.ndarray | None = None, documents: int = 0) -> None:
        self.counts = counts if counts is not None else np.zeros(BUCKETS, dtype=np.uint32)
        self.documents = documents

    @classmethod
    def from_blob(cls, blob: bytes | None, documents: int) -> Weights:
        if not blob or len(blob) != BUCKETS * 4:
            return cls()
        return cls(np.frombuffer(blob, dtype=np.uint32).copy(), documents)

    def blob(self) -> bytes:
        return self.counts.tobytes()

    def add(self, keys: Iterable[Iterable[int]], sign: int = 1) -> None:
        """Count (or with sign=-1, uncount) the distinct features of some articles."""
        parts = [np.asarray(features, dtype=np.uint32) for features in keys]
        if not parts:
            return
        flat = np.concatenate(parts)
        hits = np.bincount(flat & _MASK, minlength=BUCKETS).astype(np.uint32)
        if sign > 0:
            self.counts += hits
        else:
            self.counts -= np.minimum(self.counts, hits)

    def count(self, key: int) -> int:
        return int(self.counts[key & _MASK])

    def idfs(self, keys: Sequence[int]) -> list[float]:
        """`idf` of many keys at once (one numpy pass, not a scalar lookup each)."""
        if not keys:
            return []
        counts = self.counts[np.asarray(keys, dtype=np.uint32) & _MASK]
        return np.log1p((self.documents + 1) / (counts + 0.5)).tolist()

    def rare_among(self, keys: Sequence[int], most: float | None = None) -> Sequence[int]:
        """Those of `keys` in at most `most` articles (default: not common, see rare_from)."""
        if not keys:
            return ()
        if most is None:
            most = max(COMMON_COUNT, COMMON_SHARE * self.documents)
        values = np.asarray(keys, dtype=np.uint32)
        return array("I", values[self.counts[values & _MASK] <= most].tobytes())

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
