"""The catalogue of well-known events: dates and links mentions the text leaves undated.

"the Crimea referendum", "the Orange Revolution" or "the presidential election in Belarus" (in an article of
2021) name an event without its date; the catalogue (``data/events/catalog.yaml`` plus user files) knows it.
A mention links to an entry when the entry's type fits and the sentence says enough: an alias, a cue phrase,
or the entry's countries / participants / place. Among equally good entries the most recent one before
the publication date wins ("the presidential election" means the last one).

Without the entry's name in the sentence the link must also be *compatible* and *pinned down*:
- compatible: where the mention says it happened ("the coup in Belarus") and who its own participants are
  ("Lukashenko's coup") do not contradict the entry's place and countries; its modifiers do not name another
  kind of event ("presidential" is not the "legislative" election) or another country ("the Iranian
  election"); and the entry concerns the mention's own place / participants, a participant the sentence
  names, or one of the document's main countries (an article on Belarus that mentions the USA does not
  mean the US election by "the rigged election");
- pinned down: by the mention's own place, participants or modifiers, by a participant of the entry the
  sentence names ("Poroshenko's victory in the presidential election"), by a date in the mention's context,
  or, for an event of one of the document's main countries, by being recent (``RECENT_YEARS``) at the
  publication date ("the elections" in an article on Belarus of 2021).
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from .. import yamlio
from ..actors import Gazetteer, shared_gazetteer
from ..config import DATA_DIR
from ..datafile import DataFileError, read_data_file
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
# A generic mention ("the election") with nothing but the document's topic to go on means a recent event:
# one that ended at most this many years before the publication date.
RECENT_YEARS = 5
_MONTHS = {m.lower()[:6] for m in calendar.month_name[1:]}
_STOP = {"the", "of", "in", "on", "and", "for", "to", "a", "an", "at", "by", "with", "from", "against"}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


class CatalogError(DataFileError):
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
    # Filled by the catalogue from the gazetteer: ISO codes of the countries and of the place's country;
    # the lower-case names of countries, place and participants; participant surnames worth matching.
    codes: frozenset[str] = frozenset()
    primary: frozenset[str] = frozenset()  # codes of its first country and of its place: whose event it is
    geo_names: frozenset[str] = frozenset()
    geo_words: frozenset[str] = frozenset()  # their word stems
    words: frozenset[str] = frozenset()  # word stems of its name, aliases and cues
    surnames: dict[str, str] = field(default_factory=dict)

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
    date: TimeValue | None  # a date that governs the mention (its clause), not after publication
    # What the mention itself says (all optional; empty = not known):
    countries: frozenset[str] = frozenset()  # ISO codes of the actors and places of the sentence
    own_places: frozenset[tuple[str, str | None]] = frozenset()  # (name, code) of where it happened
    own_actors: frozenset[tuple[str, str | None]] = frozenset()  # (name, code) of its own participants
    modifiers: frozenset[str] = frozenset()  # lemmas of the trigger noun's adjectives and compounds
    main_countries: frozenset[str] = frozenset()  # ISO codes of the countries the document is about
    loose_date: TimeValue | None = None  # a date elsewhere in the sentence or the narrative


def _contains(haystack: str, needle: str) -> bool:
    needle = needle.lower()
    # The plain substring test settles most calls (the word is not there at all) without a regex.
    return needle in haystack and _word_pattern(needle).search(haystack) is not None


@functools.lru_cache(maxsize=4096)
def _word_pattern(needle: str) -> re.Pattern[str]:
    """``needle`` as a whole word (compiled once: the same names are looked for in every sentence)."""
    return re.compile(r"(?<![a-z0-9])" + re.escape(needle) + r"(?![a-z0-9])")


def _overlap(a: TimeValue | None, b: TimeValue, loose: bool = False) -> bool | None:
    """Whether two dates overlap; None when one of them has no bounds.

    ``loose``: ``a`` only frames the mention (elsewhere in the sentence, or the story's last date), so it
    counts by whole years ("last fall" frames an event of August that year).
    """
    if a is None or not (a.start and a.end and b.start and b.end):
        return None
    start, end = a.start, a.end
    if loose:
        start, end = start[:4] + "-01-01", f"{int(end[:4]) + (end[5:] != '01-01'):04d}-01-01"
    return start < b.end and b.start < end


class Catalog:
    def __init__(self, entries: list[CatalogEntry], lexicon: Lexicon, gazetteer: Gazetteer | None = None):
        self.entries = sorted(entries, key=lambda e: e.id)
        self.lexicon = lexicon
        self.gazetteer = gazetteer or shared_gazetteer()
        self.by_id = {e.id: e for e in self.entries}
        self._by_type: dict[str, list[CatalogEntry]] = {}
        for entry in self.entries:
            self._by_type.setdefault(entry.type, []).append(entry)
        self._related: dict[str, list[CatalogEntry]] = {}  # type -> its candidates (see _candidates)
        gaz = self.gazetteer
        # lower-case word → country code, for modifiers ("Iranian", "Crimea"): demonyms, names, places
        self._place_codes: dict[str, str] = {}
        for table in (gaz.cities, {k: v[0] for k, v in gaz.capitals.items() if v}, gaz.names, gaz.demonyms):
            self._place_codes.update({k.lower(): v for k, v in table.items()})
        # Words that tell one kind of event of a type from another in the catalogue's names: "presidential" /
        # "legislative" elections, "civil" / "Gulf" wars. Not countries, places, people, months or numbers.
        geo = set().union(*(_words(" ".join(e.context_names)) for e in self.entries))
        geo |= {w[:6] for d in gaz.demonyms for w in d.lower().split()}
        self.kind_words: dict[str, set[str]] = {}
        for e in self.entries:
            self.kind_words.setdefault(e.type, set()).update(
                w
                for w in _words(e.name) - _words(e.type)
                if len(w) > 3 and not w.isdigit() and w not in geo | _MONTHS | _STOP
            )
        for entry in self.entries:
            self._locate(entry)

    def _locate(self, entry: CatalogEntry) -> None:
        gaz = self.gazetteer
        codes = {c for c in (gaz.country_code(n) for n in entry.countries) if c}
        primary = {c for c in [gaz.country_code(entry.countries[0])] if c} if entry.countries else set()
        if entry.place and (code := gaz.place_country(entry.place)):
            codes.add(code)
            primary.add(code)
        entry.codes, entry.primary = frozenset(codes), frozenset(primary)
        entry.geo_names = frozenset(n.lower() for n in entry.context_names)
        entry.geo_words = frozenset(_words(" ".join(entry.context_names)))
        entry.words = frozenset(_words(" ".join([entry.name, *entry.aliases, *entry.cues])))
        surnames = {}
        for name in entry.participants:
            words = name.split()
            last = words[-1] if len(words) > 1 else ""
            # "Boris Yeltsin" → "yeltsin"; not "United Russia" → "russia", nor "Islamic State" → "state"
            if (
                len(last) > 3
                and last.lower() not in self._place_codes
                and len(words) <= 4
                and all(w[:1].isupper() for w in words)
            ):
                surnames[name.lower()] = last.lower()
        entry.surnames = surnames

    def __len__(self) -> int:
        return len(self.entries)

    def _candidates(self, etype: str) -> list[CatalogEntry]:
        """The entries of ``etype`` and of the types related to it; listed once per type (the entries and the
        lexicon are fixed once the catalogue is built), not again for every mention."""
        out = self._related.get(etype)
        if out is None:
            related = [entries for t, entries in self._by_type.items() if self.lexicon.related(etype, t)]
            out = [e for entries in related for e in entries]
            self._related[etype] = out
        return out

    @staticmethod
    def named(entry: CatalogEntry, ctx: MentionContext) -> bool:
        """The sentence names the entry (its name or an alias)."""
        return any(_contains(ctx.sentence, a) for a in [entry.name, *entry.aliases])

    def score(self, entry: CatalogEntry, ctx: MentionContext) -> float:
        """How strongly the sentence points at ``entry`` (0 = not at all)."""
        text = ctx.sentence
        if self.named(entry, ctx):
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
    def _participant_named(entry: CatalogEntry, name: str, ctx: MentionContext) -> bool:
        low = name.lower()
        surname = entry.surnames.get(low)
        if low in ctx.names or _contains(ctx.sentence, low):
            return True
        return bool(surname and _contains(ctx.sentence, surname))

    def _context(self, entry: CatalogEntry, ctx: MentionContext) -> float:
        """Named participants and main country (1.5 each), other countries / place (1 each)."""
        text, score = ctx.sentence, 0.0
        for name in entry.participants:
            if self._participant_named(entry, name, ctx):
                score += 1.5
        for k, name in enumerate([*entry.countries, *([entry.place] if entry.place else [])]):
            code = self.gazetteer.country_code(name) if k < len(entry.countries) else None
            if name.lower() in ctx.names or _contains(text, name) or (code and code in ctx.countries):
                score += 1.5 if k == 0 else 1.0
        return min(score, 4.0)

    # -- compatibility: nothing the mention says contradicts the entry -----------------------------------
    def _fits(self, entry: CatalogEntry, refs: frozenset[tuple[str, str | None]]) -> bool | None:
        """Whether named places / actors (name, code) fit the entry; None if none of them can tell."""
        known = [(n, c) for n, c in refs if c or n in entry.geo_names]
        if not known:
            return None
        return any(n in entry.geo_names or (c and c in entry.codes) for n, c in known)

    def _modifier_codes(self, ctx: MentionContext) -> set[str]:
        """Countries the trigger's modifiers name ("the Iranian election", "the Crimea referendum")."""
        return {c for c in (self._place_codes.get(w) for w in ctx.modifiers) if c}

    def own_evidence(self, entry: CatalogEntry, ctx: MentionContext) -> bool | None:
        """True: the mention's own place / participants / modifiers point at the entry; False: they contradict
        it; None: they say nothing either way."""
        verdicts = [self._fits(entry, ctx.own_places), self._fits(entry, ctx.own_actors)]
        codes = self._modifier_codes(ctx)
        if codes:
            verdicts.append(bool(codes & entry.codes))
        mods = {w[:6] for w in ctx.modifiers}
        if mods & self.kind_words.get(entry.type, set()) - entry.words:
            return False  # "presidential" vs "legislative", "civil war" vs an interstate war
        if False in verdicts:
            return False
        if True in verdicts or mods & entry.geo_words:
            return True
        return None

    def _recent(self, entry: CatalogEntry, ctx: MentionContext) -> bool:
        if ctx.dct is None or not ctx.dct.start or not entry.span.end:
            return False
        year = int(ctx.dct.start[:4]) - RECENT_YEARS
        return entry.span.end >= f"{year:04d}{ctx.dct.start[4:]}"

    def acceptable(self, entry: CatalogEntry, ctx: MentionContext, cue: bool = False) -> bool:
        """For a mention that does not name the entry: compatible with it, and pinned down to it."""
        own = self.own_evidence(entry, ctx)
        if own is False:
            return False
        participant = any(self._participant_named(entry, n, ctx) for n in entry.participants)
        about = bool(entry.codes & ctx.main_countries) or bool(
            {n.lower() for n in entry.countries} & ctx.doc_names and not ctx.main_countries
        )
        if not (own or participant or about):
            return False  # the entry concerns none of what the mention or the document is about
        dated = bool(_overlap(ctx.date, entry.span) or _overlap(ctx.loose_date, entry.span, loose=True))
        topical = bool(entry.primary & ctx.main_countries) and self._recent(entry, ctx)
        return bool(cue or own or participant or dated or topical)

    def match(self, ctx: MentionContext) -> CatalogEntry | None:
        """The best entry for a mention, or None. With a text date, the entry must overlap it."""
        best: tuple[float, bool, str, str] | None = None
        chosen = None
        published = ctx.dct.end if ctx.dct is not None else None
        for entry in self._candidates(ctx.type):
            d = entry.span
            if published and d.start and d.start >= published:
                continue  # cannot be written about before it happened
            if _overlap(ctx.date, d) is False:
                continue
            s = self.score(entry, ctx)
            if s < MIN_SCORE:
                continue
            if not self.named(entry, ctx):
                if _overlap(ctx.loose_date, d, loose=True) is False:
                    continue  # only its name overrules a date the context gives
                cue = any(_contains(ctx.sentence, c) for c in entry.cues)
                if not self.acceptable(entry, ctx, cue):
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


def _read(path: Path) -> tuple[list[dict], dict[tuple, int]]:
    """The entries of one catalogue file and the line map of its YAML (data path → line)."""
    data, lines = read_data_file(path, CatalogError, "event catalogue", SCHEMA_FILE, _NoDatesLoader)
    return data["events"], lines


def load_catalog(
    lexicon: Lexicon, extra_files: list[Path] | None = None, gazetteer: Gazetteer | None = None
) -> Catalog:
    """The packaged catalogue plus user files; a user entry with an existing id replaces it."""
    entries: dict[str, CatalogEntry] = {}
    for i, path in enumerate([CATALOG_FILE, *(extra_files or [])]):
        events, lines = _read(Path(path))
        for j, raw in enumerate(events):
            line = yamlio.line_of(lines, ("events", j))
            if i == 0 and raw["id"] in entries:
                raise CatalogError(f"duplicate event id {raw['id']!r}", path=path, line=line)
            if raw["type"] not in lexicon.types:
                raise CatalogError(
                    f"event {raw['id']!r} has unknown type {raw['type']!r}",
                    path=path,
                    line=yamlio.line_of(lines, ("events", j, "type")),
                )
            try:
                when = catalog_date(str(raw["date"]))
                if raw.get("end"):  # a lasting event: its date is when it began
                    when = TimeValue(**{**when.__dict__, "mod": "START"})
                span = catalog_date(f"{raw['date']}/{raw['end']}") if raw.get("end") else when
            except ValueError as exc:
                raise CatalogError(
                    f"event {raw['id']!r}: {exc}",
                    path=path,
                    line=yamlio.line_of(lines, ("events", j, "date")),
                ) from exc
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
    return Catalog(list(entries.values()), lexicon, gazetteer)
