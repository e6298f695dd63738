"""The graph model of DESIGN.md as one declarative schema, shared by every Cypher output.

LadybugDB gets explicit node/rel tables from it, Neo4j gets constraints and indexes, and the CSV and script
exporters get their column lists and types. The same functions turn the networkx graph (``graph.py``) into
typed rows, so the embedded database and Neo4j hold exactly the same values:

* unknown values are ``None`` (a NULL column / an absent Neo4j property), never ``""`` or ``[]``: "unknown
  stays unknown";
* ``DATE`` properties are :class:`datetime.date` (only full ISO dates; anything else is unknown);
* attributes the schema does not know are ignored, missing ones are ``None``.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

PropType = Literal["STRING", "INT64", "DOUBLE", "BOOLEAN", "DATE", "STRING[]"]


@dataclass(frozen=True)
class Prop:
    name: str
    type: PropType = "STRING"


@dataclass(frozen=True)
class NodeTable:
    label: str
    props: tuple[Prop, ...]  # the first one is the primary key ``id``
    indexed: tuple[str, ...] = ()  # Neo4j range indexes (besides the unique constraint on id)


@dataclass(frozen=True)
class RelTable:
    type: str
    pairs: tuple[tuple[str, str], ...]  # (from label, to label); several pairs share one rel table
    props: tuple[Prop, ...] = ()


def _p(spec: str) -> tuple[Prop, ...]:
    """``"name:TYPE other"`` → props; STRING is the default type. Keeps the tables below readable."""
    out = []
    for item in spec.split():
        name, _, typ = item.partition(":")
        out.append(Prop(name, typ or "STRING"))  # type: ignore[arg-type]
    return tuple(out)


NODE_TABLES: tuple[NodeTable, ...] = (
    NodeTable(
        "Event",
        _p(
            "id title type date date_start:DATE date_end:DATE precision date_source date_confidence:DOUBLE "
            "date_disputed:BOOLEAN confidence:DOUBLE modality catalog mentions:INT64"
        ),
        indexed=("date_start", "type", "title"),
    ),
    NodeTable(
        "Actor",
        _p("id name kind aliases:STRING[] country wikidata mentions:INT64"),
        indexed=("name", "kind"),
    ),
    NodeTable("Place", _p("id name country"), indexed=("name",)),
    NodeTable("Document", _p("id title source url published path sha256"), indexed=("title",)),
)

REL_TABLES: tuple[RelTable, ...] = (
    RelTable("PARTICIPATED_IN", (("Actor", "Event"),), _p("role")),
    RelTable("OCCURRED_IN", (("Event", "Place"),)),
    # Event mentions carry the evidence span; actor mentions carry a count. One rel type, two pairs.
    RelTable(
        "MENTIONED_IN",
        (("Event", "Document"), ("Actor", "Document")),
        _p("start:INT64 end:INT64 sentence quote count:INT64"),
    ),
    RelTable("NEXT", (("Event", "Event"),)),
)

NODES_BY_LABEL = {t.label: t for t in NODE_TABLES}
RELS_BY_TYPE = {t.type: t for t in REL_TABLES}

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def to_date(value: Any) -> _dt.date | None:
    """A full ISO date → date; partial or odd values ("2020", "", "PAST_REF", year 0) → None."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if not isinstance(value, str):
        return None
    m = _ISO_DATE.match(value.strip()[:10])
    if not m:
        return None
    try:
        return _dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def coerce(prop: Prop, value: Any) -> Any:
    """A graph attribute → the typed value stored for ``prop`` (None when unknown or unusable)."""
    if value is None:
        return None
    try:
        if prop.type == "STRING":
            text = value if isinstance(value, str) else str(value)
            return text if text != "" else None
        if prop.type == "DATE":
            return to_date(value)
        if prop.type == "INT64":
            return int(value) if not isinstance(value, str) or value.strip() else None
        if prop.type == "DOUBLE":
            number = float(value)
            return number if math.isfinite(number) else None
        if prop.type == "BOOLEAN":
            if isinstance(value, str):
                return {"true": True, "false": False, "1": True, "0": False}.get(value.strip().lower())
            return bool(value)
        if prop.type == "STRING[]":
            # An empty list is stored as unknown too, so both engines agree (Neo4j would keep [] but
            # LadybugDB reads a missing list back as NULL).
            items = [value] if isinstance(value, str) else list(value)
            return [str(v) for v in items if v is not None and str(v) != ""] or None
    except (TypeError, ValueError):
        return None
    raise ValueError(f"unknown property type {prop.type!r}")


