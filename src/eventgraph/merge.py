"""Merging event mentions into events, within and across documents.

Mentions are joined with a union-find, and candidate pairs come only from **blocking keys** — never from
comparing all pairs — so the merge is linear in the number of mentions (a million mentions is fine):

1. same catalogue event (``catalog`` id): one well-known event;
2. same type, same date value, a shared participant (actor id) or place: e.g. two reports of one arrest;
3. within a document, near each other: a detail of a meeting ("a loan", "supported") in the same or the
   next sentence, sharing an actor, folds into the meeting; a bare date reference ("after Aug. 9") or a
   generic "events" mention folds into the one specific event of that day; a definite mention with no date
   ("the elections") folds into the one dated event of its type in the document; the headline's event
   ("Apple unveils iPod nano") folds into the first report of it in the body ("Apple today unveiled ...");
4. coarse-to-fine: an event dated "2020-08" joins the one event of its type and actor dated inside it —
   only when there is exactly one such event; otherwise the ambiguity is written into ``notes``.

Each event keeps every mention as evidence, takes the best-supported date, and records the other dates
sources gave in ``date_conflicts``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from .events.lexicon import Lexicon, load_lexicon
from .graph import event_sort_key
from .model import PRECISIONS, Document, Event, EventMention, Participant, PlaceRef, TimeValue, stable_id

ROLE_RANK = {"agent": 0, "patient": 1, "beneficiary": 2, "participant": 3, "location": 4}
GENERIC_TYPES = {"other"}
# Types whose definite mentions ("the elections", "the war") refer back to one big event, and whose
# coarsely dated mentions may be the same as a precisely dated one. Statements, talks etc. are too many.
NAMED_TYPES = {
    "election", "referendum", "war", "protest", "regime_change", "annexation", "aviation", "attack",
    "disaster", "migration", "vote", "arrest", "sanctions", "repression",
}  # fmt: skip
SENTENCE_WINDOW = 1  # how many sentences back a detail may refer to a meeting
COARSE_PRECISIONS = {"year", "half", "season", "quarter", "month"}


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller index is the root, so the result does not depend on the order of unions.
            self.parent[max(ra, rb)] = min(ra, rb)

    def union_all(self, items: Iterable[int]) -> None:
        items = list(items)
        for other in items[1:]:
            self.union(items[0], other)


def _overlaps(a: TimeValue | None, b: TimeValue | None) -> bool:
    if not (a and b and a.start and a.end and b.start and b.end):
        return False
    return a.start < b.end and b.start < a.end


def _inside(inner: TimeValue, outer: TimeValue) -> bool:
    return bool(inner.start and inner.end and outer.start and outer.end) and (
        outer.start <= inner.start and inner.end <= outer.end
    )


def _precision_rank(p: str | None) -> int:
    return PRECISIONS.index(p) if p in PRECISIONS else -1


def _year(tv: TimeValue | None) -> str | None:
    return tv.start[:4] if tv and tv.start else None


class _Mentions:
    """The flattened mentions with the look-ups the blocking rules need."""

    def __init__(self, mentions_by_doc: dict[str, list[EventMention]], actor_ids: dict[str, str]):
        self.items: list[EventMention] = []
        for doc_id in sorted(mentions_by_doc):
            ordered = sorted(
                mentions_by_doc[doc_id], key=lambda m: (m.evidence.start, m.evidence.end, m.type)
            )
            self.items.extend(_with_actor_ids(m, actor_ids) for m in ordered)

    def actors(self, i: int) -> set[str]:
        return {p.actor for p in self.items[i].participants if p.role != "location"}


def _with_actor_ids(m: EventMention, actor_ids: dict[str, str]) -> EventMention:
    parts = [
        Participant(actor=actor_ids.get(p.actor, p.actor), name=p.name, kind=p.kind, role=p.role)
        for p in m.participants
    ]
    return EventMention(**{**m.__dict__, "participants": parts})


def merge_events(
    mentions_by_doc: dict[str, list[EventMention]],
    actor_ids: dict[str, str],
    documents: dict[str, Document],
    lexicon: Lexicon | None = None,
) -> list[Event]:
    """Events from per-document mentions; deterministic (same input → same events, ids and order)."""
    lexicon = lexicon or load_lexicon()
    ms = _Mentions(mentions_by_doc, actor_ids)
    uf = _UnionFind(len(ms.items))
    notes: dict[int, list[str]] = defaultdict(list)  # keyed by mention index, moved to the root at the end

    _block_catalog(ms, uf)
    _block_type_date_actor(ms, uf)
    _block_within_documents(ms, uf, lexicon, notes, documents)
    _block_coarse_to_fine(ms, uf, notes)

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(ms.items)):
        groups[uf.find(i)].append(i)
    events = []
    for members in groups.values():
        group_notes = [n for i in members for n in notes.get(i, [])]
        events.append(_build_event([ms.items[i] for i in members], group_notes, lexicon))
    return sorted(events, key=event_sort_key)


# -- blocking rules --------------------------------------------------------------------------------------
def _block_catalog(ms: _Mentions, uf: _UnionFind) -> None:
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(ms.items):
        if m.catalog:
            blocks[m.catalog].append(i)
    for members in blocks.values():
        uf.union_all(members)


def _block_type_date_actor(ms: _Mentions, uf: _UnionFind) -> None:
    """Same type, same date at day/month precision, sharing an actor or a place."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, m in enumerate(ms.items):
        if m.type in GENERIC_TYPES or not m.date or not m.date.start:
            continue
        if _precision_rank(m.date.precision) < _precision_rank("month"):
            continue  # "a war in 2014" with Russia is too vague to equate with another such mention
        for actor in ms.actors(i):
            blocks[(m.type, m.date.value, "a", actor)].append(i)
        for place in m.places:
            blocks[(m.type, m.date.value, "p", place.id)].append(i)
    for members in blocks.values():
        uf.union_all(members)


