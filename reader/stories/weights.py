"""Document frequencies of features, kept in a fixed array of hashed buckets.

A dict of every feature seen would hold ~15 entries an article (most word pairs are unique):
~150 MB at 100,000 articles. 2^21 buckets of 16-bit counts are 4 MB whatever the corpus
size (a count saturates at 65,535, where a feature weighs next to nothing anyway); two rare
features sharing a bucket only makes both look a little less rare.

The counts are a plain `array`: a rescan changing a few articles counts them in Python, and
only a pass over many articles (columns.py, with numpy loaded anyway) counts with `bincount`.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.stories.columns import Columns

BUCKETS = 1 << 21
MASK = BUCKETS - 1
_MAX = 0xFFFF
COMMON_SHARE = 0.02
COMMON_COUNT = 20


class Weights:
    def __init__(self, counts: array | None = None, documents: int = 0) -> None:
        self.counts = counts if counts is not None else array("H", bytes(2 * BUCKETS))
        self.documents = documents
        self._idf_of_count = _IdfOfCount(documents)

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

    def add_columns(self, many: Iterable[Columns]) -> None:
        """Count the features and names of every article of `many` (and count them as documents)."""
        import numpy as np

        hits = np.frombuffer(self.counts, dtype=np.uint16).astype(np.uint32)
        for columns in many:
            for values in (columns.features, columns.entities):
                hits += np.bincount(values & MASK, minlength=BUCKETS).astype(np.uint32)
            self.documents += len(columns)
        self.counts = array("H")
        self.counts.frombytes(np.minimum(hits, _MAX).astype(np.uint16).tobytes())

    def apply(self, delta: dict[int, int]) -> None:
        """Add each key's change in count (a rescan's few articles, added and dropped)."""
        counts = self.counts
        buckets: dict[int, int] = {}
        for key, change in delta.items():
            if change:
                i = key & MASK
                buckets[i] = buckets.get(i, 0) + change
        for i, change in buckets.items():
            counts[i] = min(_MAX, max(0, counts[i] + change))

    def count(self, key: int) -> int:
        return self.counts[key & MASK]

    def idfs(self, keys: Sequence[int]) -> list[float]:
        """The smoothed inverse document frequency of each of `keys`; a feature no other
        article has weighs most. The 1 + keeps weights positive and close together in a
        folder of a few files (the five seeds), where plain log(N/df) makes a feature in two
        files weigh half of one in a single file; at thousands of files it is plain log(N/df)."""
        table, counts = self._table(), self.counts
        return [table[counts[key & MASK]] for key in keys]

    def idfs_of_counts(self, counts: Sequence[int]) -> list[float]:
        """The idf of a feature counted in each of `counts` articles (what `idfs` gives)."""
        table = self._table()
        return [table[count] for count in counts]

    def _table(self) -> _IdfOfCount:
        if self._idf_of_count.documents != self.documents:
            self._idf_of_count = _IdfOfCount(self.documents)
        return self._idf_of_count

    def common_above(self) -> float:
        """The count above which a feature is too common to find candidates by: in more than
        2% of the articles (and more than 20)."""
        return max(COMMON_COUNT, COMMON_SHARE * self.documents)

    def rare_among(self, keys: Sequence[int], most: float) -> frozenset[int]:
        """Those of `keys` in at most `most` articles."""
        counts = self.counts
        return frozenset(key for key in keys if counts[key & MASK] <= most)


class _IdfOfCount(dict):
    """count -> idf, each worked out once: an article's ~60 features share a few hundred
    counts between them all, and a division and a log a feature were most of the cost of
    weighing an article."""

    def __init__(self, documents: int) -> None:
        super().__init__()
        self.documents = documents

    def __missing__(self, count: int) -> float:
        value = self[count] = math.log1p((self.documents + 1) / (count + 0.5))
        return value
