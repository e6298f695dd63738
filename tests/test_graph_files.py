"""graph.json and graph.graphml, written by hand (streaming), hold the bytes the generic writers write."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest

from eventgraph.outputs.graph_files import write_graph_files


def _graphml_ready(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    def fix(attrs: dict) -> dict:
        return {
            k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else ("" if v is None else v)
            for k, v in attrs.items()
        }

    out = nx.MultiDiGraph()
    out.add_nodes_from((n, fix(a)) for n, a in graph.nodes(data=True))
    out.add_edges_from((u, v, k, fix(a)) for u, v, k, a in graph.edges(keys=True, data=True))
    return out


def _sample() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(corpus="seeds")
    g.add_node("a<&\">\n\tb", label="Actor", mentions=3, confidence=0.1, disputed=True, aliases=["x", 'y"é'],
               text="t<>&\"'\r\n\té]]>", none=None, empty=[], big=10**20, tiny=-1.5e-7)  # fmt: skip
    g.add_node("plain")
    g.add_node("mixed", mentions="3", confidence=float("inf"), label="Event")
    g.add_edge('a<&">\n\tb', "plain", key="PARTICIPATED_IN:agent", type="PARTICIPATED_IN", role="agent")
    g.add_edge("plain", "mixed", key="NEXT")
    g.add_edge(
        "plain", "mixed", key="MENTIONED_IN:0", type="MENTIONED_IN", start=0, end=12, sentence="Ünïcode"
    )
    return g


@pytest.mark.parametrize("graph", [nx.MultiDiGraph(), _sample()], ids=["empty", "sample"])
def test_bytes_are_those_of_the_generic_writers(graph, tmp_path):
    write_graph_files(graph, tmp_path)
    expected_json = json.dumps(
        nx.node_link_data(graph, edges="links"), ensure_ascii=False, sort_keys=True, indent=1
    )
    assert (tmp_path / "graph.json").read_text(encoding="utf-8") == expected_json + "\n"
    buffer = io.BytesIO()
    nx.write_graphml(_graphml_ready(graph), buffer, encoding="utf-8", prettyprint=True)
    assert (tmp_path / "graph.graphml").read_bytes() == buffer.getvalue()
    back = nx.read_graphml(tmp_path / "graph.graphml", force_multigraph=True)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()


def test_characters_xml_cannot_hold_are_dropped_not_fatal(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("n\x01", title="bad\x00 control\x1f")
    write_graph_files(g, tmp_path)
    back = nx.read_graphml(tmp_path / "graph.graphml")
    assert back.nodes["n"]["title"] == "bad control"
