"""The command line as a user meets it: clear one-line errors (never a traceback), honest help, quiet output.

Fast: nothing here loads the spaCy model (a corpus of only empty files needs no extraction).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner, Result

from eventgraph import engines, nlp
from eventgraph.build import BuildResult
from eventgraph.cli import app
from eventgraph.commands import build as build_commands
from eventgraph.config import DEFAULT_MAX_CHARS, DEFAULT_MAX_NODES, Config
from eventgraph.nlp import DEFAULT_MODEL, ModelNotFound


def test_a_missing_model_says_how_to_install_it_never_a_package_index_name() -> None:
    with pytest.raises(ModelNotFound) as err:
        nlp.load("xx_no_such_pipeline")
    message = str(err.value)
    assert "python -m spacy download xx_no_such_pipeline" in message
    assert "--model" in message
    # "pip install xx-no-such-pipeline" would send users to squatted placeholders on PyPI
    assert "pip install xx" not in message


def test_the_missing_default_model_points_to_the_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed(name: str) -> None:
        raise OSError(f"[E050] Can't find model '{name}'")

    monkeypatch.setattr(spacy, "load", not_installed)
    with pytest.raises(ModelNotFound) as err:
        nlp.load.__wrapped__(DEFAULT_MODEL)  # past the per-process cache
    message = str(err.value)
    assert "make install" in message and "requirements.lock" in message and "--model" in message
    assert "pip install en" not in message


# --- build, extract, merge ----------------------------------------------------------------------------------


def build_cli(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output, result.output
    return result


def test_a_broken_trigger_lexicon_stops_the_build_with_its_line(no_documents: Path, tmp_path: Path) -> None:
    broken = tmp_path / "triggers-typo.yaml"
    broken.write_text("types:\n  cyber:\n    label: Cyber\n\n    nouns: [intrusion]\n    verbs: hack\n")
    result = build_cli("build", str(no_documents), "-o", str(tmp_path / "out"), "--triggers", str(broken))
    assert result.exit_code == 2 and not (tmp_path / "out").exists()
    assert result.stderr == (
        f"error: {broken}:6: trigger lexicon does not follow the schema at types/cyber/verbs: "
        "'hack' is not of type 'array'\n"
    )


@pytest.fixture
def no_documents(tmp_path: Path) -> Path:
    """A corpus that reads cleanly and gives nothing to extract: a build runs without loading the model."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    return corpus


@pytest.fixture
def alias_clash(tmp_path: Path) -> Path:
    """A user registry giving an alias of a packaged actor to someone else: a warning, not an error."""
    path = tmp_path / "my-actors.yaml"
    path.write_text(
        "- id: other-putin\n  name: Another Person\n  kind: person\n  aliases: [Vladimir Putin]\n"
    )
    return path


def test_build_output_starts_with_the_summary_not_a_blank_line(no_documents: Path, tmp_path: Path) -> None:
    result = build_cli("build", str(no_documents), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("0 documents read, 0 skipped, 0 failed → 0 events, 0 actors\n")
    # and the list of outputs is one line however long (not wrapped at 80 columns when piped)
    outputs = result.stderr.splitlines()[1]
    assert outputs.startswith(f"Outputs in {tmp_path / 'out'}/: documents.jsonl, ")
    assert outputs.endswith(", neo4j")


def test_registry_warnings_are_reported_recorded_and_fail_strict(
    no_documents: Path, alias_clash: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = build_cli("build", str(no_documents), "-o", str(out), "--actors", str(alias_clash))
    assert result.exit_code == 0, result.output
    warning = next(line for line in result.stderr.splitlines() if line.startswith("warning: "))
    assert "alias 'Vladimir Putin' is claimed by two registry entries" in warning and "other-putin" in warning
    assert json.loads((out / "build.json").read_text())["warnings"] == [warning.removeprefix("warning: ")]

    quiet = build_cli("build", str(no_documents), "-o", str(out), "--actors", str(alias_clash), "-q")
    assert quiet.exit_code == 0 and quiet.stderr == ""

    strict = build_cli("build", str(no_documents), "-o", str(out), "--actors", str(alias_clash), "--strict")
    assert strict.exit_code == 1
    assert strict.stderr.splitlines()[-1] == "error: warnings or skipped files with --strict"


def test_a_broken_actors_file_stops_the_build_with_one_line(no_documents: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("- id: x\n  name: X\n  kind: wizard\n")
    result = build_cli("build", str(no_documents), "-o", str(tmp_path / "out"), "--actors", str(broken))
    assert result.exit_code == 2 and not (tmp_path / "out").exists()
    assert result.stderr.startswith(f"error: {broken}:3: field '[0].kind' (entry 'x'): 'wizard' is not")
    assert len(result.stderr.splitlines()) == 1


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[Config]:
    """The Config each `eventgraph build` hands to the library (which is not run)."""
    configs: list[Config] = []

    def fake_build(paths: list[Path], out_dir: Path, config: Config, progress: object) -> BuildResult:
        configs.append(config)
        return BuildResult()

    monkeypatch.setattr(build_commands, "build", fake_build)
    return configs


def test_build_max_nodes_goes_to_the_graph_page_as_with_merge(captured: list[Config], tmp_path: Path) -> None:
    assert build_cli("build", "-o", str(tmp_path), "--max-nodes", "300").exit_code == 0
    assert build_cli("build", "-o", str(tmp_path)).exit_code == 0
    assert build_cli("build", "-o", str(tmp_path), "--max-nodes", "0").exit_code == 0
    assert [c.max_nodes for c in captured] == [300, DEFAULT_MAX_NODES, None]  # None: every node
    for command in ("build", "merge"):
        assert "--max-nodes" in build_cli(command, "--help").stdout
        refused = build_cli(command, str(tmp_path), "--max-nodes", "-1")
        assert refused.exit_code == 2 and "--max-nodes" in refused.stderr


def test_max_chars_has_one_default_the_documented_one(captured: list[Config], tmp_path: Path) -> None:
    assert build_cli("build", "-o", str(tmp_path)).exit_code == 0
    assert captured[0].max_chars == Config().max_chars == DEFAULT_MAX_CHARS == 1_000_000


def test_an_unreachable_dask_scheduler_is_one_line_and_quick(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The minister resigned on Monday.\n")
    assert engines.SCHEDULER_TIMEOUT <= 10  # Dask's own default is 30 s
    monkeypatch.setattr(engines, "SCHEDULER_TIMEOUT", 0.5)  # a refused connection is retried until then
    address = "tcp://127.0.0.1:1"
    started = time.monotonic()
    result = build_cli("extract", str(corpus), "-o", str(tmp_path / "parts"), "--engine", "dask",
                       "--scheduler", address)  # fmt: skip
    assert time.monotonic() - started < 15
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: cannot reach the Dask scheduler at {address} (no answer within")
    assert "is it running" in result.stderr and len(result.stderr.splitlines()) == 1


def test_merge_with_a_broken_data_file_is_an_error_not_a_traceback(
    no_documents: Path, tmp_path: Path
) -> None:
    parts = tmp_path / "parts"
    assert build_cli("extract", str(no_documents), "-o", str(parts)).exit_code == 0
    broken = tmp_path / "triggers.yaml"
    broken.write_text("types: [unclosed\n")
    manifest = json.loads((parts / "manifest.json").read_text())
    manifest["trigger_files"] = [str(broken)]  # a trigger lexicon the extraction used, broken since
    (parts / "manifest.json").write_text(json.dumps(manifest))
    result = build_cli("merge", str(parts), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and result.stderr.startswith(f"error: {broken}:2: not valid YAML: expected")
