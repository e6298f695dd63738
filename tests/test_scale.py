"""Scale paths: the crash-isolating process pool, the Dask engine, incremental rebuilds, the bench corpus.

The fast tests drive the pool with a stand-in extractor (no model). The ones marked ``slow``/``integration``
run the real pipeline: Dask extract + merge against a single-process build (byte for byte), a worker that
dies on one document, and a rebuild that must extract nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventgraph import extract as extract_module
from eventgraph.build import build, extract_parts
from eventgraph.cli import app
from eventgraph.config import Config
from eventgraph.model import DocResult, Document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
CRASH_MARKER = "Wagner"  # a word in exactly one seed article

needs_fork = pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="the crash is injected into forked workers"
)


def snapshot(out: Path) -> dict[str, bytes]:
    """Every output file (not the cache), by relative path."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".eventgraph-cache" not in p.parts
    }


def database_rows(path: Path) -> tuple[list[str], list[str]]:
    """The nodes and relationships of an embedded database, without the storage-internal offsets (the
    database file itself is not byte-deterministic: its header differs between two identical builds)."""
    import ladybug

    from eventgraph.store.ladybug_store import open_database

    def clean(value):
        if isinstance(value, dict):
            return {k: clean(v) for k, v in sorted(value.items()) if k not in ("_id", "_ID", "_SRC", "_DST")}
        return [clean(v) for v in value] if isinstance(value, list) else value

    conn = ladybug.Connection(open_database(path))
    nodes = conn.execute("MATCH (n) RETURN n").get_all()
    rels = conn.execute("MATCH (a)-[r]->(b) RETURN a.id, r, b.id").get_all()
    return sorted(repr(clean(n)) for n in nodes), sorted(repr(clean(r)) for r in rels)


def assert_same_outputs(got_dir: Path, expected_dir: Path) -> None:
    """Every output byte for byte, except the embedded database: that one by content."""
    expected, got = snapshot(expected_dir), snapshot(got_dir)
    assert sorted(got) == sorted(expected)
    database = "eventgraph.lbdb"
    assert [name for name in expected if got[name] != expected[name] and name != database] == []
    if database in expected:
        assert database_rows(got_dir / database) == database_rows(expected_dir / database)


def _doc(i: int, text: str) -> Document:
    return Document(id=f"doc_{i}", path=f"{i}.txt", text=text, sha256=f"{i:064x}")


class _FakeExtractor:
    """Stands in for the model-backed Extractor: kills its process on a document saying "CRASH"."""

    def __init__(self) -> None:
        self.timings = {"nlp": 0.0}
        self.reported: dict[str, float] = {}

    def extract_batch(self, docs: list[Document]) -> Iterator[DocResult]:
        for doc in docs:
            if "CRASH" in doc.text:
                os._exit(1)
            yield DocResult(document=doc, pipeline="fake")


@needs_fork
@pytest.mark.parametrize("bad", [[], [3], [0, 7]])
def test_pool_loses_only_the_documents_that_kill_their_worker(monkeypatch, bad):
    monkeypatch.setattr(extract_module, "_extractor", lambda config: _FakeExtractor())
    docs = [_doc(i, "CRASH" if i in bad else f"text {i}") for i in range(9)]
    config = Config(workers=2, batch_size=3)
    results = list(extract_module._run_pool(docs, config, {}))
    assert len(results) == len(docs)  # in order, one per document
    crashed = [i for i, r in enumerate(results) if r.error]
    assert crashed == bad
    assert all(results[i].error.startswith("worker crashed") for i in bad)


