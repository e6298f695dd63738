"""Cypher outputs of the event graph: the embedded LadybugDB database, Neo4j push, script and CSV exports.

``write_outputs`` is what ``eventgraph build`` calls; each output is written under a temporary name and
renamed into place, so a failed export leaves the previous good one.
"""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx

from .cypher_script import SCRIPT_FILENAME, write_script
from .errors import StoreError
from .ladybug_store import DB_FILENAME, open_database, write_database
from .neo4j_csv import CSV_DIRNAME, write_csv_dir
from .schema import graph_rows

__all__ = [
    "CSV_DIRNAME",
    "DB_FILENAME",
    "SCRIPT_FILENAME",
    "StoreError",
    "open_database",
    "write_database",
    "write_outputs",
]


def write_outputs(
    graph: nx.MultiDiGraph, out_dir: str | os.PathLike[str], corpus: str | None = None
) -> dict[str, Path]:
    """Write ``eventgraph.lbdb``, ``eventgraph.cypher`` and ``neo4j/`` into ``out_dir``; → their paths.

    ``corpus`` (default: ``graph.graph["corpus"]``, else the folder name) tags the nodes in the script and the
    CSV files, the way ``eventgraph push`` tags them, so ``push --wipe`` can later replace that load.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    corpus = corpus or str(graph.graph.get("corpus") or out.resolve().name)
    database = write_database(graph, out / DB_FILENAME)
    rows = graph_rows(graph)  # once for the script and the CSV files
    return {
        "database": database,
        "script": write_script(graph, out / SCRIPT_FILENAME, corpus=corpus, rows=rows),
        "neo4j_csv": write_csv_dir(graph, out / CSV_DIRNAME, corpus=corpus, rows=rows),
    }
