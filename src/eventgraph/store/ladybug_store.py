"""The embedded Cypher database: LadybugDB (the maintained continuation of Kùzu), one file on disk.

The database is built with the bulk path: typed CSV files written to a temporary directory and loaded with
``COPY FROM`` (one statement per table, not one ``CREATE`` per row), with the CSV dialect spelled out (see
:data:`COPY_OPTIONS`); the few rows the CSV reader cannot carry exactly go in by parameter. Each COPY runs
in a background thread while the next file is written (LadybugDB releases the GIL). The database is built
under a temporary name next to the target and renamed into place only once complete and checkpointed, so
a rebuild replaces the old database atomically and a failure leaves the previous one untouched.
"""

from __future__ import annotations

import contextlib
import csv
import io
import operator
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import ladybug as lb
import networkx as nx

from .schema import (
    NODE_TABLES,
    REL_TABLES,
    RELS_BY_TYPE,
    GraphRows,
    NodeTable,
    Prop,
    RelKey,
    RelTable,
    gc_paused,
    graph_node_rows,
    scan_rels,
)

DB_FILENAME = "eventgraph.lbdb"


def _ident(name: str) -> str:
    # Backticks always: `end` and `count` are keywords in LadybugDB's grammar.
    return "`" + name.replace("`", "``") + "`"


def _ddl_type(prop: Prop) -> str:
    return prop.type


def node_ddl(table: NodeTable) -> str:
    cols = [f"{_ident(p.name)} {_ddl_type(p)}" + (" PRIMARY KEY" if i == 0 else "")
            for i, p in enumerate(table.props)]  # fmt: skip
    return f"CREATE NODE TABLE {_ident(table.label)}({', '.join(cols)})"


def rel_ddl(table: RelTable) -> str:
    parts = [f"FROM {_ident(a)} TO {_ident(b)}" for a, b in table.pairs]
    parts += [f"{_ident(p.name)} {_ddl_type(p)}" for p in table.props]
    return f"CREATE REL TABLE {_ident(table.type)}({', '.join(parts)})"


def schema_ddl() -> list[str]:
    """The DDL statements that create the whole schema (node tables first: rel tables refer to them)."""
    return [node_ddl(t) for t in NODE_TABLES] + [rel_ddl(t) for t in REL_TABLES]


# The CSV dialect, spelled out: LadybugDB otherwise sniffs it from the first rows of each file (AUTO_DETECT),
# and when those rows hold no quoted field it reads the file as unquoted, so a later field such as
# "Goldman, Sachs" splits in two and every column after it shifts ("expected 6 values per row, but got more",
# "Cast failed. text is not in DOUBLE range"). Python's csv writer doubles quotes inside quoted fields, so
# the escape character is the quote itself, not LadybugDB's default backslash.
COPY_OPTIONS = ("HEADER=true", "DELIM=','", "QUOTE='\"'", "ESCAPE='\"'", "AUTO_DETECT=false")

# A list element that LadybugDB's CSV list syntax ``[a,b]`` reads back exactly: no separators, brackets,
# quotes, backslashes or control characters, and no whitespace at either end (the reader trims it). Lists with
# any other element go in by parameter instead.
_PLAIN_LIST_ITEM = re.compile(r"[^\s\[\]{}(),'\"\\\x00-\x1f\x7f]+(?: [^\s\[\]{}(),'\"\\\x00-\x1f\x7f]+)*")


def _csv_list(items: list[str]) -> str | None:
    """``items`` in LadybugDB's CSV list syntax, or None when some element could not be read back exactly."""
    match = _PLAIN_LIST_ITEM.fullmatch
    if all(match(item) for item in items):
        return "[" + ",".join(items) + "]"
    return None


def _csv_text(rows: list[tuple[Any, ...]], header: list[str]) -> str:
    """The CSV text of ``rows``: None → empty unquoted field (NULL), dates → ISO, floats → repr, bools → True.

    csv.writer turns each value into text itself (str(), which is the right form for every type the schema
    produces), so the whole file is written at C speed. Rows never hold "" (schema.coerce turns it into None),
    which csv would write as an empty quoted field that LadybugDB also reads as NULL.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def _has_cr(row: tuple[Any, ...]) -> bool:
    return any(value.__class__ is str and "\r" in value for value in row)


def _write_csv(path: Path, header: list[str], rows: list[tuple[Any, ...]]) -> tuple[bool, list[int]]:
    """Write ``rows`` as a CSV for COPY FROM, leaving out those the CSV reader cannot take.

    → (whether some value spans lines, so the serial reader is needed; indexes of the rows left out).
    LadybugDB's reader ends a record at a carriage return even inside a quoted field, so rows with a "\r" in
    some value are left out of the file and loaded by parameter instead.
    """
    text = _csv_text(rows, header)
    left_out: list[int] = []
    if "\r" in text:
        left_out = [i for i, row in enumerate(rows) if _has_cr(row)]
        skip = set(left_out)
        rows = [row for i, row in enumerate(rows) if i not in skip]
        text = _csv_text(rows, header)
    multiline = text.count("\n") != len(rows) + 1  # one line terminator per record, header included
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    return multiline, left_out


def _copy_statement(table: str, path: Path, multiline: bool, pair: tuple[str, str] | None = None) -> str:
    opts = list(COPY_OPTIONS)
    if multiline:
        opts.append("PARALLEL=false")  # the parallel CSV reader cannot split quoted newlines
    if pair is not None:
        opts = [f"from='{pair[0]}'", f"to='{pair[1]}'", *opts]
    # The file name is ours (a temp dir), never user input; quote it anyway.
    location = str(path).replace("\\", "\\\\").replace("'", "\\'")
    return f"COPY {_ident(table)} FROM '{location}' ({', '.join(opts)})"


def _getter(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A C-speed ``row → tuple of row[name]`` (itemgetter returns a bare value for one name: wrap it)."""
    if not names:
        return lambda _row: ()
    get = operator.itemgetter(*names)
    if len(names) == 1:
        return lambda row: (get(row),)
    return get


