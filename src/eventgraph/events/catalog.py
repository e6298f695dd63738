"""The catalogue of well-known events: dates and links mentions the text leaves undated.

"the Crimea referendum", "the Orange Revolution" or "the presidential election in Belarus" (in an article of
2021) name an event without its date; the catalogue (``data/events/catalog.yaml`` plus user files) knows it.
A mention links to an entry when the entry's type fits and the sentence says enough: an alias, a cue phrase,
or the entry's countries / participants / place. Among equally good entries the most recent one before
the publication date wins ("the presidential election" means the last one).
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import jsonschema
import yaml

from .. import yamlio
from ..config import DATA_DIR
from ..model import TimeValue
from .lexicon import Lexicon

CATALOG_FILE = DATA_DIR / "events" / "catalog.yaml"
SCHEMA_FILE = DATA_DIR / "events" / "catalog.schema.json"
CATALOG_CONFIDENCE = 0.8
# Types whose mentions name one big event ("the presidential election", "the war"), so the catalogue may
# link them from context alone; other types ("talks", "a statement") need the event's name or a cue.
NAMED_TYPES = {
    "election", "referendum", "war", "protest", "regime_change", "annexation", "aviation", "attack",
    "disaster", "migration", "vote",
}  # fmt: skip
MIN_SCORE = 1.5
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


class CatalogError(ValueError):
    """A catalogue file is unreadable or does not follow the schema; the message names the file."""


def _bounds(text: str) -> tuple[date, date, str]:
    """[start, end) and precision of "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""
    m = _DATE.match(text)
    if not m:
        raise ValueError(f"bad catalogue date {text!r}")
    y, mo, d = int(m[1]), m[2], m[3]
    if d:
        start = date(y, int(mo), int(d))
        return start, date.fromordinal(start.toordinal() + 1), "day"
    if mo:
        last = calendar.monthrange(y, int(mo))[1]
        return date(y, int(mo), 1), date.fromordinal(date(y, int(mo), last).toordinal() + 1), "month"
    return date(y, 1, 1), date(y + 1, 1, 1), "year"


def catalog_date(value: str, confidence: float = CATALOG_CONFIDENCE) -> TimeValue:
    """TimeValue of a catalogue date; "A/B" is a range from the start of A to the end of B."""
    first, _, last = str(value).partition("/")
    start, end, precision = _bounds(first)
    if last:
        _, end, last_precision = _bounds(last)
        precision = "year" if "year" in (precision, last_precision) else "month"
        if end.year - start.year > 1:
            precision = "decade" if end.year - start.year <= 10 else "century"
    return TimeValue(
        value=str(value),
        start=start.isoformat(),
        end=end.isoformat(),
        precision=precision,
        source="catalog",
        confidence=confidence,
    )


def _words(text: str) -> set[str]:
    """Word stems (first six letters), so "Crimea" meets "Crimean" and "Belarus" meets "Belarusian"."""
    return {w[:6] for w in re.findall(r"[a-z0-9]+", text.lower())}


@dataclass
class CatalogEntry:
    id: str
    name: str
    type: str
    date: TimeValue  # when it happened (for a long event: when it began)
    span: TimeValue  # the whole time it lasted, for matching mentions dated inside it
    aliases: list[str] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    place: str | None = None
    countries: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    wikidata: str | None = None

    @property
    def context_names(self) -> list[str]:
        return [n for n in [*self.countries, *self.participants, self.place] if n]


@dataclass(frozen=True)
class MentionContext:
    """What the text says around a mention, as the catalogue matcher needs it (all lower-case)."""

    type: str
    sentence: str
    phrase_words: frozenset[str]  # content words of the trigger's noun phrase ("presidential", "election")
    names: frozenset[str]  # actor names, countries and place names in the sentence
    doc_names: frozenset[str]  # the same for the whole document
    dct: TimeValue | None
    date: TimeValue | None


def _contains(haystack: str, needle: str) -> bool:
    return re.search(r"(?<![a-z0-9])" + re.escape(needle.lower()) + r"(?![a-z0-9])", haystack) is not None