def node_row(table: NodeTable, attrs: dict[str, Any], node_id: Any) -> dict[str, Any]:
    row = {p.name: coerce(p, attrs.get(p.name)) for p in table.props}
    row["id"] = str(attrs.get("id") or node_id)
    return row


@dataclass
class RelRow:
    type: str
    src_label: str
    dst_label: str
    src: str
    dst: str
    key: str  # the networkx edge key: identifies one of several parallel rels (Neo4j MERGE identity)
    props: dict[str, Any]


@dataclass
class GraphRows:
    nodes: dict[str, list[dict[str, Any]]]  # label → rows, sorted by id
    rels: dict[tuple[str, str, str], list[RelRow]]  # (type, from label, to label) → rows
    skipped: list[str]  # human-readable notes on what could not be mapped

    @property
    def node_count(self) -> int:
        return sum(len(v) for v in self.nodes.values())

    @property
    def rel_count(self) -> int:
        return sum(len(v) for v in self.rels.values())


def graph_rows(graph: nx.MultiDiGraph) -> GraphRows:
    """Typed, deterministic rows for every node and relationship of ``graph`` the schema can hold."""
    nodes: dict[str, list[dict[str, Any]]] = {t.label: [] for t in NODE_TABLES}
    labels: dict[Any, str] = {}
    skipped: list[str] = []
    unknown_labels: dict[str, int] = {}
    for node_id, attrs in graph.nodes(data=True):
        label = attrs.get("label")
        table = NODES_BY_LABEL.get(label)
        if table is None:
            unknown_labels[str(label)] = unknown_labels.get(str(label), 0) + 1
            continue
        row = node_row(table, attrs, node_id)
        labels[node_id] = label
        nodes[label].append(row)
    for label, count in sorted(unknown_labels.items()):
        skipped.append(f"{count} node(s) with label {label!r} not in the schema")
    for rows in nodes.values():
        rows.sort(key=lambda r: r["id"])

    rels: dict[tuple[str, str, str], list[RelRow]] = {
        (t.type, a, b): [] for t in REL_TABLES for a, b in t.pairs
    }
    bad_rels: dict[str, int] = {}
    for src, dst, key, attrs in graph.edges(keys=True, data=True):
        rel_type = attrs.get("type") or str(key).split(":", 1)[0]
        table = RELS_BY_TYPE.get(rel_type)
        pair = (labels.get(src), labels.get(dst))
        if table is None or pair not in table.pairs:
            note = f"{rel_type} ({pair[0]}→{pair[1]})"
            bad_rels[note] = bad_rels.get(note, 0) + 1
            continue
        props = {p.name: coerce(p, attrs.get(p.name)) for p in table.props}
        row = RelRow(rel_type, pair[0], pair[1], str(graph.nodes[src].get("id") or src),
                     str(graph.nodes[dst].get("id") or dst), str(key), props)  # fmt: skip
        rels[(rel_type, pair[0], pair[1])].append(row)
    for note, count in sorted(bad_rels.items()):
        skipped.append(f"{count} relationship(s) {note} not in the schema")
    for rows in rels.values():
        rows.sort(key=lambda r: (r.src, r.dst, r.key))
    return GraphRows(nodes, rels, skipped)


def rel_props_for_pair(table: RelTable, src_label: str, dst_label: str) -> tuple[Prop, ...]:
    """The properties that mean something for one pair (MENTIONED_IN: span for events, count for actors)."""
    if table.type == "MENTIONED_IN":
        wanted = ("count",) if src_label == "Actor" else ("start", "end", "sentence", "quote")
        return tuple(p for p in table.props if p.name in wanted)
    return table.props


def iter_rel_tables() -> Iterator[tuple[RelTable, str, str]]:
    for table in REL_TABLES:
        for src, dst in table.pairs:
            yield table, src, dst