_BATCH = 20_000


class _Runner:
    """Runs database statements in order in one background thread while this thread writes the next CSV.

    LadybugDB releases the GIL while it executes, so COPY of one table overlaps building the rows and the CSV
    of the next. After a failure the remaining statements are skipped and :meth:`finish` raises the error.
    """

    def __init__(self, conn: lb.Connection) -> None:
        self.conn = conn
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="eventgraph-lbdb")
        self._futures: list[Future[None]] = []
        self._failed = threading.Event()

    def execute(self, statement: str, params: dict[str, Any] | None = None) -> None:
        for future in self._futures:  # fail early: no point writing more CSV files
            if future.done() and future.exception() is not None:
                self.finish()
        self._futures.append(self._pool.submit(self._run, statement, params))

    def _run(self, statement: str, params: dict[str, Any] | None) -> None:
        if self._failed.is_set():
            return
        try:
            self.conn.execute(statement, params) if params is not None else self.conn.execute(statement)
        except BaseException:
            self._failed.set()
            raise

    def finish(self) -> None:
        """Wait for every statement; raise the first error."""
        try:
            for future in self._futures:
                future.result()
        finally:
            self.close()

    def close(self) -> None:
        self._failed.set()  # on an error in this thread, skip what is queued
        self._pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def _runner(conn: lb.Connection) -> Iterator[_Runner]:
    runner = _Runner(conn)
    try:
        yield runner
    except BaseException:
        runner.close()
        raise
    runner.finish()


def _param_props(props: tuple[Prop, ...]) -> str:
    """``{name: r.name, ...}`` with every value cast to its column type (a parameter column that is null in
    every row is typed STRING otherwise, which LadybugDB will not store into an INT64 column)."""
    items = []
    for prop in props:
        value = f"r.{_ident(prop.name)}"
        items.append(
            f"{_ident(prop.name)}: " + (value if prop.type == "STRING" else f"CAST({value} AS {prop.type})")
        )
    return ", ".join(items)


def _run_batched(run: _Runner, statement: str, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), _BATCH):
        run.execute(statement, {"rows": rows[start : start + _BATCH]})


def _load_nodes(run: _Runner, table: NodeTable, data: list[dict[str, Any]], csv_dir: Path) -> None:
    names = [p.name for p in table.props]
    tuples = list(map(_getter(names), data))
    by_param: list[int] = []  # rows that go in by parameter: a list the CSV syntax cannot hold exactly
    list_cols = [i for i, p in enumerate(table.props) if p.type == "STRING[]"]
    data_csv = data
    if list_cols:
        for n, row in enumerate(tuples):
            if all(row[i] is None for i in list_cols):
                continue
            cells = list(row)
            for i in list_cols:
                if cells[i] is not None:
                    cells[i] = _csv_list(cells[i])
            if any(cells[i] is None and row[i] is not None for i in list_cols):
                by_param.append(n)
            tuples[n] = tuple(cells)
        if by_param:
            skip = set(by_param)
            tuples = [row for n, row in enumerate(tuples) if n not in skip]
            data_csv = [row for n, row in enumerate(data) if n not in skip]
    path = csv_dir / f"node_{table.label}.csv"
    multiline, left_out = _write_csv(path, names, tuples)
    run.execute(_copy_statement(table.label, path, multiline))
    rest = [data[n] for n in by_param] + [data_csv[n] for n in left_out]
    if rest:
        props = _param_props(table.props)
        _run_batched(run, f"UNWIND $rows AS r CREATE (:{_ident(table.label)} {{{props}}})", rest)