@needs_fork
@pytest.mark.parametrize("workers", [1, 2])
def test_cached_results_load_while_the_new_documents_are_extracted_and_come_back_in_order(
    monkeypatch, tmp_path, workers
):
    monkeypatch.setattr(extract_module, "_extractor", lambda config: _FakeExtractor())
    config = Config(workers=workers, batch_size=2, cache_dir=tmp_path)
    docs = [_doc(i, f"text {i}") for i in range(8)]
    list(extract_module.extract_all(docs[:5], config))  # 0-4 cached
    cache = extract_module.ResultCache(tmp_path)
    broken = cache._path(extract_module.document_keys([docs[2]], config)[0])
    broken.write_text("{not json", encoding="utf-8")  # a damaged cache file: that document is done again
    calls: list[str] = []
    real_run = extract_module._run

    def counting_run(documents, config, timings, meanwhile=None):
        calls.extend(d.id for d in documents)
        return real_run(documents, config, timings, meanwhile)

    monkeypatch.setattr(extract_module, "_run", counting_run)
    results = list(extract_module.extract_all(docs, config))
    assert [r.document.id for r in results] == [d.id for d in docs]
    assert calls == ["doc_5", "doc_6", "doc_7", "doc_2"]
    assert cache.get(None, extract_module.document_keys([docs[2]], config)[0]) is not None  # stored again


def test_batches_give_every_worker_work():
    docs = [_doc(i, "x") for i in range(5)]
    sizes = [len(b) for b in extract_module._batches(docs, Config(workers=2, batch_size=16))]
    assert sizes == [3, 2]
    assert [len(b) for b in extract_module._batches(docs, Config(workers=1, batch_size=2))] == [2, 2, 1]
    # with several workers the last batches are small, so that none waits long for another's last one
    docs = [_doc(i, "x") for i in range(100)]
    sizes = [len(b) for b in extract_module._batches(docs, Config(workers=2, batch_size=16))]
    assert sizes == [16] * 4 + [4] * 9 and sum(sizes) == 100


@pytest.mark.skipif(not (SHARED / "eval" / "timebank").is_dir(), reason="needs ../shared/eval/timebank")
def test_bench_corpus_is_deterministic_and_unique(tmp_path):
    sys.path.insert(0, str(ROOT / "tests" / "bench"))
    try:
        import corpus_gen
    finally:
        sys.path.remove(str(ROOT / "tests" / "bench"))
    info = corpus_gen.generate(tmp_path / "a", 30, SHARED, seed=1, max_words=80)
    corpus_gen.generate(tmp_path / "b", 31, SHARED, seed=1, max_words=80)
    a, b = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    texts = [v for k, v in a.items() if k.endswith(".txt")]
    assert info.documents == len(texts) == 30
    assert len(set(texts)) == 30  # the cache cannot serve one for another
    assert all(b[name] == text for name, text in a.items() if name.endswith(".txt"))  # 31 = 30 + 1 new
    assert (tmp_path / "a" / "metadata.csv").read_text().count("\n") == 31


