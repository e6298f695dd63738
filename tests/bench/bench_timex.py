"""Benchmark: the temporal tagger alone on all TimeBank/AQUAINT texts, against spaCy's tokenizer alone.

    python tests/bench/bench_timex.py [--timebank DIR] [--json OUT] [--repeat N]

Prints words per second for both and their ratio (tagger speed / tokenizer speed). Words are counted the
same way for both (whitespace-separated tokens). Each timing is the best of ``--repeat`` runs on one core.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from eventgraph.evaluate.timex import DEFAULT_TIMEBANK, load_corpus
from eventgraph.temporal import default_tagger, tag


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--timebank", type=Path, default=DEFAULT_TIMEBANK)
    ap.add_argument("--json", type=Path, help="write the figures to this JSON file")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    docs = [(d.text, d.dct) for docs in load_corpus(args.timebank).values() for d in docs]
    words = sum(len(text.split()) for text, _ in docs)
    chars = sum(len(text) for text, _ in docs)

    default_tagger()  # compile the rules once, outside the timing (as a long-running process would)

    def run_tagger() -> None:
        for text, dct in docs:
            tag(text, dct)

    import spacy

    tokenizer = spacy.blank("en").tokenizer

    def run_tokenizer() -> None:
        for text, _ in docs:
            tokenizer(text)

    t_tag = best_of(args.repeat, run_tagger)
    t_tok = best_of(args.repeat, run_tokenizer)
    figures = {
        "documents": len(docs),
        "words": words,
        "characters": chars,
        "tagger_seconds": round(t_tag, 4),
        "tokenizer_seconds": round(t_tok, 4),
        "tagger_words_per_second": round(words / t_tag),
        "tokenizer_words_per_second": round(words / t_tok),
        "ratio_tagger_to_tokenizer": round(t_tok / t_tag, 3),
    }
    print(f"{len(docs)} documents, {words} words, {chars} characters")
    print(f"temporal tagger : {figures['tagger_words_per_second']:>10,} words/s  ({t_tag:.3f} s)")
    print(f"spaCy tokenizer : {figures['tokenizer_words_per_second']:>10,} words/s  ({t_tok:.3f} s)")
    print(f"ratio tagger/tokenizer speed: {figures['ratio_tagger_to_tokenizer']:.2f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