def _load_rels(run: _Runner, table: RelTable, src: str, dst: str, data: list[tuple[Any, ...]],
               csv_dir: Path) -> None:  # fmt: skip
    """``data``: (from id, to id, *properties in schema order) per relationship."""
    names = [p.name for p in table.props]
    path = csv_dir / f"rel_{table.type}_{src}_{dst}.csv"
    multiline, left_out = _write_csv(path, ["from", "to", *names], data)
    run.execute(_copy_statement(table.type, path, multiline, (src, dst) if len(table.pairs) > 1 else None))
    if left_out:
        rest = [{"s": data[n][0], "t": data[n][1], **dict(zip(names, data[n][2:], strict=True))}
                for n in left_out]  # fmt: skip
        props = _param_props(table.props)
        _run_batched(
            run,
            f"UNWIND $rows AS r MATCH (a:{_ident(src)} {{id: r.s}}), (b:{_ident(dst)} {{id: r.t}}) "
            f"CREATE (a)-[:{_ident(table.type)} {{{props}}}]->(b)",
            rest,
        )


def _load_node_tables(run: _Runner, nodes: dict[str, list[dict[str, Any]]], csv_dir: Path) -> None:
    for statement in schema_ddl():
        run.execute(statement)
    for table in NODE_TABLES:
        data = nodes.get(table.label, [])
        if data:
            _load_nodes(run, table, data, csv_dir)


def _load_rel_tables(run: _Runner, rels: dict[RelKey, list[tuple[Any, ...]]], csv_dir: Path) -> None:
    for table in REL_TABLES:
        for src, dst in table.pairs:
            data = rels.get((table.type, src, dst), [])
            if data:
                _load_rels(run, table, src, dst, data, csv_dir)


def _flat(_rel: RelKey, src: str, dst: str, _key: Any, values: list[Any]) -> tuple[Any, ...]:
    return (src, dst, *values)


def load_rows(conn: lb.Connection, rows: GraphRows, csv_dir: Path) -> None:
    """Create the schema and bulk-load ``rows`` through CSV files in ``csv_dir``.

    Every value comes back exactly as it went in: the few rows the CSV reader cannot carry (see
    :func:`_write_csv` and :data:`_PLAIN_LIST_ITEM`) are created by parameter after the COPY of their table.
    """
    flat = {}
    for (rel_type, src, dst), data in rows.rels.items():
        get = _getter([p.name for p in RELS_BY_TYPE[rel_type].props])
        flat[(rel_type, src, dst)] = [(r.src, r.dst, *get(r.props)) for r in data]
    with gc_paused(), _runner(conn) as run:
        _load_node_tables(run, rows.nodes, csv_dir)
        _load_rel_tables(run, flat, csv_dir)


def load_graph(conn: lb.Connection, graph: nx.MultiDiGraph, csv_dir: Path) -> None:
    """:func:`load_rows` for ``graph``, the nodes loading while the relationship rows are built.

    The relationships are loaded in the graph's edge order (graph_rows sorts them, for byte-identical
    exports; a database compares by content, and skipping the sort saves a good part of the load).
    """
    with gc_paused(), _runner(conn) as run:
        nodes = graph_node_rows(graph)
        _load_node_tables(run, nodes.nodes, csv_dir)
        rels, _ = scan_rels(graph, nodes, _flat)
        _load_rel_tables(run, rels, csv_dir)


def write_database(graph: nx.MultiDiGraph, path: str | os.PathLike[str]) -> Path:
    """Build the embedded database for ``graph`` at ``path`` (one file), atomically replacing an old one.

    Returns the path. On failure the previous database (if any) is left as it was.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".eventgraph-lbdb-", dir=target.parent) as tmp:
        tmp_dir = Path(tmp)
        tmp_db = tmp_dir / target.name
        csv_dir = tmp_dir / "csv"
        csv_dir.mkdir()
        db = lb.Database(str(tmp_db))
        try:
            conn = lb.Connection(db)
            try:
                load_graph(conn, graph, csv_dir)
                conn.execute("CHECKPOINT")  # fold the WAL into the file so the one file is the database
            finally:
                conn.close()
        finally:
            db.close()
        leftover_wal = Path(str(tmp_db) + ".wal")
        if leftover_wal.exists():
            if leftover_wal.stat().st_size:
                raise RuntimeError(f"LadybugDB left a non-empty write-ahead log at {leftover_wal}")
            leftover_wal.unlink()
        # A stale WAL beside the old file would be replayed against the new one: remove it first.
        with contextlib.suppress(FileNotFoundError):
            Path(str(target) + ".wal").unlink()
        os.replace(tmp_db, target)
    return target


def resolve_db_path(path: str | os.PathLike[str]) -> Path:
    """Accept the database file itself or a build output folder that contains ``eventgraph.lbdb``."""
    p = Path(path)
    if p.is_dir():
        return p / DB_FILENAME
    return p


def open_database(path: str | os.PathLike[str], read_only: bool = True) -> lb.Database:
    """Open the embedded database (read-only by default: queries cannot change it)."""
    p = resolve_db_path(path)
    if read_only and not p.exists():
        raise FileNotFoundError(f"no embedded database at {p} (run `eventgraph build` first)")
    return lb.Database(str(p), read_only=read_only)
