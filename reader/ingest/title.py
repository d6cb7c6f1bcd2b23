"""A sensible title for a file with no front matter (or no usable title field)."""

from __future__ import annotations

import re

from reader.ingest.clean import clean_line, shorten

_HEAD_CHARS = 64 * 1024
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"'”’)]*\s")


def _is_artefact(line: str) -> bool:
    """Scraping leftovers such as `summary Summary`, `Advertisement`, `Share this`."""
    words = line.split()
    if len(words) <= 1:
        return True
    distinct = {w.strip(":.-|").lower() for w in words}
    return len(distinct) == 1 or not any(ch.isalpha() for ch in line)


def _reads_like_headline(line: str) -> bool:
    words = line.split()
    return 3 <= len(words) <= 25 and len(line) <= 160 and not line.endswith((".", ",", ";", ":"))


def first_sentence(text: str, limit: int = 120) -> str:
    text = clean_line(text)
    match = _SENTENCE_END_RE.search(text)
    sentence = text[: match.start()].strip() if match else text
    return shorten(sentence, limit)


def title_from_text(text: str, limit: int = 120) -> str | None:
    """The first line that reads like a headline, else the first sentence, cut at a word."""
    # Only the head is looked at: splitting a many-megabyte body into lines costs memory.
    for raw in text[:_HEAD_CHARS].splitlines()[:200]:
        line = clean_line(raw)
        if not line:
            continue
        if _is_artefact(line):
            continue  # a scraping leftover: keep looking
        if _reads_like_headline(line):
            return shorten(line, limit)
        return first_sentence(line, limit) or None
    return None
