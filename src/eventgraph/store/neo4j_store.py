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
import queue
import re
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .errors import AuthFailed, ConnectionFailed, DatabaseMissing, StoreError
from .schema import (
    NODE_TABLES,
    NODES_BY_LABEL,
    REL_TABLES,
    RELS_BY_TYPE,
    NodeTable,
    Prop,
    RelKey,
    RelRow,
    RelTable,
    graph_node_rows,
    iter_rel_tables,
    scan_rels,
)

DEFAULT_BATCH_SIZE = 5_000
DEFAULT_WORKERS = 2  # sessions that send node batches at once
DEFAULT_CORPUS = "default"
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

Progress = Callable[[str, int, int], None]  # (stage, items done, items total) after every batch


def ident(name: str) -> str:
    """A Cypher identifier, backtick-quoted (labels, types and property names are ours, quoting is cheap)."""
    return "`" + name.replace("`", "``") + "`"


# `{rows}` and `{corpus}` are filled with `$rows`/`$corpus` for the driver or with literals for the script.
# A new entity gets the one-element list; an existing one gets the corpus added unless it is there already.
_TAG_NEW = "{var}.corpora = [{corpus}]"
_TAG_OLD = "{var}.corpora = CASE WHEN {var}.corpora IS NULL THEN [{corpus}] WHEN {corpus} IN {var}.corpora " \
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


# Rows travel as positional lists in schema order, not maps: the driver packs every map key of every row
# again, which made packing the parameters the slowest part of a push. DATE values travel as ISO strings
# (``date()`` turns them back on the server; packing a date is several times slower than a string).
def _assign(var: str, props: tuple[Prop, ...], first: int) -> list[str]:
    out = []
    for i, prop in enumerate(props, start=first):
        value = f"row[{i}]"
        out.append(f"{var}.{ident(prop.name)} = " + (f"date({value})" if prop.type == "DATE" else value))
    return out


def _tag_and_set(var: str, corpus: str, sets: list[str]) -> str:
    tail = f"ON CREATE SET {_TAG_NEW.format(var=var, corpus=corpus)} "
    tail += f"ON MATCH SET {_TAG_OLD.format(var=var, corpus=corpus)}"
    return tail + (f" SET {', '.join(sets)}" if sets else "")


def node_statement(label: str, rows: str = "$rows", corpus: str = "$corpus") -> str:
    """MERGE on ``id`` (``row[0]``), then set every property (a null removes one that became unknown)."""
    table = NODES_BY_LABEL[label]
    sets = _assign("n", table.props[1:], 1)
    return f"UNWIND {rows} AS row MERGE (n:{ident(label)} {{id: row[0]}}) " + _tag_and_set("n", corpus, sets)


def rel_statement(rel_type: str, src: str, dst: str, rows: str = "$rows", corpus: str = "$corpus") -> str:
    """Endpoints by ``id`` (``row[0]``, ``row[1]``), MERGE on ``key`` (``row[2]``), then the properties."""
    table = RELS_BY_TYPE[rel_type]
    sets = _assign("r", table.props, 3)
    return (
        f"UNWIND {rows} AS row MATCH (a:{ident(src)} {{id: row[0]}}) MATCH (b:{ident(dst)} {{id: row[1]}}) "
        f"MERGE (a)-[r:{ident(rel_type)} {{key: row[2]}}]->(b) " + _tag_and_set("r", corpus, sets)
    )


def node_params(table: NodeTable, rows: list[dict[str, Any]]) -> list[list[Any]]:
    """The ``$rows`` of :func:`node_statement`: every property in schema order, None for unknown."""
    names = [p.name for p in table.props]
    dates = [i for i, p in enumerate(table.props) if p.type == "DATE"]
    out = [[row[name] for name in names] for row in rows]
    if dates:
        for values in out:
            for i in dates:
                if values[i] is not None:
                    values[i] = values[i].isoformat()
    return out


_REL_DATES = {t.type: [i for i, p in enumerate(t.props) if p.type == "DATE"] for t in REL_TABLES}


