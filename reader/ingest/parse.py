"""One seed file in, one `Article` or `Problem` out; never an exception.

Bounds, so one hostile file cannot hang or exhaust the scan:
- files over `MAX_FILE_BYTES` are not read at all;
- front matter over `MAX_FRONT_MATTER_BYTES` is refused before YAML sees it;
- nesting deeper than `MAX_DEPTH` is refused before YAML builds anything: libyaml's composer
  recurses and crashes the whole process (SIGSEGV, not an exception) at ~30,000 levels, which
  compact block style (`- - - - x`) reaches in 60 KB without a single bracket or indent;
- front matter with more than `MAX_YAML_VALUES` values is refused before it is composed;
- alias expansion (the "billion laughs" bomb) is caught by walking the loaded value with a
  node budget, which also catches self-referencing aliases.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

import frontmatter
import yaml

from reader.ingest import fields, simple_yaml
from reader.ingest.clean import clean_line, clean_text, shorten
from reader.ingest.title import first_sentence, title_from_text
from reader.model import Article, Problem

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_FRONT_MATTER_BYTES = 1024 * 1024
MAX_DEPTH = 200
MAX_YAML_NODES = 100_000  # after alias expansion
MAX_YAML_VALUES = 20_000  # as written; real front matter has a few hundred
MAX_TITLE_CHARS = 300
_BINARY_SNIFF = 8192
# Each block level needs a column further right, reached by indenting or by compact
# indicators ("- - - x", "? - x"); either way the line starts with a long run of these.
_DEEP_LINE_RE = re.compile(r"^[ \t?:-]{%d,}" % MAX_DEPTH, re.MULTILINE)
# Characters YAML refuses outright (all C0 but tab and line ends, DEL, C1 but NEL).
_YAML_UNPRINTABLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
# Below this size no nesting can reach a depth that hurts libyaml; above it, always count.
_ALWAYS_COUNT_FROM = 16 * 1024
_ANCHOR_RE = re.compile(r"&[^\s,\[\]{}]")  # aliases need an anchor to point at


_C_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class _SafeYAML(frontmatter.YAMLHandler):
    """python-frontmatter's YAML handler on YAML's most restrictive loader.

    The base loader builds only strings, lists and mappings: no tag (`!!python/...` or any
    other) can construct an object, and skipping implicit typing makes loading ~35% faster.
    `reader.ingest.fields` turns the strings into dates, numbers and flags leniently anyway.
    """

    def load(self, fm: str, **kwargs: object) -> object:
        loader = _C_LOADER(fm)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
        return None if node is None else _construct(node)


def _construct(root: yaml.Node) -> object:
    """What the base loader's constructor makes of a composed document (plain str, list and
    dict, every tag ignored; aliases share one object; a recursive alias and an unhashable
    key are the same errors), without its per-node dispatch: a third of the cost of loading
    our front matter went there."""
    built: dict[int, object] = {}  # id(node) -> value; None while the node is being built

    def build(node: yaml.Node) -> object:
        kind = type(node)
        if kind is yaml.ScalarNode:
            return node.value
        key = id(node)
        if key in built:
            value = built[key]
            if value is None:
                raise yaml.constructor.ConstructorError(
                    None, None, "found unconstructable recursive node", node.start_mark
                )
            return value
        built[key] = None
        if kind is yaml.SequenceNode:
            value = [build(child) for child in node.value]
        else:
            value = {}
            for key_node, value_node in node.value:
                name = build(key_node)
                if not isinstance(name, str):  # a list or a mapping: the only other kinds
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark
                    )
                value[name] = build(value_node)
        built[key] = value
        return value

    return build(root)


_HANDLER = _SafeYAML()


class _Refused(Exception):
    def __init__(self, reason: str, kind: str = "bad-front-matter") -> None:
        super().__init__(reason)
        self.kind = kind


def parse_file(path: str | os.PathLike[str]) -> Article | Problem:
    path = os.fspath(path)
    try:
        # O_NONBLOCK: a FIFO named like a seed file must not hang the scan waiting for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return Problem(path, "cannot read: not a regular file", "unreadable")
            if st.st_size > MAX_FILE_BYTES:
                return Problem(path, f"file is {st.st_size / 2**20:.0f} MiB, over the {MAX_FILE_BYTES // 2**20} MiB limit", "too-large")
            # Sized by fstat: asking for MAX_FILE_BYTES at once allocates 8 MiB per file,
            # which cost more than parsing a small file. A file that grew (or a short read)
            # is read on. os.read, not a file object: a third of the cost of a small file.
            data = os.read(fd, st.st_size + 1)
            if len(data) != st.st_size:
                data = _read_on(fd, data)
        finally:
            os.close(fd)
    except OSError as error:
        return Problem(path, f"cannot read: {error.strerror or error}", "unreadable")
    if len(data) > MAX_FILE_BYTES:  # grew between stat and read
        return Problem(path, f"file is over the {MAX_FILE_BYTES // 2**20} MiB limit", "too-large")
    return parse_bytes(data, path)


def _read_on(fd: int, data: bytes) -> bytes:
    parts = [data]
    total = len(data)
    while total <= MAX_FILE_BYTES:
        more = os.read(fd, MAX_FILE_BYTES + 1 - total)
        if not more:
            break
        parts.append(more)
        total += len(more)
    return b"".join(parts)


def parse_bytes(data: bytes, path: str) -> Article | Problem:
    try:
        return _parse(data, path)
    except _Refused as refused:
        return Problem(path, str(refused), refused.kind)
    except RecursionError:
        return Problem(path, f"front matter nested too deep (over {MAX_DEPTH} levels)")
    except MemoryError:
        return Problem(path, "front matter too large to load", "too-large")
    except Exception as error:  # noqa: BLE001 - one odd file must not stop the scan
        # A bug, not a property of the file: the kind lets tests fail on it loudly.
        return Problem(path, f"could not be parsed ({type(error).__name__})", "internal-error")


def _decode(data: bytes) -> str:
    if not data.strip():
        raise _Refused("empty file", "empty")
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise _Refused("binary file, not text", "binary")
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
    # A few stray bytes are repaired; mostly-undecodable text is not an article.
    if text.count("\ufffd") > max(16, len(text) // 100):
        raise _Refused("not UTF-8 text", "binary")
    return text


def _check_shape(front: str) -> None:
    """Refuse front matter whose size or nesting could hurt the YAML loader."""
    if len(front) > MAX_FRONT_MATTER_BYTES:
        raise _Refused(f"front matter over {MAX_FRONT_MATTER_BYTES // 1024} KiB")
    if (
        len(front) > _ALWAYS_COUNT_FROM
        or front.count("[") + front.count("{") > MAX_DEPTH
        or _DEEP_LINE_RE.search(front)
    ):
        _check_depth(front)  # only big or suspicious front matter pays for this look


def _check_depth(front: str) -> None:
    """Count nesting and values on libyaml's event stream. Its parser keeps an explicit stack,
    so unlike the composer it cannot overflow the C stack; events are made one at a time, so
    counting costs no memory, while composing half a million values takes ~200 MiB."""
    try:
        _count_events(front)
    except yaml.YAMLError as error:
        # Newer PyYAML wheels (6.0.4 here) bundle a libyaml whose scanner stops at 1,000 levels.
        if "maximum nesting depth" in str(error):
            raise _Refused(f"front matter nested too deep (over {MAX_DEPTH} levels)") from None
        raise


def _count_events(front: str) -> None:
    depth = values = 0
    for event in yaml.parse(front, Loader=_C_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(f"front matter nested too deep (over {MAX_DEPTH} levels)")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            continue
        elif not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
            continue
        values += 1
        if values > MAX_YAML_VALUES:
            raise _Refused(f"front matter has over {MAX_YAML_VALUES:,} values", "too-large")


def _check_size(value: object) -> None:
    """Walk the loaded value with a budget: alias bombs and alias cycles exceed it."""
    budget = MAX_YAML_NODES
    stack = [value]
    while stack:
        node = stack.pop()
        budget -= 1
        if budget < 0:
            raise _Refused("YAML aliases expand too far (a YAML bomb?)", "yaml-bomb")
        if isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _yaml_error(error: yaml.YAMLError, first_line: int) -> str:
    """One line naming the file line (1-based) where YAML gave up; `first_line` is the
    file line the front matter text starts on."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    where = f" at line {first_line + mark.line}" if mark is not None else ""
    return shorten(clean_text(f"broken YAML front matter{where}: {problem}").replace("\n", " "), 200)


