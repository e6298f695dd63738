"""Loading the event graph into a Neo4j server with the official driver.

* Schema first: a uniqueness constraint on ``id`` for every label and range indexes on the properties
  analysts filter on (``date_start``, ``name``, ``type``, …), all ``IF NOT EXISTS``.
* Then batched ``UNWIND $rows AS row MERGE …`` — nodes, then relationships — each batch in a managed write
  transaction (``session.execute_write``), so the driver retries transient failures.
* Idempotent: nodes are merged on ``id``, relationships on their endpoints plus ``key`` (the networkx edge
  key, which tells parallel relationships apart), so pushing twice, or re-running a push that was
  interrupted halfway, leaves exactly one copy of everything.
* Every node and relationship lists the corpora it was loaded from in ``corpora``; ``wipe=True`` first
  removes what an earlier load of the same corpus put there (entities shared with another corpus only lose
  the tag), so a rebuilt corpus replaces its previous load without touching others.

The statement templates are shared with :mod:`cypher_script`, which inlines the rows as literals.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .errors import AuthFailed, ConnectionFailed, DatabaseMissing, StoreError
from .schema import NODE_TABLES, GraphRows, RelRow, graph_rows, iter_rel_tables

DEFAULT_BATCH_SIZE = 5_000
DEFAULT_CORPUS = "default"
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

Progress = Callable[[str, int, int], None]  # (stage, items done, items total) after every batch


def ident(name: str) -> str:
    """A Cypher identifier, backtick-quoted (labels, types and property names are ours, quoting is cheap)."""
    return "`" + name.replace("`", "``") + "`"


# `{rows}` and `{corpus}` are filled with `$rows`/`$corpus` for the driver or with literals for the script.
_TAG = "{var}.corpora = CASE WHEN {var}.corpora IS NULL THEN [{corpus}] WHEN {corpus} IN {var}.corpora " \
       "THEN {var}.corpora ELSE {var}.corpora + {corpus} END"  # fmt: skip


def schema_statements() -> list[str]:
    out = []
    for table in NODE_TABLES:
        low = table.label.lower()
        out.append(f"CREATE CONSTRAINT eventgraph_{low}_id IF NOT EXISTS "
                   f"FOR (n:{ident(table.label)}) REQUIRE n.id IS UNIQUE")  # fmt: skip
        for prop in table.indexed:
            out.append(f"CREATE INDEX eventgraph_{low}_{prop} IF NOT EXISTS "
                       f"FOR (n:{ident(table.label)}) ON (n.{ident(prop)})")  # fmt: skip
    return out


def node_statement(label: str, rows: str = "$rows", corpus: str = "$corpus") -> str:
    tag = _TAG.format(var="n", corpus=corpus)
    return f"UNWIND {rows} AS row MERGE (n:{ident(label)} {{id: row.id}}) SET n += row, {tag}"


def rel_statement(rel_type: str, src: str, dst: str, rows: str = "$rows", corpus: str = "$corpus") -> str:
    tag = _TAG.format(var="r", corpus=corpus)
    return (
        f"UNWIND {rows} AS row MATCH (a:{ident(src)} {{id: row.s}}) MATCH (b:{ident(dst)} {{id: row.t}}) "
        f"MERGE (a)-[r:{ident(rel_type)} {{key: row.k}}]->(b) SET r += row.p, {tag}"
    )


def rel_params(row: RelRow) -> dict[str, Any]:
    # None values stay in: `SET r += {x: null}` removes x, so a value that became unknown is cleared on a
    # re-push (the same holds for node rows, which are passed as they are).
    return {"s": row.src, "t": row.dst, "k": row.key, "p": row.props}


def wipe_statements(corpus: str = "$corpus", limit: int = 10_000) -> list[str]:
    """Statements, each run until it affects nothing, that remove a corpus's previous load."""
    keep = "[x IN {v}.corpora WHERE x <> " + corpus + "]"
    return [
        f"MATCH ()-[r]->() WHERE r.corpora = [{corpus}] WITH r LIMIT {limit} DELETE r RETURN count(*) AS n",
        f"MATCH ()-[r]->() WHERE {corpus} IN r.corpora WITH r LIMIT {limit} "
        f"SET r.corpora = {keep.format(v='r')} RETURN count(*) AS n",
        f"MATCH (n) WHERE n.corpora = [{corpus}] WITH n LIMIT {limit} DETACH DELETE n RETURN count(*) AS n",
        f"MATCH (n) WHERE {corpus} IN n.corpora WITH n LIMIT {limit} "
        f"SET n.corpora = {keep.format(v='n')} RETURN count(*) AS n",
    ]


@dataclass
class PushStats:
    corpus: str
    nodes: int = 0
    rels: int = 0
    batches: int = 0
    wiped: int = 0
    seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return (self.nodes + self.rels) / self.seconds if self.seconds else 0.0


