"""The readable text of an HTML page: the article's paragraphs, without the page around them.

trafilatura 2.3 with `favor_precision=True, include_comments=False`, chosen by measuring
here (benchmarks/fulltext.py, word-4-gram F1 on the 181 pages of the article-extraction
benchmark): 0.964, against 0.953 for trafilatura's defaults, 0.959 with favor_precision
alone (reader's readers never want the comments), and 0.949 for readability-lxml 0.9.
Its text output joins paragraphs with single newlines; the tree it returns is walked here
instead, so a paragraph, heading, list item or quote stays a paragraph of its own.
"""

from __future__ import annotations

import re

import trafilatura
from lxml import etree

from reader.errors import ReaderError

# Blocks of trafilatura's output tree: each becomes one paragraph (list items get a dash).
_BLOCKS = {"p", "head", "item", "quote", "code", "row"}
_SPACES = re.compile(r"[ \t\r\f\v]+")
MIN_WORDS = 10  # less than this is a stub, a paywall or an error page, not an article


class NothingReadable(ReaderError):
    def __init__(self) -> None:
        super().__init__("nothing readable found on the page")


def extract(html: str, url: str | None = None) -> str:
    """The article's text, paragraphs separated by a blank line; NothingReadable if none."""
    try:
        document = trafilatura.bare_extraction(
            html, url=url, favor_precision=True, include_comments=False, with_metadata=False,
        )
    except (ValueError, TypeError, etree.LxmlError, RecursionError):  # a page lxml cannot take
        document = None
    body = getattr(document, "body", None)
    paragraphs = _paragraphs(body) if body is not None else []
    text = "\n\n".join(paragraphs)
    if len(text.split()) < MIN_WORDS:
        raise NothingReadable
    return text


def _paragraphs(body: etree._Element) -> list[str]:
    paragraphs: list[str] = []
    for element in body.iter(*_BLOCKS):
        if any(parent.tag in _BLOCKS for parent in element.iterancestors()):
            continue  # a list inside a quote and the like: its text is in the outer block
        text = _text(element)
        if not text:
            continue
        if element.tag == "item":
            text = f"- {text}"
        elif element.tag == "row":
            text = " | ".join(filter(None, (_text(cell) for cell in element.iter("cell")))) or text
        paragraphs.append(text)
    return paragraphs


def _text(element: etree._Element) -> str:
    """An element's words in document order, its <lb/> line breaks kept, other whitespace folded."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        parts.append("\n" if node.tag == "lb" else node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    walk(element)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)
