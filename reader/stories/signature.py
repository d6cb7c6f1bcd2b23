"""What an article says about its event, as a small set of hashed features.

Computed once per file in the parse workers (plain data, cheap to send back and to store as
one blob a row). Features are the content words of the title and excerpt (a plain-text file's
opening stands in for the excerpt) and the pairs of adjacent content words: a shared rare pair
("ai-generated faces", "advanced talks") is much better evidence of one event than a shared
topic word. Title features are kept apart too: re-posts and wire pick-ups share them, and a
number in a title that the other title contradicts ("Part 1" against "Part 2") means two events.

Hashes are CRC-32 (stable across processes, unlike `hash()`), so the blob is two sorted arrays
of unsigned 32-bit ints: every feature, then those of the title.
"""

from __future__ import annotations

import re
import struct
import zlib
from array import array
from collections.abc import Sequence
from itertools import chain
from operator import xor
from typing import NamedTuple

# Words that say nothing about an event. Generic news verbs ("says", "reports") are left to
# the document frequencies, which weigh them down wherever they are common.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers him his how i if in into is it its itself just me more most my
    no nor not now of off on once only or other our ours out over own same she should so some such than
    that the their theirs them then there these they this those through to too under until up very was
    we were what when where which while who whom why will with would you your yours via amid says said
    new how why what here""".split()
)
_WORD_RE = re.compile(r"[$€£]?\d+(?:[.,]\d+)*%?|[^\W\d_](?:[\w'’&-]*[^\W_])?")
_OPENING_CHARS = 400  # of a body, standing in for a missing excerpt
# An undated article has only its text to go on, so more of it is kept: enough to hold the
# facts a short dated report of the same event mentions (seed 001 names its source, The
# Information, 1,500 characters in).
_UNDATED_CHARS = 3000
_ENTITY_RE = re.compile(r"[A-Z][\w&'’-]*(?:[ \t]+[A-Z][\w&'’-]*)*")
_SENTENCE_ENDS = frozenset(".!?:;\n\"“‘'(")


class Signature(NamedTuple):
    features: Sequence[int]  # sorted, distinct hashes of the title's and the excerpt's words and pairs
    title: Sequence[int]  # those of the title
    numbers: tuple[str, ...]  # numbers in the title (digits only)
    entities: Sequence[int] = ()  # sorted hashes of names in the text ("The Information", "Graphika")
    text_numbers: tuple[str, ...] = ()  # numbers in the excerpt (or opening)


def _fold(token: str) -> str:
    """A token as a feature word, or "" for a stopword."""
    if token[0].isdigit() or token[0] in "$€£":
        return "".join(ch for ch in token if ch.isdigit() or ch == "%")  # $1.5 -> 15
    stem = _stem(token)
    return stem if stem not in STOPWORDS and len(stem) > 1 else ""


# The tokens of a text are those of its whitespace-separated chunks (no token holds a space), and a
# few thousand chunks ("OpenAI", "talks,", "Microsoft's") make up most of any text. So each chunk
# is tokenised, folded and hashed once per process, and a text is one split() and one map() over
# a plain dict: the word regex over every character cost as much as all the rest of a signature.
# Nearly every chunk holds one token or none, so _WORDS keeps just that token's hash (None for a
# stopword or punctuation; never 0, so filter(None) drops exactly the Nones), and the few others
# ("$1.5bn", "AI/ML") wait in _SPLIT. Bounded: once full, a text with a chunk not seen before
# is read the slow way.
_WORDS: dict[str, int | None] = {}  # chunk -> the feature hash of its one token, None if none is kept
_SPLIT: dict[str, tuple[int, ...]] = {}  # any other chunk -> its tokens' feature hashes
_CHUNK_NUMBERS: dict[str, tuple[str, ...]] = {}  # chunk -> its number tokens' digits, for chunks holding one
_CHUNKS_MAX = 200_000
_SPREAD: dict[int, int] = {}  # a cached word hash -> its product with the pair multiplier, 32 bits
_CURRENCIES = frozenset("$€£")
_DIGITS = "0123456789"


def _chunk_values(chunk: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The feature hashes and the numbers of a chunk's tokens."""
    hashes, numbers = [], []
    for token in _WORD_RE.findall(chunk):
        word = _fold(token)
        if word:
            hashes.append(zlib.crc32(word.encode()))
        if token[0].isdigit() or token[0] in _CURRENCIES:
            numbers.append(word)
    return tuple(hashes), tuple(numbers)


def _remember(chunk: str) -> None:
    hashes, numbers = _chunk_values(chunk)
    if len(hashes) > 1 or hashes == (0,):
        _SPLIT[chunk] = hashes
    else:
        _WORDS[chunk] = hashes[0] if hashes else None
    for value in hashes:
        _SPREAD[value] = (value * 0x9E3779B1) & 0xFFFFFFFF
    if numbers:
        _CHUNK_NUMBERS[chunk] = numbers


def _remembered(chunk: str) -> tuple[int, ...]:
    if chunk in _SPLIT:
        return _SPLIT[chunk]
    value = _WORDS[chunk]
    return () if value is None else (value,)


