"""How well stories are found: B-cubed and pairwise precision/recall, stories recovered.

    python benchmarks/stories.py [--synthetic N] [--verbose] [--baselines]

On the labelled development set (../shared/corpus/everyday-ai with everyday-ai-stories.json)
and on a synthetic corpus from make_corpus.py, whose planted stories it records in
STORIES.json. A story is recovered when one cluster holds >= 2/3 of its files and is >= 2/3
made of them; a cluster is mixed when it holds files of two stories (every unlabelled file is a
story of its own; pairs labelled `unsure` may go either way).

The stories are found by the same code the index runs (reader.stories.build.find), from the
files' parsed articles.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from reader.ingest.parse import parse_file  # noqa: E402
from reader.ingest.scan import scan  # noqa: E402
from reader.model import Article  # noqa: E402
from reader.stories.build import find  # noqa: E402


def shared_dir() -> Path:
    for candidate in (REPO.parent / "shared", REPO.parent.parent / "shared"):
        if candidate.is_dir():
            return candidate
    raise SystemExit("../shared is not beside this checkout")


def articles(folder: Path) -> dict[str, Article]:
    files, _problems = scan([str(folder)])
    found = {}
    for seed in files:
        parsed = parse_file(seed.path)
        if isinstance(parsed, Article):
            found[os.path.relpath(seed.path, folder)] = parsed
    return found


def clusters_of(found: dict[str, Article]) -> list[list[str]]:
    names = list(found)
    stories = find([(i, found[name]) for i, name in enumerate(names)])
    return [[names[i] for i in story] for story in stories]


def _single_link(found: dict[str, Article], linked, window_days: float) -> list[list[str]]:
    """Connected components of `linked(a, b)` over pairs within the window (all pairs: only
    for comparison on small sets)."""
    from reader.stories.cluster import components

    names = list(found)
    edges = []
    for i, j in combinations(range(len(names)), 2):
        a, b = found[names[i]], found[names[j]]
        if a.published and b.published and abs((a.published - b.published).total_seconds()) > window_days * 86400:
            continue
        if linked(a, b):
            edges.append((1.0, i, j))
    return [[names[k] for k in sorted(group)] for group in components(edges)]


def _title_words(article: Article) -> set[str]:
    return {w.lower() for w in article.title.split() if any(ch.isalnum() for ch in w)}


def baselines(found: dict[str, Article]) -> dict[str, list[list[str]]]:
    """What others ship, for comparison: title-word Jaccard >= 0.5 within 14 days (NewsBlur's
    kind), and rapidfuzz's token_set_ratio >= 80 on titles within 7 days."""
    def jaccard(a: Article, b: Article) -> bool:
        x, y = _title_words(a), _title_words(b)
        return bool(x | y) and len(x & y) / len(x | y) >= 0.5

    out = {"title Jaccard >= 0.5, 14 d": _single_link(found, jaccard, 14)}
    try:
        from rapidfuzz import fuzz
    except ImportError:
        return out
    out["rapidfuzz title >= 80, 7 d"] = _single_link(found, lambda a, b: fuzz.token_set_ratio(a.title, b.title) >= 80, 7)
    return out


