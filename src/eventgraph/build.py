"""``eventgraph build`` and its two halves, ``extract`` (the map) and ``merge`` (the reduce).

build = read the corpus → extract every document (cached, parallel) → merge → graph → outputs.
``extract_parts`` stops after the map and leaves per-document results plus a manifest in a folder;
``merge_parts`` picks them up from there. Both paths produce byte-identical outputs.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .actors import load_registry, resolve_actors
from .atomic import atomic_open
from .config import DEFAULT_MAX_NODES, Config
from .corpus import Skipped, input_files, read_corpus
from .events.lexicon import load_lexicon
from .extract import ResultCache, document_keys, extract_all
from .graph import build_graph
from .merge import merge_events
from .model import Actor, DocResult, Document, Event
from .outputs.graph_files import write_graph_files
from .outputs.pages import write_outputs as write_pages
from .outputs.records import Records, make_records, write_records
from .store import write_outputs as write_store

CACHE_DIRNAME = ".eventgraph-cache"
MANIFEST = "manifest.json"
# What the last successful build of an output folder was made from, and what it wrote (in its cache folder).
STATE = "build-state.json"

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
    # Nothing changed since the last build: no output was rewritten, and the lists above are empty
    # (``counts`` has the figures of that build).
    up_to_date: bool = False
    recorded: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.export_errors

    def counts(self) -> dict[str, int]:
        """Documents, events and actors of the graph in the output folder."""
        if self.up_to_date:
            return dict(self.recorded)
        return {"documents": len(self.documents), "events": len(self.events), "actors": len(self.actors)}


@dataclass
class _Extracted:
    results: list[DocResult]
    skipped: list[Skipped]
    warnings: list[str]
    timings: dict[str, float]
    corpus: str  # the key tagging this load in Neo4j; from the input, so it does not depend on -o
    trigger_files: list[str] = field(default_factory=list)  # user trigger lexicons: merging needs them too


def corpus_key(paths: list[Path]) -> str:
    """The name of the one folder or file built (``seeds``), else ``corpus``."""
    return Path(paths[0]).resolve().stem if len(paths) == 1 else "corpus"


def _read_cache(paths: list[Path], config: Config) -> Path | None:
    """Where ``read_corpus`` keeps what each file gave: per corpus (its paths) and code (the fingerprint)."""
    if not (config.cache_dir and config.use_cache):
        return None
    key = json.dumps([config.fingerprint(), [str(Path(p).resolve()) for p in paths]])
    return Path(config.cache_dir) / f"corpus-{hashlib.sha256(key.encode()).hexdigest()[:16]}.json"


def _extract(paths: list[Path], config: Config, progress: Progress | None) -> _Extracted:
    t = time.perf_counter()
    # The registry is loaded here as well as in every worker: a broken --actors file stops the build before
    # any work, and what it warns about (an alias claimed twice…) is reported once, with the others.
    registry_warnings = load_registry(config.actor_files).warnings
    corpus = read_corpus(paths, _read_cache(paths, config))
    timings = {"read": time.perf_counter() - t}
    warnings = [*registry_warnings, *corpus.warnings] + [
        f"{d.path}: {len(d.text):,} characters; only the first {config.max_chars:,} were analysed "
        f"(raise --max-chars to analyse more)"
        for d in corpus.documents
        if len(d.text) > config.max_chars
    ]
    t = time.perf_counter()
    results, stages = [], {}  # seconds per extraction stage, summed over every worker process
    for i, result in enumerate(extract_all(corpus.documents, config, stages), 1):
        results.append(result)
        if progress:
            progress(i, len(corpus.documents))
    timings["extract"] = time.perf_counter() - t
    timings.update({f"extract {stage}": seconds for stage, seconds in stages.items()})
    return _Extracted(
        results, corpus.skipped, warnings, timings, corpus_key(paths), [str(p) for p in config.trigger_files]
    )


def merge_results(
    results: list[DocResult], trigger_files: Sequence[str | Path] = ()
) -> tuple[list[Actor], list[Event]]:
    """The reduce step: resolve actors across documents, then merge event mentions into events."""
    good = [r for r in results if not r.error]
    actors, actor_ids = resolve_actors({r.document.id: r.actor_mentions for r in good})
    events = merge_events(
        {r.document.id: r.events for r in good},
        actor_ids,
        {r.document.id: r.document for r in good},
        lexicon=load_lexicon([Path(p) for p in trigger_files]),
    )
    return actors, events


# Every export writes atomically; one failing export is reported and does not stop the others.
Exporter = Callable[[nx.MultiDiGraph, list[Document], list[Actor], list[Event], Path], list[Path]]


def _exporters(max_nodes: int | None) -> list[tuple[str, Exporter]]:
    made: list[Records] = []  # the JSONL records, made once for the records and the timelines

    def records(d: list[Document], a: list[Actor], e: list[Event]) -> Records:
        if not made:
            made.append(make_records(d, a, e))
        return made[0]

    return [
        ("records", lambda g, d, a, e, out: write_records(out, d, a, e, records(d, a, e))),
        ("graph files", lambda g, d, a, e, out: write_graph_files(g, out)),
        (
            "pages",
            lambda g, d, a, e, out: write_pages(
                g, d, a, e, out, max_nodes=max_nodes, records=records(d, a, e)
            ),
        ),
        ("cypher", lambda g, d, a, e, out: list(write_store(g, out).values())),
    ]


def _assemble(extracted: _Extracted, out_dir: Path, max_nodes: int | None = None) -> BuildResult:
    """Merge, build the graph and write every output."""
    results, timings = extracted.results, dict(extracted.timings)
    failed = [Skipped(r.document.path, (r.error or "error").splitlines()[0]) for r in results if r.error]
    t = time.perf_counter()
    actors, events = merge_results(results, extracted.trigger_files)
    timings["merge"] = time.perf_counter() - t
    t = time.perf_counter()
    documents = [r.document for r in results]
    graph = build_graph(documents, actors, events)
    graph.graph["corpus"] = extracted.corpus
    timings["graph"] = time.perf_counter() - t

    result = BuildResult(
        documents, actors, events, graph, extracted.skipped, failed, extracted.warnings, timings=timings
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    args = (graph, documents, actors, events, out_dir)
    exporters = _exporters(max_nodes)
    # The pages and the graph files take about as long as the other exports together: they are written in a
    # process of their own (forked, so it has the graph at no cost) while this one writes the rest.
    beside = _start_beside([(n, e) for n, e in exporters if n in BESIDE], args)
    elsewhere = beside.names if beside else []
    outcomes = {name: _run_exporter(name, e, args) for name, e in exporters if name not in elsewhere}
    if beside:
        outcomes.update(beside.wait())
    for name, _ in exporters:  # in the exporters' order, wherever they ran
        outputs, error, seconds = outcomes[name]
        result.outputs += outputs
        if error:  # the previous good output of this exporter stays in place
            result.export_errors.append(error)
        timings[f"export {name}"] = seconds
    _write_report(out_dir / "build.json", result)
    return result


# Exporters run one after the other in a forked process beside the others, where the platform forks.
BESIDE = ("pages", "graph files")
Outcome = tuple[list[Path], str | None, float]  # outputs written, the error, seconds


def _run_exporter(name: str, exporter: Exporter, args: tuple) -> Outcome:
    t = time.perf_counter()
    try:
        outputs, error = list(exporter(*args) or []), None
    except Exception as exc:
        outputs, error = [], f"{name}: {type(exc).__name__}: {exc}"
    return outputs, error, time.perf_counter() - t


def _export_in_child(send, exporters: list[tuple[str, Exporter]], args: tuple) -> None:
    send.send({name: _run_exporter(name, exporter, args) for name, exporter in exporters})
    send.close()


class _Beside:
    """Exporters running in a forked child; ``wait`` gives their outcomes by name."""

    def __init__(self, exporters: list[tuple[str, Exporter]], process, receive) -> None:
        self.names = [name for name, _ in exporters]
        self.process, self.receive = process, receive

    def wait(self) -> dict[str, Outcome]:
        try:
            outcomes = self.receive.recv()
        except (EOFError, OSError):
            outcomes = None
        self.process.join()
        self.receive.close()
        if outcomes is None:
            why = f"the export process died (exit code {self.process.exitcode})"
            outcomes = {name: ([], f"{name}: {why}", 0.0) for name in self.names}
        return outcomes


def _start_beside(exporters: list[tuple[str, Exporter]], args: tuple) -> _Beside | None:
    """Start ``exporters`` in a forked process, or None (nothing to start, or no fork here)."""
    if not exporters or "fork" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_export_in_child, args=(send, exporters, args), daemon=True)
    try:
        process.start()
    except OSError:
        return None
    send.close()
    return _Beside(exporters, process, receive)


def _fewer_collections(fn: Callable) -> Callable:
    """Run ``fn`` with a cyclic garbage collector that runs less often.

    Loading, merging and exporting allocate millions of small objects that nearly all live until the end;
    with the default thresholds the collector traverses them all again and again (a fifth of the time of the
    exports on a 10,000-document corpus). Here a collection comes every 50,000 allocations, not 700.
    """

    @functools.wraps(fn)
    def run(*args, **kwargs):
        old = gc.get_threshold()
        gc.set_threshold(max(old[0], 50_000), *old[1:])
        try:
            return fn(*args, **kwargs)
        finally:
            gc.set_threshold(*old)

    return run


@_fewer_collections
def build(
    paths: list[Path], out_dir: Path, config: Config | None = None, progress: Progress | None = None
) -> BuildResult:
    """Build the graph of the articles under ``paths`` into ``out_dir``."""
    config = config or Config()
    out_dir = Path(out_dir)
    own_cache = config.cache_dir is None  # the output folder's own: only this build uses it
    if own_cache:
        config.cache_dir = out_dir / CACHE_DIRNAME
    t = time.perf_counter()
    state = _input_state(paths, out_dir, config)
    if config.use_cache and (done := _up_to_date(out_dir, state)) is not None:
        done.timings["check"] = time.perf_counter() - t
        return done
    extracted = _extract(paths, config, progress)
    result = _assemble(extracted, out_dir, config.max_nodes)
    _write_state(out_dir, state, result)
    if own_cache and config.use_cache and result.ok:
        _prune_cache(paths, config, [r.document for r in extracted.results])
    return result


def _prune_cache(paths: list[Path], config: Config, documents: list[Document]) -> None:
    """Forget what no longer serves this output folder: results of documents that left the corpus or were
    extracted by another version of the code or the lexicons (each version would otherwise add its own
    copy of every result), and the listings of other corpora or versions."""
    cache_dir = Path(config.cache_dir)
    ResultCache(cache_dir).prune(set(document_keys(documents, config)))
    listing = _read_cache(paths, config)
    for stale in cache_dir.glob("corpus-*.json"):
        if stale != listing:
            with contextlib.suppress(OSError):
                stale.unlink()


# --- nothing changed: nothing to do -------------------------------------------------------------------------


def _input_state(paths: list[Path], out_dir: Path, config: Config) -> dict:
    """Everything the outputs of a build depend on: the input files (by size and modification time), the
    configuration and code (fingerprint), the output-only options, and where the outputs are."""
    return {
        "paths": [str(p) for p in paths],
        "resolved": [str(Path(p).resolve()) for p in paths],
        "out": str(out_dir.resolve()),
        "fingerprint": config.fingerprint(),
        "max_chars": config.max_chars,
        "max_nodes": config.max_nodes,
        "files": [list(f) for f in input_files(paths)],
    }


def _stat(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def _write_state(out_dir: Path, inputs: dict, result: BuildResult) -> None:
    """Record a successful build (its inputs and the outputs it wrote); forget an unsuccessful one."""
    path = out_dir / CACHE_DIRNAME / STATE
    try:
        if not result.ok:
            path.unlink(missing_ok=True)
            return
        outputs = [[str(p), *_stat(Path(p))] for p in [*result.outputs, out_dir / "build.json"]]
        with atomic_open(path) as fh:
            json.dump({"inputs": inputs, "outputs": outputs}, fh, sort_keys=True)
    except OSError:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _up_to_date(out_dir: Path, inputs: dict) -> BuildResult | None:
    """The result of the last build when its inputs, configuration and code are today's and every output
    it wrote is still there untouched; else None."""
    try:
        state = json.loads((out_dir / CACHE_DIRNAME / STATE).read_text(encoding="utf-8"))
        if state.get("inputs") != inputs:
            return None
        for name, *stat in state["outputs"]:
            if _stat(Path(name)) != stat:
                return None
        report = json.loads((out_dir / "build.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if report.get("failed") or report.get("export_errors"):
        return None
    return BuildResult(
        skipped=[Skipped(s["path"], s["reason"]) for s in report.get("skipped", [])],
        warnings=list(report.get("warnings", [])),
        outputs=[Path(p) for p, *_ in state["outputs"] if os.path.basename(p) != "build.json"],
        up_to_date=True,
        recorded={k: int(report.get(k, 0)) for k in ("documents", "events", "actors")},
    )


@_fewer_collections
def extract_parts(
    paths: list[Path], parts_dir: Path, config: Config | None = None, progress: Progress | None = None
) -> _Extracted:
    """The map step alone: per-document results in ``parts_dir`` plus a manifest of this corpus.

    Resumable: documents whose result is already there are not extracted again; failed ones are retried.
    """
    config = config or Config()
    config.cache_dir, config.use_cache = Path(parts_dir), True
    extracted = _extract(paths, config, progress)
    docs = [r.document for r in extracted.results]
    manifest = {
        "corpus": extracted.corpus,
        "trigger_files": extracted.trigger_files,
        "fingerprint": config.fingerprint(),
        "documents": [
            {"key": k, "path": d.path, "paths": d.paths, "error": r.error}
            for k, d, r in zip(document_keys(docs, config), docs, extracted.results, strict=True)
        ],
        "skipped": [{"path": s.path, "reason": s.reason} for s in extracted.skipped],
        "warnings": extracted.warnings,
    }
    with atomic_open(Path(parts_dir) / MANIFEST) as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1, sort_keys=True)
    return extracted


@_fewer_collections
def merge_parts(parts_dir: Path, out_dir: Path, max_nodes: int | None = DEFAULT_MAX_NODES) -> BuildResult:
    """The reduce step alone: the results ``extract_parts`` left in ``parts_dir`` → every output."""
    manifest = json.loads((Path(parts_dir) / MANIFEST).read_text(encoding="utf-8"))
    cache = ResultCache(Path(parts_dir))
    results, failed = [], []
    for entry in manifest["documents"]:
        result = None if entry["error"] else cache.get(None, entry["key"])
        if result is None:
            failed.append(
                Skipped(entry["path"], (entry["error"] or "result missing; re-run extract").splitlines()[0])
            )
            continue
        result.document.path, result.document.paths = entry["path"], entry["paths"]
        results.append(result)
    skipped = [Skipped(s["path"], s["reason"]) for s in manifest["skipped"]]
    corpus, trigger_files = manifest.get("corpus", "corpus"), manifest.get("trigger_files", [])
    extracted = _Extracted(results, skipped, manifest["warnings"], {}, corpus, trigger_files)
    built = _assemble(extracted, Path(out_dir), max_nodes)
    built.failed = failed + built.failed
    _write_report(Path(out_dir) / "build.json", built)
    return built


def _write_report(path: Path, result: BuildResult) -> None:
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
    with atomic_open(path) as fh:
        json.dump(report, fh, ensure_ascii=False, indent=2, sort_keys=True)
        fh.write("\n")
