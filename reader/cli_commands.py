"""The subcommands and their parser: everything `reader SUBCOMMAND` needs beyond reader/cli.py.

Loaded only for a subcommand (or --help): the app's own start (`reader`, `reader PATH...`,
`reader app PATH...`) never builds the parser (see `app_arguments` in reader/cli.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from reader import __version__, cli_fulltext, cli_stories, cli_views
from reader.cli import COMMAND_NAMES, emit, open_app
from reader.formats import counted, exact_number, json_line, short_date
from reader.query import SORTS, iso

USAGE = "reader [-h] [--version] [PATH ...] | SUBCOMMAND ..."
EPILOG = """\
With no subcommand, reader opens the app: `reader PATH...` is `reader app PATH...`. A PATH
spelled like a subcommand opens as a path when written ./index (or after `reader app`).
PATH defaults to the sources in config.toml, else ./seeds, else the seeds bundled with reader.
READER_HOME=DIR keeps the cache, state and config under DIR.
"""


def _add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="seed files or folders (default: the configured sources)")


def _add_cached_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="only what the cache holds under these (default: the configured sources)")


def _add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON (one object per line for lists)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader", usage=USAGE, description="A keyboard-driven news reader for the terminal.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    # prog: each subcommand's usage and errors name it as "reader mark", not after the whole usage line.
    sub = parser.add_subparsers(dest="command", metavar="SUBCOMMAND", prog="reader")

    app = sub.add_parser("app", help="open the app (the default)", description="Open the app.")
    _add_paths(app)

    index = sub.add_parser("index", help="refresh the cache from seed files", description="Refresh the cache: parse new and changed files, drop deleted ones.")
    _add_paths(index)
    _add_json(index)

    lst = sub.add_parser("list", help="list articles", description="List articles, newest day first (the cache is refreshed first).")
    _add_paths(lst)
    lst.add_argument("--topic", action="append", default=[], metavar="T", help="only this topic (repeat for any of several)")
    lst.add_argument("--provider", action="append", default=[], metavar="P", help="only this provider name or domain (repeatable)")
    lst.add_argument("--feed", action="append", default=[], metavar="F", help="only this subscribed feed: title, domain or URL (repeatable)")
    state = lst.add_mutually_exclusive_group()
    state.add_argument("--unread", action="store_true", help="only unread articles")
    state.add_argument("--read", action="store_true", help="only read articles")
    lst.add_argument("--starred", action="store_true", help="only starred articles")
    lst.add_argument("--search", metavar="QUERY", default="", help="full-text search over title, excerpt and body (ranked)")
    cli_views.add_list_options(lst)
    lst.add_argument("--sort", choices=SORTS, help="date (default: newest day, then quality), newest, quality, or relevance (default with --search)")
    lst.add_argument("--limit", type=_positive, metavar="N", help="at most N articles")
    lst.add_argument("--cached", action="store_true", help="skip the refresh and list what the cache holds")
    _add_json(lst)

    show = sub.add_parser("show", help="show articles", description="Show everything about articles (one JSON object per line with --json). A unique id prefix is enough.")
    show.add_argument("ids", nargs="+", metavar="ID")
    _add_json(show)

    mark = sub.add_parser("mark", help="mark articles read, unread, starred or unstarred", description="Change read or starred marks.")
    mark.add_argument("action", choices=("read", "unread", "star", "unstar"))
    mark.add_argument("ids", nargs="+", metavar="ID")

    for name, what in (("topics", "topics"), ("providers", "providers")):
        p = sub.add_parser(name, help=f"{what} with total and unread counts", description=f"List {what} with total and unread counts (of what the cache holds under PATH).")
        _add_cached_paths(p)
        _add_json(p)

    cli_views.add_views_command(sub)

    problems = sub.add_parser("problems", help="files that could not be read", description="Files that could not become articles, and why.")
    _add_cached_paths(problems)
    _add_json(problems)

    cli_stories.add_parser(sub, _add_paths, _add_json, _positive)

    opener = sub.add_parser("open", help="open an article in the browser", description="Open an article's URL (http and https only).")
    opener.add_argument("id", metavar="ID")

    from reader.feeds.cli import register as register_feeds

    COMMANDS.update(register_feeds(sub, _add_json))
    cli_fulltext.add_parser(sub)
    if differ := set(sub.choices) ^ set(COMMAND_NAMES):  # `reader NAME` would open a folder NAME
        raise RuntimeError(f"the parser's subcommands and reader.cli.COMMAND_NAMES differ: {sorted(differ)}")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def with_default_command(argv: Sequence[str]) -> list[str]:
    """`reader PATH...` means `reader app PATH...`: a first argument that is neither an
    option nor a subcommand is a path."""
    argv = list(argv)
    if argv and argv[0] not in COMMAND_NAMES and not argv[0].startswith("-"):
        return ["app", *argv]
    return argv


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The subcommand and its options (argparse exits 2 with its usage line on a mistake)."""
    return build_parser().parse_args(with_default_command(argv))


