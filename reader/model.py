"""The domain model: what one seed file becomes.

Plain frozen data classes with no behaviour beyond convenience; nothing here imports
SQLite or Textual. Every string in them has already been cleaned by `reader.ingest.clean`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Image:
    url: str
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True, slots=True)
class Provider:
    name: str
    domain: str | None = None


@dataclass(frozen=True, slots=True)
class Related:
    """A mini-article listed under another one's `related`."""

    title: str
    url: str | None = None
    excerpt: str | None = None
    published: datetime | None = None
    provider: Provider | None = None
    quality: float | None = None
    images: tuple[Image, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    path: str
    title: str
    body: str = ""
    excerpt: str | None = None
    url: str | None = None
    original_url: str | None = None
    amp_url: str | None = None
    published: datetime | None = None  # always UTC when present
    updated: datetime | None = None
    provider: Provider | None = None
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    quality: float | None = None
    heat: float | None = None
    type: str | None = None
    category: str | None = None
    published_flag: bool | None = None
    images: tuple[Image, ...] = ()
    related: tuple[Related, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that could not become an article, and why (one line)."""

    path: str
    reason: str
    kind: str = "unreadable"  # unreadable | too-large | bad-front-matter | duplicate | ...
