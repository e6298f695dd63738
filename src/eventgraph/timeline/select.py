"""Choosing which entries a briefing shows: by actor, type, date range, source and confidence.

Matching is case-insensitive and forgiving on purpose (an analyst types "putin", not an actor id), but
never fuzzy: a filter that matches nothing gives an empty timeline, not a guess.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from .dates import parse_bound
from .entries import Entry, TimelineError


def _norm(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def _actor_matches(entry: Entry, wanted: set[str]) -> bool:
    for p in entry.participants:
        names = {_norm(p.get("id")), _norm(p.get("name")), *(_norm(a) for a in p.get("aliases") or [])}
        if names & wanted:
            return True
    return False


def _source_matches(entry: Entry, wanted: set[str]) -> bool:
    for c in entry.citations:
        keys = {_norm(c.doc), _norm(c.title), _norm(c.source), _norm(c.url)}
        if c.path:
            keys |= {_norm(c.path), _norm(PurePosixPath(c.path).name)}
        if keys & wanted:
            return True
    return False


def select(
    entries: Iterable[Entry],
    *,
    actors: Iterable[str] = (),
    types: Iterable[str] = (),
    date_from: str | None = None,
    date_to: str | None = None,
    sources: Iterable[str] = (),
    min_confidence: float | None = None,
    require_source: bool = True,
) -> list[Entry]:
    """The entries that pass every filter given, in timeline order.

    - ``actors``: actor ids, names or aliases; an entry matches if any participant matches any of them.
    - ``types``: event types.
    - ``date_from``/``date_to``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, both inclusive; an entry is kept
      when its interval *overlaps* the range (a 2020 event may have happened in August 2020). Undated
      entries are dropped when either bound is given.
    - ``sources``: document id, file name or path, title, outlet or URL of any citation.
    - ``require_source``: drop entries without a single citation; a briefing line needs a source.
    """
    wanted_actors = {_norm(a) for a in actors if _norm(a)}
    wanted_types = {_norm(t) for t in types if _norm(t)}
    wanted_sources = {_norm(s) for s in sources if _norm(s)}
    try:
        lo = parse_bound(date_from, upper=False) if date_from else None
        hi = parse_bound(date_to, upper=True) if date_to else None
    except ValueError as exc:
        raise TimelineError(str(exc)) from None
    if lo and hi and lo >= hi:
        raise TimelineError(f"--from {date_from} is after --to {date_to}")
    if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
        raise TimelineError(f"--min-confidence must be between 0 and 1, not {min_confidence}")

    out = []
    for e in entries:
        if require_source and not e.citations:
            continue
        if wanted_types and _norm(e.type) not in wanted_types:
            continue
        if wanted_actors and not _actor_matches(e, wanted_actors):
            continue
        if wanted_sources and not _source_matches(e, wanted_sources):
            continue
        if min_confidence is not None and e.confidence < min_confidence:
            continue
        if lo or hi:
            if not e.start:
                continue
            end = e.end if e.end and e.end > e.start else e.start
            # Half-open intervals [start, end) overlap [lo, hi) when start < hi and end > lo; a point
            # (end == start) is kept when it lies inside the range.
            if hi and e.start >= hi:
                continue
            if lo and (end <= lo if end > e.start else e.start < lo):
                continue
        out.append(e)
    return sorted(out, key=Entry.sort_key)
