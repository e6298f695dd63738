"""``graph.html``: the interactive event graph, one self-contained and safe HTML file.

pyvis provides the network container, its template hook and the vis-network bundle; the page itself is our
own template (``templates/graph.html.j2``), because pyvis's stock one loads Bootstrap (and, unless told
otherwise, vis-network) from CDNs and puts node titles into ``innerHTML``. Here:

- every script and style is inline (vis-network is read from pyvis's bundled copy) and a Content Security
  Policy forbids the page any request at all;
- corpus text (names, titles, quotes) only travels as JSON inside ``<script type="application/json">``
  with ``<``, ``>``, ``&`` and ``'`` escaped, and the page script only ever writes it with ``textContent``;
- the layout is computed in Python (``graph_layout``) for large graphs, so the page is interactive at once;
  small graphs get a bounded physics stabilisation that is then switched off;
- the output depends only on the graph: sorted, seeded, no timestamps.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup
from pyvis.network import Network

from .. import atomic
from ..graph import precision_rank
from ..timeline.dates import format_date
from .graph_layout import layout

VIS_VERSION = "9.1.2"
# Above this many nodes the browser gets the Python layout with physics off from the start.
PHYSICS_MAX_NODES = 250
STABILISATION_ITERATIONS = 150
MAX_QUOTES = 5
MAX_LABEL = 48

# Event types get colours from this palette in sorted order; actors, places and documents have their own.
EVENT_PALETTE = [
    "#e15759", "#f28e2b", "#edc948", "#59a14f", "#b07aa1", "#ff9da7", "#9c755f", "#76b7b2", "#d37295",
    "#a0cbe8", "#8cd17d", "#f1ce63", "#bab0ac", "#d4a6c8", "#fabfd2", "#86bcb6",
]  # fmt: skip
ACTOR_CLASSES: dict[str, tuple[str, str, str]] = {  # class -> (legend label, colour, vis shape)
    "person": ("person", "#1f4e9c", "diamond"),
    "state": ("state / government", "#6a3d9a", "triangle"),
    "organization": ("organisation", "#238b7e", "square"),
    "armed_group": ("armed group", "#8b1a2b", "square"),
    "unknown": ("other actor", "#6b7280", "triangleDown"),
}
ACTOR_KIND_CLASS = {
    "person": "person",
    "state": "state",
    "government": "state",
    "organization": "organization",
    "media": "organization",
    "think_tank": "organization",
    "international_organization": "organization",
    "armed_group": "armed_group",
}
PLACE_STYLE = ("place", "#c77c02", "star")
DOCUMENT_STYLE = ("document", "#8d99a6", "hexagon")
# Edges the page does not draw: NEXT chains every event into one line across the whole graph, and
# actor→document mention counts turn documents into hairballs. Both stay in graph.json / Cypher.
HIDDEN_EDGES = {"NEXT"}


class GraphHtmlError(RuntimeError):
    """The bundled vis-network could not be found or is unsafe to inline."""


def _truncate(text: str, limit: int = MAX_LABEL) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@cache
def _vis_js() -> str:
    """vis-network from the pyvis package, checked safe to put inside a <script> element."""
    base = resources.files("pyvis")
    for rel in (
        f"lib/vis-{VIS_VERSION}/vis-network.min.js",
        f"templates/lib/vis-{VIS_VERSION}/vis-network.min.js",
    ):
        candidate = base.joinpath(rel)
        if candidate.is_file():
            code = candidate.read_text(encoding="utf-8")
            break
    else:
        raise GraphHtmlError(
            f"vis-network {VIS_VERSION} not found in the pyvis package (pyvis>=0.3.2 needed)"
        )
    # The source map comment would make developer tools fetch a file; nothing else refers outside.
    code = re.sub(r"//# sourceMappingURL=\S+\s*$", "", code.rstrip())
    lowered = code.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise GraphHtmlError("the bundled vis-network contains </script or <!--: it cannot be inlined safely")
    return code


def script_json(data: Any) -> Markup:
    """JSON that is safe inside a ``<script>`` element: nothing in it can end the element or open markup."""
    return script_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")))


def script_text(text: str) -> Markup:
    """A JSON text made safe for a ``<script>`` element (the escapes are still valid JSON and JavaScript)."""
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("'", "\\u0027"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(ch, esc)
    return Markup(text)


def _environment(**globals_: Any) -> jinja2.Environment:
    # A fresh environment per page: pyvis renders with a fixed set of variables, the rest come as globals.
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("eventgraph", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}
    env.globals.update(globals_)
    return env


def _event_date(attrs: dict[str, Any]) -> str:
    return format_date(
        attrs.get("date") or None,
        attrs.get("date_start") or None,
        attrs.get("date_end") or None,
        attrs.get("precision") or None,
        attrs.get("date_mod") or None,
    )


# The graph is read through its adjacency dicts (``_node``, ``_succ``, ``_pred``: node → neighbour → key →
# data), in the order networkx's own views iterate them; the views cost seconds on a 10k-document graph.


def _out_edges(graph: nx.MultiDiGraph, u: str) -> list[tuple[str, dict]]:
    return [(v, data) for v, keyed in graph._succ[u].items() for data in keyed.values()]


def _in_edges(graph: nx.MultiDiGraph, v: str) -> list[tuple[str, dict]]:
    return [(u, data) for u, keyed in graph._pred[v].items() for data in keyed.values()]


def _display_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph of what the page draws: used for layout, ranking and degrees."""
    g = nx.Graph()
    g.add_nodes_from(graph.nodes)
    edges = []
    for u, nbrs in graph._succ.items():
        actor = graph._node[u].get("label") == "Actor"
        for v, keyed in nbrs.items():
            if u == v:
                continue
            for data in keyed.values():
                kind = data.get("type")
                if kind in HIDDEN_EDGES or (kind == "MENTIONED_IN" and actor):
                    continue
                edges.append((u, v))
    g.add_edges_from(edges)
    return g