def _block_within_documents(
    ms: _Mentions,
    uf: _UnionFind,
    lexicon: Lexicon,
    notes: dict[int, list[str]],
    documents: dict[str, Document] | None = None,
) -> None:
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(ms.items):
        by_doc[m.evidence.doc].append(i)
    for doc_id, members in by_doc.items():
        doc = (documents or {}).get(doc_id)
        if doc is not None:
            _fold_headline(ms, uf, members, doc)
        _fold_details(ms, uf, lexicon, members)
        _fold_references(ms, uf, members, notes)
        _fold_anaphora(ms, uf, members, notes)


def _fold_headline(ms: _Mentions, uf: _UnionFind, members: list[int], doc: Document) -> None:
    """An undated mention in the document's first sentence (its headline) joins the first dated mention of
    the same type that shares an actor with it: the body's report of the same news."""
    first = [i for i in members if not doc.text[: ms.items[i].evidence.sentence_start].strip()]
    for i in first:
        m = ms.items[i]
        if m.date is not None or not ms.actors(i):
            continue
        hosts = [
            j
            for j in members
            if j not in first
            and ms.items[j].type == m.type
            and ms.items[j].date is not None
            and ms.actors(i) & ms.actors(j)
        ]
        if hosts:
            uf.union(i, hosts[0])  # members are in text order: the lead's report comes first


def _fold_details(ms: _Mentions, uf: _UnionFind, lexicon: Lexicon, members: list[int]) -> None:
    """A loan / a statement in the same or next sentence as a meeting, sharing an actor, is part of it."""
    sentences = sorted({ms.items[i].evidence.sentence_start for i in members})
    rank = {s: k for k, s in enumerate(sentences)}
    by_sentence: dict[int, list[int]] = defaultdict(list)
    for i in members:
        by_sentence[rank[ms.items[i].evidence.sentence_start]].append(i)
    for i in members:
        m = ms.items[i]
        if not lexicon.types.get(m.type) or not lexicon.types[m.type].part_of:
            continue
        here = rank[m.evidence.sentence_start]
        for k in range(here - SENTENCE_WINDOW, here + 1):
            hosts = [
                j
                for j in by_sentence.get(k, [])
                if j != i
                and lexicon.is_part_of(m.type, ms.items[j].type)
                and (ms.actors(i) & ms.actors(j) or (k == here and not ms.actors(i)))
                and (m.date is None or ms.items[j].date is None or _overlaps(m.date, ms.items[j].date))
            ]
            if hosts:
                uf.union(i, hosts[0])
                break


def _specific(ms: _Mentions, i: int) -> bool:
    return ms.items[i].type not in GENERIC_TYPES


