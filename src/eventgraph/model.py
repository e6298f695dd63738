"""The data model every pipeline stage shares.

Everything here is a plain data class that round-trips through JSON (``to_dict`` / ``from_dict``), because
per-document results are cached on disk and shipped between processes (and, for large corpora, between
machines). Offsets are always character offsets into ``Document.text``, which is the text exactly as read.

IDs are derived from content (see :func:`stable_id`) so that rebuilding the same corpus gives the same IDs.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Literal

# Granularity of a date, coarsest first. "season" and "quarter" sit between year and month.
PRECISIONS = (
    "millennium",
    "century",
    "decade",
    "year",
    "half",
    "season",
    "quarter",
    "month",
    "week",
    "day",
    "hour",
    "minute",
    "second",
)
Precision = Literal[
    "millennium", "century", "decade", "year", "half", "season", "quarter", "month", "week", "day",
    "hour", "minute", "second",
]  # fmt: skip

# Where a date comes from. "metadata": the document's own metadata (publication date); "text": stated in
# the text; "relative": a relative expression resolved against a reference time; "catalog": the event
# catalogue; "inferred": guessed from indirect evidence (e.g. comment timestamps).
DateSource = Literal["metadata", "text", "relative", "catalog", "inferred"]

ActorKind = Literal[
    "person",
    "government",
    "state",
    "organization",
    "armed_group",
    "media",
    "think_tank",
    "international_organization",
    "unknown",
]

Role = Literal["agent", "patient", "participant", "beneficiary", "location"]


_NOT_NEWLINE = re.compile(r"[^\r\n]")


def stable_id(prefix: str, *parts: object) -> str:
    """A short ID that depends only on ``parts``: the same content always gives the same ID."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


