"""The query language: text to a tree and back, with no SQL and no Textual.

    is:unread topic:AI OR topic:Robotics -provider:reuters quality>=60 "open source" robo

Words and "quoted phrases" are full text; `field:value` and `field>=value` are filters (the
fields are in reader/query_fields.py); `-` negates a term or a group; terms side by side narrow
each other; `OR` between two terms widens, and binds tighter than the space (as in most search
boxes: `a b OR c` is `a (b OR c)`); parentheses group. The last word, the one being typed, is a
prefix; `word*` is one anywhere. `unparse(parse(text))` parses to the same tree.
"""

from __future__ import annotations

import re
from functools import lru_cache

from msgspec import Struct

from reader.errors import ReaderError
from reader.query_fields import FIELDS, OPERATORS


class QueryError(ReaderError):
    """A query that cannot be read: what is wrong and where (1-based, in characters)."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} at {position}")
        self.message = message
        self.position = position


# -- the tree ----------------------------------------------------------------------------------

class Text(Struct, frozen=True):
    """Full text: a word (`prefix` while it is being typed, or with a trailing `*`) or a phrase."""

    value: str
    quoted: bool = False
    prefix: bool = False


class Term(Struct, frozen=True):
    """A filter on one field: `topic:AI`, `quality>=60`."""

    field: str
    op: str
    value: str


class Not(Struct, frozen=True):
    """The articles `node` does not match."""

    node: Node


class And(Struct, frozen=True):
    """The articles every one of `nodes` matches."""

    nodes: tuple[Node, ...]


class Or(Struct, frozen=True):
    """The articles any of `nodes` matches."""

    nodes: tuple[Node, ...]


Node = Text | Term | Not | And | Or


def all_of(nodes: list[Node]) -> Node | None:
    """Nodes that narrow each other, as one node (None for none: everything)."""
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else And(tuple(nodes))


def any_of(nodes: list[Node]) -> Node | None:
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))


# -- tokens ------------------------------------------------------------------------------------

_FIELD_RE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)(" + "|".join(re.escape(op) for op in OPERATORS) + r")(.*)", re.S)
_STOP = set(' \t\n\r\f\v()"')


class _Token(Struct, frozen=True):
    """One token of a query as typed, with where it starts (for error messages)."""

    kind: str  # ( ) OR - word field
    position: int  # 1-based
    value: str = ""
    quoted: bool = False
    prefix: bool = False
    name: str = ""
    op: str = ""
    value_position: int = 0


def _quoted(text: str, start: int) -> tuple[str, int]:
    """The string in quotes opening at text[start]; backslash escapes the next character.
    Returns the value and the index after the closing quote."""
    out: list[str] = []
    i = start + 1
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        elif char == '"':
            return "".join(out), i + 1
        else:
            out.append(char)
            i += 1
    raise QueryError("unclosed quote", start + 1)


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(_Token(char, i + 1))
            i += 1
        elif char == "-":
            if i + 1 >= len(text) or text[i + 1].isspace() or text[i + 1] == ")":
                raise QueryError("'-' needs a term right after it", i + 1)
            tokens.append(_Token("-", i + 1))
            i += 1
        elif char == '"':
            value, i_next = _quoted(text, i)
            tokens.append(_Token("word", i + 1, value, quoted=True))
            i = i_next
        else:
            j = i
            while j < len(text) and text[j] not in _STOP and not text[j].isspace():
                j += 1
            run = text[i:j]
            field = _FIELD_RE.fullmatch(run)
            if run == "OR":
                tokens.append(_Token("OR", i + 1))
            elif field:
                name, op, value = field.groups()
                value_position = i + 1 + len(name) + len(op)
                if not value and j < len(text) and text[j] == '"':
                    value, j = _quoted(text, j)
                tokens.append(_Token("field", i + 1, value, name=name, op=op, value_position=value_position))
            elif run.endswith("*"):
                tokens.append(_Token("word", i + 1, run[:-1], prefix=True))
            else:
                tokens.append(_Token("word", i + 1, run))
            i = j
    # The word being typed matches as a prefix, so results follow typing.
    last = next((k for k in range(len(tokens) - 1, -1, -1) if tokens[k].kind != ")"), None)
    if last is not None and tokens[last].kind == "word" and not tokens[last].quoted:
        t = tokens[last]
        tokens[last] = _Token("word", t.position, t.value, prefix=True)
    return tokens


# -- the parser --------------------------------------------------------------------------------

class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.at = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def end_position(self) -> int:
        return len(self.text.rstrip()) + 1

    def parse(self) -> Node | None:
        node = self.conjunction()
        token = self.peek()
        if token is not None:  # only a ')' stops a conjunction early
            raise QueryError("unexpected ')'", token.position)
        return node

    def conjunction(self) -> Node | None:
        nodes: list[Node] = []
        bare: list[bool] = []  # written as a term, not in parentheses
        while (token := self.peek()) is not None and token.kind != ")":
            node = self.disjunction()
            nodes.append(node)
            bare.append(token.kind == "field" and isinstance(node, Term))
        return all_of(_any_of_same_field(nodes, bare))

    def disjunction(self) -> Node:
        nodes = [self.unary()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            following = self.peek()
            if following is None or following.kind in (")", "OR"):
                raise QueryError("OR needs a term after it", token.position)
            nodes.append(self.unary())
        flat = [part for node in nodes for part in (node.nodes if isinstance(node, Or) else (node,))]
        return any_of(flat)

    def unary(self) -> Node:
        token = self.take()
        if token.kind == "-":
            following = self.peek()
            if following is None or following.kind in (")", "OR"):
                raise QueryError("'-' needs a term right after it", token.position)
            return Not(self.unary())
        if token.kind == "(":
            inner = self.conjunction()
            closing = self.peek()
            if closing is None:
                raise QueryError("'(' is never closed", token.position)
            self.take()
            if inner is None:
                raise QueryError("nothing inside '()'", token.position)
            return inner
        if token.kind == ")":
            raise QueryError("unexpected ')'", token.position)
        if token.kind == "OR":
            raise QueryError("OR needs a term before it", token.position)
        if token.kind == "field":
            return _term(token)
        return Text(token.value, token.quoted, token.prefix)


def _any_of_same_field(nodes: list[Node], bare: list[bool]) -> list[Node]:
    """Side by side, several values of one any-of field mean any of them, as the --topic
    options do: `topic:AI is:unread topic:Robotics` is `is:unread topic:AI OR topic:Robotics`.
    The group stands where its last term did, so the word being typed stays the last. A term
    in parentheses stays apart: `topic:AI (topic:Robotics)` is an article with both."""
    grouped = [isinstance(node, Term) and FIELDS[node.field].any_of and alone for node, alone in zip(nodes, bare)]
    values: dict[str, list[Term]] = {}
    for node, group in zip(nodes, grouped):
        if group:
            values.setdefault(node.field, []).append(node)
    out: list[Node] = []
    for node, group in zip(nodes, grouped):
        if not group:
            out.append(node)
        elif values[node.field][-1] is node:
            out.append(any_of(values[node.field]))
    return out


def _term(token: _Token) -> Term:
    name = token.name.lower()
    spec = FIELDS.get(name)
    if spec is None:
        raise QueryError(f"unknown field '{token.name}'", token.position)
    op = token.op
    if op not in spec.ops:
        allowed = " ".join(spec.ops)
        raise QueryError(f"{name} takes {allowed}, not '{op}'", token.value_position - len(op))
    if not token.value.strip():
        raise QueryError(f"{name}{op} needs a value", token.value_position)
    try:
        spec.convert(token.value)
    except ValueError as error:
        raise QueryError(f"{name}: {error}", token.value_position) from None
    return Term(name, op, token.value)


@lru_cache(maxsize=256)
def parse(text: str) -> Node | None:
    """The tree of a query (None when it is empty: everything). Raises QueryError."""
    return _Parser(text).parse()


# -- back to text ------------------------------------------------------------------------------

def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _bare_value(value: str) -> str:
    if not value or any(char in _STOP or char.isspace() for char in value):
        return _quote(value)
    return value


def unparse(node: Node | None) -> str:
    """A query's text: it parses back to the same tree."""
    if node is None:
        return ""
    if isinstance(node, Text):
        return _quote(node.value) if node.quoted else node.value + ("*" if node.prefix else "")
    if isinstance(node, Term):
        return f"{node.field}{node.op}{_bare_value(node.value)}"
    if isinstance(node, Not):
        inner = unparse(node.node)
        return f"-({inner})" if isinstance(node.node, (And, Or)) else f"-{inner}"
    if isinstance(node, Or):
        return " OR ".join(f"({unparse(n)})" if isinstance(n, And) else unparse(n) for n in node.nodes)
    parts: list[str] = []
    fields: set[str] = set()
    for n in node.nodes:
        text = unparse(n)
        if isinstance(n, And):
            text = f"({text})"
        elif isinstance(n, Term) and FIELDS[n.field].any_of:
            if n.field in fields:  # both, not either: kept apart from the first by parentheses
                text = f"({text})"
            fields.add(n.field)
        parts.append(text)
    return " ".join(parts)


