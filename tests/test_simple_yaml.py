"""The direct front-matter readers (reader/ingest/simple_yaml.py, the boundary split) against
libyaml and python-frontmatter.

What a user would notice if it were wrong: a field read differently from before, or a broken
file accepted. So for every input it either gives exactly what libyaml's base loader gives,
or hands the text over (None); and on real seed files it must not hand over, since that is
where the indexing speed comes from.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.ingest import simple_yaml
from reader.ingest.parse import _HANDLER, _YAML_UNPRINTABLE_RE, _load_yaml, split_front_matter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import make_corpus  # noqa: E402

SETTINGS = settings(
    max_examples=400, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def libyaml(front: str) -> object:
    """What the loader used before (and still used for everything handed over) makes of it."""
    try:
        loaded = _load_yaml(front)
    except yaml.YAMLError:
        return "<error>"
    return {} if loaded is None else loaded


def front_matter(path: Path) -> str | None:
    text = path.read_text(encoding="utf-8", errors="replace")
    if not _HANDLER.detect(text):
        return None
    parts = _HANDLER.FM_BOUNDARY.split(text, 2)
    return _YAML_UNPRINTABLE_RE.sub("\u200b", parts[1]) if len(parts) == 3 else None


def agrees(front: str) -> bool:
    fast = simple_yaml.load(front)
    return fast is None or fast == libyaml(front)


def _fronts(paths: list[Path]) -> list[str]:
    return [f for f in map(front_matter, paths) if f is not None]


def test_real_and_synthetic_seed_files_are_read_directly_and_identically(seeds, corpus, tmp_path):
    make_corpus.make(300, tmp_path / "synthetic")
    files = [*seeds.glob("*"), *corpus.glob("*.md"), *(tmp_path / "synthetic").rglob("*.md")]
    fronts = _fronts(files)
    assert len(fronts) > 400
    handed_over = [f for f in fronts if simple_yaml.load(f) is None]
    assert handed_over == []
    for front in fronts:
        assert simple_yaml.load(front) == libyaml(front)


def test_hostile_files_are_read_identically_or_handed_over():
    fronts = _fronts([p for p in (ROOT / "tests" / "hostile").rglob("*") if p.is_file() and p.stat().st_size < 100_000])
    assert fronts
    for front in fronts:
        assert agrees(front), front[:200]


@pytest.mark.parametrize(
    "front",
    [
        "a: &x 1\nb: *x\n",  # anchors and aliases
        "a: |\n  line one\n  line two\n",  # block scalar
        "a: >\n  folded\n",
        "a: plain\n  continued\n",  # multi-line plain scalar
        "a: x # comment\n",
        "a: [1, 2]\n",
        "a: {b: c}\n",
        "a: !!str 1\n",
        "a:\tb\n",
        "? a\n: b\n",
        '"quoted key": v\n',
        "a: 'open\n",
        'a: "bad \\q escape"\n',
        "a: b: c\n",
        "- a\n- b\n",  # not a mapping: libyaml's own error message is clearer
        "  a: b\n",
        "a:\n  - - x\n",
        "a:\n  b: c\n d: e\n",  # an indent YAML refuses
    ],
)
def test_outside_the_subset_is_handed_over(front):
    assert simple_yaml.load(front) is None


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("a:\n", {"a": ""}),
        ("a: []\nb: {}\n", {"a": [], "b": {}}),
        ("heat: -1\nq: 07\nflag: no\n", {"heat": "-1", "q": "07", "flag": "no"}),
        ('t: "say \\"hi\\" \\u00e9\\n"\n', {"t": 'say "hi" é\n'}),
        ("t: 'it''s'\n", {"t": "it's"}),
        ("u: https://x.io/a?b=c#frag\n", {"u": "https://x.io/a?b=c#frag"}),
        ("topics:\n- AI\n- ML\nnext: 1\n", {"topics": ["AI", "ML"], "next": "1"}),
        ("r:\n  - title: T\n    images:\n      - url: u\n        width: 1\n  -\n    x: y\n", {"r": [{"title": "T", "images": [{"url": "u", "width": "1"}]}, {"x": "y"}]}),
        ("a: 1\r\nb: 2\r\n", {"a": "1", "b": "2"}),
        ("# comment\na: 1\n\n   \nb: C#\n", {"a": "1", "b": "C#"}),
        ("a: 1\na: 2\n", {"a": "2"}),  # a repeated key: the last one, as libyaml's loader does
    ],
)
def test_seed_file_shapes_read_like_libyaml(front, expected):
    assert simple_yaml.load(front) == expected
    assert libyaml(front) == expected


# -- generated -------------------------------------------------------------------------------

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_keys = st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,6}", fullmatch=True)
_values = st.recursive(
    _text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=3),
    max_leaves=12,
)


@SETTINGS
@given(st.dictionaries(_keys, _values, min_size=1, max_size=5), st.sampled_from([None, '"', "'"]), st.booleans())
def test_whatever_yaml_writes_reads_back_identically_or_is_handed_over(data, style, indent_lists):
    class Dumper(yaml.SafeDumper):
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            super().increase_indent(flow, False if indent_lists else indentless)

    front = yaml.dump(data, Dumper=Dumper, default_flow_style=False, default_style=style, allow_unicode=True, width=10_000)
    front = _YAML_UNPRINTABLE_RE.sub("\u200b", front)
    assert agrees(front)


# Lines stitched from the pieces seed front matter is made of, at odd indents: the direct
# reader must never accept what libyaml refuses, nor read anything differently.
_pieces = st.sampled_from(
    ["a", "title", "b_c", "-", " ", "  ", ":", ": ", "#", " #", '"', "'", "''", '\\"', "\\", "[]", "{}",
     "[", "{", ",", "&x", "*x", "!", "|", ">", "?", "%", "@", "`", "x y", "1", "-1", "é", "\u2028", "\t", "\r", "~"]
)
_line = st.tuples(
    st.sampled_from([0, 0, 0, 1, 2, 2, 3, 4, 6]),
    st.sampled_from(["", "", "- ", "-  ", "-"]),
    st.sampled_from(["", "a:", "a: ", "title: ", "b_c: ", "a:  "]),
    st.lists(_pieces, max_size=4),
).map(lambda t: " " * t[0] + t[1] + t[2] + "".join(t[3]))


@SETTINGS
@given(st.lists(_line, min_size=1, max_size=8))
@example(["a:", "- x", "b: y"])
@example(["a:", "  - x", "  b: y"])
@example(["a:", "- x", "  b: y"])
@example(["- a: b", "  c: d"])
@example(["a:", "  - b: c", "    d: e", "  - f"])
@example(["a:", "  -", "  b"])
@example(["a: b", "", "  c"])
@example(["a: 'x''"])
@example(['a: "x\\\\"'])
def test_line_soup_is_never_read_differently(lines):
    front = "\n".join(lines) + "\n"
    assert agrees(front)


# -- the front matter's boundaries -----------------------------------------------------------

_boundary_text = st.lists(st.sampled_from(["---", "----", "-", "--", "\n", " ", "\t", "x", "a: b", "\r\n", "\u2028"]), max_size=14).map("".join)


@SETTINGS
@given(_boundary_text)
@example("---\n---")
@example("---\n\n\nx\n--- \n\nbody")
@example("---\nx\n--\n---x\n----\t\nbody")
def test_front_matter_splits_where_python_frontmatter_splits_it(text):
    boundary = _HANDLER.FM_BOUNDARY
    if not boundary.match(text):
        assert split_front_matter(text) is None
        return
    parts = boundary.split(text, 2)
    if len(parts) < 3:
        with pytest.raises(Exception, match="never closed"):
            split_front_matter(text)
    else:
        assert split_front_matter(text) == (parts[1], parts[2])
