"""A page's bytes as text: the charset it declares, else the one it looks like.

In the order browsers use (the HTML standard's encoding sniffing, shortened): a byte order
mark, then the HTTP header's charset, then a <meta> charset in the first 4 KB, then UTF-8
if the bytes are UTF-8, else a guess from them (charset-normalizer). Labels are read as browsers read them, so a page that
says latin-1 or ascii is decoded as windows-1252, which is what such pages really are.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_META = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# What browsers decode these labels as (WHATWG Encoding: they all name windows-1252).
_CLOSE = 0.1  # detector "chaos" within which windows-1252 is as good a reading as the best
_AS_BROWSERS_DO = {"iso8859-1": "cp1252", "ascii": "cp1252"}


def decode(body: bytes, declared: str | None = None) -> str:
    """The page as text; bytes that do not fit the charset become U+FFFD, never an error."""
    return body.decode(charset_of(body, declared), errors="replace")


def charset_of(body: bytes, declared: str | None = None) -> str:
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    for label in (declared, _meta_charset(body)):
        if name := _known(label):
            return name
    return _guess(body[:65536])


def _guess(sample: bytes) -> str:
    """UTF-8 if the bytes are UTF-8; else windows-1252 (browsers' fallback for pages in Western
    languages) unless the detector finds it clearly worse than its best guess: on short text the
    detector alone often picks a cousin (cp1257 for French), turning à into ą."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    matches = charset_normalizer.from_bytes(sample)
    best = matches.best()
    if best is None:
        return "cp1252"
    western = next((m for m in matches if m.encoding == "cp1252"), None)
    if western is not None and western.chaos <= best.chaos + _CLOSE:
        return "cp1252"
    return _known(best.encoding) or "cp1252"


def _meta_charset(body: bytes) -> str | None:
    found = _META.search(body[:4096])
    return found.group(1).decode("ascii") if found else None


def _known(label: str | None) -> str | None:
    """Python's codec name for a charset label, or None if Python has no such codec."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    if name in ("utf-16-le", "utf-16-be", "utf-16"):  # a declared UTF-16 page without a BOM is a lie
        return None
    return _AS_BROWSERS_DO.get(name, name)
