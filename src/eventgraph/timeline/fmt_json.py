"""JSON: the entries in our own schema (``eventgraph.timeline/1``), for other tools."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .entries import Entry

SCHEMA = "eventgraph.timeline/1"


def render_json(entries: Sequence[Entry]) -> str:
    data = {"schema": SCHEMA, "count": len(entries), "entries": [e.to_dict() for e in entries]}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