def _batches(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def translate_driver_error(exc: Exception, uri: str, database: str | None = None) -> StoreError | None:
    """Map a driver exception to a one-line store error (None when it is not a connection-level problem)."""
    from neo4j import exceptions as nx4  # local: keeps `import eventgraph.store` light

    if isinstance(exc, nx4.AuthError):
        return AuthFailed(
            f"Neo4j at {uri} refused the credentials (check --user/--password or NEO4J_USER/NEO4J_PASSWORD)"
        )
    if isinstance(exc, nx4.ServiceUnavailable | nx4.SessionExpired):
        found = re.search(r"reason (.+?)\)?$", str(exc), re.MULTILINE)
        reason = found[1] if found else (str(exc).splitlines() or [type(exc).__name__])[0]
        return ConnectionFailed(f"cannot reach Neo4j at {uri} ({reason}): is the server running?")
    if isinstance(exc, nx4.ConfigurationError):
        return ConnectionFailed(f"invalid Neo4j URI {uri!r}: {exc}")
    code = getattr(exc, "code", None) or ""
    if code == "Neo.ClientError.Database.DatabaseNotFound":
        return DatabaseMissing(f"Neo4j at {uri} has no database {database!r}")
    if code.startswith("Neo.ClientError.Security."):
        return AuthFailed(f"Neo4j at {uri} refused access: {getattr(exc, 'message', exc)}")
    return None


@contextlib.contextmanager
def connect(uri: str, user: str | None, password: str | None, database: str | None = None) -> Iterator[Any]:
    """A verified driver; connection and credential problems become :class:`StoreError` with one line."""
    from neo4j import GraphDatabase
    from neo4j import exceptions as nx4

    # The server's notifications (e.g. "property key does not exist" for an optional property) are noise
    # for analysts running library queries; the driver would log each one as a warning.
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in BOLT_SCHEMES:
        raise ConnectionFailed(
            f"invalid Neo4j URI {uri!r}: expected one of {', '.join(BOLT_SCHEMES)}://HOST:PORT"
        )
    auth = (user or "neo4j", password) if password is not None else None
    try:
        driver = GraphDatabase.driver(
            uri, auth=auth, connection_timeout=10.0, max_transaction_retry_time=30.0
        )
    except (ValueError, nx4.ConfigurationError) as exc:
        raise ConnectionFailed(f"invalid Neo4j URI {uri!r}: {exc}") from None
    try:
        try:
            driver.verify_connectivity(database=database) if database else driver.verify_connectivity()
        except Exception as exc:
            mapped = translate_driver_error(exc, uri, database)
            if mapped is not None:
                raise mapped from None
            raise
        yield driver
    finally:
        driver.close()


def push(
    graph: nx.MultiDiGraph,
    uri: str,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    wipe: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    corpus: str | None = None,
    progress: Progress | None = None,
) -> PushStats:
    """Load ``graph`` into the Neo4j server at ``uri`` (see the module docstring for the guarantees)."""
    corpus = corpus or str(graph.graph.get("corpus") or DEFAULT_CORPUS)
    rows = graph_rows(graph)
    stats = PushStats(corpus=corpus, skipped=list(rows.skipped))
    started = time.perf_counter()
    with connect(uri, user, password, database) as driver:
        try:
            _push_rows(driver, rows, database, corpus, wipe, max(1, batch_size), stats, progress)
        except StoreError:
            raise
        except Exception as exc:
            mapped = translate_driver_error(exc, uri, database)
            if mapped is not None:
                raise mapped from None
            raise
    stats.seconds = time.perf_counter() - started
    return stats


def _push_rows(
    driver: Any,
    rows: GraphRows,
    database: str | None,
    corpus: str,
    wipe: bool,
    batch_size: int,
    stats: PushStats,
    progress: Progress | None,
) -> None:
    session_args = {"database": database} if database else {}
    with driver.session(**session_args) as session:
        for statement in schema_statements():
            session.run(statement).consume()  # schema commands cannot share a transaction with data
        session.run("CALL db.awaitIndexes(300)").consume()
        if wipe:
            for statement in wipe_statements(limit=max(batch_size, 1000)):
                while True:
                    record = session.execute_write(lambda tx, q=statement: tx.run(q, corpus=corpus).single())
                    affected = record["n"] if record else 0
                    stats.wiped += affected
                    if not affected:
                        break
        total = rows.node_count + rows.rel_count
        done = 0

        def write(statement: str, batch: list[dict[str, Any]]) -> None:
            nonlocal done
            session.execute_write(lambda tx: tx.run(statement, rows=batch, corpus=corpus).consume())
            done += len(batch)
            stats.batches += 1
            if progress is not None:
                progress("push", done, total)

        for table in NODE_TABLES:
            statement = node_statement(table.label)
            for batch in _batches(rows.nodes.get(table.label, []), batch_size):
                write(statement, batch)
                stats.nodes += len(batch)
        for table, src, dst in iter_rel_tables():
            statement = rel_statement(table.type, src, dst)
            data = [rel_params(r) for r in rows.rels.get((table.type, src, dst), [])]
            for batch in _batches(data, batch_size):
                write(statement, batch)
                stats.rels += len(batch)


def count_corpus(
    uri: str, user: str | None, password: str | None, corpus: str, database: str | None = None
) -> tuple[int, int]:
    """(nodes, relationships) tagged with ``corpus``: what a push of that corpus left in the server."""
    with connect(uri, user, password, database) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (n) WHERE $c IN n.corpora RETURN count(n) AS n", c=corpus, database_=database
        )
        nodes = records[0]["n"]
        records, _, _ = driver.execute_query(
            "MATCH ()-[r]->() WHERE $c IN r.corpora RETURN count(r) AS n", c=corpus, database_=database
        )
        return nodes, records[0]["n"]
