"""When the app fetches a full text by itself: the `full_text` setting of config.toml."""

from __future__ import annotations

from reader.query import Row


def fetch_on_open(setting: str | tuple[str, ...], row: Row, has_body: bool) -> bool:
    """True when opening this article should fetch its page: never for an article whose
    file has a body; for every other one with "on_open"; with a list, for those whose
    provider name or domain (or a parent domain of it) is listed."""
    if has_body or setting == "never" or not row.url:
        return False
    if setting == "on_open":
        return True
    from reader.ingest.fields import domain_of  # ingestion's modules, only for a list of sites

    wanted = {name.casefold().removeprefix("www.") for name in setting}
    if row.provider and row.provider.casefold() in wanted:
        return True
    for domain in filter(None, (row.domain, domain_of(row.url))):
        labels = domain.casefold().split(".")
        if any(".".join(labels[i:]) in wanted for i in range(len(labels) - 1)):
            return True
    return False
