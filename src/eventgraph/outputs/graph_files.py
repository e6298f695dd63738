"""``graph.json`` (networkx node-link) and ``graph.graphml``."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from ..atomic import atomic_open


def _graphml_ready(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML holds scalars only: lists become JSON strings, None becomes an empty string."""

    def fix(attrs: dict) -> dict:
        return {
            k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else ("" if v is None else v)
            for k, v in attrs.items()
        }

    out = nx.MultiDiGraph()
    out.add_nodes_from((n, fix(a)) for n, a in graph.nodes(data=True))
    out.add_edges_from((u, v, k, fix(a)) for u, v, k, a in graph.edges(keys=True, data=True))
    return out


def write_graph_files(graph: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    json_path, graphml_path = out_dir / "graph.json", out_dir / "graph.graphml"
    data = nx.node_link_data(graph, edges="links")
    with atomic_open(json_path) as fh:
        json.dump(data, fh, ensure_ascii=False, sort_keys=True, indent=1)
        fh.write("\n")
    with atomic_open(graphml_path, "wb") as fh:
        nx.write_graphml(_graphml_ready(graph), fh, encoding="utf-8", prettyprint=True)
    return [json_path, graphml_path]
