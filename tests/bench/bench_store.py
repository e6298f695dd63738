"""Benchmark of the Cypher stores (issue 7): python tests/bench/bench_store.py [--json OUT]

A synthetic 100,000-node / 300,000-relationship event graph (the shape graph.py builds) is
* bulk-loaded into LadybugDB (target ≥ 100,000 nodes+rels/s),
* pushed to a loopback Neo4j (target ≥ 20,000/s) — the launcher from tests/neo4j is built/started (with a
  server's JVM flags: G1 and the full JIT; --test-jvm for the tests' C1-only flags) unless NEO4J_URI is
  set (then NEO4J_USER / NEO4J_PASSWORD apply); a smaller warm-up push (--warmup) runs first and is
  wiped, then the measured push (--wipe, into the emptied database) and an idempotent re-push,
* queried with every queries/*.cypher file on both engines (p50 of a few runs, connection reused).
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import itertools
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from eventgraph.store.ladybug_store import DB_FILENAME, open_database, write_database  # noqa: E402
from eventgraph.store.neo4j_store import push  # noqa: E402
from eventgraph.store.query import query_parameters, read_query_file, select_variant  # noqa: E402

TYPES = ["meeting", "arrest", "election", "agreement", "protest", "sanction", "statement", "attack"]


def synthetic_graph(n_nodes: int = 100_000, n_rels: int = 300_000, seed: int = 7) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    n_docs, n_actors, n_places = n_nodes // 20, n_nodes * 3 // 20, n_nodes // 50
    n_events = n_nodes - n_docs - n_actors - n_places
    g = nx.MultiDiGraph()
    for i in range(n_docs):
        g.add_node(
            f"doc_{i}",
            label="Document",
            id=f"doc_{i}",
            title=f"Article {i}",
            source="Wire",
            url=f"https://example.org/{i}",
            published="2020-01-01",
            path=f"{i}.txt",
            sha256=f"{i:064x}",
        )
    for i in range(n_actors):
        g.add_node(
            f"ac_{i}",
            label="Actor",
            id=f"ac_{i}",
            name=f"Actor {i}",
            kind="person",
            aliases=[f"A{i}"],
            country="",
            wikidata="",
            mentions=3,
        )
    for i in range(n_places):
        g.add_node(f"pl_{i}", label="Place", id=f"pl_{i}", name=f"Place {i}", country="XX")
    base = dt.date(2000, 1, 1)
    events = []
    for i in range(n_events):
        start = base + dt.timedelta(days=rng.randrange(0, 8000))
        events.append((start, f"ev_{i}"))
        g.add_node(
            f"ev_{i}",
            label="Event",
            id=f"ev_{i}",
            title=f"Event {i}",
            type=rng.choice(TYPES),
            date=start.isoformat(),
            date_start=start.isoformat(),
            date_end=(start + dt.timedelta(days=1)).isoformat(),
            precision="day",
            date_source="text",
            date_confidence=0.9,
            date_disputed=rng.random() < 0.01,
            confidence=0.8,
            modality="asserted",
            catalog="",
            mentions=1,
        )
    events.sort()
    ordered = [e for _, e in events]
    for a, b in itertools.pairwise(ordered):
        g.add_edge(a, b, key="NEXT", type="NEXT")
    remaining = n_rels - (len(ordered) - 1)
    n_mention = n_events  # one source sentence per event
    n_place = remaining // 8
    n_actor_doc = remaining // 16
    n_part = remaining - n_mention - n_place - n_actor_doc
    for i in range(n_mention):
        g.add_edge(
            f"ev_{i}",
            f"doc_{rng.randrange(n_docs)}",
            key="MENTIONED_IN:0",
            type="MENTIONED_IN",
            start=10,
            end=50,
            sentence=f"Sentence about event {i}.",
            quote="met",
        )
    for _ in range(n_place):
        g.add_edge(
            f"ev_{rng.randrange(n_events)}",
            f"pl_{rng.randrange(n_places)}",
            key="OCCURRED_IN",
            type="OCCURRED_IN",
        )
    for _ in range(n_actor_doc):
        g.add_edge(
            f"ac_{rng.randrange(n_actors)}",
            f"doc_{rng.randrange(n_docs)}",
            key="MENTIONED_IN",
            type="MENTIONED_IN",
            count=2,
        )
    for _ in range(n_part):
        # Skewed: a few actors take part in many events (like heads of state).
        actor = int(n_actors * rng.random() ** 3)
        role = rng.choice(["agent", "patient", "participant"])
        g.add_edge(
            f"ac_{actor}",
            f"ev_{rng.randrange(n_events)}",
            key=f"PARTICIPATED_IN:{role}",
            type="PARTICIPATED_IN",
            role=role,
        )
    return g


def bench_params(g: nx.MultiDiGraph) -> dict:
    return {
        "actor": "Actor 1",
        "from_date": "2010-01-01",
        "to_date": "2010-03-01",
        "type": "meeting",
        "limit": 25,
        "source_actor": "Actor 1",
        "target_actor": "Actor 2",
        "event": "ev_100",
        "place": "Place 3",
        "window": dt.timedelta(days=30),
        "actor_a": "Actor 0",
        "actor_b": "Actor 1",
    }


QUERY_TIMEOUT_S = 30


def p50(fn, runs: int) -> float | str:
    """Median seconds of ``runs`` calls; a query that fails (or times out) gives its error instead."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        try:
            fn()
        except Exception as exc:  # one slow or broken query must not lose the other figures
            return f"{type(exc).__name__}: {str(exc).splitlines()[0][:120] if str(exc) else ''}"
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def record(results: dict, engine: str, name: str, value: float | str) -> None:
    if isinstance(value, str):
        results[name] = value
        print(f"  {engine:7s} {name:32s} failed after {QUERY_TIMEOUT_S}s at most: {value}")
    else:
        results[name] = round(value * 1000, 1)
        print(f"  {engine:7s} {name:32s} p50 {value * 1000:8.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the results as JSON to this file")
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--rels", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=5, help="runs per query for the p50")
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument(
        "--warmup",
        type=int,
        default=50_000,
        help="nodes of the warm-up push before the measured ones (0: none)",
    )
    parser.add_argument("--workers", type=int, default=2, help="concurrent transactions of the Neo4j push")
    parser.add_argument("--no-neo4j", action="store_true")
    parser.add_argument(
        "--test-jvm", action="store_true", help="start Neo4j with the tests' JVM flags (C1 only) instead"
    )
    args = parser.parse_args()
    results: dict = {"load_average_start": [round(x, 2) for x in os.getloadavg()]}

    t = time.perf_counter()
    g = synthetic_graph(args.nodes, args.rels)
    n, r = g.number_of_nodes(), g.number_of_edges()
    results["graph"] = {"nodes": n, "rels": r, "build_s": round(time.perf_counter() - t, 2)}
    print(f"synthetic graph: {n} nodes, {r} rels")

    tmp = Path(tempfile.mkdtemp(prefix="bench-store-"))
    t = time.perf_counter()
    db_path = write_database(g, tmp / DB_FILENAME)
    secs = time.perf_counter() - t
    results["embedded_load"] = {"seconds": round(secs, 2), "per_s": round((n + r) / secs)}
    print(f"embedded load: {secs:.2f}s = {(n + r) / secs:,.0f} nodes+rels/s (target 100,000)")

    queries = sorted((ROOT / "queries").glob("*.cypher"))
    params = bench_params(g)
    import ladybug as lb

    db = open_database(db_path)
    conn = lb.Connection(db)
    conn.set_query_timeout(QUERY_TIMEOUT_S * 1000)
    results["ladybug_p50_ms"] = {}
    for path in queries:
        text = select_variant(read_query_file(path).text, "ladybug")
        p = {k: params[k] for k in query_parameters(text)}
        value = p50(lambda text=text, p=p: conn.execute(text, p).get_all(), args.runs)
        record(results["ladybug_p50_ms"], "ladybug", path.stem, value)
    conn.close()
    db.close()

    launcher = None
    if not args.no_neo4j:
        uri = os.environ.get("NEO4J_URI")
        user, password = os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD")
        if not uri:
            from conftest_neo4j import (
                PASSWORD,
                SERVER_JVM_OPTS,
                TEST_JVM_OPTS,
                LauncherProcess,
                build_launcher,
            )

            t = time.perf_counter()
            build_launcher()
            jvm_opts = TEST_JVM_OPTS if args.test_jvm else SERVER_JVM_OPTS
            results["neo4j_jvm"] = ["-Xmx2g", *jvm_opts]
            launcher = LauncherProcess(tmp / "neo4j", heap="2g", jvm_opts=jvm_opts)
            startup = launcher.start()
            results["neo4j_start_s"] = round(startup, 1)
            print(f"neo4j launcher: built/started in {time.perf_counter() - t:.1f}s (start {startup:.1f}s)")
            uri, password = launcher.uri, PASSWORD
        try:
            # Timed around the whole call: building the rows, connecting and the schema included.
            opts = {"corpus": "bench", "batch_size": args.batch_size}
            if "workers" in inspect.signature(push).parameters:  # (so the bench also runs older code)
                opts["workers"] = args.workers
            if args.warmup:
                # A fresh JVM spends tens of seconds of CPU compiling Neo4j's hot paths during its first
                # large load; a server in service is warm. A smaller corpus first, then removed (its
                # figure is kept as the cold-server rate).
                w = synthetic_graph(args.warmup, args.warmup * 3, seed=11)
                t = time.perf_counter()
                push(w, uri, user, password, **{**opts, "corpus": "warmup"})
                secs = time.perf_counter() - t
                wn = w.number_of_nodes() + w.number_of_edges()
                results["neo4j_cold_push"] = {
                    "items": wn,
                    "seconds": round(secs, 2),
                    "per_s": round(wn / secs),
                }
                print(
                    f"neo4j warm-up push on the cold server: {wn} items in {secs:.2f}s = {wn / secs:,.0f}/s"
                )
                push(nx.MultiDiGraph(), uri, user, password, **{**opts, "corpus": "warmup"}, wipe=True)
            t = time.perf_counter()
            push(g, uri, user, password, wipe=True, **opts)
            secs = time.perf_counter() - t
            results["neo4j_push"] = {"seconds": round(secs, 2), "per_s": round((n + r) / secs)}
            print(f"neo4j push: {secs:.2f}s = {(n + r) / secs:,.0f} nodes+rels/s (target 20,000)")
            t = time.perf_counter()
            push(g, uri, user, password, **opts)
            secs = time.perf_counter() - t
            results["neo4j_repush"] = {"seconds": round(secs, 2), "per_s": round((n + r) / secs)}
            print(f"neo4j re-push (idempotent): {secs:.2f}s = {(n + r) / secs:,.0f}/s")
            from neo4j import GraphDatabase, Query

            results["neo4j_p50_ms"] = {}
            auth = (user, password) if password else None
            with (
                GraphDatabase.driver(uri, auth=auth) as drv,
                drv.session(default_access_mode="READ") as session,
            ):
                for path in queries:
                    text = select_variant(read_query_file(path).text, "neo4j")
                    p = {k: params[k] for k in query_parameters(text)}
                    q = Query(text, timeout=QUERY_TIMEOUT_S)
                    value = p50(lambda q=q, p=p: session.run(q, p).data(), args.runs)
                    record(results["neo4j_p50_ms"], "neo4j", path.stem, value)
        finally:
            if launcher is not None:
                launcher.stop()
    results["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    print(f"load average: start {results['load_average_start']}, end {results['load_average_end']}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
