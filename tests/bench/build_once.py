"""One ``eventgraph build`` (the library function the CLI calls), its per-stage timings written as JSON.

    python tests/bench/build_once.py CORPUS_DIR -o OUT --workers 2 [--no-cache] --json RESULT

RESULT: {"seconds" (start-up to end, imports included), "timings" (per stage, as ``--profile`` shows them),
"documents", "events", "actors", "failed"}.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

START = time.perf_counter()

from eventgraph.build import build  # noqa: E402  (imported after START so the import counts)
from eventgraph.config import Config  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument("-o", "--out", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--engine", default="local")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--json", type=Path, required=True)
    args = parser.parse_args(argv)
    config = Config(workers=args.workers, engine=args.engine, use_cache=not args.no_cache)
    result = build([args.corpus], args.out, config)
    report = {
        "seconds": time.perf_counter() - START,
        "timings": result.timings,
        **result.counts(),
        "up_to_date": result.up_to_date,
        "failed": len(result.failed),
        "export_errors": result.export_errors,
    }
    args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
