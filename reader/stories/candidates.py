"""Which pairs of articles are worth comparing, without comparing all pairs.

Dated articles are walked in time order with an inverted index of the rare features of those
published in the last `WINDOW_S`; an article's candidates are the ones sharing at least
`MIN_SHARED` of its rare features. Common features (see `Weights.rare_from`) are not looked up:
they say "same topic", and would make every article a candidate of every other. Memory is
bounded by the window, not the corpus.

Undated articles have no window: each is compared with every article naming one of its rare
names (see verify.py), through one index of the undated articles' names alone (they are few).
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterator, Sequence

from reader.stories.verify import WINDOW_S, Prepared

MIN_SHARED = 2


def pairs(items: Sequence[Prepared]) -> Iterator[tuple[Prepared, Prepared]]:
    """Candidate pairs, each once."""
    dated = sorted((i for i in items if i.published is not None), key=lambda i: (i.published, i.key))
    postings: dict[int, deque[int]] = {}
    live: dict[int, Prepared] = {}
    window: deque[Prepared] = deque()
    for item in dated:
        while window and window[0].published < item.published - WINDOW_S:
            old = window.popleft()
            del live[old.key]
            for f in old.rare:
                posting = postings[f]
                posting.popleft()  # in time order, so the oldest is first
                if not posting:
                    del postings[f]
        shared: Counter[int] = Counter()
        for f in item.rare:
            posting = postings.get(f)
            if posting is None:
                postings[f] = deque((item.key,))
            else:
                shared.update(posting)
                posting.append(item.key)
        for other, count in shared.items():
            if count >= MIN_SHARED:
                yield live[other], item
        live[item.key] = item
        window.append(item)
    yield from undated_pairs(items, [i for i in items if i.published is None])


def undated_pairs(items: Sequence[Prepared], undated: Sequence[Prepared]) -> Iterator[tuple[Prepared, Prepared]]:
    """Pairs of an undated article with any other among `items` naming one of its rare names
    (which verification requires of an undated pair anyway), each once."""
    index: dict[int, list[int]] = {}
    for position, item in enumerate(undated):
        for name in item.names:
            index.setdefault(name, []).append(position)
    if not index:
        return
    order = {item.key: position for position, item in enumerate(undated)}
    for item in items:
        mine = order.get(item.key)
        seen: set[int] = set()
        for name in item.names:
            for position in index.get(name, ()):
                # two undated articles: once, from the one earlier in `undated`
                if position not in seen and (mine is None or mine < position):
                    seen.add(position)
                    yield item, undated[position]
