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

import contextlib
import datetime as _dt
import gc
import math
import operator
import re
from collections.abc import Callable, Iterator
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
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


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
            number = int(value) if not isinstance(value, str) or value.strip() else None
            # Both engines store 64-bit integers: a larger value is unusable, not an error for the whole load.
            return number if number is None or _INT64_MIN <= number <= _INT64_MAX else None
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


def _converter(prop: Prop) -> Callable[[Any], Any]:
    """``coerce`` for one property, with a fast path for the values graphs usually hold (same results)."""
    if prop.type == "STRING":

        def string(value: Any) -> Any:
            if value.__class__ is str:
                return value or None
            return None if value is None else coerce(prop, value)

        return string
    if prop.type == "DATE":

        def date(value: Any) -> Any:
            if value.__class__ is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
                try:
                    return _dt.date.fromisoformat(value)
                except ValueError:
                    pass
            return None if value is None else coerce(prop, value)

        return date
    if prop.type == "INT64":

        def int64(value: Any) -> Any:
            if value.__class__ is int and _INT64_MIN <= value <= _INT64_MAX:
                return value
            return None if value is None else coerce(prop, value)

        return int64
    if prop.type == "DOUBLE":

        def double(value: Any) -> Any:
            if value.__class__ is float and math.isfinite(value):
                return value
            return None if value is None else coerce(prop, value)

        return double
    if prop.type == "BOOLEAN":

        def boolean(value: Any) -> Any:
            if value.__class__ is bool:
                return value
            return None if value is None else coerce(prop, value)

        return boolean
    return lambda value: coerce(prop, value)


def _converters(props: tuple[Prop, ...]) -> list[tuple[str, Callable[[Any], Any]]]:
    return [(p.name, _converter(p)) for p in props]


_NODE_CONVERTERS = {t.label: _converters(t.props) for t in NODE_TABLES}
_REL_CONVERTERS = {t.type: _converters(t.props) for t in REL_TABLES}


def node_row(table: NodeTable, attrs: dict[str, Any], node_id: Any) -> dict[str, Any]:
    get = attrs.get
    row = {name: convert(get(name)) for name, convert in _NODE_CONVERTERS[table.label]}
    row["id"] = str(get("id") or node_id)
    return row


@dataclass(slots=True)
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


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small containers (none of them cyclic).

    Creating hundreds of thousands of row dicts triggers repeated full collections that scan them all;
    pausing them makes building the rows of a large graph about a third faster.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def graph_rows(graph: nx.MultiDiGraph) -> GraphRows:
    """Typed, deterministic rows for every node and relationship of ``graph`` the schema can hold."""
    nodes = graph_node_rows(graph)
    rels, rel_skipped = graph_rel_rows(graph, nodes)
    return GraphRows(nodes.nodes, rels, nodes.skipped + rel_skipped)


@dataclass
class NodeRows:
    """The first half of :func:`graph_rows` (a loader can start on the nodes while the rels are built)."""

    nodes: dict[str, list[dict[str, Any]]]  # label → rows, sorted by id
    labels: dict[Any, str]  # graph node → its label (nodes of the schema only)
    ids: dict[Any, str]  # graph node → its ``id`` value
    skipped: list[str]


def graph_node_rows(graph: nx.MultiDiGraph) -> NodeRows:
    nodes: dict[str, list[dict[str, Any]]] = {t.label: [] for t in NODE_TABLES}
    labels: dict[Any, str] = {}
    ids: dict[Any, str] = {}
    unknown_labels: dict[str, int] = {}
    with gc_paused():
        for node_id, attrs in graph.nodes(data=True):
            label = attrs.get("label")
            table = NODES_BY_LABEL.get(label)
            if table is None:
                unknown_labels[str(label)] = unknown_labels.get(str(label), 0) + 1
                continue
            row = node_row(table, attrs, node_id)
            labels[node_id] = label
            ids[node_id] = row["id"]
            nodes[label].append(row)
        for rows in nodes.values():
            rows.sort(key=operator.itemgetter("id"))
    skipped = [f"{count} node(s) with label {label!r} not in the schema"
               for label, count in sorted(unknown_labels.items())]  # fmt: skip
    return NodeRows(nodes, labels, ids, skipped)


RelKey = tuple[str, str, str]  # (type, from label, to label)


def scan_rels(
    graph: nx.MultiDiGraph, nodes: NodeRows, make: Callable[[RelKey, str, str, Any, list[Any]], Any]
) -> tuple[dict[RelKey, list[Any]], list[str]]:
    """Map every edge of ``graph`` the schema can hold to ``make(rel key, from id, to id, edge key, values)``.

    ``values`` are the typed properties of the rel table, in schema order. → (rows per rel key in the
    graph's edge order, notes on the edges skipped). The one mapping of edges to relationships, shared by
    :func:`graph_rel_rows` and the embedded database's loader (which wants flat tuples, not RelRows).
    """
    labels, ids = nodes.labels, nodes.ids
    rels: dict[RelKey, list[Any]] = {(t.type, a, b): [] for t in REL_TABLES for a, b in t.pairs}
    # (type, from label, to label) → the rel key, where its rows go, and how its properties are converted.
    slots: dict[tuple[Any, Any, Any], Any] = {
        k: (k, rows.append, _REL_CONVERTERS[k[0]]) for k, rows in rels.items()
    }
    bad_rels: dict[str, int] = {}
    with gc_paused():
        for src, neighbours in graph.adjacency():
            src_label, src_id = labels.get(src), ids.get(src)
            for dst, edges in neighbours.items():
                dst_label, dst_id = labels.get(dst), ids.get(dst)
                for key, attrs in edges.items():
                    rel_type = attrs.get("type") or str(key).split(":", 1)[0]
                    slot = slots.get((rel_type, src_label, dst_label))
                    if slot is None:
                        note = f"{rel_type} ({src_label}→{dst_label})"
                        bad_rels[note] = bad_rels.get(note, 0) + 1
                        continue
                    rel_key, add, converters = slot
                    get = attrs.get
                    add(
                        make(
                            rel_key, src_id, dst_id, key, [convert(get(name)) for name, convert in converters]
                        )
                    )
    skipped = [
        f"{count} relationship(s) {note} not in the schema" for note, count in sorted(bad_rels.items())
    ]
    return rels, skipped


_REL_NAMES = {t.type: tuple(p.name for p in t.props) for t in REL_TABLES}


def _rel_row(rel_key: RelKey, src: str, dst: str, key: Any, values: list[Any]) -> RelRow:
    key_text = key if key.__class__ is str else str(key)
    props = dict(zip(_REL_NAMES[rel_key[0]], values, strict=True))
    return RelRow(rel_key[0], rel_key[1], rel_key[2], src, dst, key_text, props)


def graph_rel_rows(graph: nx.MultiDiGraph, nodes: NodeRows) -> tuple[dict[RelKey, list[RelRow]], list[str]]:
    """The relationship rows of ``graph`` (second half of :func:`graph_rows`) and notes on skipped ones."""
    rels, skipped = scan_rels(graph, nodes, _rel_row)
    with gc_paused():
        for rows in rels.values():
            rows.sort(key=operator.attrgetter("src", "dst", "key"))
    return rels, skipped


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
