"""What the detail pane says about an article or a related entry, as plain Content.

Pure functions of the data (and of 'now', for "N days ago"), so the pane's look is decided
in one place and every piece of seed text goes through `plain`/`plain_line`.
"""

from __future__ import annotations

from datetime import datetime

from textual.content import Content

from reader.formats import ago, long_date, number, short_date
from reader.query import ArticleDetail, RelatedEntry, Row
from reader.tui.text import line, plain, plain_line

MUTED = "$text-muted"
TITLE = "bold $text"
LABEL = "bold $text-secondary"


def _join(parts: list[Content], separator: str = " · ") -> Content:
    return Content(separator).stylize(MUTED).join([p for p in parts if p])


def source_line(provider: str | None, domain: str | None) -> Content:
    names = [line(x) for x in (provider, domain) if x]
    if len(names) == 2 and names[0].casefold() == names[1].casefold():
        names = names[:1]
    return Content(" · ".join(names) or "unknown source").stylize(MUTED)


def date_line(published: datetime | None, now: datetime) -> Content:
    if published is None:
        return Content("no date").stylize(MUTED)
    return Content(f"{long_date(published)} · {ago(published, now)}").stylize(MUTED)


def scores_line(quality: float | None, heat: float | None = None, row: Row | None = None) -> Content:
    parts = [Content.assemble(("quality ", MUTED), number(quality))]
    if heat is not None:
        parts.append(Content.assemble(("heat ", MUTED), number(heat)))
    if row is not None:
        parts.append(Content("read").stylize(MUTED) if row.read else Content("● unread").stylize("bold $accent"))
        if row.starred:
            parts.append(Content("★ starred").stylize("$warning"))
    return _join(parts)


def article_head(detail: ArticleDetail, now: datetime) -> Content:
    row = detail.row
    lines = [
        plain_line(row.title, TITLE),
        source_line(row.provider, row.domain),
        date_line(row.published, now),
        scores_line(row.quality, row.heat, row),
    ]
    if row.topics:
        lines.append(Content.assemble(("Topics  ", LABEL), plain_line(", ".join(row.topics))))
    if detail.excerpt:
        lines += [Content(""), plain(detail.excerpt, "italic")]
    return Content("\n").join(lines)


def article_tail(url: str | None, images: tuple[str, ...]) -> Content:
    """URL and image URLs, after the body."""
    lines = [Content.assemble(("URL  ", LABEL), plain_line(url) if url else Content("none").stylize(MUTED))]
    if images:
        lines.append(Content.styled("Images", LABEL))
        lines.extend(Content.assemble("  ", plain_line(image, MUTED)) for image in images)
    return Content("\n").join(lines)


def entry_head(entry: RelatedEntry, now: datetime, source_title: str | None) -> Content:
    """A related entry that is not in the cache, shown from its own data."""
    lines = [
        plain_line(entry.title, TITLE),
        source_line(entry.provider, entry.domain),
        date_line(entry.published, now),
        scores_line(entry.quality),
        Content(""),
        Content.assemble(
            ("Not in your library: ", "bold $warning"),
            ("shown from the related entry in ", MUTED),
            plain_line(source_title or "another article", "italic"),
            (". Press o to open the original.", MUTED),
        ),
    ]
    if entry.excerpt:
        lines += [Content(""), plain(entry.excerpt, "italic")]
    return Content("\n").join(lines)


def related_item(number_: int, entry: RelatedEntry) -> tuple[Content, Content]:
    """The number label, and title over a line of facts."""
    if entry.article_id is None:
        state = Content("not in library").stylize(MUTED)
        title_style = "$text"
    elif entry.article_read:
        state = Content("✓ in library, read").stylize("$success")
        title_style = "$text"
    else:
        state = Content("● in library, unread").stylize("bold $accent")
        title_style = "bold $text"
    meta = _join([
        plain_line(entry.provider or entry.domain or "", MUTED),
        Content(short_date(entry.published)).stylize(MUTED) if entry.published else Content(""),
        Content.assemble(("quality ", MUTED), (number(entry.quality), MUTED)) if entry.quality is not None else Content(""),
        state,
    ])
    label = f"{number_}" if number_ <= 9 else "·"
    return Content.styled(f"{label:>2}", "bold $accent"), Content.assemble(plain_line(entry.title, title_style), "\n", meta)


def same_story_item(number_: int, row: Row) -> tuple[Content, Content]:
    """Another outlet's article of the same story: the number label, and its title over
    provider, date, quality and read marker."""
    meta = _join([
        plain_line(row.provider or row.domain or "unknown source", MUTED),
        Content(short_date(row.published)).stylize(MUTED) if row.published else Content("no date").stylize(MUTED),
        Content.assemble(("quality ", MUTED), (number(row.quality), MUTED)),
        Content("✓ read").stylize("$success") if row.read else Content("● unread").stylize("bold $accent"),
    ])
    label = f"{number_}" if number_ <= 9 else "·"
    title = plain_line(row.title, "$text" if row.read else "bold $text")
    return Content.styled(f"{label:>2}", "bold $accent"), Content.assemble(title, "\n", meta)


def cited_item(row: Row) -> tuple[Content, Content]:
    meta = _join([
        plain_line(row.provider or row.domain or "", MUTED),
        Content(short_date(row.published)).stylize(MUTED) if row.published else Content(""),
        Content("read").stylize(MUTED) if row.read else Content("● unread").stylize("bold $accent"),
    ])
    return Content.styled(" ←", "bold $accent"), Content.assemble(plain_line(row.title, "$text" if row.read else "bold $text"), "\n", meta)


def breadcrumb(titles: list[str], index: int, width: int) -> Content:
    """Where you are in the followed links: 'A › B › C', the current page picked out."""
    if not titles:
        return Content("")
    limit = max(8, min(28, width // max(1, len(titles)) - 3))
    parts = []
    for position, title in enumerate(titles):
        text = line(title)
        text = text if len(text) <= limit else text[: limit - 1] + "…"
        parts.append(Content(text).stylize("bold $accent" if position == index else MUTED))
    back = "◂ " if index > 0 else "  "
    forward = " ▸" if index < len(titles) - 1 else ""
    content = Content.assemble((back, "bold $accent"), Content(" › ").stylize(MUTED).join(parts), (forward, "bold $accent"))
    if content.cell_length > width:
        content = Content("…") + content[content.cell_length - width + 1 :]
    return content


def full_text_note(text: str, failed: bool = False) -> Content:
    """The line over the article's text saying where it came from, or why no full text came."""
    return plain_line(text, "$text-warning" if failed else MUTED)  # a server's reason phrase is untrusted too
