"""Many articles' signatures as a few flat numpy arrays, for the passes that look at thousands.

A cold pass at 100,000 articles holds ~6 million hashed features. As one Python object an
article (an unpacked `Signature`, its rare features, a `Prepared`) they cost ~4 KB each and a
17 s pass; as flat arrays they are ~50 MB for the lot, counted, filtered and paired by
numpy (candidates.py). Only the articles a candidate pair names become `Prepared`, from
their blob, when they are compared.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from reader.stories.verify import Prepared

if TYPE_CHECKING:
    from reader.stories.weights import Weights


class Columns:
    """Row i is one article: `keys[i]` its row number, `published[i]` its time (NaN if
    undated); its features are `features[owner == i]`, those of its title `titles[title_owner == i]`,
    its names `entities[entity_owner == i]`."""

    def __init__(self, rows: Iterable[tuple[int, float | None, bytes]]) -> None:
        keys: list[int] = []
        published: list[float] = []
        blobs: list[bytes] = []
        nan = float("nan")
        for n, p, blob in rows:
            keys.append(n)
            published.append(nan if p is None else p)
            blobs.append(blob)
        self.keys = np.array(keys, dtype=np.int64)
        self.published = np.array(published, dtype=np.float64)
        self.blobs = blobs
        size = len(blobs)
        # Each blob: three uint32 counts (features, title, names), those three arrays, then
        # the numbers as text (signature.pack). The arrays of all blobs are joined in one go.
        heads = np.frombuffer(b"".join(blob[:12] for blob in blobs), dtype="<u4").reshape(size, 3).astype(np.int64)
        ends = (12 + 4 * heads.sum(axis=1)).tolist()
        values = np.frombuffer(b"".join(blob[12:end] for blob, end in zip(blobs, ends)), dtype="<u4")
        kind = np.repeat(np.tile(np.arange(3, dtype=np.uint8), size), heads.ravel())
        rows_of = np.arange(size, dtype=np.int32)
        self.features = values[kind == 0]  # each row's sorted, as packed
        self.owner = np.repeat(rows_of, heads[:, 0])
        self.feature_start = np.concatenate(([0], np.cumsum(heads[:, 0])))  # row i: [start[i], start[i + 1])
        self.titles = values[kind == 1]
        self.title_owner = np.repeat(rows_of, heads[:, 1])
        self.entities = values[kind == 2]
        self.entity_owner = np.repeat(rows_of, heads[:, 2])
        self._prepared: dict[int, Prepared] = {}
        self._row_of: dict[int, int] | None = None

    def __len__(self) -> int:
        return len(self.blobs)

    def prepared(self, row: int, weights: Weights) -> Prepared:
        """Row `row` ready for comparison (made once)."""
        item = self._prepared.get(row)
        if item is None:
            published = self.published[row]
            item = self._prepared[row] = Prepared(
                int(self.keys[row]), None if published != published else float(published), self.blobs[row], weights
            )
        return item

    def prepared_key(self, key: int, weights: Weights) -> Prepared:
        """The article of row number `key` ready for comparison."""
        if self._row_of is None:
            self._row_of = {n: row for row, n in enumerate(self.keys.tolist())}
        return self.prepared(self._row_of[key], weights)
