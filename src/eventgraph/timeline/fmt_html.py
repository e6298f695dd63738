"""A self-contained, printable HTML timeline with client-side filters.

Everything is inline (no request of any kind). Corpus text only reaches the page through Jinja's
autoescaping (element text and attribute values); the filter script reads ``data-*`` attributes and never
writes HTML. Print CSS hides the controls and prints what the filters currently show.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..templating import environment
from .citations import number_citations
from .entries import Entry


def _years(entries: Sequence[Entry]) -> list[tuple[str, list[int]]]:
    groups: list[tuple[str, list[int]]] = []
    for i, e in enumerate(entries):
        year = e.year or "Undated"
        if not groups or groups[-1][0] != year:
            groups.append((year, []))
        groups[-1][1].append(i)
    return groups


def _options(entries: Sequence[Entry]) -> dict[str, list[tuple[str, str]]]:
    actors: dict[str, str] = {}
    sources: dict[str, str] = {}
    for e in entries:
        for p in e.participants:
            actors.setdefault(p["id"] or p["name"], p["name"])
        for c in e.citations:
            sources.setdefault(c.doc, c.title or c.path or c.doc)
    return {
        "types": [(t, t) for t in sorted({e.type for e in entries})],
        "actors": sorted(actors.items(), key=lambda kv: (kv[1].casefold(), kv[0])),
        "sources": sorted(sources.items(), key=lambda kv: (kv[1].casefold(), kv[0])),
    }


def render_html(entries: Sequence[Entry], *, title: str = "Timeline") -> str:
    refs, notes, omitted = number_citations(entries)
    rows: list[dict[str, Any]] = []
    for e, nums, more in zip(entries, refs, omitted, strict=True):
        rows.append(
            {
                "e": e,
                "refs": nums,
                "more": more,
                "actors_json": json.dumps(sorted({p["id"] or p["name"] for p in e.participants})),
                "sources_json": json.dumps(sorted({c.doc for c in e.citations})),
                "search": " ".join(
                    [
                        e.title,
                        e.type,
                        e.date_label,
                        *e.participant_names(),
                        *(p.get("name", "") for p in e.places),
                    ]
                ).casefold(),
            }
        )
    template = environment().get_template("timeline.html.j2")
    return template.render(
        title=title,
        rows=rows,
        years=_years(entries),
        notes=notes,
        options=_options(entries),
        count=len(entries),
    )
