"""One article's page to its readable text: fetch, extract, clean (as seed text is cleaned)."""

from __future__ import annotations

import re

from reader.errors import ReaderError
from reader.fulltext.extract import extract
from reader.fulltext.fetch import fetch_page
from reader.ingest.clean import clean_text
from reader.net import Fetcher


def read_page(fetcher: Fetcher, url: str | None, title: str = "") -> tuple[str, str]:
    """(the page's final URL, its text), or a ReaderError whose message is one line. A first
    paragraph that only repeats the article's title (the page's headline) is left out."""
    if not url:
        raise ReaderError("the article has no link to fetch")
    page = fetch_page(fetcher, url)
    try:
        text = extract(_inert(page.html), page.url)
    except ReaderError:
        raise
    except Exception as error:  # noqa: BLE001 - an extractor bug on one page is that page's failure
        raise ReaderError(f"nothing readable found (the extractor failed: {type(error).__name__})") from None
    # Markup such as [@click=app.quit] stays literal text: the views render it as plain text.
    first, _, rest = text.partition("\n\n")
    if rest and title and _folded(first) == _folded(title):
        text = rest
    return page.url, clean_text(text)


def _folded(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));?")


def _inert(html: str) -> str:
    """The page cleaned before it is parsed, as well as its text after: a control character,
    raw or written as a reference (&#27;), makes the parsed tree unusable, and with it the page."""

    def keep_safe(ref: re.Match) -> str:
        code = int(ref[1], 16) if ref[1] else int(ref[2])
        char = chr(code) if code <= 0x10FFFF else ""
        return ref[0] if char and clean_text(char) == char else ""

    return _CHAR_REF.sub(keep_safe, clean_text(html))
