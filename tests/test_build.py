"""``eventgraph build`` end to end on the real model: outputs, determinism, incremental rebuilds, failures.

These run the whole pipeline (spaCy included) and are marked ``integration``; ``make test`` runs them.
"""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventgraph import build as build_module
from eventgraph.build import build
from eventgraph.cli import app
from eventgraph.config import Config
from eventgraph.store.query import read_query_file, run_query

pytestmark = pytest.mark.integration

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CONTRACT = ("documents.jsonl", "events.jsonl", "actors.jsonl", "graph.json", "graph.graphml", "build.json")


def snapshot(out: Path) -> dict[str, object]:
    """Every output file (not the cache) by relative path; the embedded database by its content.

    LadybugDB's file layout is not byte-deterministic (page allocation), so it is compared row by row.
    """
    return {
        str(p.relative_to(out)): database_rows(p) if p.suffix == ".lbdb" else p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".eventgraph-cache" not in p.parts
    }


def database_rows(path: Path) -> list[str]:
    _, nodes = run_query("MATCH (n) RETURN n", db=path)
    _, rels = run_query("MATCH (a)-[r]->(b) RETURN a.id, r, b.id", db=path)
    return sorted(json.dumps(row, sort_keys=True, default=str) for row in nodes + rels)


@pytest.fixture(scope="module")
def seeds_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("graph")
    result = build([SEEDS], out, Config())
    assert result.ok, (result.failed, result.export_errors)
    return out


def test_build_writes_the_output_contract(seeds_build):
    for name in CONTRACT:
        assert (seeds_build / name).is_file(), name
    docs = [json.loads(line) for line in (seeds_build / "documents.jsonl").read_text().splitlines()]
    assert len(docs) == 5
    assert all(d["dct"]["source"] == "metadata" for d in docs)
    events = [json.loads(line) for line in (seeds_build / "events.jsonl").read_text().splitlines()]
    assert events, "the seeds name plenty of events"
    for event in events:
        assert event["id"].startswith("ev_") and event["title"] and event["type"]
        for mention in event["mentions"]:
            # Evidence points at the exact span of the source file (the quote has its whitespace tidied).
            text = (SEEDS / Path(mention["path"]).name).read_text(encoding="utf-8")
            assert text[mention["start"] : mention["end"]].split() == mention["sentence"].split()
            assert "\n\n" not in text[mention["start"] : mention["end"]].strip()  # one paragraph
            assert text[mention["trigger_start"] : mention["trigger_end"]] == mention["trigger"]


def test_rebuild_is_byte_identical_with_and_without_the_cache(seeds_build, tmp_path):
    again = tmp_path / "again"
    build([SEEDS], again, Config(use_cache=False))
    assert snapshot(again) == snapshot(seeds_build)
    build([SEEDS], again, Config())  # second run: everything from the cache
    assert snapshot(again) == snapshot(seeds_build)


def test_rebuild_of_an_unchanged_corpus_extracts_nothing(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    build([corpus], tmp_path / "out", Config())
    calls = []
    monkeypatch.setattr("eventgraph.extract.Extractor.extract", lambda self, doc: calls.append(doc))
    build([corpus], tmp_path / "out", Config())
    assert calls == []


def test_an_unchanged_build_is_up_to_date_and_rewrites_nothing(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    out = tmp_path / "out"
    first = build([corpus], out, Config())
    assert first.ok and not first.up_to_date
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    monkeypatch.setattr(build_module, "merge_results", lambda *a, **k: pytest.fail("merged again"))
    again = build([corpus], out, Config())
    assert again.up_to_date and again.counts() == first.counts()
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before
    monkeypatch.undo()
    # Any change to the inputs, the options or the outputs means a real build.
    (corpus / "extra.txt").write_text("The minister resigned on Monday, officials said.", encoding="utf-8")
    assert not build([corpus], out, Config()).up_to_date
    assert build([corpus], out, Config()).up_to_date
    assert not build([corpus], out, Config(max_nodes=10)).up_to_date
    (out / "graph.html").unlink()
    assert not build([corpus], out, Config(max_nodes=10)).up_to_date
    assert (out / "graph.html").is_file()


def test_the_output_folders_cache_keeps_only_what_the_last_build_used(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    out = tmp_path / "out"
    build([corpus], out, Config())
    cache = out / build_module.CACHE_DIRNAME
    results = sorted(cache.glob("??/*.json"))
    assert len(results) == 5
    stale = [cache / "00" / ("0" * 64 + ".json"), cache / "corpus-0000000000000000.json"]
    for path in stale:  # e.g. left by an older version of the code
        path.parent.mkdir(exist_ok=True)
        path.write_text("{}", encoding="utf-8")
    removed = sorted(corpus.glob("*.txt"))[0]
    removed.unlink()
    assert build([corpus], out, Config()).ok
    assert not any(p.exists() for p in stale)
    assert len(sorted(cache.glob("??/*.json"))) == 4
    assert len(list(cache.glob("corpus-*.json"))) == 1
    # A cache folder given by the user may serve other corpora: nothing is deleted from it.
    shared = tmp_path / "shared-cache"
    build([SEEDS], tmp_path / "out2", Config(cache_dir=shared))
    build([corpus], tmp_path / "out3", Config(cache_dir=shared))
    assert len(sorted(shared.glob("??/*.json"))) == 5


def test_extract_then_merge_equals_build(seeds_build, tmp_path):
    build_module.extract_parts([SEEDS], tmp_path / "parts", Config())
    build_module.merge_parts(tmp_path / "parts", tmp_path / "merged")
    assert snapshot(tmp_path / "merged") == snapshot(seeds_build)


def test_a_failing_export_keeps_the_previous_good_output(seeds_build, tmp_path, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)
    before = (out / "graph.json").read_bytes()

    def broken(graph, out_dir):
        raise OSError("disk full")

    monkeypatch.setattr(build_module, "write_graph_files", broken)
    result = build([SEEDS], out, Config())
    assert result.export_errors == ["graph files: OSError: disk full"]
    assert (out / "graph.json").read_bytes() == before
    assert not list(out.glob(".*.tmp"))


def test_cli_build_summarises_and_skips_bad_files(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "empty.txt").write_text("")
    (corpus / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = CliRunner().invoke(app, ["build", str(corpus), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "5 documents read, 2 skipped, 0 failed" in result.output
    assert "empty (no text)" in result.output and "binary" in result.output
    strict = CliRunner().invoke(app, ["build", str(corpus), "-o", str(tmp_path / "out"), "--strict", "-q"])
    assert strict.exit_code == 1


def test_cli_build_truncates_huge_documents_with_a_warning(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "huge.txt").write_text("The minister resigned on Monday. " * 3000, encoding="utf-8")
    args = ["build", str(corpus), "-o", str(tmp_path / "out"), "--max-chars", "5000"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "only the first 5,000 were analysed" in result.output


@pytest.mark.parametrize("path", sorted((SEEDS.parent / "queries").glob("*.cypher")), ids=lambda p: p.stem)
def test_every_query_example_answers_on_the_seeds(seeds_build, path):
    """The `Example:` line of each queries/ file, run as the README shows it, finds rows in the demo graph."""
    example = read_query_file(path).example
    args = ["query", str(path), "--db", str(seeds_build), "--format", "json", *shlex.split(example)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout), f"{path.name}: its example ({example}) finds nothing on the seeds"
