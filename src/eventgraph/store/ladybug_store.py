"""The embedded Cypher database: LadybugDB (the maintained continuation of Kùzu), one file on disk.

The database is built with the bulk path: typed CSV files written to a temporary directory and loaded with
``COPY FROM`` (one statement per table, not one ``CREATE`` per row). It is built under a temporary name next
to the target and renamed into place only once complete and checkpointed, so a rebuild replaces the old
database atomically and a failure leaves the previous one untouched.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import os
import tempfile
from pathlib import Path
from typing import Any

import ladybug as lb
import networkx as nx

from .schema import NODE_TABLES, REL_TABLES, GraphRows, NodeTable, Prop, RelTable, graph_rows

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


def _csv_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> bool:
    """Write a CSV for COPY FROM; returns whether some value spans lines (needs the serial reader)."""
    multiline = False
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            out = []
            for value in row:
                text = _csv_value(value)
                if text is None:
                    out.append("")  # an empty unquoted field is NULL
                    continue
                if "\n" in text or "\r" in text:
                    multiline = True
                # csv quotes "" as an empty quoted field, which LadybugDB would also read as NULL: rows never
                # hold "" (schema.coerce turns it into None), so nothing is lost.
                out.append(text)
            writer.writerow(out)
    return multiline


def _copy(conn: lb.Connection, table: str, path: Path, multiline: bool, pair: tuple[str, str] | None) -> None:
    opts = ["HEADER=true"]
    if multiline:
        opts.append("PARALLEL=false")  # the parallel CSV reader cannot split quoted newlines
    if pair is not None:
        opts = [f"from='{pair[0]}'", f"to='{pair[1]}'", *opts]
    # The file name is ours (a temp dir), never user input; quote it anyway.
    location = str(path).replace("\\", "\\\\").replace("'", "\\'")
    conn.execute(f"COPY {_ident(table)} FROM '{location}' ({', '.join(opts)})")


def load_rows(conn: lb.Connection, rows: GraphRows, csv_dir: Path) -> None:
    """Create the schema and bulk-load ``rows`` through CSV files in ``csv_dir``."""
    for statement in schema_ddl():
        conn.execute(statement)
    list_updates: dict[str, list[tuple[str, list[dict[str, Any]]]]] = {}
    for table in NODE_TABLES:
        data = rows.nodes.get(table.label, [])
        if not data:
            continue
        # Lists go in by parameter afterwards: the CSV list syntax has no escaping for ',' or quotes.
        scalar = [p for p in table.props if p.type != "STRING[]"]
        for p in table.props:
            if p.type == "STRING[]":
                values = [{"id": r["id"], "v": r[p.name]} for r in data if r.get(p.name)]
                list_updates.setdefault(table.label, []).append((p.name, values))
        path = csv_dir / f"node_{table.label}.csv"
        multiline = _write_csv(
            path, [p.name for p in scalar], [[r.get(p.name) for p in scalar] for r in data]
        )
        _copy_node(conn, table, scalar, path, multiline)
    for label, updates in list_updates.items():
        for prop_name, values in updates:
            node, prop = _ident(label), _ident(prop_name)
            statement = f"UNWIND $rows AS r MATCH (n:{node} {{id: r.id}}) SET n.{prop} = r.v"
            for start in range(0, len(values), 20_000):
                conn.execute(statement, {"rows": values[start : start + 20_000]})
    for table in REL_TABLES:
        for src, dst in table.pairs:
            data = rows.rels.get((table.type, src, dst), [])
            if not data:
                continue
            path = csv_dir / f"rel_{table.type}_{src}_{dst}.csv"
            header = ["from", "to", *[p.name for p in table.props]]
            multiline = _write_csv(
                path, header, [[r.src, r.dst, *[r.props.get(p.name) for p in table.props]] for r in data]
            )
            _copy(conn, table.type, path, multiline, (src, dst) if len(table.pairs) > 1 else None)


def _copy_node(
    conn: lb.Connection, table: NodeTable, scalar: list[Prop], path: Path, multiline: bool
) -> None:
    if len(scalar) == len(table.props):
        _copy(conn, table.label, path, multiline, None)
        return
    # COPY needs every column, in order, unless the columns are named: name them (list ones are left NULL).
    opts = ["HEADER=true"] + (["PARALLEL=false"] if multiline else [])
    cols = ", ".join(_ident(p.name) for p in scalar)
    location = str(path).replace("\\", "\\\\").replace("'", "\\'")
    conn.execute(f"COPY {_ident(table.label)}({cols}) FROM '{location}' ({', '.join(opts)})")


def write_database(graph: nx.MultiDiGraph, path: str | os.PathLike[str]) -> Path:
    """Build the embedded database for ``graph`` at ``path`` (one file), atomically replacing an old one.

    Returns the path. On failure the previous database (if any) is left as it was.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    rows = graph_rows(graph)
    with tempfile.TemporaryDirectory(prefix=".eventgraph-lbdb-", dir=target.parent) as tmp:
        tmp_dir = Path(tmp)
        tmp_db = tmp_dir / target.name
        csv_dir = tmp_dir / "csv"
        csv_dir.mkdir()
        db = lb.Database(str(tmp_db))
        try:
            conn = lb.Connection(db)
            try:
                load_rows(conn, rows, csv_dir)
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
