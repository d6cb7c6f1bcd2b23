"""The query language from the shell: `reader list --query Q`, `reader list --view NAME` and
`reader views`. The query layer does the work; this module only reads arguments and prints."""

from __future__ import annotations

import argparse

from reader.cli import emit
from reader.errors import NotFound, ReaderError
from reader.query import Query
from reader.query_language import help_rows

QUERY_HELP = (
    "a query: words, \"phrases\", topic:T provider:P feed:F domain:D is:unread|read|starred has:body "
    "quality>=N heat>N age<2d after:YYYY-MM-DD before:YYYY-MM-DD, -term, OR, ( ) (see the README)"
)


def add_list_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--query", metavar="Q", default="", help=QUERY_HELP)
    parser.add_argument("--view", metavar="NAME", help="a saved view from [views] in config.toml (see `reader views`)")
    parser.formatter_class = argparse.RawDescriptionHelpFormatter  # the table below keeps its lines
    parser.epilog = "The query language (--query, views):\n" + "\n".join(
        f"  {syntax:<26} {meaning}" for syntax, meaning in help_rows()
    ) + "\nA query starting with '-' needs '=': --query=-topic:AI"


def add_views_command(sub) -> None:
    views = sub.add_parser(
        "views", help="saved views with unread and total counts",
        description="The views saved in config.toml's [views], with their queries and unread and total counts.",
    )
    views.add_argument("--json", action="store_true", help="print JSON (one object per line)")


def view_query(library, name: str | None) -> str:
    """A saved view's query, by name; an unknown name says which views there are."""
    if name is None:
        return ""
    views = library.views()
    if name in library.settings.bad_views:
        raise ReaderError(f"view '{name}' in config.toml: {library.settings.bad_views[name]}")
    if name not in views:
        known = ", ".join(f"'{view}'" for view in views) or "none in config.toml"
        raise NotFound(f"no view named '{name}' (views: {known})")
    return views[name]


def list_query(library, args: argparse.Namespace) -> Query:
    """`reader list`'s options as one Query: the old options are shorthand for its terms."""
    return Query(
        topics=tuple(args.topic), providers=tuple(args.provider), feeds=tuple(args.feed),
        read=False if args.unread else True if args.read else None,
        starred=args.starred, search=args.search, sort=args.sort,
        view=view_query(library, args.view), expression=args.query,
    )


def cmd_views(library, args) -> int:
    views = library.views()
    counts = library.view_counts(views)
    if not counts and not args.json:
        print('no views; add some to config.toml, e.g.\n[views]\n"Big stories" = "is:unread quality>=60"')
        return 0
    emit(list(counts), args.json, "print_counts", views, to_json=lambda count: {
        "name": count.name, "query": views[count.name], "unread": count.unread, "total": count.total,
    })
    return 0