def _keep(display: nx.Graph, max_nodes: int | None) -> set[str]:
    nodes = sorted(display.nodes)
    if max_nodes is None or len(nodes) <= max_nodes:
        return set(nodes)
    ranked = sorted(nodes, key=lambda v: (-display.degree(v), v))
    return set(ranked[: max(0, max_nodes)])


def _style(attrs: dict[str, Any], type_colours: dict[str, str]) -> tuple[str, str, str]:
    """(legend key, colour, shape) for a node."""
    label = attrs.get("label")
    if label == "Event":
        etype = attrs.get("type") or "event"
        return f"event:{etype}", type_colours.get(etype, EVENT_PALETTE[0]), "dot"
    if label == "Actor":
        cls = ACTOR_KIND_CLASS.get(attrs.get("kind") or "", "unknown")
        return f"actor:{cls}", ACTOR_CLASSES[cls][1], ACTOR_CLASSES[cls][2]
    if label == "Place":
        return "place", PLACE_STYLE[1], PLACE_STYLE[2]
    return "document", DOCUMENT_STYLE[1], DOCUMENT_STYLE[2]


def _doc_label(attrs: dict[str, Any]) -> str:
    title = attrs.get("title") or Path(str(attrs.get("path") or attrs.get("id") or "")).name
    tail = ", ".join(p for p in (attrs.get("source"), attrs.get("published")) if p)
    return f"{title} — {tail}" if tail else title


def _event_info(graph: nx.MultiDiGraph, ev: str, attrs: dict[str, Any]) -> dict[str, Any]:
    participants, places, quotes = [], [], []
    for target, data in sorted(_out_edges(graph, ev), key=lambda e: (e[1].get("type", ""), e[0])):
        t = graph._node[target]
        if data.get("type") == "OCCURRED_IN":
            places.append(t.get("name") or target)
        elif data.get("type") == "MENTIONED_IN" and t.get("label") == "Document":
            quotes.append((t.get("published") or "9999", target, data.get("start") or 0,
                           " ".join(str(data.get("sentence") or "").split()), _doc_label(t)))  # fmt: skip
    for source, data in _in_edges(graph, ev):
        if data.get("type") == "PARTICIPATED_IN":
            s = graph._node[source]
            participants.append((s.get("name") or source, data.get("role") or "participant"))
    quotes.sort()
    seen, evidence = set(), []
    for _, doc, start, sentence, src in quotes:
        if (doc, start, sentence) not in seen:
            seen.add((doc, start, sentence))
            evidence.append([sentence, src])
    source = attrs.get("date_source") or ""
    provenance = {"text": "stated in the text", "relative": "resolved from a relative expression",
                  "catalog": "from the event catalogue", "inferred": "inferred",
                  "metadata": "from document metadata"}.get(source, source)  # fmt: skip
    flags = []
    if source in ("catalog", "inferred"):
        flags.append(provenance)
    if attrs.get("date_disputed"):
        flags.append("date disputed between sources")
    return {
        "date": _event_date(attrs),
        "provenance": provenance,
        "dateConfidence": round(float(attrs.get("date_confidence") or 0.0), 2),
        "confidence": round(float(attrs.get("confidence") or 0.0), 2),
        "type": attrs.get("type") or "event",
        "participants": sorted(set(participants)),
        "places": sorted(set(places)),
        "evidence": evidence[:MAX_QUOTES],
        "moreEvidence": max(0, len(evidence) - MAX_QUOTES),
        "flags": flags,
    }