def paths_of(args: argparse.Namespace) -> list[str]:
    return getattr(args, "paths", [])  # what `list --cached PATH` and the app's workers show


def run(library, args: argparse.Namespace) -> int:
    return COMMANDS[args.command or "app"](library, args)


# -- subcommands ---------------------------------------------------------------------------

def _index(library, args, quiet: bool = False):
    progress = None
    if sys.stderr.isatty() and not quiet:
        from reader.console import IndexProgress

        progress = IndexProgress()
    try:
        return library.index(args.paths, progress)
    finally:
        if progress:
            progress.done()


def cmd_app(library, args) -> int:
    return open_app(library, paths_of(args))  # `reader app` alone has no PATH argument


def cmd_index(library, args) -> int:
    report = _index(library, args)
    if args.json:
        print(json_line({k: getattr(report, k) for k in report.__dataclass_fields__}))
    else:
        print(report.summary())
    return 0


def cmd_list(library, args) -> int:
    query = cli_views.list_query(library, args)  # a mistake in it is told before any indexing
    if not args.cached:
        _index(library, args, quiet=args.json)
    rows = library.list(query, args.limit)
    if library.search_pending(query):  # another process's first index has not built search yet
        print("reader: the search index is still being built; search finds nothing until that index ends", file=sys.stderr)
    emit(rows, args.json, "print_rows")
    return 0


def cmd_show(library, args) -> int:
    details = [library.article(ref) for ref in args.ids]  # every id checked before anything prints
    for number, detail in enumerate(details):
        reading = library.reading(detail)
        story = library.story_of(detail.row.id)
        if args.json:
            print(json_line({**detail.as_json(), **reading.as_json(), "story": cli_stories.story_json(story)}))
            continue
        if number:
            print()
        _show(detail, reading, story)
    return 0


def _show(detail, reading, story) -> None:
    from rich.cells import cell_len  # the rule as wide as the title is on screen

    row = detail.row
    print(row.title)
    print("=" * min(cell_len(row.title), 80))
    facts = [
        ("id", row.id), ("provider", " · ".join(x for x in (row.provider, row.domain) if x) or None),
        ("published", iso(row.published)), ("quality", exact_number(row.quality)), ("heat", exact_number(row.heat)),
        ("topics", ", ".join(row.topics) or None), ("url", row.url), ("read", "yes" if row.read else "no"),
        ("starred", "yes" if row.starred else "no"), ("file", row.path),
    ]
    for label, value in facts:
        if value is not None:
            print(f"{label:>10}: {value}")
    for url, _w, _h in detail.images:
        print(f"{'image':>10}: {url}")
    if detail.excerpt:
        print(f"\n{detail.excerpt}")
    if reading.source == "full_text":
        print(f"\n({cli_fulltext.label(reading.full_text)})")
    if reading.body:
        print(f"\n{reading.body}")
    if detail.related:
        print("\nRelated:")
        for entry in detail.related:
            where = f" → {entry.article_id[:8]}" if entry.article_id else ""
            source = f" ({entry.provider})" if entry.provider else ""
            print(f"  {entry.position + 1}. {entry.title}{source}{where}")
    if story is not None:
        print(f"\nSame story ({story.size - 1}):")
        for other in story.articles:
            if other.id != row.id:
                print(f"  {other.id[:8]}  {short_date(other.published)}  {other.provider or '—'}: {other.title}")
    if detail.cited_by:
        print("\nCited by:")
        for cited in detail.cited_by:
            print(f"  {cited.id[:8]}  {cited.title}")


def cmd_mark(library, args) -> int:
    flag, value = {"read": ("read", True), "unread": ("read", False), "star": ("starred", True), "unstar": ("starred", False)}[args.action]
    ids = [library.resolve(ref) for ref in args.ids]
    library.mark(ids, flag, value)
    print(f"marked {counted(len(ids), 'article')} {args.action if args.action.endswith('read') else args.action + 'red'}")
    return 0


def cmd_topics(library, args) -> int:
    emit(library.counts().topics, args.json, "print_counts")
    return 0


def cmd_providers(library, args) -> int:
    emit(library.counts().providers, args.json, "print_counts")
    return 0


def cmd_problems(library, args) -> int:
    problems = library.problems()
    if args.json:
        for path, kind, reason in problems:
            print(json_line({"path": path, "kind": kind, "reason": reason}))
    elif not problems:
        print("no problems")
    else:
        for path, kind, reason in problems:
            print(f"{path}: {reason} [{kind}]")
    return 0


def cmd_open(library, args) -> int:
    from reader.links import open_url

    detail = library.article(args.id)
    print(f"opened {open_url(detail.row.url)}")
    return 0


COMMANDS = {
    "app": cmd_app, "index": cmd_index, "list": cmd_list, "show": cmd_show, "mark": cmd_mark,
    "topics": cmd_topics, "providers": cmd_providers, "problems": cmd_problems, "open": cmd_open,
    "fulltext": cli_fulltext.cmd_fulltext,
    "views": cli_views.cmd_views,
    "stories": lambda library, args: cli_stories.run(library, args, _index),
}

