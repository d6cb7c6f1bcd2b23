"""`reader stories`: one line per news story (articles from any outlet reporting one event)."""

from __future__ import annotations

import argparse

from reader.cli import emit
from reader.query import Query
from reader.stories.query import Story


def add_parser(sub: argparse._SubParsersAction, add_paths, add_json, positive) -> None:
    parser = sub.add_parser(
        "stories", help="news stories: the articles that report one event, from any outlet",
        description="List stories, newest first: articles from any outlet that report one event (the cache is refreshed first).",
    )
    add_paths(parser)
    parser.add_argument("--topic", action="append", default=[], metavar="T", help="stories with an article in this topic (repeatable)")
    parser.add_argument("--provider", action="append", default=[], metavar="P", help="stories with an article from this provider name or domain (repeatable)")
    parser.add_argument("--feed", action="append", default=[], metavar="F", help="stories with an article from this subscribed feed: title, domain or URL (repeatable)")
    parser.add_argument("--unread", action="store_true", help="only stories with an unread article")
    parser.add_argument("--min-size", type=positive, default=1, metavar="N", help="only stories of at least N articles (default 1: every article)")
    add_json(parser)


def story_json(story: Story | None) -> dict | None:
    """The `story` of `reader show --json`: null unless another article shares it."""
    if story is None:
        return None
    return {"id": story.id, "articles": [article.as_json() for article in story.articles]}


def run(library, args, refresh) -> int:
    refresh(library, args, quiet=args.json)
    query = Query(topics=tuple(args.topic), providers=tuple(args.provider), feeds=tuple(args.feed), read=False if args.unread else None)
    stories = library.stories(query, args.min_size)
    emit(stories, args.json, "print_stories")
    return 0
