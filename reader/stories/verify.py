"""Whether two articles report the same event.

The score is the cosine of the two articles' feature sets, each feature weighted by how rare it
is (inverse document frequency) and counted twice in a title. Rarity is what separates an event
from a topic: in a folder of one product's news, the product's name is in every article and
weighs almost nothing, while "presigned urls" or "pro-trump" weighs a lot.

Measured on the development set (`benchmarks/stories.py`): same-story pairs within a week
scored 0.05-1.0, different stories at most 0.21 (two market-research press releases sharing
their boilerplate, told apart by the years in their titles). A pair is linked at `LINK`.

An undated article (a plain-text file) has no time window to narrow its candidates and is
usually a whole text against the other's title and excerpt, so the score is how much of the
shorter one's weight the longer one holds (`CONTAIN_UNDATED`), and the two must also name the
same rare source, organisation or person (`RARE_NAME`): seeds 000 and 001 both cite The
Information. Seed 003 (a later round of talks, worded much like 000, naming Bloomberg) holds
more of 000's words than 001 does, but shares only "Microsoft" and "OpenAI" with it: two events.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from reader.stories.signature import Signature
from reader.stories.weights import Weights

WINDOW_S = 7 * 86400  # dated articles further apart than this are never one story
LINK = 0.2
CONTAIN_UNDATED = 0.25
RARE_NAME = 0.002  # a name in at most this share of the articles (and at least 2) is rare
TITLE_BOOST = 2.0


class Prepared(NamedTuple):
    """One article ready for comparison: feature -> weight, and the vector's length."""

    key: int  # the article's row number
    published: float | None
    weights: dict[int, float]
    norm: float
    numbers: frozenset[str]
    rare: tuple[int, ...]  # the features rare enough to find candidates by
    names: frozenset[int]  # the rare names in its text


def prepare(key: int, published: float | None, sig: Signature, weights: Weights) -> Prepared:
    title = set(sig.title)
    idf = weights.idf
    rare_from = weights.rare_from()
    vector = {}
    rare = []
    for f in sig.features:
        w = idf(f)
        if w >= rare_from:
            rare.append(f)
        vector[f] = w * TITLE_BOOST if f in title else w
    norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
    most = max(2, RARE_NAME * weights.documents)
    names = frozenset(name for name in sig.entities if weights.count(name) <= most)
    return Prepared(key, published, vector, norm, frozenset(sig.numbers), tuple(rare), names)


def similarity(a: Prepared, b: Prepared) -> float:
    small, large = (a.weights, b.weights) if len(a.weights) <= len(b.weights) else (b.weights, a.weights)
    dot = sum(w * large[f] for f, w in small.items() if f in large)
    return dot / (a.norm * b.norm)


def within_window(a: Prepared, b: Prepared) -> bool:
    return a.published is None or b.published is None or abs(a.published - b.published) <= WINDOW_S


def link_score(a: Prepared, b: Prepared) -> float | None:
    """The pair's score if it is evidence of one event, else None."""
    if not within_window(a, b):
        return None
    if a.numbers and b.numbers and not a.numbers & b.numbers:
        return None  # "Part 1" and "Part 2", "2021" and "2022": two events, however alike
    if a.published is None or b.published is None:
        if not a.names & b.names:
            return None
        score = containment(a, b)
        return score if score >= CONTAIN_UNDATED else None
    score = similarity(a, b)
    return score if score >= LINK else None


def containment(a: Prepared, b: Prepared) -> float:
    """How much of the smaller article's weight the other holds."""
    small, large = (a, b) if len(a.weights) <= len(b.weights) else (b, a)
    held = sum(w * w for f, w in small.weights.items() if f in large.weights)
    return held / (small.norm * small.norm)