class _Record:
    """JSON round-tripping shared by the model classes (nested data classes and lists of them)."""

    def to_dict(self) -> dict[str, Any]:
        return _to_jsonable(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        return _from_jsonable(cls, data)


_SCALARS = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The field names of a data class (None for any other class), looked up once per class."""
    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None


def _to_jsonable(value: Any) -> Any:
    cls = value.__class__
    if cls in _SCALARS:  # most values: checked first
        return value
    names = _field_names(cls)
    if names is not None:
        return {name: _to_jsonable(getattr(value, name)) for name in names}
    if isinstance(value, (list, tuple)):
        return [_to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_jsonable(v) for k, v in value.items()}
    return value


def _from_jsonable(cls: type, data: Any) -> Any:
    if data is None:
        return None
    hints = _FIELD_TYPES[cls]
    if not _FIELD_NAMES[cls].issuperset(data):
        data = {k: v for k, v in data.items() if k in hints}  # tolerate fields written by a newer version
    nested = _NESTED_TYPES[cls]
    if not nested:
        return cls(**data)
    kwargs = dict(data)
    for name, target in nested.items():
        value = kwargs.get(name)
        if isinstance(value, list):
            kwargs[name] = [_from_jsonable(target, v) for v in value]
        elif isinstance(value, dict):
            kwargs[name] = _from_jsonable(target, value)
    return cls(**kwargs)


@dataclass(frozen=True)
class TimeValue(_Record):
    """A date with its granularity and provenance.

    ``value`` is a TIMEX3 value (``2020-08-09``, ``2020-08``, ``2020``, ``2020-SU``, ``201X``).
    ``start``/``end`` are the ISO dates of the half-open interval [start, end) the value covers; they are
    ``None`` when the value has no fixed position in time (``PAST_REF``, ``XXXX-WI``).
    """

    value: str
    start: str | None = None
    end: str | None = None
    precision: str | None = None
    source: str = "text"
    confidence: float = 1.0
    mod: str | None = None


@dataclass(frozen=True)
class SkipSpan(_Record):
    """A stretch of the text that is not article content (boilerplate), with the reason it was skipped."""

    start: int
    end: int
    reason: str


@dataclass
class Document(_Record):
    id: str
    path: str
    text: str
    sha256: str
    format: str = "txt"
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    dct: TimeValue | None = None
    language: str | None = None
    skip_spans: list[SkipSpan] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # every path with this content (duplicates)
    warnings: list[str] = field(default_factory=list)

    def content_spans(self) -> list[tuple[int, int]]:
        """The parts of the text that are article content: everything outside the skip spans."""
        spans, pos = [], 0
        for start, end in self._merged_skips():
            if start > pos:
                spans.append((pos, start))
            pos = end
        if pos < len(self.text):
            spans.append((pos, len(self.text)))
        return spans

    def masked_text(self) -> str:
        """The text with skip spans blanked out (newlines kept), so offsets stay those of ``text``."""
        if not self.skip_spans:
            return self.text
        pieces, pos = [], 0
        for start, end in self._merged_skips():
            pieces += [self.text[pos:start], _NOT_NEWLINE.sub(" ", self.text[start:end])]
            pos = end
        pieces.append(self.text[pos:])
        return "".join(pieces)

    def _merged_skips(self) -> list[tuple[int, int]]:
        merged: list[tuple[int, int]] = []
        for skip in sorted(self.skip_spans, key=lambda s: s.start):
            start, end = max(0, skip.start), min(skip.end, len(self.text))
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            elif start < end:
                merged.append((start, end))
        return merged


@dataclass(frozen=True)
class Timex(_Record):
    """A time expression found in a text (TIMEX3), with the interval it denotes when it is a date."""

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str
    mod: str | None = None
    date: TimeValue | None = None  # DATE/TIME: the interval; "three days later" (DURATION): the day reached


@dataclass(frozen=True)
class Evidence(_Record):
    """Where something is said: a span of a document and the sentence around it."""

    doc: str  # Document.id
    start: int
    end: int
    sentence: str
    sentence_start: int = 0
    sentence_end: int = 0
    path: str | None = None


@dataclass
class ActorMention(_Record):
    """One mention of an actor in one document, resolved to a canonical key within the document."""

    key: str  # canonical key: registry id (e.g. "Q12345" or "reg:putin") or "name:<kind>:<normalised>"
    name: str  # canonical name
    kind: str
    text: str
    evidence: Evidence
    country: str | None = None
    wikidata: str | None = None
    via: str = "ner"  # how it was recognised / resolved (ner, registry, surname, role, metonymy, demonym)


@dataclass
class Actor(_Record):
    id: str
    name: str
    kind: str
    country: str | None = None
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Evidence] = field(default_factory=list)
    merged_because: list[str] = field(default_factory=list)

    @property
    def mention_count(self) -> int:
        return len(self.mentions)


@dataclass(frozen=True)
class Participant(_Record):
    actor: str  # Actor id (after merge) or ActorMention key (before merge)
    name: str
    kind: str
    role: str = "participant"


@dataclass(frozen=True)
class PlaceRef(_Record):
    id: str
    name: str
    country: str | None = None


@dataclass
class EventMention(_Record):
    """One textual mention of an event: the trigger, its sentence, and what the text says about it."""

    type: str
    trigger: str
    evidence: Evidence  # span = the trigger; sentence = its sentence
    title: str = ""
    date: TimeValue | None = None
    date_text: str | None = None  # the time expression the date came from
    participants: list[Participant] = field(default_factory=list)
    places: list[PlaceRef] = field(default_factory=list)
    modality: str = "asserted"  # asserted, negated, hypothetical, reported
    confidence: float = 0.5
    catalog: str | None = None  # id of the catalogue event it was linked to
    # Unreal events of the sentence that hang off this one and were not made events ("swore that he would
    # take Russia to court" → "hypothetical legal: take Russia to court"); the merge lists them in notes.
    flags: list[str] = field(default_factory=list)


@dataclass
class Event(_Record):
    id: str
    title: str
    type: str
    date: TimeValue | None
    actors: list[Participant] = field(default_factory=list)
    places: list[PlaceRef] = field(default_factory=list)
    mentions: list[EventMention] = field(default_factory=list)
    confidence: float = 0.5
    modality: str = "asserted"
    catalog: str | None = None
    date_conflicts: list[TimeValue] = field(default_factory=list)  # other dates sources gave
    notes: list[str] = field(default_factory=list)  # what the merge could not decide; mention flags


@dataclass
class DocResult(_Record):
    """Everything extracted from one document: the output of the (pure, cacheable) map step."""

    document: Document
    timexes: list[Timex] = field(default_factory=list)
    actor_mentions: list[ActorMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    pipeline: str = ""  # pipeline fingerprint this result was computed with
    error: str | None = None


# Nested types for ``from_dict``: for each class, the data class each field holds (or a list of).
_FIELD_TYPES: dict[type, dict[str, type | None]] = {
    TimeValue: {f: None for f in ("value", "start", "end", "precision", "source", "confidence", "mod")},
    SkipSpan: {"start": None, "end": None, "reason": None},
    Document: {
        **{f.name: None for f in dataclasses.fields(Document)},
        "dct": TimeValue,
        "skip_spans": SkipSpan,
    },
    Timex: {**{f.name: None for f in dataclasses.fields(Timex)}, "date": TimeValue},
    Evidence: {f.name: None for f in dataclasses.fields(Evidence)},
    ActorMention: {**{f.name: None for f in dataclasses.fields(ActorMention)}, "evidence": Evidence},
    Actor: {**{f.name: None for f in dataclasses.fields(Actor)}, "mentions": Evidence},
    Participant: {f.name: None for f in dataclasses.fields(Participant)},
    PlaceRef: {f.name: None for f in dataclasses.fields(PlaceRef)},
    EventMention: {
        **{f.name: None for f in dataclasses.fields(EventMention)},
        "evidence": Evidence,
        "date": TimeValue,
        "participants": Participant,
        "places": PlaceRef,
    },
    Event: {
        **{f.name: None for f in dataclasses.fields(Event)},
        "date": TimeValue,
        "actors": Participant,
        "places": PlaceRef,
        "mentions": EventMention,
        "date_conflicts": TimeValue,
    },
    DocResult: {
        "document": Document,
        "timexes": Timex,
        "actor_mentions": ActorMention,
        "events": EventMention,
        "pipeline": None,
        "error": None,
    },
}
_NESTED_TYPES = {cls: {k: t for k, t in fields.items() if t} for cls, fields in _FIELD_TYPES.items()}
_FIELD_NAMES = {cls: frozenset(fields) for cls, fields in _FIELD_TYPES.items()}
