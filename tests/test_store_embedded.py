"""The embedded LadybugDB store, the script and CSV exports, and the query layer (no server needed)."""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

import ladybug as lb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventgraph.store import write_outputs
from eventgraph.store.cypher_script import literal, render_script
from eventgraph.store.errors import DatabaseMissing, ParameterError, QuerySyntaxError, ReadOnlyViolation
from eventgraph.store.ladybug_store import DB_FILENAME, open_database, schema_ddl, write_database
from eventgraph.store.query import query_parameters, read_query_file, run_query, select_variant, write_clause
from eventgraph.store.schema import NODE_TABLES, graph_rows
from store_graph import ADVERSARIAL, adversarial_graph, embedded_contents, expected_contents, small_graph

QUERIES = sorted((Path(__file__).resolve().parents[1] / "queries").glob("*.cypher"))


@pytest.fixture(scope="module")
def graph():
    return small_graph()


@pytest.fixture(scope="module")
def db_path(graph, tmp_path_factory) -> Path:
    return write_database(graph, tmp_path_factory.mktemp("lbdb") / DB_FILENAME)


def _q(db: Path, text: str, **params):
    return run_query(text, params, db=db)


def test_schema_tables_and_types(db_path):
    db = open_database(db_path)
    conn = lb.Connection(db)
    tables = {row[1]: row[2] for row in conn.execute("CALL show_tables() RETURN *").get_all()}
    assert tables == {
        "Event": "NODE",
        "Actor": "NODE",
        "Place": "NODE",
        "Document": "NODE",
        "PARTICIPATED_IN": "REL",
        "OCCURRED_IN": "REL",
        "MENTIONED_IN": "REL",
        "NEXT": "REL",
    }
    props = {r[1]: r[2] for r in conn.execute("CALL table_info('Event') RETURN *").get_all()}
    assert props["date_start"] == "DATE" and props["confidence"] == "DOUBLE" and props["mentions"] == "INT64"
    assert any("STRING[]" in s for s in schema_ddl())


def test_bulk_load_counts_match_graph(graph, db_path):
    rows = graph_rows(graph)
    _, data = _q(db_path, "MATCH (n) RETURN count(n) AS c")
    assert data == [[rows.node_count]] == [[graph.number_of_nodes()]]
    _, data = _q(db_path, "MATCH ()-[r]->() RETURN count(r) AS c")
    assert data == [[graph.number_of_edges()]]
    for table in NODE_TABLES:
        _, data = _q(db_path, f"MATCH (n:{table.label}) RETURN count(n) AS c")
        assert data == [[sum(1 for _, a in graph.nodes(data=True) if a["label"] == table.label)]]


def test_values_typed_and_unknowns_null(db_path):
    _, data = _q(
        db_path,
        "MATCH (e:Event) WHERE e.id = $id RETURN e.date_start, e.date_end, e.date_disputed",
        id="ev_arrest",
    )
    assert data == [[dt.date(2020, 7, 29), dt.date(2020, 7, 30), True]]
    _, data = _q(db_path, "MATCH (e:Event {id: 'ev_someday'}) RETURN e.date_start, e.precision, e.date")
    assert data == [[None, None, "PAST_REF"]]  # unknown stays unknown: no invented date, no ""
    _, data = _q(db_path, "MATCH (a:Actor {id: 'ac_wagner'}) RETURN a.aliases, a.country")
    assert data == [[["PMC, 'Wagner'"], None]]
    _, data = _q(
        db_path,
        "MATCH (:Event {id: 'ev_arrest'})-[m:MENTIONED_IN]->(d:Document {id: 'doc_3'}) "
        "RETURN m.sentence, m.`end`",
    )
    assert data == [["The arrest, on July 29,\nwas a shock \\ surprise.", 87]]


def test_adversarial_strings_round_trip(tmp_path):
    # Regression: COPY guessed the CSV dialect from the first rows (none quoted) and then split
    # "Goldman, Sachs amp Co." in two; a lone carriage return ends a record even inside quotes.
    graph = adversarial_graph(ADVERSARIAL)
    db = write_database(graph, tmp_path / DB_FILENAME)
    assert embedded_contents(db) == expected_contents(graph)
    _, data = _q(db, "MATCH (a:Actor) WHERE a.name = $v RETURN a.aliases", v='x",y')
    assert data == [[['x",y', "plain alias", 'x",yx",y']]]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.text(max_size=12), min_size=1, max_size=8))
def test_any_strings_round_trip(values, tmp_path):
    graph = adversarial_graph(values, padding=600)
    db = write_database(graph, tmp_path / DB_FILENAME)  # replaced atomically on every example
    assert embedded_contents(db) == expected_contents(graph)