def _fold_references(ms: _Mentions, uf: _UnionFind, members: list[int], notes: dict[int, list[str]]) -> None:
    """Generic day mentions ("after Aug. 9", "the events of Aug. 9") join the one specific event that day."""
    day_groups: dict[str, set[int]] = defaultdict(set)
    for i in members:
        m = ms.items[i]
        # Only events of that day, not lasting ones that began then (mod START: "the protests").
        if _specific(ms, i) and m.date and m.date.precision == "day" and m.date.mod != "START":
            day_groups[m.date.value].add(uf.find(i))
    day_groups = {day: {uf.find(r) for r in roots} for day, roots in day_groups.items()}
    for i in members:
        m = ms.items[i]
        if _specific(ms, i) or not m.date or m.date.precision != "day":
            continue
        roots = day_groups.get(m.date.value, set())
        if len(roots) == 1:
            uf.union(i, next(iter(roots)))
        elif len(roots) > 1:
            notes[i].append(
                f"'{m.trigger}' may refer to any of {len(roots)} events of {m.date.value}; not merged"
            )


def _fold_anaphora(ms: _Mentions, uf: _UnionFind, members: list[int], notes: dict[int, list[str]]) -> None:
    """An undated mention ("the elections") joins the one dated or catalogued event of its type in the doc."""
    dated: dict[str, set[int]] = defaultdict(set)
    for i in members:
        m = ms.items[i]
        if _specific(ms, i) and (m.date is not None or m.catalog):
            dated[m.type].add(uf.find(i))
    for i in members:
        m = ms.items[i]
        if m.date is not None or m.catalog or m.type not in NAMED_TYPES:
            continue
        if not m.evidence.sentence or not _definite(m):
            continue
        roots = {uf.find(r) for r in dated.get(m.type, set())}
        if len(roots) == 1:
            uf.union(i, next(iter(roots)))
        elif len(roots) > 1:
            notes[i].append(
                f"'{m.trigger}' (undated) could be any of {len(roots)} {m.type} events in the document"
            )


def _definite(m: EventMention) -> bool:
    """Whether the trigger is introduced by "the" / a possessive: it refers back rather than introducing."""
    ev = m.evidence
    before = ev.sentence[: max(0, ev.start - ev.sentence_start)].lower().split()[-4:]
    return any(w in {"the", "this", "that", "these", "those", "its", "his", "her", "their"} for w in before)


def _block_coarse_to_fine(ms: _Mentions, uf: _UnionFind, notes: dict[int, list[str]]) -> None:
    """A mention dated at month/year joins the single finer-dated event of its type and actor inside it."""
    fine: dict[tuple[str, str, str], list[int]] = defaultdict(list)  # (type, year, actor) -> mentions
    for i, m in enumerate(ms.items):
        if m.type in NAMED_TYPES and m.date and m.date.precision in {"day", "week"}:
            for actor in ms.actors(i):
                fine[(m.type, _year(m.date) or "", actor)].append(i)
    for i, m in enumerate(ms.items):
        if not (m.type in NAMED_TYPES and m.date and m.date.precision in COARSE_PRECISIONS):
            continue
        roots: set[int] = set()
        for actor in ms.actors(i):
            for j in fine.get((m.type, _year(m.date) or "", actor), ()):
                if _inside(ms.items[j].date, m.date):  # type: ignore[arg-type]
                    roots.add(uf.find(j))
        if len(roots) == 1:
            uf.union(i, next(iter(roots)))
        elif len(roots) > 1:
            notes[i].append(
                f"'{m.trigger}' ({m.date.value}) fits {len(roots)} more precisely dated {m.type} events; "
                "not merged"
            )


# -- building one event ------------------------------------------------------------------------------------
def _pick_date(mentions: list[EventMention]) -> tuple[TimeValue | None, list[TimeValue], list[str]]:
    """The best-supported date, the conflicting ones, and a note when sources disagree."""
    dated = [m for m in mentions if m.date and m.date.start]
    if not dated:
        return None, [], []
    candidates: dict[str, TimeValue] = {}
    for m in dated:
        assert m.date is not None
        old = candidates.get(m.date.value)
        if old is None or m.date.confidence > old.confidence:
            candidates[m.date.value] = m.date

    def support(tv: TimeValue) -> float:
        # Mentions that agree: the same value or a coarser one containing it ("2020" supports 2020-08-09).
        return sum(m.date.confidence for m in dated if m.date and (_inside(tv, m.date)))

    ranked = sorted(
        candidates.values(),
        key=lambda tv: (-round(support(tv), 6), -_precision_rank(tv.precision), -tv.confidence, tv.value),
    )
    best = ranked[0]
    conflicts = [tv for tv in ranked[1:] if not _overlaps(tv, best)]
    notes = []
    if conflicts:
        others = ", ".join(sorted({c.value for c in conflicts}))
        notes.append(f"sources disagree on the date: chose {best.value} (best supported) over {others}")
    total = sum(m.date.confidence for m in dated if m.date)
    share = support(best) / total if total else 0.0
    conf = round(best.confidence * (0.5 + 0.5 * share), 4)
    return TimeValue(**{**best.__dict__, "confidence": conf}), sorted(conflicts, key=lambda t: t.value), notes


