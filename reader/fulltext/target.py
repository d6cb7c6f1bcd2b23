"""An article to fetch the page of: what the CLI and the app hand to reader/fulltext/batch.py
(a module of its own so the app can name one without importing the extractor)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    article_id: str
    title: str
    url: str | None
