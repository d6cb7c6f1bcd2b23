"""The plain block-style YAML that seed front matter is written in, read without libyaml.

Seed front matter is a mapping of `key: value` lines with nested mappings and `- ` lists,
values plain or quoted on one line. libyaml composes that into a node tree and calls back
into Python for every node: at 100,000 files that was half the cost of parsing. This reads
the same subset straight into dicts and lists, giving what the base loader gives (strings,
lists and dicts; an empty value is ''), and returns `None` for anything outside the subset
(flow collections other than [] and {}, block scalars, anchors, aliases, tags, comments
after values, multi-line scalars, tabs, complex keys, unusual escapes...), which then goes
to libyaml: every document either reads exactly as libyaml reads it or is handed over.
tests/test_simple_yaml.py checks that against libyaml on real, synthetic and generated text.
"""

from __future__ import annotations

import re

# Keys as seed files write them; anything else (quoted, numeric, "? ") goes to libyaml.
_KEY_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_KEYS_SEEN: set[str] = set()  # keys repeat in every file: check each spelling once
_DOUBLE_RE = re.compile(r'"((?:[^"\\]|\\.)*)"\Z')
_SINGLE_RE = re.compile(r"'((?:[^']|'')*)'\Z")
_ESCAPE_RE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
    "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
# Characters a plain scalar cannot start with ("-" can, before a digit: `heat: -1`).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# Line breaks other than \n, tabs (never allowed in indentation, trimmed oddly in scalars),
# and a byte order mark: libyaml's reading of these is not worth copying.
_HANDED_OVER_RE = re.compile("[\t\r\x85\u2028\u2029\ufeff]")
_MAX_DEPTH = 50


class _Unsupported(Exception):
    """Outside the subset: libyaml decides."""


def load(front: str, *, plain: bool = False) -> dict | None:
    """The front matter as the base loader would build it, or None when libyaml must read it.
    `plain`: the caller knows the text is printable ASCII and line feeds only, so none of
    the characters handed over can be in it (the look for them is a scan of the whole text)."""
    if not plain and _HANDED_OVER_RE.search(front):
        front = front.replace("\r\n", "\n")  # Windows line ends read like \n
        if _HANDED_OVER_RE.search(front):
            return None
    # Blank and comment lines carry nothing; the rest as (indent, text without the spaces).
    # One split and a loop, not a regex over every character: findall with a line pattern
    # cost ~40% more (the regex engine steps through each ~1,800-character front matter).
    lines = []
    append = lines.append
    for line in front.split("\n"):
        text = line.lstrip(" ")
        if text and text[0] != "#":
            append((len(line) - len(text), text.rstrip(" ")))
    if not lines or lines[0][0] != 0 or _is_item(lines[0][1]):
        return None  # empty, indented as a whole, or not a mapping: libyaml's errors are clearer
    lines.append((-1, ""))
    try:
        value, end = _Reader(lines).mapping(0, 0, 0)
    except _Unsupported:
        return None
    return value if end == len(lines) - 1 else None


def _is_item(text: str) -> bool:
    return text == "-" or text.startswith("- ")


def _known_key(key: str) -> bool:
    if not _KEY_RE.fullmatch(key):
        return False
    if len(_KEYS_SEEN) < 10_000:
        _KEYS_SEEN.add(key)
    return True


def _key(text: str) -> tuple[str, str] | None:
    """`key: rest` split, or None when the line is not a plain key (rest '' for `key:`)."""
    colon = text.find(":")
    if colon <= 0:
        return None
    key = text[:colon]
    if key not in _KEYS_SEEN and not _known_key(key):
        return None
    rest = text[colon + 1 :]
    if not rest:
        return key, ""
    if rest[0] != " ":
        return None  # `key:value` is one plain scalar in YAML
    return key, rest.lstrip(" ")


