"""Timeline entries: one per event, with everything a briefing line needs and nothing it must look up.

Entries are built from the JSONL contract (``events.jsonl``, ``actors.jsonl``, ``documents.jsonl``), so the
timeline command works on any graph directory, and from the in-memory model through the same records, so
``eventgraph build`` and ``eventgraph timeline`` always print the same thing.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..graph import precision_rank
from ..model import Actor, Document, Event
from .dates import UNDATED, format_time_value

# Date provenances worth a flag in a briefing. "text", "relative" and "metadata" are the normal cases.
FLAG_LABELS = {
    "catalog": "date from the event catalogue",
    "inferred": "date inferred",
    "disputed": "date disputed between sources",
}
# Precisions finer than or equal to this are points on a timeline; coarser ones are bands.
_DAY_RANK = precision_rank("day")


class TimelineError(Exception):
    """A problem the user can fix (missing or unreadable graph directory, bad filter); no traceback."""


@dataclass
class Citation:
    doc: str
    sentence: str
    title: str = ""
    source: str = ""
    published: str = ""
    url: str = ""
    path: str = ""
    trigger: str = ""
    start: int = 0
    end: int = 0

    def label(self) -> str:
        """ "Title — Outlet, 2020-09-15" with whatever parts are known."""
        head = self.title or self.path or self.doc
        tail = ", ".join(p for p in (self.source, self.published) if p)
        return f"{head} — {tail}" if tail else head


@dataclass
class Entry:
    id: str
    title: str
    type: str
    date_label: str
    date: dict[str, Any] | None = None
    start: str | None = None
    end: str | None = None
    precision: str | None = None
    date_source: str | None = None
    flags: list[str] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    participants: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    confidence: float = 0.0
    modality: str = "asserted"
    catalog: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def band(self) -> bool:
        """A period coarser than a day (a year, a season): shown as a band, never as its first day."""
        return self.start is not None and precision_rank(self.precision) < _DAY_RANK

    @property
    def year(self) -> str | None:
        return self.start[:4] if self.start else None

    def sort_key(self) -> tuple:
        # The same order as graph.event_sort_key: interval start, coarser first, then id.
        return (self.start or "9999-99-99", precision_rank(self.precision), self.id)

    def participant_names(self) -> list[str]:
        return [p["name"] for p in self.participants]

    def flag_labels(self) -> list[str]:
        return [FLAG_LABELS[f] for f in self.flags if f in FLAG_LABELS]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["band"] = self.band
        return data


def _citations(event: dict[str, Any], docs: dict[str, dict[str, Any]]) -> list[Citation]:
    seen: set[tuple] = set()
    out: list[Citation] = []
    for m in event.get("mentions") or []:
        key = (m.get("doc"), m.get("start"), m.get("end"), m.get("sentence"))
        if key in seen:
            continue
        seen.add(key)
        doc = docs.get(m.get("doc") or "", {})
        out.append(
            Citation(
                doc=m.get("doc") or "",
                sentence=" ".join((m.get("sentence") or "").split()),
                title=doc.get("title") or "",
                source=doc.get("source") or "",
                published=doc.get("published") or "",
                url=doc.get("url") or "",
                path=m.get("path") or doc.get("path") or "",
                trigger=m.get("trigger") or "",
                start=m.get("start") or 0,
                end=m.get("end") or 0,
            )
        )
    # Oldest source first: the first report is usually the one a briefing wants to cite.
    out.sort(key=lambda c: (c.published or "9999", c.doc, c.start, c.end))
    return out


def entry_from_record(
    event: dict[str, Any], docs: dict[str, dict[str, Any]], actors: dict[str, dict[str, Any]]
) -> Entry:
    date = event.get("date") or None
    flags = []
    if date and date.get("source") == "catalog":
        flags.append("catalog")
    if date and date.get("source") == "inferred":
        flags.append("inferred")
    conflicts = [
        {**c, "label": format_time_value(c)}
        for c in (event.get("date_conflicts") or [])
        if isinstance(c, dict)
    ]
    if conflicts:
        flags.append("disputed")
    participants = []
    for p in event.get("actors") or []:
        info = actors.get(p.get("id") or "", {})
        participants.append(
            {
                "id": p.get("id") or "",
                "name": p.get("name") or info.get("name") or "",
                "kind": p.get("kind") or info.get("kind") or "unknown",
                "role": p.get("role") or "participant",
                "aliases": sorted(set(info.get("aliases") or [])),
            }
        )
    label = format_time_value(date)
    return Entry(
        id=event["id"],
        title=" ".join((event.get("title") or "").split()) or "(untitled event)",
        type=event.get("type") or "event",
        date_label=label,
        date=date,
        start=(date or {}).get("start") if label != UNDATED else None,
        end=(date or {}).get("end") if label != UNDATED else None,
        precision=(date or {}).get("precision"),
        date_source=(date or {}).get("source"),
        flags=flags,
        conflicts=conflicts,
        participants=participants,
        places=[dict(p) for p in event.get("places") or []],
        citations=_citations(event, docs),
        confidence=float(event.get("confidence") or 0.0),
        modality=event.get("modality") or "asserted",
        catalog=event.get("catalog"),
        notes=list(event.get("notes") or []),
    )


def entries_from_records(
    events: list[dict[str, Any]],
    documents: list[dict[str, Any]] | None = None,
    actors: list[dict[str, Any]] | None = None,
) -> list[Entry]:
    docs = {d["id"]: d for d in documents or [] if "id" in d}
    acts = {a["id"]: a for a in actors or [] if "id" in a}
    entries = [entry_from_record(e, docs, acts) for e in events if isinstance(e, dict) and e.get("id")]
    return sorted(entries, key=Entry.sort_key)


def entries_from_model(documents: list[Document], actors: list[Actor], events: list[Event]) -> list[Entry]:
    """The same entries ``load`` gives for the JSONL files these objects would be written to."""
    from ..outputs.records import actor_record, document_record, event_record

    paths = {d.id: d.path for d in documents}  # as records.write_records does
    return entries_from_records(
        [event_record(e, paths) for e in events],
        [document_record(d) for d in documents],
        [actor_record(a, paths) for a in actors],
    )


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    records = []
    try:
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise TimelineError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from None
    except OSError as exc:
        raise TimelineError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise TimelineError(f"{path} is not UTF-8 text") from None
    return records


def load(graph_dir: str | Path) -> list[Entry]:
    """Timeline entries for the graph in ``graph_dir`` (as written by ``eventgraph build``), in order."""
    graph_dir = Path(graph_dir)
    if not graph_dir.is_dir():
        raise TimelineError(f"{graph_dir} is not a directory (expected the output of `eventgraph build`)")
    events_path = graph_dir / "events.jsonl"
    if not events_path.is_file():
        raise TimelineError(
            f"no events.jsonl in {graph_dir}: run `eventgraph build CORPUS -o {graph_dir}` first"
        )
    optional = {}
    for name in ("documents", "actors"):
        path = graph_dir / f"{name}.jsonl"
        optional[name] = _read_jsonl(path) if path.is_file() else []
    return entries_from_records(_read_jsonl(events_path), optional["documents"], optional["actors"])