def test_rebuild_replaces_atomically_and_failure_keeps_old(graph, tmp_path, monkeypatch):
    target = tmp_path / DB_FILENAME
    write_database(graph, target)
    g2 = graph.copy()
    g2.remove_node("ev_loan")
    write_database(g2, target)
    assert _q(target, "MATCH (e:Event) RETURN count(e)")[1] == [[6]]
    assert sorted(os.listdir(tmp_path)) == [DB_FILENAME]  # no temp files or WAL left behind

    import eventgraph.store.ladybug_store as store

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "load_graph", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        write_database(graph, target)
    assert _q(target, "MATCH (e:Event) RETURN count(e)")[1] == [[6]]
    assert sorted(os.listdir(tmp_path)) == [DB_FILENAME]


def test_write_outputs(graph, tmp_path):
    paths = write_outputs(graph, tmp_path / "out")
    assert paths["database"].name == "eventgraph.lbdb" and paths["database"].is_file()
    assert paths["script"].name == "eventgraph.cypher"
    files = sorted(p.name for p in paths["neo4j_csv"].iterdir())
    assert (
        "nodes_Event.csv" in files
        and "rels_MENTIONED_IN_Actor_Document.csv" in files
        and "import.txt" in files
    )
    with (paths["neo4j_csv"] / "nodes_Event.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert (
        rows[0][:2] == ["id:ID(Event)", "title"] and "date_start:date" in rows[0] and rows[0][-1] == ":LABEL"
    )
    assert len(rows) == 1 + 7
    # Deterministic: the same graph gives byte-identical exports.
    again = write_outputs(graph, tmp_path / "out2", corpus="out")
    assert again["script"].read_bytes() == paths["script"].read_bytes()
    for name in files:
        assert (again["neo4j_csv"] / name).read_bytes() == (paths["neo4j_csv"] / name).read_bytes()


def test_script_literals_escaped(graph):
    assert literal('it\'s \\ "x"\nnext\x00') == "'it\\'s \\\\ \"x\"\\nnext\\u0000'"
    assert literal(dt.date(2020, 1, 2)) == "date('2020-01-02')"
    assert literal({"end": 1, "a b": [True, None]}) == "{`end`: 1, `a b`: [true, null]}"
    script = render_script(graph, corpus="demo")
    statements = [ln for ln in script.splitlines() if ln and not ln.startswith("//")]
    assert all(s.endswith(";") for s in statements)
    assert statements[0].startswith("CREATE CONSTRAINT eventgraph_event_id IF NOT EXISTS")
    assert any("MERGE (n:`Event` {id: row[0]})" in s for s in statements)
    assert "shock \\\\ surprise" in script and "\n" not in "".join(statements)


def test_params_and_write_detection():
    text = "MATCH (a:Actor) // $not_a_param\nWHERE a.name = $name AND a.x = '$nope' RETURN a.`set` AS s"
    assert query_parameters(text) == {"name"}
    assert write_clause(text) is None
    assert write_clause("MATCH (n) DETACH DELETE n") == "DETACH"
    assert write_clause("match (n) set n.x = 1") == "SET"
    assert write_clause("RETURN {set: 1} AS m, 'CREATE' AS c") is None


def test_engine_variants_keep_line_numbers():
    text = "// h\n// @engine: neo4j\nRETURN 1 AS n\n// @engine: ladybug\nRETURN 2 AS n\n"
    assert select_variant(text, "neo4j").splitlines()[2] == "RETURN 1 AS n"
    lb_text = select_variant(text, "ladybug")
    assert (
        lb_text.count("\n") == text.count("\n") and "RETURN 1" not in lb_text and "RETURN 2 AS n" in lb_text
    )


def test_query_errors(db_path, tmp_path):
    with pytest.raises(QuerySyntaxError, match=r"syntax error at line 2, column \d+") as info:
        _q(db_path, "MATCH (e:Event)\nRETURN e.id ORDER e.id")
    assert info.value.line == 2
    with pytest.raises(ParameterError, match=r"missing parameter \$who"):
        _q(db_path, "MATCH (a:Actor) WHERE a.name = $who RETURN a.id")
    with pytest.raises(ParameterError, match="unknown parameter extra"):
        _q(db_path, "MATCH (a:Actor) RETURN a.id", extra=1)
    with pytest.raises(ReadOnlyViolation, match="read-only"):
        _q(db_path, "MATCH (a:Actor) SET a.name = 'x'")
    with pytest.raises(DatabaseMissing, match="no embedded database"):
        run_query("RETURN 1", db=tmp_path / "nothing")


def test_engine_refuses_writes_even_past_the_check(db_path):
    # A write the lexical check cannot see (procedure-style) must still be refused by the read-only database.
    from eventgraph.store.query import _run_ladybug

    with pytest.raises(ReadOnlyViolation):
        _run_ladybug("CREATE (:Place {id: 'x'})", {}, db_path, write=False)


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_files_documented(path):
    qf = read_query_file(path)
    assert qf.title and qf.description, "header needs Title: and Answers:"
    assert (
        set(qf.params)
        == query_parameters(select_variant(qf.text, "neo4j"))
        == query_parameters(select_variant(qf.text, "ladybug"))
    )
    for name in qf.params:
        assert f"--param {name}=" in qf.example, f"example must show ${name}"


def test_at_least_twelve_queries():
    assert len(QUERIES) >= 12