def graph_payload(graph: nx.MultiDiGraph, *, max_nodes: int | None = None) -> dict[str, Any]:
    """Everything the page needs, as plain data: vis nodes and edges with our extra fields, legend, notice."""
    display = _display_graph(graph)
    keep = _keep(display, max_nodes)
    # Every node kept (no --max-nodes): the subgraph is the graph, without the cost of a filtered view.
    shown = display if len(keep) == display.number_of_nodes() else display.subgraph(keep)
    positions = layout(shown)
    degrees, shown_degrees = dict(display.degree()), dict(shown.degree())
    event_types = sorted(
        {a.get("type") or "event" for _, a in graph.nodes(data=True) if a.get("label") == "Event"}
    )
    type_colours = {t: EVENT_PALETTE[i % len(EVENT_PALETTE)] for i, t in enumerate(event_types)}
    # Chronological rank of every event, as graph.event_sort_key orders them.
    events = sorted(
        (a.get("date_start") or "9999-99-99", precision_rank(a.get("precision") or None), n)
        for n, a in graph.nodes(data=True)
        if a.get("label") == "Event"
    )
    order = {n: i for i, (_, _, n) in enumerate(events)}

    nodes, counts, unlinked = [], Counter(), Counter()  # per legend key: nodes shown at first, hidden ones
    for n in sorted(keep):
        attrs = graph.nodes[n]
        key, colour, shape = _style(attrs, type_colours)
        degree = degrees[n]
        kind = attrs.get("label") or "Document"
        (unlinked if not degree and kind != "Event" else counts)[key] += 1
        node: dict[str, Any] = {
            "id": n,
            "x": positions[n][0],
            "y": positions[n][1],
            "shape": shape,
            "color": colour,
            "legend": key,
            "kind": kind,
            "hidden_neighbours": degree - shown_degrees[n],
        }
        if not degree and kind != "Event":  # an actor in no event, say: hidden at first
            node["unlinked"] = True
        if kind == "Event":
            info = _event_info(graph, n, attrs)
            name = attrs.get("title") or n
            node.update(
                label=f"{_truncate(name)}\n{info['date']}",
                name=name,
                start=attrs.get("date_start") or "",
                end=attrs.get("date_end") or "",
                order=order[n],
                size=round(9 + 4 * math.log2(1 + int(attrs.get("mentions") or 1)), 1),
                info=info,
            )
        elif kind == "Actor":
            name = attrs.get("name") or n
            node.update(
                label=_truncate(name, 32),
                name=name,
                size=round(12 + 3 * math.log2(1 + degree), 1),
                info={
                    "kind": (attrs.get("kind") or "unknown").replace("_", " "),
                    "country": attrs.get("country") or "",
                    "aliases": list(attrs.get("aliases") or [])[:12],
                    "mentions": int(attrs.get("mentions") or 0),
                    "wikidata": attrs.get("wikidata") or "",
                },
            )
        elif kind == "Place":
            name = attrs.get("name") or n
            node.update(
                label=_truncate(name, 32), name=name, size=14, info={"country": attrs.get("country") or ""}
            )
        else:
            name = attrs.get("title") or Path(str(attrs.get("path") or n)).name
            node.update(
                label=_truncate(name, 36),
                name=name,
                size=round(10 + 2 * math.log2(1 + degree), 1),
                info={
                    "source": attrs.get("source") or "",
                    "published": attrs.get("published") or "",
                    "path": attrs.get("path") or "",
                },
            )
        nodes.append(node)

    edges, seen = [], set()
    kept_edges = [
        (u, v, k, data)
        for u, nbrs in graph._succ.items()
        if u in keep
        for v, keyed in nbrs.items()
        if v in keep
        for k, data in keyed.items()
    ]
    for u, v, k, data in sorted(kept_edges, key=lambda e: (e[0], e[1], str(e[2]))):
        rel = data.get("type") or str(k)
        if rel in HIDDEN_EDGES:
            continue
        if rel == "MENTIONED_IN" and graph._node[u].get("label") == "Actor":
            continue
        label = {"PARTICIPATED_IN": data.get("role") or "", "OCCURRED_IN": "in"}.get(rel, "")
        ident = (u, v, rel, label)
        if ident in seen:  # one drawn edge per event→document, however many mentions
            continue
        seen.add(ident)
        edges.append({"id": len(edges), "from": u, "to": v, "rel": rel, "label": label})

    # (key, label, colour, shape, group) of every kind of node, in legend order
    kinds = [(f"event:{t}", t.replace("_", " "), type_colours[t], "dot", "Events") for t in event_types]
    kinds += [(f"actor:{c}", *style, "Actors") for c, style in ACTOR_CLASSES.items()]
    kinds += [("place", *PLACE_STYLE, "Other"), ("document", *DOCUMENT_STYLE, "Other")]
    legend = [
        dict(
            key=key,
            label=label,
            color=colour,
            shape=shape,
            group=group,
            count=counts[key],
            unlinked=unlinked[key],
        )
        for key, label, colour, shape, group in kinds
        if counts[key] or unlinked[key]
    ]

    notice = ""
    total = graph.number_of_nodes()
    if len(keep) < total:
        dropped = Counter(graph.nodes[n].get("label") or "Document" for n in graph.nodes if n not in keep)
        parts = ", ".join(
            f"{c:,} {label.lower()}{'s' if c != 1 else ''}" for label, c in sorted(dropped.items())
        )
        notice = (
            f"Showing the {len(keep):,} most connected of {total:,} nodes; {total - len(keep):,} collapsed "
            f"({parts}). All are in the timeline and the data files; raise --max-nodes (0: all) to see more."
        )
    starts = sorted(n["start"] for n in nodes if n.get("start"))
    return {
        "nodes": nodes,
        "edges": edges,
        "legend": legend,
        "notice": notice,
        "unlinked": sum(unlinked.values()),
        "physics": len(nodes) <= PHYSICS_MAX_NODES,
        "stabilisation": STABILISATION_ITERATIONS,
        "dateRange": [starts[0][:4], starts[-1][:4]] if starts else [],
        "actors": sorted(
            ([n["id"], n["name"]] for n in nodes if n["kind"] == "Actor"),
            key=lambda a: (a[1].casefold(), a[0]),
        ),
        "total": total,
    }


