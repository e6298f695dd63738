"""The graph of record: a networkx MultiDiGraph that every output is made from.

Node attributes are exactly the properties of the graph model in DESIGN.md, plus ``label`` (Event, Actor,
Place, Document). Edge keys are the relationship type; edge attributes are the relationship properties
plus ``type``. Values are scalars or lists of strings, never nested objects, so every exporter can map them.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

import networkx as nx

from .model import PRECISIONS, Actor, Document, Event


def precision_rank(precision: str | None) -> int:
    """Coarser precisions first, unknown last: a year sorts before the days inside it."""
    return PRECISIONS.index(precision) if precision in PRECISIONS else len(PRECISIONS)


def event_sort_key(event: Event) -> tuple:
    """Chronological order: interval start, then coarser before finer, then id for determinism."""
    start = event.date.start if event.date and event.date.start else "9999-99-99"
    return (start, precision_rank(event.date.precision if event.date else None), event.id)


def build_graph(documents: list[Document], actors: list[Actor], events: list[Event]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for doc in sorted(documents, key=lambda d: d.id):
        g.add_node(
            doc.id,
            label="Document",
            id=doc.id,
            title=doc.title or "",
            source=doc.source or "",
            url=doc.url or "",
            published=doc.published or "",
            path=doc.path,
            sha256=doc.sha256,
        )
    doc_ids = {d.id for d in documents}

    for actor in sorted(actors, key=lambda a: a.id):
        g.add_node(
            actor.id,
            label="Actor",
            id=actor.id,
            name=actor.name,
            kind=actor.kind,
            aliases=sorted(set(actor.aliases)),
            country=actor.country or "",
            wikidata=actor.wikidata or "",
            mentions=len(actor.mentions),
        )
        for doc_id, count in sorted(Counter(m.doc for m in actor.mentions).items()):
            if doc_id in doc_ids:
                g.add_edge(actor.id, doc_id, key="MENTIONED_IN", type="MENTIONED_IN", count=count)

    ordered = sorted(events, key=event_sort_key)
    for event in ordered:
        date = event.date
        g.add_node(
            event.id,
            label="Event",
            id=event.id,
            title=event.title,
            type=event.type,
            date=date.value if date else "",
            date_start=(date.start or "") if date else "",
            date_end=(date.end or "") if date else "",
            precision=(date.precision or "") if date else "",
            date_mod=(date.mod or "") if date else "",
            date_source=date.source if date else "",
            date_confidence=date.confidence if date else 0.0,
            date_disputed=bool(event.date_conflicts),
            confidence=event.confidence,
            modality=event.modality,
            catalog=event.catalog or "",
            mentions=len(event.mentions),
        )
        for part in event.actors:
            if part.actor in g:
                g.add_edge(
                    part.actor,
                    event.id,
                    key=f"PARTICIPATED_IN:{part.role}",
                    type="PARTICIPATED_IN",
                    role=part.role,
                )
        for place in event.places:
            if place.id not in g:
                g.add_node(place.id, label="Place", id=place.id, name=place.name, country=place.country or "")
            g.add_edge(event.id, place.id, key="OCCURRED_IN", type="OCCURRED_IN")
        for i, mention in enumerate(event.mentions):
            ev = mention.evidence
            if ev.doc in doc_ids:
                g.add_edge(
                    event.id,
                    ev.doc,
                    key=f"MENTIONED_IN:{i}",
                    type="MENTIONED_IN",
                    start=ev.sentence_start,
                    end=ev.sentence_end,
                    sentence=ev.sentence,
                    quote=mention.trigger,
                )
    dated = [e for e in ordered if e.date and e.date.start]
    for before, after in pairwise(dated):
        g.add_edge(before.id, after.id, key="NEXT", type="NEXT")
    return g
