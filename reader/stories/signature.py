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


# token -> its feature hash, or -1 for a stopword. A few thousand words make up most of any
# text, so each is folded and hashed once per process; a plain dict looked up with map(), as
# lru_cache's wrapper cost as much as the work it saved. Bounded: past the limit, new tokens
# are folded every time. Only hashes are kept: the words themselves are needed for numbers
# and names alone, a few tokens an article.
_HASHES: dict[str, int] = {}
_HASHES_MAX = 200_000
_CURRENCIES = frozenset("$€£")
# Number token -> its digits, for the number tokens _HASHES holds: the numbers of a text are
# then one map() over its tokens, not a Python test of every token's first character.
_NUMBERS: dict[str, str] = {}


def _hash_of(token: str) -> int:
    word = _fold(token)
    value = zlib.crc32(word.encode()) if word else -1
    if len(_HASHES) < _HASHES_MAX:
        _HASHES[token] = value
        if token[0].isdigit() or token[0] in _CURRENCIES:
            _NUMBERS[token] = word
    return value


def _hashes(found: list[str]) -> list[int]:
    """The feature hashes of tokens, stopwords left out."""
    hashes = list(map(_HASHES.get, found))
    if None in hashes:
        hashes = [_hash_of(t) if h is None else h for t, h in zip(found, hashes)]
    return [h for h in hashes if h >= 0]


def _numbers(found: list[str]) -> tuple[str, ...]:
    """The numbers among tokens, digits only, sorted and distinct. Called after `_hashes` of
    the same tokens: while the cache has room, that put every one of them in it."""
    if len(_HASHES) < _HASHES_MAX:
        numbers = set(map(_NUMBERS.get, found))
        numbers.discard(None)
    else:
        numbers = {_fold(t) for t in found if t[0].isdigit() or t[0] in _CURRENCIES}
    return tuple(sorted(numbers))


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
    grams.update([((a * 0x9E3779B1) ^ b) & 0xFFFFFFFF for a, b in zip(hashes, hashes[1:])])
    return grams


def _hash(gram: str) -> int:
    """The feature hash of a word or a "word word" pair (for tests and tools)."""
    parts = gram.split(" ")
    if len(parts) == 1:
        return _word_hash(gram)
    a, b = map(_word_hash, parts)
    return ((a * 0x9E3779B1) ^ b) & 0xFFFFFFFF


def entities(text: str) -> set[str]:
    """The words of runs of capitalised words inside sentences (a sentence's first word is
    capitalised anyway, so a run starting a sentence is left out), folded: "information" from
    "The Information", "atlantic" and "council". Titles are not searched: headline case
    capitalises every word."""
    found = set()
    for match in _ENTITY_RE.finditer(text):
        before = match.start() - 1
        while before >= 0 and text[before] in " \t":
            before -= 1
        if before < 0 or text[before] in _SENTENCE_ENDS:
            continue  # a sentence's first word
        # Word by word: outlets write "New York-based Graphika" and "Graphika", "The Atlantic
        # Council's lab" and "the Atlantic Council".
        found.update(w for w in words(match.group()) if not w[:1].isdigit())
    return found


def signature(title: str, excerpt: str | None, body: str = "", dated: bool = True) -> Signature:
    # Bounded whatever the file holds: an excerpt is a few hundred characters in any real feed.
    text = excerpt[:_UNDATED_CHARS] if excerpt else body[: _OPENING_CHARS if dated else _UNDATED_CHARS]
    title_found, text_found = _WORD_RE.findall(title), _WORD_RE.findall(text)
    title_features = _grams(_hashes(title_found))
    features = title_features | _grams(_hashes(text_found))
    names = {zlib.crc32(("name:" + name).encode()) for name in entities(text)}
    return Signature(
        tuple(sorted(features)), tuple(sorted(title_features)), _numbers(title_found), tuple(sorted(names)),
        _numbers(text_found),
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