def _vis_options(payload: dict[str, Any]) -> dict[str, Any]:
    big = not payload["physics"]
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {
            "enabled": payload["physics"],
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 140, "avoidOverlap": 0.2},
            "stabilization": {"enabled": True, "iterations": payload["stabilisation"], "fit": True},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
            "keyboard": False,
        },
        "nodes": {
            "borderWidth": 1,
            "font": {"size": 13, "face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"label": {"drawThreshold": 7}},
        },
        "edges": {
            "smooth": False,
            "width": 1,
            "color": {"color": "#b5bdc8", "highlight": "#1d2430", "hover": "#596273", "inherit": False},
            "font": {"size": 10, "color": "#596273", "strokeWidth": 3, "align": "middle"},
            # Arrowheads cost ~7x the drawing time of the lines themselves; big graphs go without them.
            "arrows": {"to": {"enabled": not big, "scaleFactor": 0.4}},
        },
    }


def render_graph_html(
    graph: nx.MultiDiGraph, *, max_nodes: int | None = None, title: str = "Event graph"
) -> str:
    payload = graph_payload(graph, max_nodes=max_nodes)
    net = Network(height="100%", width="100%", directed=True, heading=title, cdn_resources="in_line")
    # Assigned directly: pyvis's add_node/add_edge check for duplicates linearly (quadratic overall).
    net.nodes = payload.pop("nodes")
    net.edges = payload.pop("edges")
    net.node_ids = [n["id"] for n in net.nodes]
    net.options = _vis_options(payload)
    net.templateEnv = _environment(
        vis_js=Markup(_vis_js()), script_json=script_json, script_text=script_text, meta=payload
    )
    net.path = "graph.html.j2"
    return net.generate_html(name="graph.html")


def write_graph_html(
    graph: nx.MultiDiGraph, path: str | Path, *, max_nodes: int | None = None, title: str = "Event graph"
) -> Path:
    """Write the interactive graph page atomically; returns the path."""
    path = Path(path)
    atomic.write_text(path, render_graph_html(graph, max_nodes=max_nodes, title=title))
    return path


def graph_stats(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Node counts by label; handy for notices and tests."""
    counts: dict[str, int] = defaultdict(int)
    for _, a in graph.nodes(data=True):
        counts[a.get("label") or "?"] += 1
    return dict(sorted(counts.items()))
