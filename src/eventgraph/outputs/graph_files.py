"""``graph.json`` (networkx node-link) and ``graph.graphml``.

Both are written by hand, streaming, because the generic writers are the slowest part of a build's
exports on big graphs (``json.dump`` with ``indent`` runs the pure-Python encoder; networkx builds an lxml
element per node, edge and attribute). The bytes are exactly those the generic writers produce:
``json.dump(nx.node_link_data(g, edges="links"), ensure_ascii=False, sort_keys=True, indent=1)`` and
``nx.write_graphml(g, prettyprint=True)`` of the GraphML-ready graph (tests compare them).
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from ..atomic import atomic_open

# --- graph.json -----------------------------------------------------------------------------------------


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


_encode_str = json.encoder.encode_basestring  # ensure_ascii=False: the C implementation where there is one


def _scalar(value: Any) -> str | None:
    """JSON of a scalar as json.dumps writes it; None for containers."""
    if isinstance(value, str):
        return _encode_str(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    return None


@functools.cache
def _flat_encoder(level: int) -> Callable[[dict], str]:
    """Encodes a flat object on one line with the items separated as at ``level`` (indent=1)."""
    separator = ",\n" + " " * (level + 1)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return lambda value: json.dumps(
            value, ensure_ascii=False, sort_keys=True, separators=(separator, ": ")
        )
    encoder = make(None, None, _encode_str, None, ": ", separator, True, False, True)
    return lambda value: "".join(encoder(value, 0))


def _json_chunks(value: Any, level: int) -> Iterator[str]:
    """``json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)`` at nesting ``level``, in chunks."""
    scalar = _scalar(value)
    if scalar is not None:
        yield scalar
        return
    inner = "\n" + " " * (level + 1)
    if isinstance(value, dict):
        if not value:
            yield "{}"
            return
        if all(isinstance(v, (str, int, float)) or v is None for v in value.values()):
            # A flat object (every node and edge): the C encoder with the indentation as item separator.
            yield "{" + inner + _flat_encoder(level)(value)[1:-1] + "\n" + " " * level + "}"
            return
        yield "{"
        for i, key in enumerate(sorted(value)):
            yield ("," if i else "") + inner + _encode_str(str(key)) + ": "
            yield from _json_chunks(value[key], level + 1)
        yield "\n" + " " * level + "}"
        return
    if isinstance(value, (list, tuple)):
        if not value:
            yield "[]"
            return
        yield "["
        for i, item in enumerate(value):
            yield ("," if i else "") + inner
            yield from _json_chunks(item, level + 1)
        yield "\n" + " " * level + "]"
        return
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def write_graph_json(graph: nx.MultiDiGraph, path: Path) -> None:
    data = nx.node_link_data(graph, edges="links")
    with atomic_open(path) as fh:
        buffer: list[str] = []
        for chunk in _json_chunks(data, 0):
            buffer.append(chunk)
            if len(buffer) >= 4096:
                fh.write("".join(buffer))
                buffer.clear()
        buffer.append("\n")
        fh.write("".join(buffer))


# --- graph.graphml --------------------------------------------------------------------------------------

GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'
)
# Python type → GraphML attr.type, as networkx maps them.
_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
# Characters XML 1.0 cannot hold at all (lxml refuses them): dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TEXT_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ATTR_SPECIAL = re.compile('[&<>"\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]')
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTR_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}


def _xml_text(text: str) -> str:
    """Element text escaped as lxml (libxml2) escapes it (characters XML cannot hold dropped)."""
    if not _TEXT_SPECIAL.search(text):
        return text
    return _TEXT_SPECIAL.sub(lambda m: _TEXT_ESCAPES.get(m.group(), ""), text)


def _xml_attr(text: str) -> str:
    if not _ATTR_SPECIAL.search(text):
        return text
    return _ATTR_SPECIAL.sub(lambda m: _ATTR_ESCAPES.get(m.group(), ""), text)


def _graphml_value(value: Any) -> Any:
    """GraphML holds scalars only: lists become JSON strings, None becomes an empty string."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def _graphml_type(value: Any) -> str:
    try:
        return _GRAPHML_TYPES[type(value)]
    except KeyError:
        raise TypeError(f"GraphML does not support type {type(value)} as data values.") from None


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    """The graph in GraphML (lists as JSON strings, None as ""), as ``nx.write_graphml`` writes it."""
    # Keys in order of first use (nodes, then edges), per (name, type, scope); declared newest first.
    keys: dict[tuple[str, str, str], str] = {}
    prefix: dict[str, dict[tuple[Any, type], str]] = {"node": {}, "edge": {}}  # → '  <data key="dN">'
    for scope, items in (
        ("node", (a for _, a in graph.nodes(data=True))),
        ("edge", (a for *_, a in graph.edges(keys=True, data=True))),
    ):
        known = prefix[scope]
        for attrs in items:
            for name, value in attrs.items():
                if (name, type(value)) in known:
                    continue
                converted = _graphml_value(value)
                ident = (str(name), _graphml_type(converted), scope)
                if ident not in keys:
                    keys[ident] = f"d{len(keys)}"
                known[name, type(value)] = f'  <data key="{keys[ident]}">'

    def data(attrs: dict, known: dict) -> str:
        parts = []
        for name, value in attrs.items():
            kind = type(value)
            if kind is not str:
                value = str(_graphml_value(value))
            parts.append(f"{known[name, kind]}{_xml_text(value)}</data>\n")
        return "".join(parts)

    edge_default = "directed" if graph.is_directed() else "undirected"
    with atomic_open(path) as fh:
        out = [GRAPHML_HEAD]
        for (name, kind, scope), key_id in reversed(keys.items()):
            out.append(
                f'<key id="{key_id}" for="{scope}" attr.name="{_xml_attr(name)}" attr.type="{kind}"/>\n'
            )
        out.append(f'<graph edgedefault="{edge_default}">')
        nodes, edges = prefix["node"], prefix["edge"]
        for n, attrs in graph.nodes(data=True):
            if attrs:
                out.append(f'<node id="{_xml_attr(str(n))}">\n{data(attrs, nodes)}</node>\n')
            else:
                out.append(f'<node id="{_xml_attr(str(n))}"/>\n')
            if len(out) >= 4096:
                fh.write("".join(out))
                out.clear()
        for u, v, k, attrs in graph.edges(keys=True, data=True):
            head = f'<edge source="{_xml_attr(str(u))}" target="{_xml_attr(str(v))}" id="{_xml_attr(str(k))}"'
            out.append(f"{head}>\n{data(attrs, edges)}</edge>\n" if attrs else f"{head}/>\n")
            if len(out) >= 4096:
                fh.write("".join(out))
                out.clear()
        out.append("</graph></graphml>")
        fh.write("".join(out))


def write_graph_files(graph: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    json_path, graphml_path = out_dir / "graph.json", out_dir / "graph.graphml"
    write_graph_json(graph, json_path)
    write_graphml(graph, graphml_path)
    return [json_path, graphml_path]
