"""The query language's reader: what a query means as a tree, what a mistake says and where,
and that any query printed back reads the same."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.query_fields import FIELDS
from reader.query_language import And, Not, Or, QueryError, Term, Text, parse, unparse


def test_terms_side_by_side_narrow_and_or_binds_tighter():
    assert parse("is:unread ai OR robots") == And((
        Term("is", ":", "unread"), Or((Text("ai"), Text("robots", prefix=True))),
    ))


def test_negation_parentheses_phrases_and_quoted_values():
    assert parse('-(topic:"Machine Learning" OR "open source") quality>=60') == And((
        Not(Or((Term("topic", ":", "Machine Learning"), Text("open source", quoted=True)))),
        Term("quality", ">=", "60"),
    ))


def test_the_last_word_is_a_prefix_and_a_star_makes_any_word_one():
    assert parse("chip fact") == And((Text("chip"), Text("fact", prefix=True)))
    assert parse("chi* factory topic:AI") == And((Text("chi", prefix=True), Text("factory"), Term("topic", ":", "AI")))
    assert parse('chip "factory"') == And((Text("chip"), Text("factory", quoted=True)))  # a quote ends it exactly


def test_several_values_of_one_field_mean_any_of_them():
    assert parse("topic:AI is:unread topic:Robotics") == And((
        Term("is", ":", "unread"), Or((Term("topic", ":", "AI"), Term("topic", ":", "Robotics"))),
    ))
    assert parse("-topic:AI -topic:Robotics") == And((Not(Term("topic", ":", "AI")), Not(Term("topic", ":", "Robotics"))))
    both = And((Term("topic", ":", "AI"), Term("topic", ":", "Robotics")))
    assert parse("topic:AI (topic:Robotics)") == both  # in parentheses, a term stays apart
    assert parse(unparse(both)) == both


def test_field_names_ignore_case_and_lowercase_or_is_a_word():
    assert parse("Topic:AI or") == And((Term("topic", ":", "AI"), Text("or", prefix=True)))


def test_an_empty_query_is_everything():
    assert parse("") is None
    assert parse("   ") is None


@pytest.mark.parametrize(("text", "message"), [
    ("qualty>=60", "unknown field 'qualty' at 1"),
    ("is:unread qualty>=60", "unknown field 'qualty' at 11"),
    ("quality>=lots", "quality: 'lots' is not a number at 10"),
    ("age<2", "age: '2' is not an age like 12h, 2d or 3w at 5"),
    ("age=2d", "age takes < <= > >=, not '=' at 4"),
    ("topic>=3", "topic takes :, not '>=' at 6"),
    ("is:new", "is: 'new' is not one of unread, read, starred at 4"),
    ("has:pictures", "has: 'pictures' is not one of body, full-text at 5"),
    ("after:2024-13-01", "after: '2024-13-01' is not a date like 2024-03-01 at 7"),
    ("topic:", "topic: needs a value at 7"),
    ('topic:""', "topic: needs a value at 7"),
    ('ai "open source', "unclosed quote at 4"),
    ("(ai robots", "'(' is never closed at 1"),
    ("ai)", "unexpected ')' at 3"),
    ("()", "nothing inside '()' at 1"),
    ("OR ai", "OR needs a term before it at 1"),
    ("ai OR", "OR needs a term after it at 4"),
    ("ai - robots", "'-' needs a term right after it at 4"),
])
def test_a_mistake_says_what_and_where(text: str, message: str):
    with pytest.raises(QueryError) as raised:
        parse(text)
    assert str(raised.value) == message


# -- properties --------------------------------------------------------------------------------

_WORDS = st.sampled_from(["ai", "robots", "Chip", "C++", "état", "10:30", "&", "a-b", "x*", "or", "AND", "*"])
_FIELD_TERMS = st.builds(
    lambda name, op, value: f"{name}{op}{value}",
    st.sampled_from([*FIELDS, "qualty", "Topic", "x"]),
    st.sampled_from([":", ">=", "<=", ">", "<", "="]),
    st.sampled_from(["AI", "60", "-1", "2d", "12h", "3w", "2024-01-31", "unread", "read", "starred", "body",
                     "reuters", "www.CNN.com", '"Machine Learning"', '""', "", "x"]),
)
_PIECES = st.one_of(
    _WORDS, _FIELD_TERMS, st.sampled_from(["(", ")", "OR", "-", '"', '"open source"', '"say \\"hi\\""']),
    st.text(max_size=6),
)


def _query(pieces: list[str], glue: list[bool]) -> str:
    """Pieces joined by a space, or stuck together, so `-` and `(` meet their terms."""
    out = ""
    for piece, tight in zip(pieces, glue + [False] * len(pieces)):
        out += piece + ("" if tight else " ")
    return out


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=10), st.lists(st.booleans(), max_size=10))
def test_any_term_list_parses_or_fails_with_a_position_and_prints_back_the_same(pieces, glue):
    text = _query(pieces, glue)
    try:
        tree = parse(text)
    except QueryError as error:
        assert 1 <= error.position <= len(text) + 1
        assert str(error).endswith(f" at {error.position}")
        return
    assert parse(unparse(tree)) == tree


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40))
def test_any_text_parses_or_fails_with_a_position(text):
    try:
        tree = parse(text)
    except QueryError as error:
        assert 1 <= error.position <= len(text) + 1
        return
    assert parse(unparse(tree)) == tree
