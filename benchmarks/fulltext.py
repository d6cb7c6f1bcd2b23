"""How well, and how fast, reader finds an article's text in its page.

Scored as the article-extraction benchmark scores (word 4-grams, "shingles", against the body
a person marked; precision and recall per page, then averaged, F1 of the two averages), on
the pages in benchmarks/fulltext_pages/ (or --pages DIR, e.g. the benchmark's own 181 pages).
Also: how often the paragraphs come out as the page's paragraphs (the count within 20% of the
marked body's), and the time per page. trafilatura's defaults and, when installed,
readability-lxml are measured in the same run as baselines.

    .venv/bin/python benchmarks/fulltext.py [--pages DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

PAGES = HERE / "fulltext_pages"
_WORD = re.compile(r"\w+")


def load_pages(folder: Path = PAGES) -> list[tuple[str, str, str]]:
    """(url, html, marked body) for every page in the folder."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key, entry in sorted(truth.items()):
        html = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8")
        pages.append((entry.get("url", ""), html, entry.get("articleBody", "")))
    return pages


def _shingles(text: str) -> Counter:
    words = _WORD.findall(text or "")
    return Counter(tuple(words[i : i + 4]) for i in range(max(1, len(words) - 3)) if words[i : i + 4])


def page_score(marked: str, found: str) -> tuple[float, float, float]:
    """(tp, fp, fn) shingle shares for one page, normalised so long pages weigh no more."""
    true, pred = _shingles(marked), _shingles(found)
    tp, fp, fn = sum((true & pred).values()), sum((pred - true).values()), sum((true - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def summary(scores: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """(F1, precision, recall) as the benchmark computes them."""

    def ratio(tp: float, other: float, both_zero: bool) -> float:
        return 1.0 if both_zero else 0.0 if tp == other == 0 else tp / (tp + other)

    precision = statistics.mean(ratio(tp, fp, fp == fn == 0) for tp, fp, fn in scores if tp + fp > 0)
    recall = statistics.mean(ratio(tp, fn, fp == fn == 0) for tp, fp, fn in scores if tp + fn > 0)
    return 2 * precision * recall / (precision + recall), precision, recall


def _paragraph_count(text: str) -> int:
    return sum(1 for block in re.split(r"\n\s*\n", text) if block.strip())


def reader_extractor() -> Callable[[str, str], str]:
    from reader.fulltext.extract import NothingReadable, extract

    def run(html: str, url: str) -> str:
        try:
            return extract(html, url)
        except NothingReadable:
            return ""

    return run


def trafilatura_defaults() -> Callable[[str, str], str]:
    import trafilatura

    return lambda html, url: trafilatura.extract(html, url=url) or ""


def readability_lxml() -> Callable[[str, str], str] | None:
    try:
        import lxml.html
        from readability import Document
    except ImportError:
        return None

    def run(html: str, _url: str) -> str:
        summary_html = Document(html).summary(html_partial=True)
        if not summary_html.strip():
            return ""
        return lxml.html.fromstring(summary_html).text_content()  # as the figure was made

    return run


def measure(extractor: Callable[[str, str], str], pages, repeat: int) -> dict:
    scores, paragraphs_kept, times = [], 0, []
    for url, html, marked in pages:
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            try:
                found = extractor(html, url)
            except Exception:  # noqa: BLE001 - a crash on one page scores as nothing found
                found = ""
            best = min(best, time.perf_counter() - start)
        times.append(best)
        scores.append(page_score(marked, found))
        want = _paragraph_count(marked)
        paragraphs_kept += abs(_paragraph_count(found) - want) <= max(1, 0.2 * want)
    f1, precision, recall = summary(scores)
    return {
        "f1": f1, "precision": precision, "recall": recall,
        "paragraphs": paragraphs_kept / len(pages), "ms": 1000 * statistics.mean(times),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=PAGES, help="a folder with html/ID.html.gz and ground-truth.json")
    parser.add_argument("--repeat", type=int, default=1, help="time each page N times, keep the fastest")
    args = parser.parse_args()
    pages = load_pages(args.pages)
    import trafilatura

    candidates = [("reader (trafilatura, precision, no comments)", reader_extractor())]
    candidates.append((f"trafilatura {trafilatura.__version__} defaults (baseline)", trafilatura_defaults()))
    if (readability := readability_lxml()) is not None:
        candidates.append(("readability-lxml", readability))
    print(f"full-text extraction: {len(pages)} pages from {args.pages.name}/; {platform.system()} "
          f"{platform.machine()}, Python {platform.python_version()}; time is the fastest of {args.repeat}")
    print()
    print("| extractor | F1 | precision | recall | paragraphs kept | ms per page | time vs baseline |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    results = [(name, measure(extractor, pages, args.repeat)) for name, extractor in candidates]
    baseline_ms = results[1][1]["ms"]
    for name, r in results:
        print(f"| {name} | {r['f1']:.3f} | {r['precision']:.3f} | {r['recall']:.3f} | "
              f"{r['paragraphs']:.0%} | {r['ms']:.0f} | {r['ms'] / baseline_ms:.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
