"""Stories among a set of articles, from scratch: what a cold index and the benchmarks run."""

from __future__ import annotations

from collections.abc import Sequence

from reader.model import Article
from reader.stories.cluster import find_stories
from reader.stories.signature import Signature, signature
from reader.stories.verify import prepare
from reader.stories.weights import Weights


def find_signed(signed: Sequence[tuple[int, float | None, Signature]]) -> list[list[int]]:
    weights = Weights(documents=len(signed))
    weights.add(sig.features + sig.entities for _k, _p, sig in signed)
    return find_stories([prepare(key, published, sig, weights) for key, published, sig in signed])


def find(articles: Sequence[tuple[int, Article]]) -> list[list[int]]:
    """Stories of two or more, as lists of the keys given."""
    return find_signed([
        (key, a.published.timestamp() if a.published else None, signature(a.title, a.excerpt, a.body, a.published is not None))
        for key, a in articles
    ])
