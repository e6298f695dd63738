"""Event extraction: triggers → type, modality, participants, place, date, catalogue link, title.

``EventStage(config).extract(document, sdoc, timexes, actor_mentions)`` is a pure function of its inputs
(the per-document map step); merging mentions into events across documents is :mod:`eventgraph.merge`.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter

from spacy.tokens import Doc, Span

from ..actors import place_country
from ..config import Config
from ..evidence import make_evidence
from ..model import ActorMention, Document, EventMention, Evidence, TimeValue, Timex
from . import dating, eventive, roles
from .catalog import CATALOG_CONFIDENCE, Catalog, CatalogEntry, MentionContext, load_catalog
from .lexicon import Lexicon, load_lexicon
from .modality import modality
from .titles import make_title
from .triggers import TriggerMatch, find_triggers

__all__ = ["EventStage"]

# Modalities that make a mention no event at all (a habit, a state, a wish, a plan); negated mentions are
# dropped too unless the negation is part of the trigger ("did not rule out" is itself a statement).
NOT_EVENTS = {"hypothetical", "generic"}
# How closely a date must govern a trigger for it to count as dated ("the events of 1989-1991").
FIRM_LEVELS = {"direct", "clause"}
# A day named with "after/since/following" that governs no event stands for the events of that day
# ("After Aug. 9 last year, ..."): kept as a reference the merge folds into that day's event. ("Until / before
# Sept. 30" names a deadline, not something that happened.)
REFERENCE_PREPS = {"after", "since", "following"}
_PARAGRAPH = re.compile(r"\n")  # many sources put one paragraph per line


class EventStage:
    def __init__(self, config: Config):
        self.config = config
        self.lexicon: Lexicon = load_lexicon(list(config.trigger_files))
        self.catalog: Catalog = load_catalog(self.lexicon, list(config.event_catalog_files))
        # Set to a list to record why trigger matches were not kept: (reason, trigger, sentence).
        self.dropped: list[tuple[str, str, str]] | None = None

    # -- per document -----------------------------------------------------------------------------------
    def extract(
        self, document: Document, sdoc: Doc, timexes: list[Timex], actor_mentions: list[ActorMention]
    ) -> list[EventMention]:
        actors = roles.ActorIndex(actor_mentions)
        anchored = dating.anchor_timexes(sdoc, timexes)
        tindex = dating.TimexIndex(anchored)
        in_timex = dating.timex_tokens(sdoc, timexes)
        paragraphs = [m.end() for m in _PARAGRAPH.finditer(document.text)]
        doc_names = frozenset(
            _names_of(actor_mentions) | {e.text.lower() for e in sdoc.ents if e.label_ == "GPE"}
        )
        main_countries = _main_countries(actor_mentions)
        # Built once per document: ``Span.ents`` and ``Span.text`` rebuild them for every sentence (and
        # ``Span.text`` again for every trigger). ``sdoc.text`` sliced at a sentence's characters is its text.
        ents = list(sdoc.ents)
        doc_text = sdoc.text
        out: list[EventMention] = []
        last_dated: tuple[int, dating.AnchoredTimex] | None = None  # (paragraph, timex) the story is at
        for sent in sdoc.sents:
            sent_text = doc_text[sent.start_char : sent.end_char]
            if not sent_text.strip():
                continue
            paragraph = bisect.bisect_right(paragraphs, sent.start_char)
            if last_dated and last_dated[0] != paragraph:
                last_dated = None
            candidates = dating.in_sentence(tindex, sent)
            sent_actors = actors.overlapping(sent.start_char, sent.end_char)
            sent_places = [e.text for e in _ents_in(ents, sent) if e.label_ in roles.PLACE_LABELS]
            sent_names = frozenset(_names_of(sent_actors) | {p.lower() for p in sent_places})
            sent_codes = frozenset(
                {m.country for m in sent_actors if m.country}
                | {c for c in (place_country(p) for p in sent_places) if c}
            )
            where = _Where(sent_names, doc_names, sent_codes, main_countries)
            used_timexes: set[int] = set()
            head = eventive.headline(sent, document.title, sent_text)
            sent_lower = sent_text.lower()
            kept: dict[int, EventMention] = {}  # token index of a kept trigger -> its mention
            unreal: list[tuple[TriggerMatch, str]] = []  # triggers dropped for their modality
            for trig in find_triggers(sent, self.lexicon, in_timex):
                mention = self._mention(document, sent, trig, candidates, last_dated, actors, where,
                                        used_timexes, head, unreal, sent_lower)  # fmt: skip
                if mention is not None:
                    out.append(mention)
                    kept.update(dict.fromkeys(range(trig.start, trig.end), mention))
            _flag_unreal(unreal, kept)
            out.extend(self._references(document, sent, candidates, used_timexes))
            explicit = [c for c in candidates if c.timex.date and c.timex.date.source == "text"]
            if explicit:
                last_dated = (paragraph, explicit[-1])
        return out

    def _mention(
        self,
        document: Document,
        sent: Span,
        trig: TriggerMatch,
        candidates: list[dating.AnchoredTimex],
        last_dated: tuple[int, dating.AnchoredTimex] | None,
        actors: roles.ActorIndex,
        where: _Where,
        used_timexes: set[int],
        headline: bool = False,
        unreal: list[tuple[TriggerMatch, str]] | None = None,
        sent_lower: str | None = None,
    ) -> EventMention | None:
        rules = self.lexicon.rules
        mod = modality(trig.head, rules.modality, headline=headline)
        if mod in NOT_EVENTS or (mod == "negated" and not _negation_in_trigger(trig)):
            if unreal is not None:
                unreal.append((trig, mod))
            return self._drop(mod, trig, sent)
        choice = dating.date_in_sentence(trig, candidates) or dating.just_now(trig, document.dct)
        if choice is None and last_dated is not None:
            choice = dating.narrative_date(trig, last_dated[1])
        firm = choice is not None and choice.level in FIRM_LEVELS
        if trig.weak and not firm:
            return self._drop("weak trigger without a governing date", trig, sent)
        pairs = roles.roles_for(trig, actors, rules.light_verbs)
        if trig.kind == "reporting" and not (firm and any(r == "agent" for _, r in pairs)):
            return self._drop("reporting verb without a dated, named speaker", trig, sent)
        if trig.kind == "agent" and not eventive.doer(trig, rules):
            return self._drop("agent noun without a doer", trig, sent)
        if not pairs:
            pairs = [(m, "participant") for m in roles.clause_actors(trig, actors)]
            if trig.type == "statement" and not trig.nominal and not pairs:
                # "..., it is said": a statement by nobody in particular is no briefing line
                return self._drop("statement by nobody named", trig, sent)
            argued = False
        else:
            argued = True
        places = roles.places_for(trig, sent.doc)
        date: TimeValue | None = choice.date if choice else None
        date_text = choice.text if choice else None
        if choice is not None and choice.level in FIRM_LEVELS:
            used_timexes.add(choice.timex.start)
        firm_date = _firm(choice, document.dct)
        ctx = MentionContext(
            type=trig.type,
            sentence=sent.text.lower() if sent_lower is None else sent_lower,
            phrase_words=frozenset(t.lemma_.lower() for t in trig.head.subtree if t.i <= trig.head.i)
            if trig.nominal
            else frozenset(),
            names=where.names | {p.name.lower() for p in places},
            doc_names=where.doc_names,
            dct=document.dct,
            # A date only loosely attached (elsewhere in the sentence) or after publication (mis-resolved,
            # or a plan) must not veto a catalogue match by its name; it does veto one by context alone.
            date=date if firm_date else None,
            countries=where.codes | {p.country for p in places if p.country},
            own_places=frozenset((p.name.lower(), p.country) for p in places),
            own_actors=frozenset(
                (m.name.lower(), m.country) for m in _own_actors(trig, pairs if argued else [])
            ),
            modifiers=_modifiers(trig),
            main_countries=where.main_countries,
            loose_date=date
            if date is not None and not firm_date and not _after(date, document.dct)
            else None,
        )
        entry = None if trig.weak else self.catalog.match(ctx)
        if trig.nominal and entry is None and not firm and trig.end - trig.start == 1:
            # A noun is an event only in an eventive context; a generic one only with a date or the catalogue.
            # (A multi-word term of the lexicon, "criminal proceeding", is unambiguous on its own.)
            if eventive.generic(trig, rules):
                return self._drop("generic noun phrase", trig, sent)
            if not (argued or places or eventive.doer(trig, rules) or eventive.eventive_context(trig, rules)):
                return self._drop("noun without an eventive context", trig, sent)
        if entry is not None:
            date, date_text = _catalog_date(entry, date, date_text, strict=ctx.date is not None)
        confidence = 0.5 + 0.15 * bool(pairs) + 0.15 * (choice is not None and choice.level != "sentence")
        confidence += 0.1 * (entry is not None) - 0.2 * trig.weak - 0.1 * (mod != "asserted")
        confidence = round(max(0.05, min(confidence, 0.95)), 4)
        if confidence < rules.min_confidence:
            return self._drop("confidence below the threshold", trig, sent)
        return EventMention(
            type=trig.type,
            trigger=trig.text,
            evidence=_evidence(document, sent, trig.head.doc[trig.start : trig.end]),
            title=entry.name if entry else make_title(trig, pairs, places, _year(date)),
            date=date,
            date_text=date_text,
            participants=roles.participants(pairs),
            places=places,
            modality=mod,
            confidence=confidence,
            catalog=entry.id if entry else None,
        )

    def _drop(self, reason: str, trig: TriggerMatch, sent: Span) -> None:
        if self.dropped is not None:
            self.dropped.append((reason, trig.text, sent.text))
        return None

    def _references(
        self, document: Document, sent: Span, candidates: list[dating.AnchoredTimex], used: set[int]
    ) -> list[EventMention]:
        """Day dates used as events ("After Aug. 9 last year"): a reference mention for the merge."""
        out = []
        for tx in candidates:
            date = tx.timex.date
            if date is None or date.precision != "day":
                continue
            if not (tx.root.dep_ == "pobj" and tx.root.head.lower_ in REFERENCE_PREPS):
                continue
            if tx.start in used and not dating.bounding(tx):
                continue
            span = sent.doc[tx.start : tx.end]
            out.append(
                EventMention(
                    type="other",
                    trigger=span.text,
                    evidence=_evidence(document, sent, span),
                    title=f"Events of {span.text}",
                    date=dataclasses.replace(date, confidence=round(date.confidence * 0.8, 4)),
                    date_text=span.text,
                    confidence=0.3,
                )
            )
        return out


def _catalog_date(
    entry: CatalogEntry, date: TimeValue | None, text: str | None, strict: bool
) -> tuple[TimeValue, str | None]:
    """The catalogue's date when the text gives none or a coarser one that contains it (2008 ⊃ 2008-08-07).

    ``strict``: the text date governs the trigger, so it stays unless the catalogue refines it; a loosely
    attached date that contradicts the catalogue gives way to it.
    """
    if date is None:
        return entry.date, None
    overlaps = bool(date.start and date.end and entry.span.start and entry.span.end) and (
        date.start < entry.span.end and entry.span.start < date.end
    )
    if not strict and not overlaps:
        return entry.date, None
    inside = date.start and date.end and entry.date.start and entry.date.end
    if (
        inside
        and date.start <= entry.date.start
        and entry.date.end <= date.end
        and date.value != entry.date.value
    ):
        conf = round(min(CATALOG_CONFIDENCE, date.confidence + 0.05), 4)
        return dataclasses.replace(entry.date, confidence=conf), text
    return date, text


@dataclasses.dataclass(frozen=True)
class _Where:
    """What a sentence and its document are about, for the catalogue (names lower-case, ISO codes)."""

    names: frozenset[str]
    doc_names: frozenset[str]
    codes: frozenset[str]
    main_countries: frozenset[str]


def _main_countries(mentions: list[ActorMention]) -> frozenset[str]:
    """The countries a document is about: those its actors belong to at least half as often as the first."""
    counts = Counter(m.country for m in mentions if m.country)
    if not counts:
        return frozenset()
    top = max(counts.values())
    return frozenset(c for c, n in counts.items() if n * 2 >= top and n >= 2) or frozenset(
        c for c, n in counts.items() if n == top
    )


def _own_actors(trig: TriggerMatch, pairs: list[tuple[ActorMention, str]]) -> list[ActorMention]:
    """The participants the trigger itself names: a verb's arguments, a noun's own modifiers and phrases
    ("Lukashenko's coup", "the election in Belarus"), not the subject of the verb governing the noun."""
    if not trig.nominal:
        return [m for m, _ in pairs]
    head = trig.head
    lo, hi = head.left_edge.idx, head.right_edge.idx + len(head.right_edge)
    return [m for m, _ in pairs if lo <= m.evidence.start and m.evidence.end <= hi]


_MODIFIER_DEPS = {"amod", "compound", "nmod", "npadvmod"}


def _modifiers(trig: TriggerMatch) -> frozenset[str]:
    """Lower-case lemmas of a trigger noun's modifiers and of its phrase's other words."""
    if not trig.nominal:
        return frozenset()
    head = trig.head
    toks = [c for c in head.children if c.dep_ in _MODIFIER_DEPS and c.i < head.i]
    toks += [t for t in head.doc[trig.start : trig.end] if t.i != head.i]
    return frozenset(t.lemma_.lower() for t in toks if t.is_alpha)


def _year(date: TimeValue | None) -> str | None:
    """The year of a date ("2020" of "2020-09-14"), for a title that has nothing else to tell it by."""
    value = date.value if date is not None else ""
    return value[:4] if value[:4].isdigit() else None


def _after(date: TimeValue, dct: TimeValue | None) -> bool:
    return bool(dct and dct.end and date.start and date.start >= dct.end)


def _firm(choice: dating.DateChoice | None, dct: TimeValue | None) -> bool:
    if choice is None or choice.level not in {"direct", "clause"}:
        return False
    return not (dct and dct.end and choice.date.start and choice.date.start >= dct.end)


def _flag_unreal(unreal: list[tuple[TriggerMatch, str]], kept: dict[int, EventMention]) -> None:
    """Each dropped hypothetical / negated / habitual trigger becomes a flag on the nearest kept trigger that
    governs it ("swore" ← "would take Russia to court"), so the briefing keeps what was threatened."""
    for trig, mod in unreal:
        cur = trig.head
        for _ in range(12):
            if cur.head.i == cur.i:
                break
            cur = cur.head
            host = kept.get(cur.i)
            if host is not None:
                flag = f"{mod} {trig.type}: {trig.text}"
                if flag not in host.flags:
                    host.flags.append(flag)
                break


def _negation_in_trigger(trig: TriggerMatch) -> bool:
    """ "did not rule out": the negation is part of the trigger phrase, whose meaning includes it."""
    doc = trig.head.doc
    return any(doc[i].dep_ == "neg" for i in range(trig.start, trig.end))


def _ents_in(ents: list[Span], sent: Span) -> list[Span]:
    """``sent.ents`` from the document's entities listed once (``Span.ents`` lists the document's anew)."""
    out = []
    for ent in ents[bisect.bisect_left(ents, sent.start, key=lambda e: e.start) :]:
        if ent.end > sent.end:
            break
        out.append(ent)
    return out


def _names_of(mentions: list[ActorMention]) -> set[str]:
    names = set()
    for m in mentions:
        names.add(m.name.lower())
        names.add(m.text.lower())
        if m.country:
            names.add(m.country.lower())
    return names


def _evidence(document: Document, sent: Span, span: Span) -> Evidence:
    return make_evidence(document, span.start_char, span.end_char, sent)