class Catalog:
    def __init__(self, entries: list[CatalogEntry], lexicon: Lexicon):
        self.entries = sorted(entries, key=lambda e: e.id)
        self.lexicon = lexicon
        self.by_id = {e.id: e for e in self.entries}
        self._by_type: dict[str, list[CatalogEntry]] = {}
        for entry in self.entries:
            self._by_type.setdefault(entry.type, []).append(entry)

    def __len__(self) -> int:
        return len(self.entries)

    def _candidates(self, etype: str) -> list[CatalogEntry]:
        out = []
        for t, entries in self._by_type.items():
            if self.lexicon.related(etype, t):
                out.extend(entries)
        return out

    def score(self, entry: CatalogEntry, ctx: MentionContext) -> float:
        """How strongly the sentence points at ``entry`` (0 = not at all)."""
        text = ctx.sentence
        if any(_contains(text, a) for a in [entry.name, *entry.aliases]):
            return 3.0 + self._context(entry, ctx)
        if entry.type != ctx.type:
            return 0.0  # without its name, a related type ("talks" for a treaty) is too loose
        context = self._context(entry, ctx)
        cue = any(_contains(text, c) for c in entry.cues)
        if cue and (context or any(n.lower() in ctx.doc_names for n in entry.countries)):
            return 2.0 + context
        if ctx.type not in NAMED_TYPES:
            return 0.0  # "a statement by Putin" is not Putin's Munich speech unless the text names it
        # Distinctive words of the name the phrase repeats ("presidential" election, "Crimean" referendum).
        name_words = {w for w in _words(entry.name) if not w.isdigit()} - _words(entry.type)
        return context + 0.5 * len(name_words & _words(" ".join(ctx.phrase_words))) if context else 0.0

    @staticmethod
    def _context(entry: CatalogEntry, ctx: MentionContext) -> float:
        """Named participants and main country (1.5 each), other countries / place (1 each)."""
        text, score = ctx.sentence, 0.0
        for name in entry.participants:
            low = name.lower()
            surname = low.split()[-1] if " " in low else None
            if (
                low in ctx.names
                or _contains(text, low)
                or (surname and len(surname) > 3 and _contains(text, surname))
            ):
                score += 1.5
        for k, name in enumerate([*entry.countries, *([entry.place] if entry.place else [])]):
            if name.lower() in ctx.names or _contains(text, name):
                score += 1.5 if k == 0 else 1.0
        return min(score, 4.0)

    def match(self, ctx: MentionContext) -> CatalogEntry | None:
        """The best entry for a mention, or None. With a text date, the entry must overlap it."""
        best: tuple[float, bool, str, str] | None = None
        chosen = None
        for entry in self._candidates(ctx.type):
            d = entry.span
            if ctx.dct is not None and ctx.dct.end and d.start and d.start >= ctx.dct.end:
                continue  # cannot be written about before it happened
            dated = ctx.date is not None and ctx.date.start and ctx.date.end
            if dated and not (d.start < ctx.date.end and ctx.date.start < d.end):  # type: ignore[union-attr]
                continue
            s = self.score(entry, ctx)
            if s < MIN_SCORE:
                continue
            # Prefer entries surely before publication over ones inside a coarse publication date.
            surely_before = ctx.dct is None or not ctx.dct.start or (d.end or "") <= ctx.dct.start
            key = (s, surely_before, d.start or "", entry.id)  # higher score, then the most recent
            if best is None or key > best:
                best, chosen = key, entry
        return chosen


class _NoDatesLoader(yaml.SafeLoader):
    """YAML without timestamp conversion: catalogue dates stay strings at their own precision."""


_NoDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read(path: Path) -> list[dict]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = yamlio.load(fh, _NoDatesLoader)
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read event catalogue: {exc}") from exc
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path}: not valid YAML: {exc}") from exc
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top level)"
        raise CatalogError(
            f"{path}: event catalogue does not follow the schema at {where}: {exc.message}"
        ) from exc
    return data["events"]


def load_catalog(lexicon: Lexicon, extra_files: list[Path] | None = None) -> Catalog:
    """The packaged catalogue plus user files; a user entry with an existing id replaces it."""
    entries: dict[str, CatalogEntry] = {}
    for i, path in enumerate([CATALOG_FILE, *(extra_files or [])]):
        for raw in _read(Path(path)):
            if i == 0 and raw["id"] in entries:
                raise CatalogError(f"{path}: duplicate event id {raw['id']!r}")
            if raw["type"] not in lexicon.types:
                raise CatalogError(f"{path}: event {raw['id']!r} has unknown type {raw['type']!r}")
            try:
                when = catalog_date(str(raw["date"]))
                if raw.get("end"):  # a lasting event: its date is when it began
                    when = TimeValue(**{**when.__dict__, "mod": "START"})
                span = catalog_date(f"{raw['date']}/{raw['end']}") if raw.get("end") else when
            except ValueError as exc:
                raise CatalogError(f"{path}: event {raw['id']!r}: {exc}") from exc
            entries[raw["id"]] = CatalogEntry(
                id=raw["id"],
                name=raw["name"],
                type=raw["type"],
                date=when,
                span=span,
                aliases=raw.get("aliases", []),
                cues=raw.get("cues", []),
                place=raw.get("place"),
                countries=raw.get("countries", []),
                participants=raw.get("participants", []),
                wikidata=raw.get("wikidata"),
            )
    return Catalog(list(entries.values()), lexicon)