def _pick_type(mentions: list[EventMention], lexicon: Lexicon) -> str:
    counts = Counter(m.type for m in mentions)
    types = sorted(counts, key=lambda t: (-counts[t], t))
    # A meeting with a loan agreed at it stays a meeting; "other" only if nothing more specific.
    main = [t for t in types if t not in GENERIC_TYPES and not any(lexicon.is_part_of(t, o) for o in counts)]
    specific = [t for t in types if t not in GENERIC_TYPES]
    return (main or specific or types)[0]


def _merge_actors(mentions: list[EventMention], etype: str) -> list[Participant]:
    """Every participant once, in its strongest role; the mentions of the event's own type decide first.

    "At the meeting in Sochi Putin supported his colleague": both took part in the meeting, whoever supported
    whom in the statement merged into it.
    """
    best: dict[str, tuple[tuple[bool, int], Participant]] = {}
    for m in mentions:
        for p in m.participants:
            rank = (m.type != etype, ROLE_RANK.get(p.role, 9))
            if p.actor not in best or rank < best[p.actor][0]:
                best[p.actor] = (rank, p)
    return sorted((p for _, p in best.values()), key=lambda p: (ROLE_RANK.get(p.role, 9), p.name, p.actor))


def _makeshift(title: str) -> bool:
    """A title the titler fell back on ("Statement: stated", a verb with nobody and nothing around it)."""
    return ": " in title


def _build_event(mentions: list[EventMention], notes: list[str], lexicon: Lexicon) -> Event:
    mentions = sorted(mentions, key=lambda m: (m.evidence.doc, m.evidence.start, m.evidence.end, m.type))
    date, conflicts, date_notes = _pick_date(mentions)
    etype = _pick_type(mentions, lexicon)
    catalogs = Counter(m.catalog for m in mentions if m.catalog)
    catalog = sorted(catalogs, key=lambda c: (-catalogs[c], c))[0] if catalogs else None
    if len(catalogs) > 1:
        notes.append("mentions link to several catalogue events: " + ", ".join(sorted(catalogs)))
    places: dict[str, PlaceRef] = {p.id: p for m in mentions for p in m.places}
    main = [m for m in mentions if m.type == etype] or mentions
    titled = sorted(main, key=lambda m: (-(m.catalog == catalog and catalog is not None), _makeshift(m.title),
                                         -m.confidence, -len(m.participants), m.evidence.doc,
                                         m.evidence.start))  # fmt: skip
    confidence = 1.0
    for m in mentions:
        confidence *= 1 - m.confidence
    modalities = Counter(m.modality for m in mentions)
    modality = (
        "asserted" if modalities.get("asserted") else sorted(modalities, key=lambda k: (-modalities[k], k))[0]
    )
    flags = sorted({f"not an event ({flag.split(' ', 1)[0]}): {flag.split(' ', 1)[1]}"
                    for m in mentions for flag in m.flags if " " in flag})  # fmt: skip
    first = mentions[0]
    if catalog:
        event_id = stable_id("ev", "catalog", catalog)
    else:
        event_id = stable_id("ev", etype, first.evidence.doc, first.evidence.start, first.evidence.end)
    return Event(
        id=event_id,
        title=titled[0].title or titled[0].trigger,
        type=etype,
        date=date,
        actors=_merge_actors(mentions, etype),
        places=sorted(places.values(), key=lambda p: p.id),
        mentions=mentions,
        confidence=round(min(0.99, 1 - confidence), 4),
        modality=modality,
        catalog=catalog,
        date_conflicts=conflicts,
        notes=sorted(set(date_notes + notes + flags)),
    )
