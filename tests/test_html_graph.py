"""graph.html without a browser: escaping, self-containment, determinism, readable labels, max_nodes."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from eg_sample import XSS_IMG, XSS_NAME, XSS_SCRIPT, sample, sample_graph, synthetic_graph
from eventgraph.graph import build_graph
from eventgraph.outputs.graph_layout import layout
from eventgraph.outputs.html_graph import graph_payload, render_graph_html, script_json, write_graph_html
from eventgraph.outputs.pages import write_outputs


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.data: dict[str, str] = {}
        self._current: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._current = dict(attrs).get("id") if tag == "script" else None

    def handle_data(self, data: str) -> None:
        if self._current:
            self.data[self._current] = self.data.get(self._current, "") + data


@pytest.fixture(scope="module")
def page() -> str:
    return render_graph_html(sample_graph(), title="Belarus <b>& Russia</b>")


@pytest.fixture(scope="module")
def parsed(page: str) -> _Tags:
    p = _Tags()
    p.feed(page)
    return p


def test_no_corpus_markup_survives(page: str, parsed: _Tags) -> None:
    assert XSS_IMG not in page and XSS_SCRIPT not in page and "<img" not in page
    # Nothing closes a script element early: as many </script> as script elements the parser saw.
    assert page.count("</script>") == sum(1 for tag, _ in parsed.tags if tag == "script") == 6
    assert "Belarus &lt;b&gt;&amp; Russia&lt;/b&gt;" in page


def test_self_contained(page: str, parsed: _Tags) -> None:
    for tag, attrs in parsed.tags:
        assert "src" not in attrs or tag == "img", (tag, attrs)  # every script is inline
        for name in ("src", "href", "srcset", "action", "poster", "data"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//", "ftp:")), (tag, attrs)
        assert not (tag == "link" and attrs.get("rel") == "stylesheet")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, re.I)
    assert "@import" not in page and "@font-face" not in page and "sourceMappingURL" not in page
    assert "default-src 'none'" in page
    assert "vis.Network" in page and "DataSet" in page  # vis-network is inlined


def test_data_round_trips(parsed: _Tags) -> None:
    nodes = json.loads(parsed.data["eg-nodes"])
    names = {n["name"] for n in nodes}
    assert XSS_NAME in names  # the text itself is intact, just inert
    assert {"Vladimir Putin", "Sochi", "Sochi meeting"} <= names
    meta = json.loads(parsed.data["eg-meta"])
    assert meta["physics"] is True and meta["notice"] == ""
    json.loads(parsed.data["eg-options"])
    assert len(json.loads(parsed.data["eg-edges"])) > 0


def test_script_json_escapes() -> None:
    text = str(script_json({"a": "</script><!-- & 'x' \u2028"}))
    assert not set("<>&'") & set(text) and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & 'x' \u2028"}


def test_readable_labels_and_legend() -> None:
    payload = graph_payload(sample_graph())
    nodes = {n["name"]: n for n in payload["nodes"]}
    assert nodes["Sochi meeting"]["label"] == "Sochi meeting\n14 Sep 2020"
    assert nodes["Russia annexes Crimea"]["label"].endswith("\n2014")
    assert nodes["Loan agreement"]["label"].endswith("\nautumn 2020")
    assert nodes["Undated consultations"]["label"].endswith("\nundated")
    info = nodes["Sochi meeting"]["info"]
    assert [list(p) for p in info["participants"]] == [
        ["Alexander Lukashenko", "patient"],
        ["Vladimir Putin", "agent"],
    ]
    assert info["places"] == ["Sochi"] and "date disputed between sources" in info["flags"]
    assert info["evidence"][0][1] == "Belarus and Russia: a difficult union — Example Times, 2021-08-20"
    assert nodes["Russia annexes Crimea"]["info"]["flags"] == ["from the event catalogue"]
    shapes = {n["kind"]: set() for n in payload["nodes"]}
    for n in payload["nodes"]:
        shapes[n["kind"]].add(n["shape"])
    assert shapes["Event"] == {"dot"} and shapes["Place"] == {"star"} and shapes["Document"] == {"hexagon"}
    assert nodes["Vladimir Putin"]["shape"] == "diamond" and nodes["Russia"]["shape"] == "triangle"
    legend = {item["label"] for item in payload["legend"]}
    assert {
        "meeting",
        "person",
        "state / government",
        "organisation",
        "armed group",
        "place",
        "document",
    } <= legend
    roles = {e["label"] for e in payload["edges"] if e["rel"] == "PARTICIPATED_IN"}
    assert {"agent", "patient"} <= roles
    assert not [e for e in payload["edges"] if e["rel"] == "NEXT"]
    order = sorted((n for n in payload["nodes"] if n["kind"] == "Event"), key=lambda n: n["order"])
    assert order[0]["name"] == "Union treaty talks" and order[-1]["name"] == "Undated consultations"


def test_deterministic(tmp_path: Path) -> None:
    a = write_graph_html(sample_graph(), tmp_path / "a.html").read_bytes()
    docs, actors, events = sample()
    b = write_graph_html(
        build_graph(docs[::-1], actors[::-1], events[::-1]), tmp_path / "b.html"
    ).read_bytes()
    assert a == b


def test_max_nodes_collapses_with_notice() -> None:
    g = sample_graph()
    payload = graph_payload(g, max_nodes=5)
    assert len(payload["nodes"]) == 5
    assert "Showing the 5 most connected of" in payload["notice"] and "collapsed" in payload["notice"]
    kept = {n["id"] for n in payload["nodes"]}
    degrees = dict(nx.Graph(g.to_undirected()).degree())
    assert all(e["from"] in kept and e["to"] in kept for e in payload["edges"])
    assert min(degrees[n] for n in kept) >= 1
    assert any(n["hidden_neighbours"] for n in payload["nodes"])


def test_large_graph_layout_is_python_side() -> None:
    g = synthetic_graph(600)
    payload = graph_payload(g)
    assert payload["physics"] is False  # the browser only draws
    coords = {(n["x"], n["y"]) for n in payload["nodes"]}
    assert len(coords) > 0.95 * len(payload["nodes"])  # nodes are spread out, not stacked
    assert payload == graph_payload(g)


def test_layout_small_and_disconnected() -> None:
    g = nx.Graph()
    g.add_nodes_from(["a", "b"])
    assert set(layout(g)) == {"a", "b"}
    assert layout(nx.Graph()) == {}
    big = nx.union(nx.star_graph(400), nx.relabel_nodes(nx.path_graph(50), lambda i: f"p{i}"))
    pos = layout(nx.relabel_nodes(big, str))
    assert len(pos) == big.number_of_nodes()


def test_empty_graph(tmp_path: Path) -> None:
    html = write_graph_html(nx.MultiDiGraph(), tmp_path / "g.html").read_text(encoding="utf-8")
    assert "eg-nodes" in html


def test_write_outputs(tmp_path: Path) -> None:
    docs, actors, events = sample()
    paths = write_outputs(build_graph(docs, actors, events), docs, actors, events, tmp_path)
    assert [p.name for p in paths] == ["graph.html", "timeline.md", "timeline.html"]
    md = (tmp_path / "timeline.md").read_text(encoding="utf-8")
    assert "Sochi meeting" in md and "Unsourced claim" not in md
