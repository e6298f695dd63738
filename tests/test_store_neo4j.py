"""Neo4j: push (schema, idempotency, interruption, wipe), the script export, and every queries/ file giving
the same rows as the embedded database. Needs the real server from conftest_neo4j.py: pytest -m neo4j."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventgraph.cli import app
from eventgraph.store.cypher_script import render_script
from eventgraph.store.errors import AuthFailed, ConnectionFailed, QuerySyntaxError, ReadOnlyViolation
from eventgraph.store.ladybug_store import DB_FILENAME, write_database
from eventgraph.store.neo4j_store import count_corpus, push
from eventgraph.store.query import Neo4jTarget, query_parameters, read_query_file, run_query, select_variant
from store_graph import (
    ADVERSARIAL,
    QUERY_PARAMS,
    adversarial_graph,
    expected_contents,
    normalise_rows,
    small_graph,
)

pytestmark = pytest.mark.neo4j
QUERIES = sorted((Path(__file__).resolve().parents[1] / "queries").glob("*.cypher"))


@pytest.fixture(scope="module")
def graph():
    return small_graph()


def _push(server, graph, **kw):
    return push(graph, server.uri, server.user, server.password, **kw)


def _totals(server) -> tuple[int, int, int]:
    with server.driver() as drv:
        rec = drv.execute_query(
            "MATCH (n) WITH count(n) AS n, count(DISTINCT n.id) AS ids "
            "OPTIONAL MATCH ()-[r]->() RETURN n, ids, count(r) AS r"
        ).records[0]
        return rec["n"], rec["ids"], rec["r"]


def test_push_creates_schema_and_loads_everything(neo4j_empty, graph):
    stats = _push(neo4j_empty, graph, corpus="t")
    assert (stats.nodes, stats.rels) == (graph.number_of_nodes(), graph.number_of_edges())
    assert _totals(neo4j_empty) == (graph.number_of_nodes(), graph.number_of_nodes(), graph.number_of_edges())
    with neo4j_empty.driver() as drv:
        constraints = {r["name"] for r in drv.execute_query("SHOW CONSTRAINTS YIELD name").records}
        indexes = {r["name"] for r in drv.execute_query("SHOW INDEXES YIELD name").records}
        date = drv.execute_query("MATCH (e:Event {id: 'ev_arrest'}) RETURN e.date_start AS d").records[0]["d"]
    assert {f"eventgraph_{x}_id" for x in ("event", "actor", "place", "document")} <= constraints
    assert {"eventgraph_event_date_start", "eventgraph_actor_name", "eventgraph_event_type"} <= indexes
    assert date.iso_format() == "2020-07-29"  # a real DATE, so ranges work


def _contents(server) -> dict:
    """Like store_graph.embedded_contents, read from Neo4j (temporal values as Python dates)."""
    from eventgraph.store.schema import NODE_TABLES, iter_rel_tables

    def native(value):
        return value.to_native() if hasattr(value, "to_native") else value

    out: dict = {}
    with server.driver() as drv:
        for table in NODE_TABLES:
            cols = ", ".join(f"n.`{p.name}`" for p in table.props)
            records = drv.execute_query(f"MATCH (n:`{table.label}`) RETURN {cols}").records
            out[table.label] = sorted((tuple(native(v) for v in r.values()) for r in records), key=repr)
        for table, src, dst in iter_rel_tables():
            cols = "".join(f", r.`{p.name}`" for p in table.props)
            records = drv.execute_query(
                f"MATCH (a:`{src}`)-[r:`{table.type}`]->(b:`{dst}`) RETURN a.id, b.id{cols}"
            ).records
            out[(table.type, src, dst)] = sorted(
                (tuple(native(v) for v in r.values()) for r in records), key=repr
            )
    return out


def test_push_values_exact_and_repush_clears_unknowns(neo4j_empty):
    graph = adversarial_graph(ADVERSARIAL, padding=20)
    _push(neo4j_empty, graph, corpus="t", batch_size=7)  # many small batches on both workers
    assert _contents(neo4j_empty) == expected_contents(graph)
    changed = graph.copy()
    changed.nodes["ev_z0001"]["title"] = None  # became unknown: the property must go
    changed.nodes["ev_z0001"]["date_start"] = "2000-02-29"
    for _, _, attrs in changed.edges(data=True):
        if attrs.get("role"):
            attrs["role"] = "agent"
    _push(neo4j_empty, changed, corpus="t", batch_size=7)
    assert _contents(neo4j_empty) == expected_contents(changed)


def test_push_twice_same_counts(neo4j_empty, graph):
    _push(neo4j_empty, graph, corpus="t")
    first = _totals(neo4j_empty)
    _push(neo4j_empty, graph, corpus="t")
    assert _totals(neo4j_empty) == first
    assert count_corpus(neo4j_empty.uri, neo4j_empty.user, neo4j_empty.password, "t") == first[::2]


def test_interrupted_push_completes_on_rerun(neo4j_empty, graph):
    class Interrupted(Exception):
        pass

    def fail_after_three(_stage, _done, _total):
        calls.append(_done)
        if len(calls) == 3:
            raise Interrupted

    calls: list[int] = []
    with pytest.raises(Interrupted):
        _push(neo4j_empty, graph, corpus="t", batch_size=4, progress=fail_after_three)
    partial = _totals(neo4j_empty)
    assert 0 < partial[0] < graph.number_of_nodes()
    _push(neo4j_empty, graph, corpus="t", batch_size=4)
    assert _totals(neo4j_empty) == (graph.number_of_nodes(), graph.number_of_nodes(), graph.number_of_edges())


def test_wipe_replaces_previous_load_of_same_corpus_only(neo4j_empty, graph):
    _push(neo4j_empty, graph, corpus="a")
    other = small_graph()
    other.remove_node("ev_crimea")  # corpus b lacks one event but shares the rest
    _push(neo4j_empty, other, corpus="b")
    smaller = small_graph()
    smaller.remove_node("ev_loan")
    _push(neo4j_empty, smaller, corpus="a", wipe=True)
    with neo4j_empty.driver() as drv:
        ids = {r["id"] for r in drv.execute_query("MATCH (e:Event) RETURN e.id AS id").records}
        loan = drv.execute_query("MATCH (e:Event {id: 'ev_loan'}) RETURN e.corpora AS c").records
    assert "ev_crimea" in ids  # only corpus a had it, and a still has it
    assert loan and loan[0]["c"] == ["b"]  # still in corpus b, no longer tagged a
    a_nodes, _ = count_corpus(neo4j_empty.uri, neo4j_empty.user, neo4j_empty.password, "a")
    assert a_nodes == smaller.number_of_nodes()


def test_script_loads_same_graph(neo4j_empty, graph):
    script = render_script(graph, corpus="s")
    statements = [ln[:-1] for ln in script.splitlines() if ln and not ln.startswith("//")]
    with neo4j_empty.driver() as drv, drv.session() as session:
        for _ in range(2):  # twice: the script is idempotent
            for statement in statements:
                session.run(statement).consume()
    assert _totals(neo4j_empty) == (graph.number_of_nodes(), graph.number_of_nodes(), graph.number_of_edges())


@pytest.fixture(scope="module")
def both_engines(neo4j_server, graph, tmp_path_factory):
    neo4j_server.clear()
    _push(neo4j_server, graph, corpus="q")
    db = write_database(graph, tmp_path_factory.mktemp("q") / DB_FILENAME)
    return db, Neo4jTarget(neo4j_server.uri, neo4j_server.user, neo4j_server.password)


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_same_rows_on_both_engines(both_engines, path):
    db, target = both_engines
    qf = read_query_file(path)
    params = {k: QUERY_PARAMS[k] for k in query_parameters(select_variant(qf.text, "neo4j"))}
    lb_cols, lb_rows = run_query(qf.text, params, db=db)
    neo_cols, neo_rows = run_query(qf.text, params, neo4j=target)
    assert lb_cols == neo_cols
    assert lb_rows, f"{path.name} returns nothing on the test graph: the comparison would prove little"
    assert normalise_rows(lb_rows) == normalise_rows(neo_rows)


def test_read_only_and_syntax_errors(both_engines):
    _, target = both_engines
    with pytest.raises(ReadOnlyViolation):
        run_query("MATCH (p:Place) SET p.name = 'x'", neo4j=target)
    from eventgraph.store.query import _run_neo4j

    with pytest.raises(ReadOnlyViolation):  # the READ_ACCESS session refuses it even past the check
        _run_neo4j("CREATE (:Place {id: 'zz'})", {}, target, write=False)
    with pytest.raises(QuerySyntaxError, match="syntax error at line 2, column 8") as info:
        run_query("MATCH (e:Event)\nRETURN , e", neo4j=target)
    assert (info.value.line, info.value.column) == (2, 8)


def test_down_server_and_wrong_credentials(neo4j_server, graph):
    with pytest.raises(ConnectionFailed, match=r"cannot reach Neo4j at bolt://127\.0\.0\.1:1"):
        run_query("RETURN 1", neo4j="bolt://127.0.0.1:1")
    with pytest.raises(ConnectionFailed):
        push(graph, "bolt://127.0.0.1:1", "neo4j", "x")
    if neo4j_server.password is None:
        pytest.skip("the server has authentication disabled")
    with pytest.raises(AuthFailed, match="refused the credentials"):
        run_query("RETURN 1", neo4j=neo4j_server.uri, user="neo4j", password="wrong-password")
    r = CliRunner().invoke(
        app,
        ["query", "RETURN 1", "--neo4j", neo4j_server.uri, "--user", "neo4j", "--password", "wrong-password"],
    )
    assert r.exit_code == 1 and "refused the credentials" in r.stderr and "Traceback" not in r.output


def test_cli_query_and_push_on_neo4j(neo4j_server, tmp_path, monkeypatch):
    import json

    import networkx as nx

    graph = small_graph()
    (tmp_path / "graph.json").write_text(json.dumps(nx.node_link_data(graph, edges="links"), default=str))
    monkeypatch.setenv("NEO4J_USER", neo4j_server.user or "neo4j")
    if neo4j_server.password:
        monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    runner = CliRunner()
    r = runner.invoke(app, ["push", str(tmp_path), "--neo4j", neo4j_server.uri, "--corpus", "cli", "--wipe"])
    assert r.exit_code == 0, r.output
    assert f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships" in r.stdout
    r = runner.invoke(
        app,
        [
            "query",
            "MATCH (n) WHERE $c IN n.corpora RETURN count(n) AS n",
            "--param",
            "c=cli",
            "--neo4j",
            neo4j_server.uri,
            "--format",
            "json",
        ],
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == [{"n": graph.number_of_nodes()}]