# Printable ASCII and line feeds: a file of only these (most seed files) holds nothing that
# cleaning, the control-character repair or the YAML reader's hand-over look for, so those
# three scans of the text (~15 us a file) are skipped after one byte translation (~1 us).
_PLAIN_BYTES = bytes(range(0x20, 0x7F)) + b"\n"


def _parse(data: bytes, path: str) -> Article | Problem:
    text = _decode(data)
    plain = not data.translate(None, _PLAIN_BYTES)
    meta: dict = {}
    body = text
    split = split_front_matter(text)
    if split is not None:
        front, body = split
        # Raw control characters are not allowed in YAML, and a stray one (scraped titles
        # have them) would cost the whole article. Each becomes a zero-width space, which YAML
        # reads as plain text (so "\x1b[31m" cannot turn into a flow list) and cleaning drops.
        if not plain:
            front = _YAML_UNPRINTABLE_RE.sub("\u200b", front)
        # Front matter as seed files write it is read directly (below _ALWAYS_COUNT_FROM,
        # whatever that reader accepts is within every bound _check_shape enforces); the
        # rest is checked, then read by libyaml.
        loaded = simple_yaml.load(front, plain=plain) if len(front) <= _ALWAYS_COUNT_FROM else None
        try:
            if loaded is None:
                _check_shape(front)
                loaded = _load_yaml(front)
        except yaml.YAMLError as error:
            boundary = _HANDLER.FM_BOUNDARY.match(text)
            first_line = text.count("\n", 0, boundary.end() if boundary else 0) + 1
            raise _Refused(_yaml_error(error, first_line)) from None
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise _Refused(f"front matter is a {_kind(loaded)}, not a mapping of fields")
        meta = loaded
    return _article(meta, (body if plain else clean_text(body)).strip("\n"), text, path)


