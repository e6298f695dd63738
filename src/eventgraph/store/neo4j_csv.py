"""``neo4j/``: the graph as CSV files with typed headers for ``neo4j-admin database import full``.

One file per label (``nodes_<Label>.csv``) and per relationship type and label pair
(``rels_<TYPE>_<From>_<To>.csv``); IDs live in one ID space per label. List values use U+001F (unit
separator) between elements because aliases can contain any printable character; ``import.txt`` in the same
folder has the exact command. The folder is replaced atomically.
"""

from __future__ import annotations

import csv
import datetime as _dt
import os
from pathlib import Path
from typing import Any

import networkx as nx

from ..atomic import atomic_dir
from .neo4j_store import DEFAULT_CORPUS
from .schema import NODE_TABLES, GraphRows, PropType, graph_rows, iter_rel_tables

CSV_DIRNAME = "neo4j"
ARRAY_DELIMITER = "\x1f"

# neo4j-admin header types for the schema types.
_TYPES: dict[PropType, str] = {
    "STRING": "",
    "INT64": ":long",
    "DOUBLE": ":double",
    "BOOLEAN": ":boolean",
    "DATE": ":date",
    "STRING[]": ":string[]",
}


def _cell(value: Any) -> str:
    if value.__class__ is str:  # most cells: checked first
        return value
    if value is None:
        return ""  # unquoted empty field: no property
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list | tuple):
        return ARRAY_DELIMITER.join(str(v).replace(ARRAY_DELIMITER, " ") for v in value)
    return str(value)


def _write(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_cell(v) for v in row])


def write_csv_dir(
    graph: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    corpus: str | None = None,
    rows: GraphRows | None = None,
) -> Path:
    """Write the import folder at ``path`` (replacing an old one atomically); returns its path.

    ``rows``: the graph's rows when the caller has them already.
    """
    corpus = corpus or str(graph.graph.get("corpus") or DEFAULT_CORPUS)
    rows = rows if rows is not None else graph_rows(graph)
    target = Path(path)
    node_files: list[str] = []
    rel_files: list[str] = []
    with atomic_dir(target) as tmp:
        for table in NODE_TABLES:
            data = rows.nodes.get(table.label, [])
            if not data:
                continue
            props = table.props[1:]
            header = [f"id:ID({table.label})"]
            header += [p.name + _TYPES[p.type] for p in props]
            header += ["corpora:string[]", ":LABEL"]
            name = f"nodes_{table.label}.csv"
            _write(
                tmp / name,
                header,
                [[r["id"], *[r[p.name] for p in props], [corpus], table.label] for r in data],
            )
            node_files.append(name)
        for table, src, dst in iter_rel_tables():
            data = rows.rels.get((table.type, src, dst), [])
            if not data:
                continue
            header = [f":START_ID({src})", f":END_ID({dst})"]
            header += [p.name + _TYPES[p.type] for p in table.props]
            header += ["key", "corpora:string[]", ":TYPE"]
            name = f"rels_{table.type}_{src}_{dst}.csv"
            body = [[r.src, r.dst, *[r.props.get(p.name) for p in table.props], r.key, [corpus], table.type]
                    for r in data]  # fmt: skip
            _write(tmp / name, header, body)
            rel_files.append(name)
        args = ["--overwrite-destination", "--array-delimiter=U+001F", "--multiline-fields=true"]
        args += [f"--nodes={CSV_DIRNAME}/{n}" for n in node_files]
        args += [f"--relationships={CSV_DIRNAME}/{n}" for n in rel_files]
        (tmp / "import.txt").write_text(
            "Import into an empty database (Neo4j stopped), from the folder that holds neo4j/:\n\n"
            "  neo4j-admin database import full neo4j \\\n    " + " \\\n    ".join(args) + "\n\n"
            "Then create the constraints and indexes: run the first lines of eventgraph.cypher\n"
            "(CREATE CONSTRAINT ... / CREATE INDEX ...) with cypher-shell.\n",
            encoding="utf-8",
        )
    return target
