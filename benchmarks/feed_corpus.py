"""The synthetic corpus (make_corpus.py) rendered as RSS 2.0 feeds, for the feeds benchmark.

Article i goes to feed i % FEEDS, so every feed holds about N / FEEDS items shaped like the
corpus: title, link, guid, pubDate, description (the excerpt), the body as HTML paragraphs,
categories (the topics) and an enclosure (the first image).
"""

from __future__ import annotations

from email.utils import format_datetime
from xml.sax.saxutils import escape

from make_corpus import Corpus

from reader.ingest.parse import parse_bytes
from reader.model import Article


def item_xml(article: Article) -> str:
    parts = [f"<item><title>{escape(article.title)}</title>"]
    if article.url:
        parts.append(f"<link>{escape(article.url)}</link><guid isPermaLink=\"true\">{escape(article.url)}</guid>")
    else:
        parts.append(f"<guid isPermaLink=\"false\">{article.id}</guid>")
    if article.published:
        parts.append(f"<pubDate>{format_datetime(article.published)}</pubDate>")
    if article.excerpt:
        parts.append(f"<description>{escape(article.excerpt)}</description>")
    if article.body:
        html = "".join(f"<p>{escape(p)}</p>" for p in article.body.split("\n\n"))
        parts.append(f"<content:encoded><![CDATA[{html}]]></content:encoded>")
    parts += [f"<category>{escape(topic)}</category>" for topic in article.topics]
    if article.images:
        parts.append(f"<enclosure url=\"{escape(article.images[0].url)}\" type=\"image/jpeg\" length=\"0\"/>")
    parts.append("</item>")
    return "".join(parts)


def render(n_items: int, n_feeds: int = 300) -> dict[str, bytes]:
    """{"/feed/K.xml": RSS bytes} for K in range(n_feeds)."""
    corpus = Corpus(n_items)
    items: list[list[str]] = [[] for _ in range(n_feeds)]
    for i in range(n_items):
        path, text, _mtime = corpus.file(i)
        article = parse_bytes(text.encode("utf-8"), path)
        if isinstance(article, Article):
            items[i % n_feeds].append(item_xml(article))
    return {
        f"/feed/{k}.xml": feed_xml(f"Synthetic feed {k}", f"https://feed-{k}.example/", entries)
        for k, entries in enumerate(items)
    }


def feed_xml(title: str, link: str, items: list[str]) -> bytes:
    """An RSS 2.0 document around items made by item_xml."""
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{escape(title)}</title><link>{escape(link)}</link><description>{escape(title)}</description>"
    )
    return (head + "".join(items) + "</channel></rss>\n").encode("utf-8")
