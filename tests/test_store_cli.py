"""`eventgraph query` / `export-cypher` on the embedded database (formats, params, errors: no tracebacks)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
import typer
from typer.testing import CliRunner

from eventgraph.cli import app
from eventgraph.commands.cypher import parse_params, parse_value
from eventgraph.store import write_outputs
from store_graph import small_graph

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(scope="module")
def outdir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build")
    graph = small_graph()
    write_outputs(graph, out)
    data = nx.node_link_data(graph, edges="links")
    (out / "graph.json").write_text(json.dumps(data, default=str), encoding="utf-8")
    return out


def run(*args: str):
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output
    return result


def test_param_inference():
    assert parse_value("42") == 42 and parse_value("-1.5") == -1.5 and parse_value("true") is True
    assert parse_value('"42"') == "42" and parse_value("2020-08-09") == "2020-08-09"
    assert parse_value("P2W").days == 14 and parse_value("P30D").days == 30 and parse_value("PX") == "PX"
    assert parse_value("[1, 2]") == [1, 2] and parse_value("null") is None
    assert parse_params(["a=b=c", "$n=3"]) == {"a": "b=c", "n": 3}
    with pytest.raises(ValueError):
        parse_params(["novalue"])


def test_query_file_json(outdir):
    r = run(
        "query",
        str(ROOT / "queries/actor_timeline.cypher"),
        "--param",
        "actor=Vladimir Putin",
        "--db",
        str(outdir),
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert [row["event"] for row in rows] == [
        "Russia annexes Crimea",
        "Russia promises a $1.5bn loan",
        "Lukashenko and Putin meet in Sochi",
    ]
    assert rows[0]["start"] == "2014-01-01" and rows[0]["date"] == "2014" and rows[0]["precision"] == "year"


def test_query_csv_and_table(outdir):
    r = run(
        "query",
        "MATCH (p:Place) RETURN p.name AS name, p.country AS country ORDER BY name",
        "--db",
        str(outdir / "eventgraph.lbdb"),
        "--format",
        "csv",
    )
    assert r.exit_code == 0, r.output
    assert list(csv.reader(io.StringIO(r.stdout))) == [
        ["name", "country"],
        ["Crimea", ""],
        ["Minsk", "BY"],
        ["Sochi", "RU"],
    ]
    r = run(
        "query",
        "MATCH (e:Event) WHERE e.type = $t RETURN e.title AS title",
        "-p",
        "t=meeting",
        "--db",
        str(outdir),
    )
    assert r.exit_code == 0 and "Sochi" in r.stdout and "2 rows" in r.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["MATCH (e:Event RETURN e"], "syntax error at line 1, column"),
        (["MATCH (e:Event) WHERE e.id = $id RETURN e"], "missing parameter $id"),
        (["MATCH (e:Event) RETURN e.id", "--param", "x=1"], "unknown parameter x"),
        (["MATCH (e:Event) DETACH DELETE e"], "read-only unless --write"),
        (["nope.cypher"], "no such query file"),
        (["RETURN 1", "--format", "xml"], "unknown --format"),
    ],
)
def test_query_errors_are_one_line(outdir, args, message):
    r = run("query", *args, "--db", str(outdir))
    assert r.exit_code != 0
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_query_file_syntax_error_points_into_file(outdir, tmp_path):
    bad = tmp_path / "bad.cypher"
    bad.write_text("// Title: broken\n// Answers: nothing\nMATCH (e:Event)\nRETURN e.id,, e.title\n")
    r = run("query", str(bad), "--db", str(outdir))
    assert r.exit_code == 1 and "syntax error at line 4" in r.stderr


def test_missing_database(tmp_path):
    r = run("query", "RETURN 1", "--db", str(tmp_path))
    assert r.exit_code == 1 and "no embedded database" in r.stderr


def test_write_mode_allows_changes(outdir, tmp_path):
    import shutil

    db = tmp_path / "eventgraph.lbdb"
    shutil.copy(outdir / "eventgraph.lbdb", db)
    r = run(
        "query",
        "MATCH (p:Place {id: 'pl_minsk'}) SET p.country = 'Belarus' RETURN p.country AS c",
        "--db",
        str(db),
        "--write",
        "--format",
        "json",
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == [{"c": "Belarus"}]


def test_export_cypher(outdir, tmp_path):
    r = run("export-cypher", str(outdir), "--out", str(tmp_path / "x"))
    assert r.exit_code == 0, r.output
    assert (tmp_path / "x" / "eventgraph.cypher").is_file() and (
        tmp_path / "x" / "neo4j" / "import.txt"
    ).is_file()
    r = run("export-cypher", str(tmp_path / "missing"))
    assert r.exit_code == 1 and "no graph at" in r.stderr


def test_push_down_server_is_one_line(outdir):
    r = run("push", str(outdir), "--neo4j", "bolt://127.0.0.1:1")
    assert r.exit_code == 1 and "cannot reach Neo4j" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert r.stdout == ""  # no progress bar (nor the blank line it left) outside a terminal
    r = run("push", str(outdir), "--neo4j", "http://127.0.0.1:1")
    assert r.exit_code == 1 and "invalid Neo4j URI" in r.stderr


def test_push_and_query_read_the_server_from_neo4j_uri(outdir, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    for args in (["push", str(outdir)], ["query", "RETURN 1"]):
        r = run(*args)
        assert r.exit_code == 1 and "cannot reach Neo4j at bolt://127.0.0.1:1" in r.stderr, args
    # an explicit --db still means the embedded database; --db and --neo4j together are refused
    r = run("query", "RETURN 1 AS one", "--db", str(outdir), "-f", "json")
    assert r.exit_code == 0 and json.loads(r.stdout) == [{"one": 1}]
    r = run("query", "RETURN 1", "--db", str(outdir), "--neo4j", "bolt://127.0.0.1:1")
    assert r.exit_code == 2 and "give --db or --neo4j, not both" in r.stderr


def test_help_says_where_the_server_and_the_corpus_key_come_from():
    commands = typer.main.get_command(app).commands
    push = {p.name: p for p in commands["push"].params}
    query = {p.name: p for p in commands["query"].params}
    assert push["neo4j"].envvar == query["neo4j"].envvar == "NEO4J_URI"
    assert "unless --db is given" in query["neo4j"].help
    for command in ("push", "export-cypher"):
        corpus = next(p for p in commands[command].params if p.name == "corpus")
        assert corpus.help.startswith(
            "Corpus key everything loaded is tagged with. Default: the key the build"
        )
    assert "env var: NEO4J_URI" in run("push", "--help").stdout  # shown by --help
