"""Benchmark corpora: N news-like documents made from TimeBank/AQUAINT texts and the seeds.

Every document is a source text with its dates shifted (years, and days of month), person names swapped
for names from a list and its paragraphs (after the first) shuffled, plus a reference line that makes its
content unique — so the per-document cache cannot serve one generated document for another. Document ``i``
depends only on (seed, i), so a corpus of 1,010 documents is the corpus of 1,000 plus 10 new ones.

    python tests/bench/corpus_gen.py --shared ../shared -n 1000 -o /tmp/corpus-1k [--seed 0] [--max-words 150]

Writes ``NNNNNN.txt`` files, a ``metadata.csv`` (file,title,source,published) and ``.corpus.json`` (counts).
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Anna Boris Carlos Daniel Elena Fatima George Hannah Ivan James Karen Leila Marco Nadia Oleg Paul Rosa "
    "Samuel Tatiana Victor Walter Yusuf Zoe Alice Brian Claire David Emma Frank Grace Henry Irina John Laura "
    "Michael Nina Peter Robert Sarah Thomas William Mary Richard Susan Charles Linda Joseph Maria Andrei "
    "Sergei Dmitry Alexander Vladimir Olga Natalia Mikhail Yuri Viktor Pavel Igor Kofi Bill Hillary "
    "Madeleine Al Janet Saddam Tony Gerhard Jacques Helmut Boris Benjamin Yasser Nelson Fidel Ehud Kenneth "
    "Monica"
)
SURNAMES = _words(
    "Abbott Baranov Castillo Dubois Eriksen Fischer Garcia Haddad Ivanova Jensen Kowalski Lindqvist Moreau "
    "Novak Okafor Petrov Quinn Rossi Sato Tanaka Ueda Varga Weber Xu Yilmaz Zielinski Antonov Brennan Costa "
    "Dimitrov Egorov Ferreira Gromov Hartmann Ilyin Jovanovic Karimov Larsen Morozov Nielsen Orlov Popescu "
    "Romero Sokolov Thorsen Ulyanov Volkov Wagner Yakovlev Zhukov Marchetti Kuznetsov Lebedev Novikov"
)
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan\\.|Feb\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\."
)
YEAR = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b")
DAY = re.compile(rf"\b({MONTHS}) (\d{{1,2}})\b")
FULL_NAME = re.compile(rf"\b({'|'.join(FIRST_NAMES)}) ([A-Z][a-z]{{2,}})\b")
SOURCES = ("Wire service", "Daily Chronicle", "Evening Herald", "World Report", "Regional Post")


@dataclass(frozen=True)
class Source:
    name: str
    text: str
    published: str  # ISO date, possibly partial


@dataclass
class CorpusInfo:
    documents: int
    words: int
    characters: int


def _timebank_text(raw: str) -> tuple[str, str]:
    """The TEXT content of a TimeML file (tags stripped, entities decoded) and its DCT value."""
    body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    dct = re.search(r'<DCT>.*?value="([^"]+)"', raw, re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", body.group(1) if body else ""))
    return text.strip(), (dct.group(1) if dct else "")


def load_sources(shared: Path, seeds: Path = REPO / "seeds") -> list[Source]:
    """Every TimeBank/AQUAINT text under ``shared/eval/timebank`` and every seed article, sorted by name."""
    sources = []
    for path in sorted((Path(shared) / "eval" / "timebank").rglob("*.tml")):
        text, dct = _timebank_text(path.read_text(encoding="utf-8"))
        if text:
            sources.append(Source(path.stem, text, dct[:10] or "1998"))
    published = {}
    if (seeds / "metadata.csv").is_file():
        with (seeds / "metadata.csv").open(encoding="utf-8", newline="") as fh:
            published = {row["file"]: row.get("published", "") for row in csv.DictReader(fh)}
    for path in sorted(seeds.glob("*.txt")):
        sources.append(
            Source(path.stem, path.read_text(encoding="utf-8"), published.get(path.name) or "2020")
        )
    if not sources:
        raise SystemExit(f"no source texts under {shared}/eval/timebank or {seeds}")
    return sources


def _shift_published(published: str, years: int) -> str:
    parts = published.split("-")
    parts[0] = str(int(parts[0]) + years)
    if len(parts) == 3 and parts[1:] == ["02", "29"]:
        parts[2] = "28"
    return "-".join(parts)


def _swap_names(text: str, rng: random.Random) -> str:
    """Replace "First Last" person names (and later bare "Last") by names drawn from the lists."""
    swaps: dict[str, str] = {}
    for first, last in FULL_NAME.findall(text):
        if last not in swaps:
            swaps[last] = f"{rng.choice(SURNAMES)}"
            swaps[first + " " + last] = f"{rng.choice(FIRST_NAMES)} {swaps[last]}"
    if not swaps:
        return text
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(k) for k in sorted(swaps, key=len, reverse=True)) + r")\b"
    )
    return pattern.sub(lambda m: swaps[m.group(1)], text)


def make_document(sources: list[Source], seed: int, index: int, max_words: int | None) -> tuple[str, str]:
    """Document ``index`` of the corpus for ``seed``: (text, published)."""
    rng = random.Random(f"{seed}:{index}")
    source = rng.choice(sources)
    years = rng.randint(-8, 8)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", source.text) if p.strip()]
    head, rest = paragraphs[:1], paragraphs[1:]
    rng.shuffle(rest)
    if max_words:
        kept, words = [], 0
        for p in head + rest:
            if kept and words + len(p.split()) > max_words:
                break
            kept.append(p)
            words += len(p.split())
        head, rest = kept[:1], kept[1:]
    text = "\n\n".join(head + rest)
    text = YEAR.sub(lambda m: str(int(m.group(1)) + years), text)
    text = DAY.sub(lambda m: f"{m.group(1)} {(int(m.group(2)) + rng.randint(0, 9)) % 28 + 1}", text)
    text = _swap_names(text, rng)
    text += (
        f"\n\nReference {seed}-{index:06d}; reporting by {rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}.\n"
    )
    return text, _shift_published(source.published, years)


def generate(
    out_dir: Path,
    n: int,
    shared: Path,
    seed: int = 0,
    max_words: int | None = None,
    sources: list[Source] | None = None,
) -> CorpusInfo:
    """Write documents 0..n-1 (files that already hold the right text are left alone) + metadata.csv."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sources = sources or load_sources(shared)
    rows, words, chars = [], 0, 0
    for i in range(n):
        text, published = make_document(sources, seed, i, max_words)
        name = f"{i:06d}.txt"
        path = out_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        rows.append((name, f"Generated report {i}", SOURCES[i % len(SOURCES)], published))
        words += len(text.split())
        chars += len(text)
    for stale in out_dir.glob("*.txt"):  # a smaller corpus written over a bigger one
        if stale.stem.isdigit() and int(stale.stem) >= n:
            stale.unlink()
    with (out_dir / "metadata.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "title", "source", "published"])
        writer.writerows(rows)
    info = CorpusInfo(n, words, chars)
    (out_dir / ".corpus.json").write_text(
        json.dumps({**info.__dict__, "seed": seed, "max_words": max_words}, indent=1) + "\n", encoding="utf-8"
    )
    return info


def corpus_texts(corpus_dir: Path) -> list[str]:
    """The texts of a generated corpus, in file order (what the bare-spaCy baseline reads)."""
    return [p.read_text(encoding="utf-8") for p in sorted(Path(corpus_dir).glob("*.txt"))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("-n", "--documents", type=int, default=100)
    parser.add_argument("-o", "--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-words", type=int, default=None, help="Cut each document to about this many")
    args = parser.parse_args(argv)
    info = generate(args.out, args.documents, args.shared, args.seed, args.max_words)
    print(f"{info.documents} documents, {info.words:,} words in {args.out}")


if __name__ == "__main__":
    main()