def evaluate(names: list[str], gold: list[list[str]], predicted: list[list[str]], unsure: set[frozenset[str]]) -> dict:
    gold_of = {name: i for i, story in enumerate(gold) for name in story}
    pred_of = {name: i for i, story in enumerate(predicted) for name in story}
    gold_label = {n: ("g", gold_of[n]) if n in gold_of else ("s", n) for n in names}
    pred_label = {n: ("p", pred_of[n]) if n in pred_of else ("s", n) for n in names}
    by_gold: dict = {}
    by_pred: dict = {}
    for n in names:
        by_gold.setdefault(gold_label[n], set()).add(n)
        by_pred.setdefault(pred_label[n], set()).add(n)
    precision = recall = 0.0
    for n in names:
        mine_pred, mine_gold = by_pred[pred_label[n]], by_gold[gold_label[n]]
        both = len(mine_pred & mine_gold)
        precision += both / len(mine_pred)
        recall += both / len(mine_gold)
    precision /= len(names)
    recall /= len(names)
    f1 = 2 * precision * recall / (precision + recall)
    gold_pairs = {frozenset(p) for s in gold for p in combinations(s, 2)} - unsure
    pred_pairs = {frozenset(p) for s in predicted for p in combinations(s, 2)} - unsure
    hit = len(gold_pairs & pred_pairs)
    recovered = 0
    for story in gold:
        members = set(story)
        for cluster in predicted:
            inside = len(members & set(cluster))
            if inside >= 2 / 3 * len(members) and inside >= 2 / 3 * len(cluster):
                recovered += 1
                break
    mixed = []
    for cluster in predicted:
        labels = {gold_label[n] for n in cluster}
        if len(labels) > 1:
            wrong = [p for p in combinations(cluster, 2) if gold_label[p[0]] != gold_label[p[1]] and frozenset(p) not in unsure]
            if wrong:
                mixed.append(cluster)
    return {
        "files": len(names), "stories": len(gold), "clusters": len(predicted),
        "bcubed_p": precision, "bcubed_r": recall, "bcubed_f1": f1,
        "pair_p": hit / len(pred_pairs) if pred_pairs else 1.0, "pair_r": hit / len(gold_pairs) if gold_pairs else 1.0,
        "recovered": recovered, "mixed": len(mixed), "mixed_clusters": mixed,
    }


def dev_set() -> tuple[dict[str, Article], list[list[str]], set[frozenset[str]]]:
    shared = shared_dir()
    labels = json.loads((shared / "corpus" / "everyday-ai-stories.json").read_text())
    found = articles(shared / "corpus" / "everyday-ai")
    return found, [s["files"] for s in labels["stories"]], {frozenset(p) for p in labels.get("unsure", [])}


def synthetic(n: int) -> tuple[dict[str, Article], list[list[str]], set[frozenset[str]]]:
    import make_corpus

    folder = Path(tempfile.mkdtemp(prefix="stories-bench-"))
    make_corpus.make(n, folder)
    planted = json.loads((folder / make_corpus.STORIES_FILE).read_text())
    return articles(folder), planted["stories"], set()


def report(name: str, found: dict[str, Article], gold, unsure, verbose: bool) -> dict:
    started = time.perf_counter()
    predicted = clusters_of(found)
    seconds = time.perf_counter() - started
    result = evaluate(list(found), gold, predicted, unsure)
    print(
        f"{name:<24} {result['files']:>7,} files  {result['stories']:>4} stories  "
        f"B-cubed P {result['bcubed_p']:.3f} R {result['bcubed_r']:.3f} F1 {result['bcubed_f1']:.3f}  "
        f"pairs P {result['pair_p']:.3f} R {result['pair_r']:.3f}  "
        f"recovered {result['recovered']}/{result['stories']}  mixed {result['mixed']}  "
        f"({seconds * 1e6 / max(1, result['files']):.0f} us/file)"
    )
    if verbose:
        for cluster in result["mixed_clusters"]:
            print("  mixed:", *cluster, sep="\n    ")
        gold_sets = [set(s) for s in gold]
        for cluster in predicted:
            if not any(set(cluster) <= s for s in gold_sets):
                print("  predicted:", *cluster, sep="\n    ")
        for story in gold:
            if not any(set(story) == set(c) for c in predicted):
                print("  gold story not exactly found:", *story, sep="\n    ")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=10_000, metavar="N", help="synthetic corpus size (0: skip)")
    parser.add_argument("--verbose", action="store_true", help="list clusters that are not exactly a labelled story")
    parser.add_argument("--baselines", action="store_true", help="also score simpler methods on the development set")
    args = parser.parse_args(argv)
    report("development set", *dev_set(), args.verbose)
    if args.baselines:
        found, gold, unsure = dev_set()
        for name, predicted in baselines(found).items():
            result = evaluate(list(found), gold, [c for c in predicted if len(c) > 1], unsure)
            print(
                f"  {name:<28} B-cubed F1 {result['bcubed_f1']:.3f}  pairs P {result['pair_p']:.3f} R {result['pair_r']:.3f}  "
                f"recovered {result['recovered']}/{result['stories']}  mixed {result['mixed']}"
            )
    if args.synthetic:
        report(f"synthetic {args.synthetic:,}", *synthetic(args.synthetic), args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
