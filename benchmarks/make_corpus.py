"""Write N synthetic seed files shaped like the real corpus, deterministically.

    python benchmarks/make_corpus.py N DIR

Shape (taken from ../shared/corpus/everyday-ai and ./seeds):
- front matter in the corpus's key order: category, title (~75 chars), excerpt (~230 chars),
  publishedDateTime, originalUrl (half), webUrl, ampWebUrl (40%), type, quality/heat/published
  (70%), provider {name, domain} (a few hundred providers, a few of them very common), topics
  ("AI" on almost all, plus one to three of a few dozen others), images (80%), and a ~400-char
  `secured` blob;
- ~30% carry a `related` list (1-10 entries; median 3) whose URLs point both at other generated
  articles (so they resolve) and at URLs no file has;
- ~5% are plain text without front matter (.txt, a title line and paragraphs);
- bodies: like the corpus, most files are front matter only; 40% carry a body of 0.3-4 KB like
  the seeds, so the median file is ~1.7 KB (the corpus median is 1.5 KB);
- spread over 100 folders;
- planted stories (labelled in STORIES.json, which the scan ignores): every 40th article leads
  a story of 2-6 files, one event rewritten by other providers within three days (headlines
  and excerpts paraphrased from the event's names, number and verbs, mixed with common words),
  a third of them re-posts (the same title and excerpt under another URL); the file after each
  story is a hard negative: same company and topic words, three days later, another event.

Same N, same bytes (and the same mtimes): everything comes from one seeded generator.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

FOLDERS = 100
STORIES_FILE = "STORIES.json"
STORY_EVERY = 40
_COMPANIES = ("Google", "Microsoft", "Amazon", "OpenAI", "Apple", "Meta", "Nvidia", "IBM")
_VERBS = (("launches", "unveils", "rolls out", "debuts", "introduces"), ("buys", "acquires", "takes over", "snaps up"),
          ("sues", "takes to court", "files suit against"), ("partners with", "teams up with", "signs deal with"))
_NOUNS = ("model", "chip", "assistant", "platform", "robot", "tool", "service", "lab")
SEED = 20240601
START = datetime(2017, 1, 1, tzinfo=UTC)
SPAN_S = 8 * 365 * 86400

_COMMON = (
    "the of and to a in is that for on with as by it at from this be are an has was will new "
    "its can more have their which but not also said about into how than they been one what "
    "ai data model models learning machine intelligence artificial company research use using "
    "system systems technology tech companies google microsoft amazon openai apple meta nvidia "
    "startup market billion million cloud chips robot robots vision language image images "
    "training neural network networks deep open source generative chatbot users people could "
    "would first year years today report study researchers team help build tools tool product "
    "products business enterprise health healthcare medical cars autonomous driving security "
    "privacy police face recognition government law rules regulation europe china us world "
    "students school university scientists future work jobs workers human humans video text"
).split()
_SYLLABLES = (
    "ka ro mi ta ne lo su vi da pe ri zo an el or un ex tra con ver sen gra pho lex mod "
    "net syn cor bal tis qui dra fen gol hur jin kel mor nap pul rin sal tor vek wal yor zen"
).split()


class Words:
    """A Zipf-like vocabulary: common words most of the time, a long tail of rare ones, so the
    full-text index has the shape of real text."""

    def __init__(self, rng: random.Random, size: int = 30_000) -> None:
        rare = set()
        while len(rare) < size:
            rare.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
        tail = sorted(rare)
        rng.shuffle(tail)
        self.words = list(_COMMON) + tail
        # Ranks 1..N with Zipf's exponent ~1.1: the ~300 common words make ~60% of the text.
        weights = [1.0 / (rank + 3) ** 1.15 for rank in range(len(self.words))]
        self.cum = list(itertools.accumulate(weights))

    def take(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum, k=k)

    def sentence(self, rng: random.Random, low: int = 8, high: int = 24) -> str:
        words = self.take(rng, rng.randint(low, high))
        words[0] = words[0].capitalize()
        return " ".join(words) + rng.choice((".", ".", ".", "?", "!"))


def _providers(rng: random.Random, words: Words, count: int = 400) -> list[tuple[str, str]]:
    providers, seen = [], set()
    while len(providers) < count:
        stem = "".join(w.capitalize() for w in words.take(rng, rng.randint(1, 2)) if w.isalpha())
        if not stem or stem.lower() in seen:
            continue
        seen.add(stem.lower())
        name = rng.choice((stem, stem, f"The {stem}", f"{stem} News", f"{stem} Daily", f"{stem}.com"))
        providers.append((name, f"{stem.lower()}{rng.choice(('.com', '.com', '.org', '.net', '.io', '.co.uk'))}"))
    return providers


def _topics(rng: random.Random, words: Words, count: int = 48) -> list[str]:
    fixed = ["AI in Autos", "AI in Healthcare", "AI in Robotics", "AI Hardware", "AWS AI", "Computer Vision",
             "Facebook AI", "Google AI", "IBM AI", "Machine Learning", "Microsoft AI", "Natural Language Processing"]
    topics = list(fixed)
    while len(topics) < count:
        name = " ".join(w.capitalize() for w in words.take(rng, 2))
        if name not in topics:
            topics.append(name)
    return topics


def _zipf_cum(count: int, exponent: float = 1.1) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank + 1) ** exponent for rank in range(count)))


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escaping is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


class Corpus:
    def __init__(self, n: int) -> None:
        self.n = n
        rng = random.Random(SEED)
        self.words = Words(rng)
        self.providers = _providers(rng, self.words)
        self.provider_cum = _zipf_cum(len(self.providers), 0.9)
        self.topics = _topics(rng, self.words)
        self.topic_cum = _zipf_cum(len(self.topics) - 0, 0.8)

    def planted(self, i: int) -> tuple[int, int] | None:
        """(leader, position) when article i belongs to a planted story (or, position -1,
        is the hard negative after one)."""
        leader = i - i % STORY_EVERY
        size = 2 + random.Random(SEED * 17 + leader).randrange(5)
        position = i - leader
        if leader + size > self.n - 1:
            return None
        if position < size:
            return leader, position
        return (leader, -1) if position == size else None

    def story_files(self) -> list[list[str]]:
        stories: dict[int, list[str]] = {}
        for i in range(self.n):
            where = self.planted(i)
            if where and where[1] >= 0:
                stories.setdefault(where[0], []).append(self.file(i)[0])
        return [files for files in stories.values() if len(files) > 1]

    def _event(self, leader: int, position: int, rng: random.Random) -> tuple[str, str, datetime]:
        """Title, excerpt and time of one rewrite of a planted event (or of its hard negative)."""
        event = random.Random(SEED * 19 + leader)
        company = event.choice(_COMPANIES)
        verbs = event.choice(_VERBS)
        noun = event.choice(_NOUNS)
        when = self._when(random.Random(SEED * 13 + leader))
        common = self.words.take(event, 4)
        if position < 0:  # same company, noun and words; another event, days later
            other = random.Random(SEED * 23 + leader)
            names = [w.capitalize() for w in self.words.words[300 + other.randrange(29_000) :][:2]]
            number = str(other.randint(2, 900))
            when += timedelta(days=3, hours=other.randrange(24))
            verb = other.choice(other.choice(_VERBS))
        else:
            names = [w.capitalize() for w in self.words.words[300 + event.randrange(29_000) :][:3]]
            number = str(event.randint(2, 900))
            when += timedelta(hours=rng.randrange(72)) if position else timedelta()
        repost = position > 0 and random.Random(SEED * 29 + leader + position).random() < 0.33
        rewrite = random.Random(SEED * 31 + leader + (0 if repost else position))
        if position >= 0:
            verb = rewrite.choice(verbs)
        picked = [company, verb, *rewrite.sample(names, k=min(len(names), 2)), noun]
        if rewrite.random() < 0.6:
            picked.append(f"worth ${number} million")
        filler = self.words.take(rewrite, rewrite.randint(1, 3)) + common[: rewrite.randint(0, 2)]
        title = " ".join(picked[:2] + filler[:1] + picked[2:] + filler[1:])
        title = title[0].upper() + title[1:]
        excerpt = " ".join([
            f"{company} {verb} {' and '.join(names)}, its {noun}, for ${number} million.",
            self.words.sentence(rewrite), f"{names[0]} is {' '.join(common)}.",
        ])
        return title, excerpt, when

    def url(self, i: int) -> str:
        """Article i's URL, known before it is written so related lists can point at it."""
        rng = random.Random(SEED * 7 + i)
        _name, domain = rng.choices(self.providers, cum_weights=self.provider_cum)[0]
        return f"https://www.{domain}/{2017 + i % 8}/{i % 12 + 1:02d}/story-{i:07d}-{rng.randrange(10**6):06d}/"

    def _title(self, rng: random.Random) -> str:
        title = self.words.sentence(rng, 6, 12).rstrip(".?!")
        if rng.random() < 0.15:
            title = title.replace(" ", "’s ", 1)
        if rng.random() < 0.1:
            title += f": {rng.randint(2, 99)} things to know"
        return title

    def _excerpt(self, rng: random.Random) -> str:
        text = " ".join(self.words.sentence(rng) for _ in range(3))
        return text if len(text) <= 240 else text[: text.rfind(" ", 0, 230)] + " ..."

    def _when(self, rng: random.Random) -> datetime:
        return START + timedelta(seconds=rng.randrange(SPAN_S))

    def _related(self, rng: random.Random, i: int) -> list[str]:
        lines = ["", "related:"]
        for _ in range(min(10, max(1, int(rng.expovariate(1 / 3.2)) + 1))):
            if rng.random() < 0.6 and self.n > 1:
                target = rng.randrange(self.n)
                url = self.url(target if target != i else (i + 1) % self.n)
            else:
                url = f"https://elsewhere-{rng.randrange(5000)}.example.com/news/{rng.randrange(10**9)}"
            name, domain = rng.choices(self.providers, cum_weights=self.provider_cum)[0]
            lines += [
                f"  - title: {_q(self._title(rng))}",
                f"    excerpt: {_q(' '.join(self.words.sentence(rng) for _ in range(2)))}",
                f"    publishedDateTime: {self._when(rng).strftime('%Y-%m-%dT%H:%M:%SZ')}",
                f"    webUrl: {_q(url)}",
                "    type: article",
                "    provider:",
                f"      name: {_q(name)}",
                f"      domain: {domain}",
                f"    quality: {rng.randint(1, 120)}",
            ]
            if rng.random() < 0.5:
                lines += ["    images:", f"      - url: {_q(url.rstrip('/') + '/lead.jpg')}",
                          f"        width: {rng.choice((600, 1024, 1200, 1600))}", f"        height: {rng.choice((315, 675, 900))}"]
        return lines

    def _body(self, rng: random.Random, low: int, high: int) -> str:
        target = rng.randint(low, high)
        paragraphs, size = [], 0
        while size < target:
            paragraph = " ".join(self.words.sentence(rng) for _ in range(rng.randint(2, 6)))
            paragraphs.append(paragraph)
            size += len(paragraph) + 2
        return "\n\n".join(paragraphs)

    def file(self, i: int) -> tuple[str, str, float]:
        """(relative path, text, mtime) of article i."""
        rng = random.Random(SEED * 13 + i)
        when = self._when(rng)
        folder = f"{i % FOLDERS:03d}"
        title = self._title(rng)
        planted = self.planted(i)
        if planted:
            title, planted_excerpt, when = self._event(*planted, rng)
        slug = "-".join(title.lower().replace("’", "").replace(":", "").replace("$", "").split()[:8])
        stamp = when.timestamp() + rng.randrange(3600)
        if rng.random() < 0.05 and not planted:  # plain text, no front matter
            return f"{folder}/{i:07d}-{slug}.txt", f"{title}\n\n{self._body(rng, 1500, 4000)}\n", stamp
        name, domain = rng.choices(self.providers, cum_weights=self.provider_cum)[0]
        url = self.url(i)
        lines = [
            "---",
            "category: news",
            f"title: {_q(title)}",
            f"excerpt: {_q(planted_excerpt if planted else self._excerpt(rng))}",
            f"publishedDateTime: {when.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        ]
        if rng.random() < 0.5:
            lines.append(f"originalUrl: {_q(url)}")
        lines.append(f"webUrl: {_q(url) if rng.random() < 0.7 else url}")
        if rng.random() < 0.4:
            lines.append(f"ampWebUrl: {url}amp/")
        lines.append("type: article")
        if rng.random() < 0.7:
            lines += [f"quality: {rng.randint(1, 120)}", f"heat: {rng.choice((-1, -1, rng.randint(1, 100)))}", "published: false"]
        lines += ["", "provider:", f"  name: {_q(name)}", f"  domain: {domain}", "", "topics:"]
        topics = ["AI"] if rng.random() < 0.9 else []
        for topic in rng.choices(self.topics, cum_weights=self.topic_cum, k=rng.randint(1, 3)):
            if topic not in topics:
                topics.append(topic)
        lines += [f"  - {topic}" for topic in topics]
        if rng.random() < 0.8:
            lines += ["", "images:", f"  - url: {_q(url.rstrip('/') + '/hero.jpg')}",
                      f"    width: {rng.choice((800, 1200, 1600))}", f"    height: {rng.choice((450, 675, 900))}"]
            if rng.random() < 0.5:
                lines.append(f"    title: {_q(title)}")
        if rng.random() < 0.3:
            lines += self._related(rng, i)
        blob = base64.b64encode(rng.randbytes(rng.randint(240, 290))).decode()
        tail = base64.b64encode(rng.randbytes(16)).decode()
        lines += ["", f'secured: "{blob};{tail}"', "---", ""]
        if rng.random() < 0.4:
            lines += [self._body(rng, 300, 3500), ""]
        text = "\n".join(lines)
        return f"{folder}/{when.strftime('%Y-%m-%d')}-{slug}-{i}.md", text, stamp


def make(n: int, target: Path) -> int:
    corpus = Corpus(n)
    for folder in range(min(FOLDERS, n)):
        (target / f"{folder:03d}").mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        relative, text, stamp = corpus.file(i)
        path = target / relative
        data = text.encode("utf-8")
        path.write_bytes(data)
        os.utime(path, (stamp, stamp))
        total += len(data)
    (target / STORIES_FILE).write_text(json.dumps({"stories": corpus.story_files()}, indent=1))
    return total


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[0].isdigit():
        print("usage: make_corpus.py N DIR", file=sys.stderr)
        return 2
    n, target = int(argv[0]), Path(argv[1])
    if target.exists() and any(target.iterdir()):
        print(f"make_corpus: {target} is not empty", file=sys.stderr)
        return 1
    total = make(n, target)
    print(f"{n} files, {total / 2**20:.1f} MiB in {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
