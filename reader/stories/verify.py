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
from typing import TYPE_CHECKING

from reader.stories.signature import Signature, numbers_of, unpack

if TYPE_CHECKING:
    from reader.stories.weights import Weights

WINDOW_S = 7 * 86400  # dated articles further apart than this are never one story
LINK = 0.2
CONTAIN_UNDATED = 0.25
RARE_NAME = 0.002  # a name in at most this share of the articles (and at least 2) is rare
TITLE_BOOST = 2.0


class Prepared:
    """One article ready for comparison, from its signature or its packed blob. Its rare
    names and its weighted vector are worked out when first needed: most articles are
    compared with a few others, or none, and many pairs are scored without either
    (scores.py)."""

    __slots__ = ("key", "published", "numbers", "text_numbers", "_names", "_sig", "_weights", "_vector", "_norm")

    def __init__(self, key: int, published: float | None, sig: Signature | bytes, weights: Weights) -> None:
        self.key = key  # the article's row number
        self.published = published
        numbers, text_numbers = numbers_of(sig) if isinstance(sig, bytes) else (sig.numbers, sig.text_numbers)
        self.numbers = frozenset(numbers)
        self.text_numbers = frozenset(text_numbers)
        self._names: frozenset[int] | None = None
        self._sig = sig
        self._weights = weights
        self._vector: dict[int, float] | None = None
        self._norm = 1.0

    @property
    def sig(self) -> Signature:
        sig = self._sig
        if isinstance(sig, bytes):
            sig = self._sig = unpack(sig)
        return sig

    @property
    def names(self) -> frozenset[int]:
        """Its rare names (a source, organisation or person named by few articles)."""
        if self._names is None:
            weights = self._weights
            self._names = weights.rare_among(self.sig.entities, max(2, RARE_NAME * weights.documents))
        return self._names

    @property
    def weights(self) -> dict[int, float]:
        """feature -> weight."""
        if self._vector is None:
            sig = self.sig
            vector = dict(zip(sig.features, self._weights.idfs(sig.features)))
            for f in sig.title:
                vector[f] *= TITLE_BOOST
            self._vector = vector
            self._norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        return self._vector

    @property
    def norm(self) -> float:
        self.weights  # noqa: B018 (computes the norm with the vector)
        return self._norm


def similarity(a: Prepared, b: Prepared) -> float:
    small, large = (a.weights, b.weights) if len(a.weights) <= len(b.weights) else (b.weights, a.weights)
    dot = sum(w * large[f] for f, w in small.items() if f in large)
    return dot / (a.norm * b.norm)


def within_window(a: Prepared, b: Prepared) -> bool:
    return a.published is None or b.published is None or abs(a.published - b.published) <= WINDOW_S


# What a pair is compared by, once nothing rules it out (see `comparable`).
COSINE, CONTAINED = "cosine", "contained"
THRESHOLD = {COSINE: LINK, CONTAINED: CONTAIN_UNDATED}


def comparable(a: Prepared, b: Prepared) -> str | None:
    """How the pair is scored (`COSINE` or `CONTAINED`), or None if it cannot be one event
    however alike: outside each other's window, or numbers that disagree."""
    if not within_window(a, b):
        return None
    if a.numbers and b.numbers and not a.numbers & b.numbers:
        return None  # "Part 1" and "Part 2", "2021" and "2022": two events, however alike
    if a.published is None or b.published is None:
        return CONTAINED if a.names & b.names else None
    if a.text_numbers and b.text_numbers and not a.text_numbers & b.text_numbers:
        return None  # "$765 million" and "$13 million" in two excerpts: the same company's words, two deals
    return COSINE


def link_score(a: Prepared, b: Prepared) -> float | None:
    """The pair's score if it is evidence of one event, else None (one pair at a time; many
    pairs are scored at once, to the same bits, by scores.py)."""
    how = comparable(a, b)
    if how is None:
        return None
    score = similarity(a, b) if how == COSINE else containment(a, b)
    return score if score >= THRESHOLD[how] else None


def containment(a: Prepared, b: Prepared) -> float:
    """How much of the smaller article's weight the other holds."""
    small, large = (a, b) if len(a.weights) <= len(b.weights) else (b, a)
    held = sum(w * w for f, w in small.weights.items() if f in large.weights)
    return held / (small.norm * small.norm)
