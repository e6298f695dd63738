"""``eventgraph build``: corpus → per-document extraction (cached, parallel) → merge → graph → outputs."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .actors import resolve_actors
from .atomic import atomic_open
from .config import Config
from .corpus import Corpus, Skipped, read_corpus
from .extract import extract_all
from .graph import build_graph
from .merge import merge_events
from .model import Actor, DocResult, Document, Event
from .outputs.graph_files import write_graph_files
from .outputs.records import write_records

CACHE_DIRNAME = ".eventgraph-cache"

# Called after each document: (documents done, documents in all).
Progress = Callable[[int, int], None]


@dataclass
class BuildResult:
    documents: list[Document] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    graph: nx.MultiDiGraph | None = None
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[Skipped] = field(default_factory=list)  # documents whose extraction crashed
    warnings: list[str] = field(default_factory=list)
    export_errors: list[str] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    cached: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed and not self.export_errors


def extract_corpus(corpus: Corpus, config: Config, progress: Progress | None = None) -> list[DocResult]:
    results = []
    for i, result in enumerate(extract_all(corpus.documents, config), 1):
        results.append(result)
        if progress:
            progress(i, len(corpus.documents))
    return results


def merge_results(results: list[DocResult]) -> tuple[list[Actor], list[Event]]:
    """The reduce step: resolve actors across documents, then merge event mentions into events."""
    good = [r for r in results if not r.error]
    actors, actor_ids = resolve_actors({r.document.id: r.actor_mentions for r in good})
    events = merge_events(
        {r.document.id: r.events for r in good}, actor_ids, {r.document.id: r.document for r in good}
    )
    return actors, events


# Every export writes atomically; one failing export is reported and does not stop the others.
Exporter = Callable[[nx.MultiDiGraph, list[Document], list[Actor], list[Event], Path], list[Path]]


def _exporters() -> list[tuple[str, Exporter]]:
    exporters: list[tuple[str, Exporter]] = [
        ("records", lambda g, d, a, e, out: write_records(out, d, a, e)),
        ("graph files", lambda g, d, a, e, out: write_graph_files(g, out)),
    ]
    return exporters


def build(
    paths: list[Path], out_dir: Path, config: Config | None = None, progress: Progress | None = None
) -> BuildResult:
    config = config or Config()
    out_dir = Path(out_dir)
    if config.cache_dir is None:
        config.cache_dir = out_dir / CACHE_DIRNAME
    timings: dict[str, float] = {}

    t = time.perf_counter()
    corpus = read_corpus(paths)
    timings["read"] = time.perf_counter() - t

    t = time.perf_counter()
    results = extract_corpus(corpus, config, progress)
    timings["extract"] = time.perf_counter() - t
    failed = [Skipped(r.document.path, (r.error or "").splitlines()[0]) for r in results if r.error]
    corpus.warnings += [
        f"{d.path}: {len(d.text):,} characters; only the first {config.max_chars:,} were analysed "
        f"(raise --max-chars to analyse more)"
        for d in corpus.documents
        if len(d.text) > config.max_chars
    ]

    t = time.perf_counter()
    actors, events = merge_results(results)
    documents = [r.document for r in results]
    graph = build_graph(documents, actors, events)
    timings["merge"] = time.perf_counter() - t

    result = BuildResult(
        documents=documents,
        actors=actors,
        events=events,
        graph=graph,
        skipped=corpus.skipped,
        failed=failed,
        warnings=corpus.warnings,
        timings=timings,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, exporter in _exporters():
        t = time.perf_counter()
        try:
            result.outputs += [p for p in exporter(graph, documents, actors, events, out_dir) or []]
        except Exception as exc:  # the previous good output of this exporter stays in place
            result.export_errors.append(f"{name}: {type(exc).__name__}: {exc}")
        timings[f"export {name}"] = time.perf_counter() - t
    _write_build_report(out_dir, result)
    return result


def _write_build_report(out_dir: Path, result: BuildResult) -> None:
    """``build.json``: what was read, skipped and failed — no timestamps, so rebuilds stay identical."""
    report = {
        "documents": len(result.documents),
        "events": len(result.events),
        "actors": len(result.actors),
        "skipped": [{"path": s.path, "reason": s.reason} for s in result.skipped],
        "failed": [{"path": s.path, "reason": s.reason} for s in result.failed],
        "warnings": result.warnings,
        "export_errors": result.export_errors,
    }
    with atomic_open(out_dir / "build.json") as fh:
        json.dump(report, fh, ensure_ascii=False, indent=2, sort_keys=True)
        fh.write("\n")