_BOUNDARY = _HANDLER.FM_BOUNDARY  # python-frontmatter's: a line of three or more dashes


def split_front_matter(text: str) -> tuple[str, str] | None:
    """(front matter, body), or None when the text has no front matter: what
    python-frontmatter's `FM_BOUNDARY.split(text, 2)` gives, without running the regex at
    every character of the front matter (only where a line starts with ---)."""
    opening = _BOUNDARY.match(text)
    if opening is None:
        return None
    start = text.find("\n---", opening.end() - 1)
    while start != -1:
        closing = _BOUNDARY.match(text, start + 1)
        if closing is not None:
            return text[opening.end() : closing.start()], text[closing.end() :]
        start = text.find("\n---", start + 1)
    raise _Refused("front matter opened with --- but never closed")


def _load_yaml(front: str) -> object:
    loaded = _HANDLER.load(front)
    if _ANCHOR_RE.search(front):
        _check_size(loaded)
    return loaded


def _kind(value: object) -> str:
    return {list: "list", str: "single string"}.get(type(value), type(value).__name__)


def _article(meta: dict, body: str, text: str, path: str) -> Article:
    get = meta.get
    excerpt = fields.as_line(get("excerpt"))
    url = fields.as_url(get("webUrl"))
    original_url = fields.as_url(get("originalUrl"))
    title = (
        fields.as_line(get("title"))
        or (first_sentence(excerpt) if excerpt else None)
        or title_from_text(body)
        or clean_line(Path(path).stem)  # file names are untrusted text too
        or "untitled"
    )
    title = shorten(title, MAX_TITLE_CHARS)
    identity = fields.canonical_url(url or original_url) if (url or original_url) else None
    # No URL: the id comes from a `guid` (a feed item without a link), else from the content
    # alone, so renaming or moving the file keeps its read state (and two copies of one text
    # are one article).
    guid = None if identity else fields.as_line(get("guid"), unescape=False)
    article_id = _digest("url:" + identity) if identity else _digest("guid:" + guid) if guid else _digest("text:" + text)
    return Article(
        id=article_id,
        path=path,
        title=title,
        body=body,
        excerpt=excerpt,
        url=url or original_url,
        original_url=original_url,
        amp_url=fields.as_url(get("ampWebUrl")),
        published=fields.as_datetime(get("publishedDateTime")),
        updated=fields.as_datetime(get("updatedDateTime")),
        provider=fields.as_provider(get("provider")),
        topics=fields.as_strings(get("topics")),
        tags=fields.as_strings(get("tags")),
        quality=fields.as_number(get("quality")),
        heat=fields.as_number(get("heat")),
        type=fields.as_line(get("type")),
        category=fields.as_line(get("category")),
        published_flag=fields.as_flag(get("published")),
        images=fields.as_images(get("images")),
        related=fields.as_related(get("related")),
    )


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def url_id(url: str) -> str:
    """The article id a URL would have: how related entries find their cached article."""
    return _digest("url:" + fields.canonical_url(url))
