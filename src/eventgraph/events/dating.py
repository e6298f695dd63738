"""Dating a trigger: the time expression that governs it, searched in widening circles.

1. governs it directly (a modifier of the trigger: "the 2008 war", "last year's war", "arrested on July 29");
   of several, the one fewest dependency steps away ("Yesterday, at this year's conference, X unveiled");
2. sits in the same clause ("In 2014, Russia annexed Crimea"), or in a relative clause on a nominal trigger
   ("the isolation he had led the country into in 2010");
3. sits in the same sentence (nearest one);
4. narrative context: the last stated date of the preceding sentences of the same paragraph, for a verb in
   the past tense (off unless enabled; weakest).
Each circle lowers the confidence. No date found means undated: the publication date is never a default.
"""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..model import TimeValue, Timex
from .modality import clause_head
from .triggers import TriggerMatch

LEVEL_CONFIDENCE = {"direct": 0.95, "clause": 0.85, "sentence": 0.7, "narrative": 0.5}
_MAX_WALK = 12


@dataclass(frozen=True)
class AnchoredTimex:
    timex: Timex
    root: Token  # syntactic head of the expression
    start: int  # token indices
    end: int


@dataclass(frozen=True)
class DateChoice:
    date: TimeValue
    text: str
    level: str
    timex: AnchoredTimex


def usable(timex: Timex) -> bool:
    """Only dates with a place on the time line can date an event (not PAST_REF, sets, or durations other
    than those counted from a stated time, "three days later")."""
    return timex.date is not None and timex.date.start is not None


def anchor_timexes(doc: Doc, timexes: list[Timex]) -> list[AnchoredTimex]:
    """Timexes mapped onto tokens, sorted by position; unusable or unalignable ones are dropped."""
    out = []
    for tx in sorted(timexes, key=lambda t: (t.start, t.end)):
        if not usable(tx):
            continue
        span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        out.append(AnchoredTimex(tx, span.root, span.start, span.end))
    return out


def timex_tokens(doc: Doc, timexes: list[Timex]) -> frozenset[int]:
    """Indices of the tokens inside any time expression: they name times, not events ("March 6")."""
    out: set[int] = set()
    for tx in timexes:
        span = doc.char_span(tx.start, tx.end, alignment_mode="contract")
        if span is not None:
            out.update(range(span.start, span.end))
    return frozenset(out)


class TimexIndex:
    def __init__(self, anchored: list[AnchoredTimex]):
        self.items = anchored
        self.starts = [a.start for a in anchored]

    def in_span(self, start: int, end: int) -> list[AnchoredTimex]:
        lo, hi = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return self.items[lo:hi]


def _steps(tx: AnchoredTimex, trigger: TriggerMatch, relative: bool = False) -> int | None:
    """Dependency steps from the expression up to the trigger without crossing into another clause, or
    None. ``relative``: may cross one relative clause that modifies a nominal trigger."""
    cur, crossed = tx.root, False
    for step in range(_MAX_WALK):
        if trigger.start <= cur.i < trigger.end:
            return step
        if cur.head.i == cur.i:
            return None
        if cur.pos_ in {"VERB", "AUX"} and cur is not tx.root:
            on_trigger = trigger.start <= cur.head.i < trigger.end and cur.dep_ in {"relcl", "acl"}
            if not (relative and not crossed and trigger.nominal and on_trigger):
                return None
            crossed = True
        cur = cur.head
    return None


def _choice(tx: AnchoredTimex, level: str) -> DateChoice:
    base = tx.timex.date
    assert base is not None
    conf = round(min(base.confidence, 1.0) * LEVEL_CONFIDENCE[level], 4)
    return DateChoice(dataclasses.replace(base, confidence=conf), tx.timex.text, level, tx)


# "After Aug. 9, the media spoke": the speaking is not on Aug. 9. Such expressions bound an event, they do
# not date it ("since 2014" does: the state began then).
BOUNDING_PREPS = {"after", "following", "before", "until", "till", "prior"}


def bounding(tx: AnchoredTimex) -> bool:
    return tx.root.dep_ == "pobj" and tx.root.head.lower_ in BOUNDING_PREPS


def date_in_sentence(trigger: TriggerMatch, candidates: list[AnchoredTimex]) -> DateChoice | None:
    """The governing date within the trigger's sentence (levels 1-3), or None."""
    candidates = [tx for tx in candidates if not bounding(tx)]
    if not candidates:
        return None

    def distance(tx: AnchoredTimex) -> tuple[int, int]:
        return (min(abs(tx.start - trigger.head.i), abs(tx.end - 1 - trigger.head.i)), tx.start)

    steps = {tx.start: _steps(tx, trigger) for tx in candidates}
    direct = [tx for tx in candidates if steps[tx.start] is not None]
    if direct:
        return _choice(min(direct, key=lambda tx: (steps[tx.start], distance(tx))), "direct")
    verb = clause_head(trigger.head)
    same_clause = [tx for tx in candidates if clause_head(tx.root).i == verb.i]
    if trigger.nominal:  # "the isolation he had led the country in back in 2010"
        same_clause += [tx for tx in candidates if _steps(tx, trigger, relative=True) is not None]
    if same_clause:
        return _choice(min(same_clause, key=distance), "clause")
    return _choice(min(candidates, key=distance), "sentence")


def is_past(trigger: TriggerMatch) -> bool:
    # Simple past only: the present perfect ("has threatened") reports something recent, not the
    # moment the story last moved to. An infinitive takes the tense of the clause it completes: "Putin
    # confirmed his commitment to provide a loan" is told as of the moment the story last moved to.
    verb = clause_head(trigger.head)
    for _ in range(4):
        if not (verb.tag_ == "VB" and any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children)):
            break
        if verb.head.i == verb.i:
            break
        verb = clause_head(verb.head)
    return verb.tag_ == "VBD" and not any(c.lemma_ == "have" and c.dep_ == "aux" for c in verb.children)


def narrative_date(trigger: TriggerMatch, previous: AnchoredTimex | None) -> DateChoice | None:
    """The date the story last moved to, for a past-tense event the sentence itself leaves undated."""
    if previous is None or previous.timex.date is None or previous.timex.date.source != "text":
        return None
    return _choice(previous, "narrative") if is_past(trigger) else None


def just_now(trigger: TriggerMatch, dct: TimeValue | None) -> DateChoice | None:
    """ "X just issued a statement": "just" with a past verb anchors the event at the publication date."""
    verb = clause_head(trigger.head)
    if dct is None or not dct.start or verb.tag_ not in {"VBD", "VBN"}:
        return None
    if not any(c.dep_ == "advmod" and c.lower_ == "just" for c in verb.children):
        return None
    date = dataclasses.replace(dct, source="relative", confidence=round(0.6 * dct.confidence, 4))
    timex = Timex(verb.idx, verb.idx + len(verb), "just", "DATE", dct.value, date=date)
    tx = AnchoredTimex(timex, verb, verb.i, verb.i + 1)
    return DateChoice(date, "just", "clause", tx)


def in_sentence(index: TimexIndex, sent: Span) -> list[AnchoredTimex]:
    return index.in_span(sent.start, sent.end)
