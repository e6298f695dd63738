"""The JSONL contract: ``documents.jsonl``, ``events.jsonl``, ``actors.jsonl``.

These files are what other tools read, so their shape is documented in the README and kept stable. One
JSON object per line, keys sorted, records sorted by id, so a rebuild is byte-identical.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..atomic import atomic_open
from ..graph import event_sort_key
from ..model import Actor, Document, Event, EventMention, Evidence


def document_record(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "path": doc.path,
        "paths": sorted(set(doc.paths or [doc.path])),
        "format": doc.format,
        "title": doc.title,
        "source": doc.source,
        "url": doc.url,
        "published": doc.published,
        "dct": doc.dct.to_dict() if doc.dct else None,
        "language": doc.language,
        "sha256": doc.sha256,
        "chars": len(doc.text),
        "skip_spans": [s.to_dict() for s in doc.skip_spans],
        "warnings": list(doc.warnings),
    }


def _evidence(ev: Evidence, paths: dict[str, str]) -> dict[str, Any]:
    return {
        "doc": ev.doc,
        "path": paths.get(ev.doc, ev.path),
        "start": ev.start,
        "end": ev.end,
        "sentence": ev.sentence,
        "sentence_start": ev.sentence_start,
        "sentence_end": ev.sentence_end,
    }


def _event_mention(m: EventMention, paths: dict[str, str]) -> dict[str, Any]:
    ev = m.evidence
    return {
        "doc": ev.doc,
        "path": paths.get(ev.doc, ev.path),
        "start": ev.sentence_start,
        "end": ev.sentence_end,
        "sentence": ev.sentence,
        "trigger": m.trigger,
        "trigger_start": ev.start,
        "trigger_end": ev.end,
        "date": m.date.to_dict() if m.date else None,
        "date_text": m.date_text,
        "modality": m.modality,
    }


def event_record(event: Event, paths: dict[str, str]) -> dict[str, Any]:
    return {
        "id": event.id,
        "title": event.title,
        "type": event.type,
        "date": event.date.to_dict() if event.date else None,
        "date_conflicts": [d.to_dict() for d in event.date_conflicts],
        "actors": [{"id": p.actor, "name": p.name, "kind": p.kind, "role": p.role} for p in event.actors],
        "places": [p.to_dict() for p in event.places],
        "mentions": [_event_mention(m, paths) for m in event.mentions],
        "confidence": round(event.confidence, 4),
        "modality": event.modality,
        "catalog": event.catalog,
        "notes": list(event.notes),
    }


def actor_record(actor: Actor, paths: dict[str, str]) -> dict[str, Any]:
    return {
        "id": actor.id,
        "name": actor.name,
        "kind": actor.kind,
        "country": actor.country,
        "wikidata": actor.wikidata,
        "aliases": sorted(set(actor.aliases)),
        "mention_count": len(actor.mentions),
        "mentions": [_evidence(m, paths) for m in actor.mentions],
        "merged_because": list(actor.merged_because),
    }


# json.dumps(rec, ensure_ascii=False, sort_keys=True), without making an encoder per record.
_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> None:
    with atomic_open(path) as fh:
        lines: list[str] = []
        for rec in records:
            lines.append(_encode(rec))
            if len(lines) >= 1024:
                fh.write("\n".join(lines) + "\n")
                lines.clear()
        if lines:
            fh.write("\n".join(lines) + "\n")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class Records:
    """The records of the three files, in file order (made once per build: the timelines read them too)."""

    documents: list[dict[str, Any]]
    actors: list[dict[str, Any]]
    events: list[dict[str, Any]]


def make_records(documents: list[Document], actors: list[Actor], events: list[Event]) -> Records:
    """Evidence gets the path of the document it points into."""
    paths = {d.id: d.path for d in documents}
    return Records(
        [document_record(d) for d in sorted(documents, key=lambda d: d.id)],
        [actor_record(a, paths) for a in sorted(actors, key=lambda a: a.id)],
        [event_record(e, paths) for e in sorted(events, key=event_sort_key)],
    )


def write_records(
    out_dir: Path,
    documents: list[Document],
    actors: list[Actor],
    events: list[Event],
    records: Records | None = None,
) -> list[Path]:
    """Write the three JSONL files (from ``records`` when they are made already)."""
    records = records or make_records(documents, actors, events)
    files = [out_dir / "documents.jsonl", out_dir / "actors.jsonl", out_dir / "events.jsonl"]
    write_jsonl(files[0], records.documents)
    write_jsonl(files[1], records.actors)
    write_jsonl(files[2], records.events)
    return files