# -- the --search option's text ----------------------------------------------------------------

_SEARCH_WORD_RE = re.compile(r'"[^"]+"|[\w][\w\'’.-]*', re.UNICODE)


def search_terms(text: str) -> list[Text]:
    """`--search` text (full text only, never fields or operators) as Text nodes: every word
    must match, the last one as a prefix unless the text ends in a quote."""
    terms = [
        Text(token[1:-1], quoted=True) if token.startswith('"') else Text(token)
        for token in _SEARCH_WORD_RE.findall(text)
    ]
    worded = [k for k, term in enumerate(terms) if fts_words(term)]
    if worded and not text.rstrip().endswith('"'):
        last = terms[worded[-1]]
        terms[worded[-1]] = Text(last.value, last.quoted, prefix=True)
    return terms


def fts_words(term: Text) -> list[str]:
    """The words FTS5 sees in a term: punctuation and operators never reach it."""
    return re.findall(r"\w+", term.value)


def fts_term(term: Text) -> str:
    """One term as a safe FTS5 phrase ("" when it has no words)."""
    words = fts_words(term)
    if not words:
        return ""
    return '"' + " ".join(words) + '"' + ("*" if term.prefix else "")


def help_rows() -> list[tuple[str, str]]:
    """The language in a few lines (what to type, what it does): for a help screen."""
    return [
        ('word  "a phrase"', "full text; the last word is a prefix, and word* is one anywhere"),
        *((field.syntax, f"{field.meaning}: {field.example}") for field in FIELDS.values()),
        ("-term  -( … )", "everything else: -topic:AI"),
        ("A OR B", "either (binds tighter than the space): is:unread ai OR robots"),
        ("( … )", "groups: (topic:AI quality>=80) OR is:starred"),
        ("a b", "side by side, terms narrow each other; topic:A topic:B is either"),
    ]