# --- the real pipeline -------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.integration
def test_dask_extract_and_merge_equal_a_single_process_build(tmp_path):
    runner = CliRunner()
    single = tmp_path / "single" / "graph"  # same folder name: outputs mention it
    result = runner.invoke(app, ["build", str(SEEDS), "-o", str(single), "--quiet"])
    assert result.exit_code == 0, result.output
    parts = tmp_path / "parts"
    result = runner.invoke(
        app, ["extract", str(SEEDS), "-o", str(parts), "--engine", "dask", "--workers", "2", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    merged = tmp_path / "dask" / "graph"
    result = runner.invoke(app, ["merge", str(parts), "-o", str(merged), "--quiet"])
    assert result.exit_code == 0, result.output
    assert_same_outputs(merged, single)


@pytest.mark.slow
@pytest.mark.integration
@needs_fork
def test_a_crashing_worker_loses_only_its_document_and_a_rerun_retries_only_it(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    victims = [p.name for p in corpus.glob("*.txt") if CRASH_MARKER in p.read_text(encoding="utf-8")]
    assert len(victims) == 1
    real_extract = extract_module.Extractor.extract

    def crash_on_marker(self, doc):
        if CRASH_MARKER in doc.text:
            os._exit(1)  # the worker process dies, as on a segfault or the OOM killer
        return real_extract(self, doc)

    monkeypatch.setattr(extract_module.Extractor, "extract", crash_on_marker)
    out = tmp_path / "graph"
    result = build([corpus], out, Config(workers=2))
    assert [Path(f.path).name for f in result.failed] == victims
    assert "worker crashed" in result.failed[0].reason
    assert result.events  # the run finished with the others
    victim_id = next(d.id for d in result.documents if d.path.endswith(victims[0]))
    assert {m.evidence.doc for e in result.events for m in e.mentions} == {
        d.id for d in result.documents if d.id != victim_id
    }
    report = (out / "build.json").read_text(encoding="utf-8")
    assert victims[0] in report and "worker crashed" in report

    calls: list[str] = []

    def counting(self, doc):
        calls.append(Path(doc.path).name)
        return real_extract(self, doc)

    monkeypatch.setattr(extract_module.Extractor, "extract", counting)
    result = build([corpus], out, Config(workers=1))  # in-process, so the calls can be counted
    assert calls == victims
    assert result.ok and len(result.documents) == 5


@pytest.mark.slow
@pytest.mark.integration
@needs_fork
def test_rebuild_of_an_unchanged_corpus_extracts_nothing_in_any_worker(tmp_path, monkeypatch):
    out = tmp_path / "graph"
    build([SEEDS], out, Config(workers=2))
    before = tmp_path / "before"
    shutil.copytree(out, before)

    def must_not_run(self, doc):
        os._exit(1)  # a document extracted again would be reported as crashed

    monkeypatch.setattr(extract_module.Extractor, "extract", must_not_run)
    result = build([SEEDS], out, Config(workers=2))
    assert result.ok and not result.failed
    assert_same_outputs(out, before)
    parts = tmp_path / "parts"
    monkeypatch.undo()
    extract_parts([SEEDS], parts, Config(workers=2))
    monkeypatch.setattr(extract_module.Extractor, "extract", must_not_run)
    again = extract_parts([SEEDS], parts, Config(workers=2))  # resumable: everything is in the parts
    assert not [r for r in again.results if r.error]


def _crash_on_marker_in_workers(marker: str):
    """A Dask worker plugin: every worker process (restarted ones too) dies on a document with ``marker``."""
    from distributed import WorkerPlugin

    class CrashOnMarker(WorkerPlugin):
        name = "crash-on-marker"

        def setup(self, worker) -> None:
            from eventgraph import extract

            real = extract.Extractor.extract

            def crash(self, doc):
                if marker in doc.text:
                    os._exit(1)
                return real(self, doc)

            extract.Extractor.extract = crash

    return CrashOnMarker()


@pytest.mark.slow
@pytest.mark.integration
def test_a_dask_worker_dying_on_a_document_loses_only_that_document(tmp_path):
    import cloudpickle
    import dask
    from distributed import Client, LocalCluster

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the plugin goes to the workers by value
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    victims = [p.name for p in corpus.glob("*.txt") if CRASH_MARKER in p.read_text(encoding="utf-8")]
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 1}),
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        client.register_plugin(_crash_on_marker_in_workers(CRASH_MARKER))
        # --scheduler: the path a multi-machine cluster takes
        config = Config(workers=2, engine="dask", scheduler=cluster.scheduler_address)
        extracted = extract_parts([corpus], tmp_path / "parts", config)
    failed = [r for r in extracted.results if r.error]
    assert [Path(r.document.path).name for r in failed] == victims
    assert "KilledWorker" in failed[0].error
    assert len(extracted.results) == 5  # the others came through

    calls: list[str] = []
    real_extract = extract_module.Extractor.extract

    def counting(self, doc):
        calls.append(Path(doc.path).name)
        return real_extract(self, doc)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(extract_module.Extractor, "extract", counting)
        again = extract_parts([corpus], tmp_path / "parts", Config(workers=1))  # resume, in-process
    assert calls == victims  # only the failed document is extracted again
    assert not [r for r in again.results if r.error]
