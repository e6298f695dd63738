"""``eventgraph timeline`` as a user runs it: filters, formats, files, and clear errors without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from eg_sample import write_sample_dir
from eventgraph.commands import timeline as timeline_command


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    # A bare app with only this command: the other command modules are written concurrently.
    app = typer.Typer(pretty_exceptions_enable=False)

    @app.callback()
    def _root() -> None:
        pass

    timeline_command.register(app)
    return app


@pytest.fixture
def graph_dir(tmp_path: Path) -> Path:
    return write_sample_dir(tmp_path / "graph")


def run(app: typer.Typer, *args: str) -> object:
    return CliRunner().invoke(app, ["timeline", *args])


def test_markdown_to_stdout(app: typer.Typer, graph_dir: Path) -> None:
    result = run(app, str(graph_dir), "--actor", "Putin")
    assert result.exit_code == 0, result.output
    assert "Sochi meeting" in result.stdout and "Protests in Minsk" not in result.stdout
    assert result.stdout.startswith("# Timeline")


def test_filters_and_json(app: typer.Typer, graph_dir: Path) -> None:
    result = run(app, str(graph_dir), "--from", "2020-08", "--to", "2020-09", "--type", "meeting",
                 "--type", "protest", "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    titles = [e["title"] for e in json.loads(result.stdout)["entries"]]
    assert titles == ["Protests in Minsk", "Sochi meeting"]


@pytest.mark.parametrize("suffix", ["md", "html", "csv", "json", "docx", "ics"])
def test_output_file_format_from_suffix(
    app: typer.Typer, graph_dir: Path, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"t.{suffix}"
    result = run(app, str(graph_dir), "-o", str(out), "--source", "Example Times", "--min-confidence", "0.5")
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    assert "wrote" in result.stderr


def test_timelinejs(app: typer.Typer, graph_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "tl.json"
    assert run(app, str(graph_dir), "-f", "timelinejs", "-o", str(out)).exit_code == 0
    assert "events" in json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{missing}"], "not a directory"),
        (["{empty}"], "no events.jsonl"),
        (["{graph}", "--from", "last week"], "not a date"),
        (["{graph}", "--format", "pdf"], "unknown format"),
        (["{graph}", "--format", "docx"], "binary format"),
        (["{graph}", "--min-confidence", "3"], "between 0 and 1"),
    ],
)
def test_errors_are_clear(
    app: typer.Typer, graph_dir: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "empty").mkdir()
    subst = {"missing": str(tmp_path / "missing"), "empty": str(tmp_path / "empty"), "graph": str(graph_dir)}
    result = run(app, *[a.format(**subst) for a in args])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


def test_ics_note_about_undated(app: typer.Typer, graph_dir: Path) -> None:
    result = run(app, str(graph_dir), "-f", "ics")
    assert result.exit_code == 0
    assert result.stdout.startswith("BEGIN:VCALENDAR") and "not known to the day" in result.stderr