def _scan(text: str) -> tuple[list[int], tuple[str, ...]]:
    """A text's feature hashes in order, stopwords left out, and its numbers (digits only,
    sorted and distinct)."""
    chunks = text.split()
    try:
        hashes = list(filter(None, map(_WORDS.__getitem__, chunks)))
    except KeyError:  # a chunk not seen before, or one of _SPLIT's
        if len(_WORDS) + len(_SPLIT) >= _CHUNKS_MAX:
            values = list(map(_chunk_values, chunks))
            return list(chain.from_iterable(h for h, _ in values)), tuple(sorted(set(chain.from_iterable(n for _, n in values))))
        for chunk in set(chunks).difference(_WORDS, _SPLIT):
            _remember(chunk)
        try:
            hashes = list(filter(None, map(_WORDS.__getitem__, chunks)))
        except KeyError:  # one of _SPLIT's
            hashes = list(chain.from_iterable(map(_remembered, chunks)))
    # A number token starts with a digit: in ASCII text, one of ten.
    if text.isascii() and not any(map(text.__contains__, _DIGITS)):
        return hashes, ()
    numbered = _CHUNK_NUMBERS.keys() & chunks
    return hashes, tuple(sorted(set(chain.from_iterable(map(_CHUNK_NUMBERS.__getitem__, numbered)))))


def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode())


def _stem(word: str) -> str:
    """Enough folding that "accounts" meets "account" and "Facebook's" meets "Facebook"."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Content words in order, folded; numbers keep their digits only."""
    return [word for word in map(_fold, _WORD_RE.findall(text)) if word]


def _grams(hashes: list[int]) -> set[int]:
    """Hashes of the words and of the pairs of adjacent words. A pair's hash is combined from
    its words' hashes instead of hashing a joined string: half the cost of a signature went to
    building and hashing those strings."""
    grams = set(hashes)
    try:
        # (a * K ^ b) & M is (a * K & M) ^ b for any b below 2**32: with a's product kept, a
        # pair is one xor in C.
        grams.update(map(xor, map(_SPREAD.__getitem__, hashes), hashes[1:]))
    except KeyError:  # a word the caches had no room for
        grams.update([((a * 0x9E3779B1) ^ b) & 0xFFFFFFFF for a, b in zip(hashes, hashes[1:])])
    return grams


def _hash(gram: str) -> int:
    """The feature hash of a word or a "word word" pair (for tests and tools)."""
    parts = gram.split(" ")
    if len(parts) == 1:
        return _word_hash(gram)
    a, b = map(_word_hash, parts)
    return ((a * 0x9E3779B1) ^ b) & 0xFFFFFFFF


def _name_runs(text: str) -> list[str]:
    """Runs of capitalised words inside sentences (a sentence's first word is capitalised
    anyway, so a run starting a sentence is left out). Titles are not searched: headline case
    capitalises every word."""
    runs = []
    for match in _ENTITY_RE.finditer(text):
        before = match.start() - 1
        while before >= 0 and text[before] in " \t":
            before -= 1
        if before >= 0 and text[before] not in _SENTENCE_ENDS:
            runs.append(match.group())
    return runs


def _run_names(run: str) -> set[str]:
    # Word by word: outlets write "New York-based Graphika" and "Graphika", "The Atlantic
    # Council's lab" and "the Atlantic Council".
    return {w for w in words(run) if not w[:1].isdigit()}


def entities(text: str) -> set[str]:
    """The words of a text's names, folded: "information" from "The Information", "atlantic"
    and "council"."""
    return set().union(*map(_run_names, _name_runs(text)))


# A run of capitalised words -> the hashes of its names. Names recur ("OpenAI", "The
# Information"), so each run is folded and hashed once per process; bounded like _WORDS.
_RUNS: dict[str, tuple[int, ...]] = {}


def _run_hashes(run: str) -> tuple[int, ...]:
    hashes = _RUNS.get(run)
    if hashes is None:
        hashes = tuple({zlib.crc32(("name:" + name).encode()) for name in _run_names(run)})
        if len(_RUNS) < _CHUNKS_MAX:
            _RUNS[run] = hashes
    return hashes


def signature(title: str, excerpt: str | None, body: str = "", dated: bool = True) -> Signature:
    # Bounded whatever the file holds: an excerpt is a few hundred characters in any real feed.
    text = excerpt[:_UNDATED_CHARS] if excerpt else body[: _OPENING_CHARS if dated else _UNDATED_CHARS]
    (title_hashes, title_numbers), (text_hashes, text_numbers) = _scan(title), _scan(text)
    title_features = _grams(title_hashes)
    features = _grams(text_hashes)
    features |= title_features
    names = set(chain.from_iterable(map(_run_hashes, _name_runs(text))))
    return Signature(
        tuple(sorted(features)), tuple(sorted(title_features)), title_numbers, tuple(sorted(names)), text_numbers,
    )


def pack(sig: Signature) -> bytes:
    """One blob: the three counts, the three arrays, then the title's and the text's numbers."""
    head = struct.pack("<III", len(sig.features), len(sig.title), len(sig.entities))
    values = array("I", [*sig.features, *sig.title, *sig.entities]).tobytes()
    return head + values + (" ".join(sig.numbers) + "|" + " ".join(sig.text_numbers)).encode()


def unpack(blob: bytes) -> Signature:
    count, titled, named = struct.unpack_from("<III", blob)
    values = array("I")
    end = 12 + 4 * (count + titled + named)
    values.frombytes(blob[12:end])
    title_numbers, _, text_numbers = blob[end:].decode().partition("|")
    # Kept as arrays (4 bytes a feature, not a 32-byte int object): a cold pass holds every
    # article's signature, ~60 features each.
    return Signature(
        values[:count], values[count : count + titled], tuple(title_numbers.split()), values[count + titled :],
        tuple(text_numbers.split()),
    )


def numbers_of(blob: bytes) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The title's and the text's numbers of a packed signature, without the arrays."""
    count, titled, named = struct.unpack_from("<III", blob)
    title_numbers, _, text_numbers = blob[12 + 4 * (count + titled + named) :].decode().partition("|")
    return tuple(title_numbers.split()), tuple(text_numbers.split())