def rel_param_row(rel: RelKey, src: str, dst: str, key: Any, values: list[Any]) -> list[Any]:
    """One row of :func:`rel_statement`'s ``$rows``: endpoints, key, then the properties in schema order."""
    for i in _REL_DATES[rel[0]]:
        if values[i] is not None:
            values[i] = values[i].isoformat()
    return [src, dst, key if key.__class__ is str else str(key), *values]


def rel_params(table: RelTable, rows: list[RelRow]) -> list[list[Any]]:
    """The ``$rows`` of :func:`rel_statement` for RelRows (see :func:`rel_param_row`)."""
    names = [p.name for p in table.props]
    return [rel_param_row((table.type, r.src_label, r.dst_label), r.src, r.dst, r.key,
                          [r.props.get(name) for name in names]) for r in rows]  # fmt: skip


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
    workers: int = DEFAULT_WORKERS,
) -> PushStats:
    """Load ``graph`` into the Neo4j server at ``uri`` (see the module docstring for the guarantees).

    Batches are sent while the next ones are built. Node batches run in up to ``workers`` sessions at
    once (they MERGE distinct ids: they never wait for each other). Relationships follow once every node
    is in, split by :func:`_rel_streams` so that concurrent transactions never lock the same node or
    relationship chain. ``progress`` is called in this thread.
    """
    corpus = corpus or str(graph.graph.get("corpus") or DEFAULT_CORPUS)
    batch_size = max(1, batch_size)
    started = time.perf_counter()
    stats = PushStats(corpus=corpus)
    with connect(uri, user, password, database) as driver:
        try:
            _prepare(driver, database, corpus, wipe, batch_size, stats)
            with _Pusher(driver, database, corpus, max(1, workers), stats, progress) as pusher:
                nodes = graph_node_rows(graph)
                pusher.total = sum(len(v) for v in nodes.nodes.values())
                for table in NODE_TABLES:
                    statement = node_statement(table.label)
                    for batch in _batches(node_params(table, nodes.nodes.get(table.label, [])), batch_size):
                        pusher.submit("nodes", statement, batch)
                rels, skipped = scan_rels(graph, nodes, rel_param_row)  # while the nodes go in
                stats.skipped = nodes.skipped + skipped
                pusher.total += sum(len(v) for v in rels.values())
                pusher.wait()  # every node exists before a relationship MATCHes its ends
                streams = _rel_streams(rels, max(1, workers))
                for stream, work in enumerate(streams[:-1]):
                    for statement, batch in _rel_batches(work, batch_size):
                        pusher.submit(f"rels{stream}", statement, batch)
                pusher.wait()
                for statement, batch in _rel_batches(streams[-1], batch_size):
                    pusher.submit("rels0", statement, batch)
        except StoreError:
            raise
        except Exception as exc:
            mapped = translate_driver_error(exc, uri, database)
            if mapped is not None:
                raise mapped from None
            raise
    stats.seconds = time.perf_counter() - started
    return stats


def _rel_streams(rels: dict[RelKey, list[list[Any]]], workers: int) -> list[dict[RelKey, list[list[Any]]]]:
    """Split the relationship rows into ``workers`` streams that may run at once, then one that may not.

    Every node falls in one of ``workers`` classes (a hash of its id). Stream i holds the relationships
    between two nodes of class i: transactions of different streams lock disjoint nodes, and the
    relationship chains of those nodes only hold relationships of the same stream, so they neither wait
    for each other nor deadlock (creating a relationship also locks the first one of each end's chain,
    which is how concurrent batches of one type deadlocked). The last stream, relationships across
    classes, runs alone afterwards. After an earlier load a chain can start with a relationship across
    classes, so two streams may still meet; the driver then retries the deadlocked batch.
    """
    if workers == 1:
        return [rels]
    streams: list[dict[RelKey, list[list[Any]]]] = [{k: [] for k in rels} for _ in range(workers + 1)]
    for rel, rows in rels.items():
        targets = [stream[rel].append for stream in streams]
        across = targets[workers]
        for row in rows:
            a, b = hash(row[0]) % workers, hash(row[1]) % workers
            (targets[a] if a == b else across)(row)
    return streams


