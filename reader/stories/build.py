"""Stories among a set of articles, from scratch: what the benchmarks and tests run, with the
code a cold index runs (store.rebuild)."""

from __future__ import annotations

from collections.abc import Sequence

from reader.model import Article
from reader.stories.cluster import find_stories
from reader.stories.columns import Columns
from reader.stories.signature import Signature, pack, signature
from reader.stories.weights import Weights


def find_signed(signed: Sequence[tuple[int, float | None, Signature]]) -> list[list[int]]:
    columns = Columns((key, published, pack(sig)) for key, published, sig in signed)
    weights = Weights()
    weights.add_columns([columns])
    return find_stories(columns, weights)


def find(articles: Sequence[tuple[int, Article]]) -> list[list[int]]:
    """Stories of two or more, as lists of the keys given."""
    return find_signed([
        (key, a.published.timestamp() if a.published else None, signature(a.title, a.excerpt, a.body, a.published is not None))
        for key, a in articles
    ])