def _scalar(text: str) -> object:
    first = text[0]
    if first == '"':
        inner = text[1:-1]
        if len(text) > 1 and text[-1] == '"' and '"' not in inner and "\\" not in inner:
            return inner
        match = _DOUBLE_RE.match(text)
        if match is None:
            raise _Unsupported
        return _ESCAPE_RE.sub(_unescape, match.group(1))
    if first == "'":
        match = _SINGLE_RE.match(text)
        if match is None:
            raise _Unsupported
        return match.group(1).replace("''", "'")
    if first in _INDICATORS:
        if text == "[]":
            return []
        if text == "{}":
            return {}
        if not (first == "-" and text[1:2].isdigit()):
            raise _Unsupported
    if ": " in text or " #" in text or text[-1] == ":":
        raise _Unsupported
    return text


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    if len(code) > 1:
        point = int(code[1:], 16)
        if 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
            raise _Unsupported
        return chr(point)
    try:
        return _ESCAPES[code]
    except KeyError:
        raise _Unsupported from None


class _Reader:
    """Recursive descent over (indent, text) lines. Each block reads the lines at its own
    indent and returns at the first line indented less; a line indented in a way YAML would
    read as a continuation or refuse is handed over. The last line is a sentinel indented
    less than anything (-1), so no step needs a bounds check."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.lines = lines

    def block(self, i: int, depth: int) -> tuple[object, int]:
        indent, text = self.lines[i]
        if _is_item(text):
            return self.sequence(i, indent, depth)
        return self.mapping(i, indent, depth)

    def mapping(self, i: int, indent: int, depth: int) -> tuple[dict, int]:
        if depth > _MAX_DEPTH:
            raise _Unsupported
        out: dict = {}
        lines = self.lines
        while True:
            at, text = lines[i]
            if at != indent:
                if at < indent:
                    return out, i
                raise _Unsupported
            # _key, inline (a call a line was ~10% of reading): `key: rest` or `key:`.
            colon = text.find(":")
            if colon <= 0:
                raise _Unsupported
            key = text[:colon]
            if key not in _KEYS_SEEN and not _known_key(key):
                raise _Unsupported
            rest = text[colon + 1 :]
            i += 1
            if rest:
                if rest[0] != " ":
                    raise _Unsupported  # `key:value` is one plain scalar in YAML
                rest = rest.lstrip(" ")
                # _scalar's usual cases, inline: a double-quoted string with nothing to
                # unescape, or plain text (neither an indicator first nor ": " or " #" in it).
                first = rest[0]
                if first == '"':
                    if rest[-1] == '"' and len(rest) > 1 and rest.count('"') == 2 and "\\" not in rest:
                        value: object = rest[1:-1]
                    else:
                        value = _scalar(rest)
                elif first not in _INDICATORS and ": " not in rest and " #" not in rest and rest[-1] != ":":
                    value = rest
                else:
                    value = _scalar(rest)
            else:
                following = lines[i]
                if following[0] > indent:
                    value, i = self.block(i, depth + 1)
                elif following[0] == indent and _is_item(following[1]):
                    value, i = self.sequence(i, indent, depth + 1)  # `key:` then `- x` level with it
                else:
                    value = ""
            if lines[i][0] > indent:
                raise _Unsupported  # a continuation line, or an indent YAML refuses
            out[key] = value

    def sequence(self, i: int, indent: int, depth: int) -> tuple[list, int]:
        if depth > _MAX_DEPTH:
            raise _Unsupported
        out: list = []
        lines = self.lines
        while True:
            at, text = lines[i]
            if at < indent or (at == indent and not _is_item(text)):
                return out, i  # the caller decides whether the line belongs to it
            if at > indent:
                raise _Unsupported
            rest = text[1:].lstrip(" ")
            if not rest:
                i += 1
                value: object = ""
                if lines[i][0] > indent:
                    value, i = self.block(i, depth + 1)
            elif _key(rest) is not None:
                column = indent + len(text) - len(rest)  # `- key: v`: a mapping at the key's column
                lines[i] = (column, rest)
                value, i = self.mapping(i, column, depth + 1)
            elif _is_item(rest):
                raise _Unsupported  # `- - x`
            else:
                value = _scalar(rest)
                i += 1
            if lines[i][0] > indent:
                raise _Unsupported
            out.append(value)