def _rel_batches(
    rels: dict[RelKey, list[list[Any]]], batch_size: int
) -> Iterator[tuple[str, list[list[Any]]]]:
    for table, src, dst in iter_rel_tables():
        statement = rel_statement(table.type, src, dst)
        for batch in _batches(rels.get((table.type, src, dst), []), batch_size):
            yield statement, batch


def _prepare(driver: Any, database: str | None, corpus: str, wipe: bool, batch_size: int,
             stats: PushStats) -> None:  # fmt: skip
    """Constraints and indexes, then (``wipe``) the removal of the corpus's previous load."""
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


class _Pusher:
    """Sends batches in background threads (each batch its own managed transaction, so the driver retries
    transient failures); the thread that submits them counts what is done and calls ``progress``.

    Node batches go to a pool of ``workers`` threads, each relationship stream to a thread of its own.
    After an error anywhere, nothing new starts and the error is raised in the submitting thread.
    """

    def __init__(self, driver: Any, database: str | None, corpus: str, workers: int, stats: PushStats,
                 progress: Progress | None) -> None:  # fmt: skip
        self.driver = driver
        self.session_args = {"database": database} if database else {}
        self.corpus = corpus
        self.stats = stats
        self.progress = progress
        self.total = self.finished = 0
        self.stop = threading.Event()
        self.done: queue.SimpleQueue[tuple[str, int]] = queue.SimpleQueue()
        self.pools = {"nodes": ThreadPoolExecutor(workers, thread_name_prefix="eventgraph-push-nodes")}
        for i in range(workers):  # one thread per relationship stream: its batches run in order
            self.pools[f"rels{i}"] = ThreadPoolExecutor(1, thread_name_prefix=f"eventgraph-push-rels{i}")
        self.futures: list[Future[None]] = []
        self.local = threading.local()
        self.sessions: list[Any] = []
        self.sessions_lock = threading.Lock()

    def __enter__(self) -> _Pusher:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            if exc_type is None:
                self.wait()
        except BaseException:
            exc_type = BaseException
            raise
        finally:
            if exc_type is not None:
                self.stop.set()  # running batches finish (each is its own transaction); no new one starts
            for pool in self.pools.values():
                pool.shutdown(wait=True, cancel_futures=True)
            for session in self.sessions:
                with contextlib.suppress(Exception):
                    session.close()

    def submit(self, kind: str, statement: str, batch: list[list[Any]]) -> None:
        self._check()
        self.futures.append(self.pools[kind].submit(self._send, kind, statement, batch))

    def wait(self) -> None:
        """Until every submitted batch is done; raises the first error."""
        while not all(f.done() for f in self.futures):
            self._report(timeout=0.05)
        self._report(timeout=None)
        self._check()
        self.futures = []

    def _check(self) -> None:
        self._report(timeout=None)
        for future in self.futures:
            if future.done() and future.exception() is not None:
                future.result()

    def _report(self, timeout: float | None) -> None:
        """Count the batches the workers finished and call ``progress``."""
        while True:
            try:
                kind, count = self.done.get(timeout=timeout) if timeout else self.done.get_nowait()
            except queue.Empty:
                return
            self.finished += count
            self.stats.batches += 1
            if kind == "nodes":  # "rels<stream>" otherwise
                self.stats.nodes += count
            else:
                self.stats.rels += count
            if self.progress is not None:
                self.progress("push", self.finished, self.total)

    def _session(self) -> Any:
        session = getattr(self.local, "session", None)
        if session is None:  # one session per worker thread, kept for the whole push
            session = self.local.session = self.driver.session(**self.session_args)
            with self.sessions_lock:
                self.sessions.append(session)
        return session

    def _send(self, kind: str, statement: str, batch: list[list[Any]]) -> None:
        if self.stop.is_set():
            return
        try:
            self._session().execute_write(
                lambda tx: tx.run(statement, rows=batch, corpus=self.corpus).consume()
            )
        except BaseException:
            self.stop.set()
            raise
        self.done.put((kind, len(batch)))


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
