"""The pages ``eventgraph build`` writes for people: ``graph.html``, ``timeline.md``, ``timeline.html``."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from ..model import Actor, Document, Event
from ..timeline import entries_from_model, entries_from_records, select, write
from .html_graph import write_graph_html
from .records import Records


def write_outputs(
    graph: nx.MultiDiGraph,
    documents: list[Document],
    actors: list[Actor],
    events: list[Event],
    out_dir: str | Path,
    *,
    max_nodes: int | None = None,
    title: str = "Event graph",
    records: Records | None = None,
) -> list[Path]:
    """Write the interactive graph and the whole-corpus timelines into ``out_dir`` (each atomically).

    Returns the paths written. The timelines hold every event that has at least one source.
    """
    out_dir = Path(out_dir)
    if records is not None:  # the records export made them already: the same entries, made once
        entries = select(entries_from_records(records.events, records.documents, records.actors))
    else:
        entries = select(entries_from_model(documents, actors, events))
    timeline_title = f"{title} — timeline" if title != "Event graph" else "Timeline"
    return [
        write_graph_html(graph, out_dir / "graph.html", max_nodes=max_nodes, title=title),
        write(entries, "md", out_dir / "timeline.md", title=timeline_title),
        write(entries, "html", out_dir / "timeline.html", title=timeline_title),
    ]
