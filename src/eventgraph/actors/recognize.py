"""Actor mentions in one document: registry and gazetteer look-up, NER for unknown names, roles, metonymy.

Order of precedence, so a name is read once and the most specific reading wins:
1. registry names and aliases ("Alexander Lukashenko", "Belarusian KGB", "Europe's last dictator");
2. gazetteer: country names (states), government seats ("the Kremlin"), demonyms (affiliation);
3. surnames of registry persons ("Putin", "Kim" - the one in office at the document date);
4. unknown names found by spaCy's NER (PERSON, ORG), with surname-only mentions resolved to the full
   name used earlier in the same document;
5. capitals and other metonyms ("Moscow", "Brussels") - actors only when they act (subject of an action
   verb, agent of a passive, possessor), otherwise places;
6. role descriptions ("the Belarusian president", "the head of Belarus") - the office holder at the
   document creation time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy
from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from ..evidence import make_evidence
from ..model import ActorMention, Document, Evidence
from .gazetteer import Country, Gazetteer
from .lexicon import CommonWords
from .registry import Entry, Office, Registry
from .text import fold, has_latin, normalise, script_of
from .tokens import Piece, key_of, pieces_of

# Match classes, most specific first; on equal length the lower number wins.
REGISTRY, GOVERNMENT, COUNTRY, SEAT, METONYM, DEMONYM, CAPITAL, SHORT, CITY = range(9)
GOVERNMENT_WORDS = ("government", "Government", "authorities", "leadership", "regime")

# Verbs whose subject is not acting: "Minsk hosts the talks", "Moscow is the capital", "Minsk lies on...".
NON_ACTION_VERBS = frozenset(
    {"be", "lie", "host", "locate", "situate", "sit", "border", "neighbour", "neighbor", "stretch", "house"}
)
# Nouns a city is the possessor of as a place, not as an actor: "Moscow's streets".
PLACE_NOUNS = frozenset(
    {"street", "streets", "centre", "center", "outskirts", "suburbs", "suburb", "airport", "metro",
     "residents",
     "mayor", "population", "citizens", "territory", "region", "district", "square", "skyline", "university",
     "city", "hospitals", "schools", "people", "inhabitants", "cafes", "restaurants", "parks", "buildings"}
)  # fmt: skip
# A capital is the state it seats when it is the object of a political verb ("blackmailing Minsk", "provide
# Minsk with a loan") or of a relation ("loyal to Moscow", "relations with Moscow", "depended on Moscow"), or
# when it has an attitude ("Moscow was more than willing"); "flew to Moscow" and "Moscow is cold" stay places.
POLITICAL_VERBS = frozenset(
    {"blackmail", "accuse", "blame", "support", "sanction", "criticize", "criticise", "warn", "threaten",
     "urge", "pressure", "recognize", "recognise", "condemn", "back", "oppose", "defy", "court", "provoke",
     "reassure", "anger", "appease", "persuade", "convince", "irritate", "challenge", "punish", "betray",
     "trust", "distrust", "offer", "provide", "woo", "snub", "rebuff", "cajole", "lobby", "petition"}
)  # fmt: skip
RELATION_WORDS = frozenset(
    {"loyal", "loyalty", "relation", "relationship", "tie", "talk", "dialogue", "negotiation", "dependence",
     "dependent", "depend", "pressure", "support", "hostility", "tension", "rapprochement", "alliance",
     "integration", "friendship", "rift", "dispute", "conflict", "confrontation", "attack", "close",
     "hostile", "friendly", "subservient", "submit", "surrender", "ally", "grievance", "deal", "quarrel",
     "feud", "spat", "overture", "ultimatum", "concession"}
)  # fmt: skip
RELATION_PREPS = frozenset({"to", "with", "from", "on", "upon", "against", "toward", "towards", "by"})
ATTITUDES = frozenset(
    {"willing", "unwilling", "prepared", "ready", "eager", "keen", "reluctant", "determined", "unhappy",
     "happy", "furious", "angry", "worried", "concerned", "nervous", "interested", "intent", "good"}
)  # fmt: skip
MEDIA_NOUNS = frozenset({"newspaper", "magazine", "weekly", "tabloid", "broadcaster", "outlet", "website"})
_MEDIA_NOUN_IDS = numpy.array(sorted(get_string_id(w) for w in MEDIA_NOUNS), dtype=numpy.uint64)
LOCATIVE_PREPS = frozenset({"in", "at", "inside", "near", "outside", "within", "around", "across", "into"})
PERSON_TITLES = frozenset(
    {"president", "prime", "minister", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "director",
     "analyst", "general", "gen.", "colonel", "col.", "sir", "lord", "lady", "king", "queen", "prince",
     "senator", "sen.", "rep.", "governor", "mayor", "chancellor", "ceo", "chairman", "spokesman",
     "spokeswoman", "secretary", "ambassador", "judge", "father", "pope", "ayatollah", "former", "late"}
)  # fmt: skip
# Head words telling what an unknown organisation is; and words marking a name that is no actor at all.
GOVERNMENT_HEADS = frozenset(
    {"ministry", "committee", "service", "agency", "guard", "army", "police", "parliament", "assembly",
     "court", "prosecutor", "administration", "directorate", "forces", "navy", "duma", "senate", "cabinet",
     "government", "department", "inspectorate", "commission"}
)  # fmt: skip
THINK_TANK_HEADS = frozenset(
    {"institute", "foundation", "center", "centre", "studies", "forum", "club", "council"}
)
MEDIA_HEADS = frozenset(
    {"news", "times", "post", "journal", "tv", "radio", "channel", "gazette", "gazeta", "herald", "tribune",
     "daily", "press", "magazine", "telegraph", "broadcasting", "television", "newspaper"}
)  # fmt: skip
ORG_HEADS = frozenset(
    {"inc", "inc.", "corp", "corp.", "corporation", "company", "group", "ltd", "ltd.", "llc", "bank",
     "airlines",
     "motors", "party", "union", "movement", "organization", "organisation", "association", "church",
     "university", "network", "alliance", "front", "league", "federation", "society", "fund", "co", "co.",
     "records", "labs", "systems", "technologies", "entertainment", "studios", "industries", "holdings"}
)  # fmt: skip
NOT_ACTOR_WORDS = frozenset(
    {"war", "revolution", "operation", "agreement", "treaty", "conversation", "day", "summit", "talks",
     "crisis", "act", "law", "doctrine", "world", "spring", "cup", "games", "olympics", "strategy",
     "program", "programme", "initiative", "plan", "protocol", "accords", "format", "scenario", "diplomacy",
     "aspect", "relations", "policy", "rating", "feedbacks", "comments", "reply", "view", "views", "era",
     "track", "chairs", "precedent", "story", "stories", "migrant", "dispute", "election", "elections",
     "store", "conference", "theater", "theatre"}
)  # fmt: skip
NAME_WORD = re.compile(r"^[A-Z][a-z]*(['’][A-Z])?[a-z]+$")
ABSTRACT = re.compile(r"(ism|phobia|philia|ity|tion|ness|ship)$")
DOMAIN = re.compile(r"\.(com|org|net|ua|ru|by|info|news|io|co\.uk)$", re.IGNORECASE)
# Verbs whose subject is someone speaking: "Apple said", "Turnout said" never occurs.
SPEECH_VERBS = frozenset(
    {"say", "tell", "add", "announce", "claim", "state", "declare", "insist", "argue", "deny", "confirm",
     "warn", "write", "accuse", "urge", "ask", "reply", "respond", "comment", "explain", "note", "vow"}
)  # fmt: skip
DATE_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
ROLE_BLOCKERS = frozenset(
    {
        "former",
        "ex",
        "late",
        "then",
        "future",
        "would",
        "next",
        "previous",
        "acting",
        "deputy",
        "vice",
        "opposition",
        "first",
    }
)


@dataclass
class Match:
    start: int  # piece indexes [start, end)
    end: int
    cls: int
    payload: object  # Entry, country code, list of entries, ...


@dataclass
class _Unknown:
    start: int  # char offsets
    end: int
    name: str
    kind: str
    label: str
    country: str | None = None


class Recognizer:
    """Builds the look-up tables once; :meth:`recognize` is then pure per document."""

    def __init__(
        self, registry: Registry, gazetteer: Gazetteer, tokenize, common: CommonWords | None = None
    ) -> None:
        self.registry = registry
        self.gaz = gazetteer
        # ordinary English words ("Turnout", "Brown"): a capitalised one needs more than its case to be a name
        self.common = common if common is not None else CommonWords()
        self.index: dict[tuple[str, ...], list[tuple[int, object]]] = {}
        self.max_len = 1
        self._tokenize = tokenize
        self.surnames: dict[str, list[Entry]] = {}  # folded surname → person entries
        for entry in registry:
            for alias in dict.fromkeys((entry.name, *entry.aliases)):
                self._add(alias, REGISTRY, entry)
            for metonym in entry.metonyms:
                self._add(metonym, METONYM, entry)
            for short in entry.short_names:
                self._add(short, SHORT, entry)
                self.surnames.setdefault(fold(short), []).append(entry)
        for code, country in sorted(gazetteer.countries.items()):
            for name in country.names:
                if "," not in name:
                    self._add(name, COUNTRY, code)
            for seat in country.seats:
                self._add(seat, SEAT, code)
            for demonym in country.demonyms:
                self._add(demonym, DEMONYM, code)
                for word in GOVERNMENT_WORDS:  # "the Russian government", "the Belarusian authorities"
                    self._add(f"{demonym} {word}", GOVERNMENT, code)
            for name in country.names[:1]:
                self._add(f"Government of {name}", GOVERNMENT, code)
                self._add(f"government of {name}", GOVERNMENT, code)
                self._add(f"{name}'s government", GOVERNMENT, code)
            for capital in country.capitals:
                self._add(capital, CAPITAL, code)
        for city, code in sorted(gazetteer.cities.items()):
            self._add(city, CITY, code)
        self.roles = {key_of(self._words(p.lower())): offices for p, offices in gazetteer.roles.items()}
        self.roles = {tuple(w.lower() for w in k): v for k, v in self.roles.items()}
        self.role_len = max((len(k) for k in self.roles), default=1)
        self.role_firsts = frozenset(k[0] for k in self.roles)  # a role phrase can start only at these

    # --- building -------------------------------------------------------------------------------------

    def _words(self, text: str) -> list[str]:
        return [t.text for t in self._tokenize(text) if not t.is_space]

    def _add(self, name: str, cls: int, payload: object) -> None:
        key = key_of(self._words(name))
        if not key:
            return
        bucket = self.index.setdefault(key, [])
        if cls == REGISTRY and any(c == REGISTRY for c, _ in bucket):
            return  # the first entry keeps an alias two entries claim (reported when loading)
        if (cls, payload) not in bucket:
            bucket.append((cls, payload))
        self.max_len = max(self.max_len, len(key))

    def _firsts(self) -> dict[str, int]:
        """The first word of every entry → the length of the longest entry starting with it (kept in step
        with the index, which may grow)."""
        if getattr(self, "_firsts_of", None) is not self.index or self._firsts_size != len(self.index):
            longest: dict[str, int] = {}
            for key in self.index:
                longest[key[0]] = max(longest.get(key[0], 0), len(key))
            self._firsts_map = longest
            self._firsts_of, self._firsts_size = self.index, len(self.index)
        return self._firsts_map

    # --- per document ---------------------------------------------------------------------------------

    def recognize(self, document: Document, sdoc: Doc) -> list[ActorMention]:
        run = _Run(self, document, sdoc)
        return run.mentions()

    def match(self, pieces: list[Piece]) -> list[Match]:
        """Greedy longest match of every dictionary entry over the pieces."""
        out: list[Match] = []
        texts = [p.text for p in pieces]
        firsts = self._firsts()
        i = 0
        while i < len(pieces):
            if texts[i] not in firsts:  # no entry starts with this word
                i += 1
                continue
            found = None
            # no longer than the longest entry starting with this word (most are one or two words long)
            for n in range(min(firsts[texts[i]], len(pieces) - i), 0, -1):
                cands = self.index.get(tuple(texts[i : i + n]))
                if cands:
                    cls = min(c for c, _ in cands)
                    payloads = [p for c, p in cands if c == cls]
                    found = Match(i, i + n, cls, payloads if cls == SHORT else payloads[0])
                    break
            if found is None:
                i += 1
                continue
            out.append(found)
            i = found.end
        return out


class _Run:
    """The state of recognising one document."""

    def __init__(self, rec: Recognizer, document: Document, sdoc: Doc) -> None:
        self.rec, self.doc, self.sdoc = rec, document, sdoc
        self.text = document.text
        self.skips = [(s.start, s.end) for s in document.skip_spans]
        self.pieces = pieces_of(sdoc)
        if self.skips:  # (most documents have no boilerplate: no need to test every piece)
            self.pieces = [p for p in self.pieces if not self._skipped(p.start, p.end)]
        self.ents = [e for e in sdoc.ents if not self._skipped(e.start_char, e.end_char) and e.text.strip()]
        self.out: list[ActorMention] = []
        self.taken: list[tuple[int, int]] = []
        dct = document.dct
        self.when = (dct.start, dct.end) if dct is not None and dct.start and dct.end else None
        self._folded: list[str] | None = None  # folded token texts, built when first needed

    def _skipped(self, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in self.skips)

    # --- emitting -------------------------------------------------------------------------------------

    def _evidence(self, start: int, end: int) -> Evidence:
        span = self.sdoc.char_span(start, end, alignment_mode="expand")
        sent = span.sent if span is not None and len(span) else None
        return make_evidence(self.doc, start, end, sent)

    def _free(self, start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in self.taken)

    def emit(
        self,
        start: int,
        end: int,
        key: str,
        name: str,
        kind: str,
        via: str,
        country: str | None = None,
        wikidata: str | None = None,
    ) -> None:
        if not self._free(start, end):
            return
        self.taken.append((start, end))
        self.out.append(
            ActorMention(
                key=key,
                name=name,
                kind=kind,
                text=self.text[start:end],
                evidence=self._evidence(start, end),
                country=country,
                wikidata=wikidata,
                via=via,
            )
        )

    def emit_entry(self, start: int, end: int, entry: Entry, via: str) -> None:
        self.emit(start, end, entry.key, entry.name, entry.kind, via, entry.country, entry.wikidata)

    def emit_state(self, start: int, end: int, country: Country, via: str) -> None:
        self.emit(start, end, country.state_key, country.name, "state", via, country.code, country.wikidata)

    def emit_government(self, start: int, end: int, country: Country, via: str) -> None:
        self.emit(
            start, end, country.government_key, country.government_name, "government", via, country.code
        )

    # --- the passes -----------------------------------------------------------------------------------

    def mentions(self) -> list[ActorMention]:
        matches = self.rec.match(self.pieces)
        unknown = self._unknown_entities(matches)
        seen_entries = {m.payload.id for m in matches if m.cls == REGISTRY and m.payload.kind == "person"}
        roles = self._roles()

        for m in matches:  # 1. registry names, then roles
            if m.cls == REGISTRY:
                self.emit_entry(*self._chars(m), m.payload, "registry")
        for start, end, entry in roles:  # role phrases hold their anchor ("the Belarusian president")
            self.emit_entry(start, end, entry, "role")
        inside_unknown = [(u.start, u.end) for u in unknown]
        for m in matches:  # 2. gazetteer names that are actors wherever they stand
            start, end = self._chars(m)
            if m.cls in (GOVERNMENT, COUNTRY, DEMONYM, SEAT) and self._inside(start, end, inside_unknown):
                continue
            if m.cls in (COUNTRY, DEMONYM, SEAT) and self._pro_anti(m):
                continue
            if m.cls == GOVERNMENT:
                self.emit_government(start, end, self.rec.gaz.countries[m.payload], "registry")
            elif m.cls == COUNTRY:
                self.emit_state(start, end, self.rec.gaz.countries[m.payload], "registry")
            elif m.cls == DEMONYM:
                self.emit_state(start, end, self.rec.gaz.countries[m.payload], "demonym")
            elif m.cls == SEAT and not self._locative(m):
                self.emit_government(start, end, self.rec.gaz.countries[m.payload], "metonymy")
        for m in matches:  # 3. surnames of registry persons
            if m.cls == SHORT and (picked := self._pick_short(m, seen_entries)) is not None:
                entry, why = picked
                seen_entries.add(entry.id)
                self.emit_entry(*self._chars(m), entry, f"surname: {why}")
        self._emit_unknown(unknown)  # 4. unknown names
        named = {m.payload for m in matches if m.cls in (COUNTRY, DEMONYM, GOVERNMENT, SEAT)}
        for m in matches:  # 5. capitals and metonyms, when they act
            if m.cls in (CAPITAL, METONYM) and self._acts(m, named):
                start, end = self._chars(m)
                if m.cls == METONYM:
                    self.emit_entry(start, end, m.payload, "metonymy")
                elif (country := self._capital_country(m.payload, self.text[start:end])) is not None:
                    self.emit_government(start, end, country, "metonymy")
        self._surname_scan(seen_entries)
        self.out.sort(key=lambda m: (m.evidence.start, m.evidence.end, m.key))
        self._explain_empty()
        return self.out

    def _chars(self, m: Match) -> tuple[int, int]:
        return self.pieces[m.start].start, self.pieces[m.end - 1].end

    @staticmethod
    def _inside(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
        """Strictly inside a longer span ("Minsk" in "Minsk Center for ... Studies")."""
        return any(a <= start and end <= b and (b - a) > (end - start) for a, b in spans)

    def _pro_anti(self, m: Match) -> bool:
        """ "pro-Kremlin", "anti-Belarus": an attitude, not a mention of the actor doing anything."""
        if m.start >= 2 and self.pieces[m.start - 1].text == "-":
            return self.pieces[m.start - 2].lower in {"pro", "anti", "non"}
        return False

    # --- syntax ---------------------------------------------------------------------------------------

    def _head(self, m: Match) -> Token:
        span = self.sdoc[self.pieces[m.start].token : self.pieces[m.end - 1].token + 1]
        return span.root

    def _locative(self, m: Match) -> bool:
        tok = self._head(m)
        return tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_PREPS

    def _acts(self, m: Match, named: set[str]) -> bool:
        """Whether a place name is used as an actor: subject of an action verb, agent, possessor, object of
        a political verb or of a relation, or holder of an attitude. ``named``: the countries the document
        names."""
        tok = self._head(m)
        if tok.ent_type_ == "PERSON" and (self._in_longer_person(m) or m.payload not in named):
            # "George Washington", "Sofia said" in a story that never names Bulgaria; but a lone "Kyiv" the
            # model calls a person, in an article about Ukraine, is still the capital
            return False
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        head = tok.head
        if tok.dep_ in ("nsubj", "nsubjpass", "csubj"):
            if any(
                g.dep_ == "nsubj" and g.lower_ in ("she", "he")
                for c in head.children
                if c.dep_ in ("ccomp", "conj")
                for g in c.children
            ):
                return False  # "Sofia said she would stay": a woman, not Bulgaria's government
            if head.lemma_ == "be" and any(
                c.dep_ == "acomp" and c.lemma_.lower() in ATTITUDES for c in head.children
            ):
                return True  # "Moscow was more than willing to", "Moscow has never been good at"
            return head.pos_ == "VERB" and head.lemma_.lower() not in NON_ACTION_VERBS
        if tok.dep_ == "pobj" and head.lower_ == "by" and head.dep_ == "agent":
            return True
        if tok.dep_ == "poss":
            return head.lower_ not in PLACE_NOUNS
        if tok.dep_ in ("dobj", "dative"):
            return head.lemma_.lower() in POLITICAL_VERBS
        if tok.dep_ == "pobj" and head.lower_ in RELATION_PREPS and head.head.i != head.i:
            return head.head.lemma_.lower() in RELATION_WORDS or head.head.lower_ in RELATION_WORDS
        return False

    def _in_longer_person(self, m: Match) -> bool:
        start, end = self._chars(m)
        ent = self._ent_at(start, end)
        return ent is not None and (ent.start_char < start or end < ent.end_char)

    # --- surnames -------------------------------------------------------------------------------------

    def _ent_at(self, start: int, end: int) -> Span | None:
        for ent in self.ents:
            if ent.start_char < end and start < ent.end_char:
                return ent
        return None

    def _pick_short(self, m: Match, seen: set[str]) -> tuple[Entry, str] | None:
        """The registry person a bare surname (or other one-word alias) means, and why; None when the
        text does not support one.

        A candidate is the one person of the registry with that surname, or among several the one named in
        full in this document, else the one in office (or active) at the document date. The word itself
        must read as a name: NER tags it (PERSON, or any non-date entity of just that word), a title
        precedes it ("Mr", "President"), or it is no ordinary English word ("Merkel", "Pashinyan") - so
        "Brown", "May" or "Rice" at the start of a sentence need NER or the full name in the document.
        """
        start, end = self._chars(m)
        word = self.text[start:end]
        ent = self._ent_at(start, end)
        if ent is not None and ent.label_ == "PERSON" and (ent.end_char - ent.start_char) > (end - start):
            # part of a longer name the registry does not know ("Jonathan Miller")
            core = [w for w in ent.text.split() if w.lower().strip(".") not in PERSON_TITLES]
            if len(" ".join(core)) > (end - start) + 2:
                return None
        if ent is not None and ent.label_ in DATE_LABELS:
            return None  # "May 9", "in March"
        candidates: list[Entry] = m.payload  # type: ignore[assignment]
        in_doc = [e for e in candidates if e.id in seen]
        if len(in_doc) == 1:
            return in_doc[0], f"{word!r} is the surname of {in_doc[0].name}, named elsewhere in this document"
        tok = self.sdoc[self.pieces[m.start].token]
        if ent is not None and ent.label_ != "PERSON" and self._wider(ent, start, end):
            ent = None  # a word inside an organisation, place or title ("Rice University") is no name
        if ent is not None:
            support = f"NER tags it {ent.label_}"
        elif tok.i > 0 and self.sdoc[tok.i - 1].lower_ in PERSON_TITLES:
            support = f"after the title {self.sdoc[tok.i - 1].text!r}"
        elif self.rec.common.known and word[:1].isupper() and word not in self.rec.common:
            support = "not an ordinary English word"
        elif tok.pos_ == "PROPN" and in_doc:
            support = "a proper noun"
        else:
            return None
        pool = in_doc or candidates
        if len(pool) == 1:
            whose = "named elsewhere in this document" if in_doc else "the only registry person with it"
            return pool[0], f"{word!r} is the surname of {pool[0].name}, {whose}; {support}"
        if self.when is None:
            return None
        # several people share the surname: the one in office (or active) at the document date, if only one
        in_office = [e for e in pool if self._active(e)]
        if len(in_office) != 1:
            return None
        return in_office[0], (
            f"{word!r} is the surname of {len(pool)} registry persons; {in_office[0].name} is the only one "
            f"in office or active on the document date; {support}"
        )

    def _active(self, entry: Entry) -> bool:
        """Whether ``entry`` holds an office, or is active (its start/end), during the document date."""
        assert self.when is not None
        if any(o.covers(*self.when) > 0 for o in entry.offices):
            return True
        if entry.start or entry.end:
            return Office("active", "", entry.start, entry.end).covers(*self.when) > 0
        return False

    def _wider(self, ent: Span, start: int, end: int) -> bool:
        """Whether entity ``ent`` holds more than the word [start, end) (an article and 's aside)."""
        _, _, words = self._trim(ent)
        return len(words) > 1 or ent.start_char < start - 4 or ent.end_char > end + 2

    def _surname_scan(self, seen: set[str]) -> None:
        """Bare surnames NER missed, of persons already named in this document."""
        known: dict[str, tuple[str, ...]] = {}
        for mention in self.out:
            if mention.kind != "person":
                continue
            words = mention.name.split()
            if len(words) > 1:
                known.setdefault(
                    fold(words[-1]), (mention.key, mention.name, mention.country, mention.wikidata)
                )
        for entry_id in seen:
            entry = self.rec.registry.get(entry_id)
            for short in entry.short_names if entry else ():
                known.setdefault(fold(short), (entry.key, entry.name, entry.country, entry.wikidata))
        for p in self.pieces:
            if not p.text[:1].isupper() or not self._free(p.start, p.end):
                continue
            info = known.get(p.text)
            if info is None and len(p.text) >= 7 and self.sdoc[p.token].pos_ == "PROPN":
                # a misspelt surname of someone named in this document ("Lukahsneko")
                close = [k for k in known if k[:1] == p.text[:1] and len(k) >= 7 and _osa(k, p.text) <= 2]
                info = known[close[0]] if len(close) == 1 else None
            if info:
                key, name, country, qid = info
                why = f"surname: {p.text!r} is the surname of {name}, named elsewhere in this document"
                self.emit(
                    p.start,
                    p.end,
                    key,
                    name,
                    "person",
                    why if key.startswith("reg:") else "surname",
                    country,
                    qid,
                )

    # --- unknown names (NER) ----------------------------------------------------------------------------

    def _unknown_entities(self, matches: list[Match]) -> list[_Unknown]:
        blocked = [
            self._chars(m) for m in matches if m.cls in (REGISTRY, GOVERNMENT, COUNTRY, SEAT, DEMONYM, SHORT)
        ]
        exact_gaz = {self._chars(m) for m in matches if m.cls != REGISTRY}
        out: list[_Unknown] = []
        for ent in [*self._extra_persons(), *self.ents]:
            if ent.label_ not in ("PERSON", "ORG", "FAC", "WORK_OF_ART", "MEDIA"):
                continue
            start, end, words = self._trim(ent)
            if ent.label_ == "ORG" and len(words) == 1 and self._quoted(start, end):
                continue  # one “Word” in scare quotes is a notion ("NeoCommonwealth"), not an organisation
            if not words or (start, end) in exact_gaz:
                continue
            if len(words) == 1 and ent.label_ in ("PERSON", "ORG") and self._common_opener(start, end):
                continue  # "Turnout was low": a sentence's first word, not a name
            if any(
                a < end and start < b and not (a >= start and b <= end and ent.label_ == "ORG")
                for a, b in blocked
            ):
                continue  # a registry or gazetteer name overlaps (and is not just a part of an organisation)
            if any(a <= start and end <= b for a, b in blocked):
                continue
            kind = "media" if ent.label_ == "MEDIA" else self._kind(ent.label_, words)
            if kind is None:
                continue
            country = None
            if kind != "person":
                for m in matches:
                    a, b = self._chars(m)
                    if start <= a and b <= end and m.cls in (COUNTRY, DEMONYM, CAPITAL):
                        country = m.payload if isinstance(m.payload, str) else None
                        break
            out.append(_Unknown(start, end, " ".join(words), kind, ent.label_, country))
        return out

    def _common_opener(self, start: int, end: int) -> bool:
        """Whether the one-word name [start, end) is an ordinary English word capitalised only because it
        opens a sentence ("Turnout was low", "Attendance fell"): the model's lexicon knows it, it stands
        first in its sentence, nothing else reads it as a name - not the subject of a verb of saying
        ("Apple said"), not a possessor ("Apple's"), not capitalised anywhere else in the document but at
        the start of a sentence - and the model, given the sentence with the word in lower case, reads it
        as a common word (it still reads "nixon resigned" as a name)."""
        word = self.text[start:end]
        if word.isupper() or word not in self.rec.common:
            return False
        span = self.sdoc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return False
        tok = span[0]
        if not self._opens_sentence(tok):
            return False
        if tok.dep_ == "poss" or any(c.dep_ == "case" for c in tok.children):
            return False
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in SPEECH_VERBS:
            return False
        if self._folded is None:  # once per document, not once per candidate word
            self._folded = [fold(t.text) for t in self.sdoc]
        folded_word = fold(word)
        for i, folded in enumerate(self._folded):
            if i != tok.i and folded == folded_word and not self._opens_sentence(self.sdoc[i]):
                return False  # capitalised mid-sentence elsewhere: a name after all
        # the last word goes to the model: "turnout was low" is a noun, "nixon resigned" still a name
        sent = tok.sent
        return bool(
            self.rec.common.lowered_is_common(sent.text, start - sent.start_char, end - sent.start_char)
        )

    def _opens_sentence(self, tok: Token) -> bool:
        """First word of its sentence (or line), quotes and other punctuation before it aside."""
        i = tok.i
        while i > tok.sent.start and (self.sdoc[i - 1].is_punct or self.sdoc[i - 1].is_space):
            if "\n" in self.sdoc[i - 1].text_with_ws:
                return True
            i -= 1
        return i == tok.sent.start or "\n" in self.sdoc[i - 1].text_with_ws

    def _quoted(self, start: int, end: int) -> bool:
        before, after = self.text[max(0, start - 1) : start], self.text[end : end + 1]
        return before in "\"“'‘«" and before != "" and after in "\"”'’»" and after != ""

    def _extra_persons(self) -> list[Span]:
        """Person names NER missed or cut short: a first name left of a PERSON entity ("Oleksandr Khara"),
        a title-case conjunct of one ("Daniel Fried and Brian O’Toole"), a name after "newspaper"."""
        out: list[Span] = []
        covered = {i for e in self.ents for i in range(e.start, e.end)}
        for ent in self.ents:
            if ent.label_ != "PERSON":
                continue
            first = ent.start
            while first > 0 and self._name_token(self.sdoc[first - 1], covered):
                first -= 1
            if first < ent.start:
                out.append(Span(self.sdoc, first, ent.end, label="PERSON"))
            for child in ent.root.children:
                if child.dep_ == "conj" and child.i not in covered and self._name_token(child, covered):
                    lo = child.i
                    while lo > 0 and self._name_token(self.sdoc[lo - 1], covered) and lo - 1 > ent.end:
                        lo -= 1
                    out.append(Span(self.sdoc, lo, child.i + 1, label="PERSON"))
        # The media nouns are looked for by their LOWER ids in one array: a Token (and its string) per word of
        # the document costs more than the whole rest of this pass.
        lowers = self.sdoc.to_array(LOWER)
        for i in numpy.flatnonzero(numpy.isin(lowers, _MEDIA_NOUN_IDS)).tolist():
            if i + 1 < len(self.sdoc):
                j = i + 1
                while j < len(self.sdoc) and self.sdoc[j].is_quote:
                    j += 1
                k = j
                while k < len(self.sdoc) and self.sdoc[k].text[:1].isupper() and self.sdoc[k].pos_ == "PROPN":
                    k += 1
                if k > j:
                    out.append(Span(self.sdoc, j, k, label="MEDIA"))
        return out

    def _name_token(self, tok: Token, covered: set[int]) -> bool:
        text = tok.text
        return (
            tok.i not in covered
            and NAME_WORD.match(text) is not None
            and tok.pos_ in ("PROPN", "NOUN")
            and text.lower() not in PERSON_TITLES
            and self.rec.gaz.country_code(text) is None
            and fold(text) not in self.rec.gaz.demonyms
        )

    def _trim(self, ent: Span) -> tuple[int, int, list[str]]:
        """The name inside an entity: no article, titles or possessive; offsets of what is kept."""
        toks = [t for t in ent if not t.is_space]
        # an entity never runs across a line break (a title line glued to the first paragraph)
        for n, t in enumerate(toks[1:], 1):
            if "\n" in self.text[toks[n - 1].idx + len(toks[n - 1].text) : t.idx]:
                toks = toks[:n]
                break
        while toks and (
            toks[0].lower_ in ("the", "a", "an")
            or (ent.label_ == "PERSON" and toks[0].lower_ in PERSON_TITLES)
        ):
            toks = toks[1:]
        while toks and (toks[-1].text in ("'s", "’s", "'", "’") or toks[-1].is_punct):
            toks = toks[:-1]
        if not toks:
            return 0, 0, []
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        text = self.text[start:end]
        m = re.match(r"^(.*\w)[\"'’]s$", text)
        if m:
            end = start + len(m.group(1))
            text = m.group(1)
        return start, end, text.split()

    def _kind(self, label: str, words: list[str]) -> str | None:
        """Kind of an unknown name, or None when it does not look like an actor at all."""
        text = " ".join(words)
        if not has_latin(text) or not words[0][:1].isupper():
            return None
        if DOMAIN.search(text):
            return "media"  # "Joinfo.ua"
        if any(ch.isdigit() for ch in text):
            return None
        lowered = [fold(w).lower().strip(".,") for w in words]
        if label == "PERSON":
            if len(words) > 4 or any(w in NOT_ACTOR_WORDS for w in lowered):
                return None
            if any(not w[:1].isupper() and w.lower() not in {"de", "von", "van", "al", "bin"} for w in words):
                return None
            if len(words) == 1 and len(words[0]) < 3:
                return None  # "Lo (and behold)"
            if any(self.rec.gaz.country_code(w) or fold(w) in self.rec.gaz.demonyms for w in words):
                return None
            return "person"
        head = lowered[-1]
        # The head word says what an organisation is; without one only ORG entities are believed.
        if head in MEDIA_HEADS:
            return "media"
        if head in THINK_TANK_HEADS or "studies" in lowered:
            return "government" if "security" in lowered and head == "council" else "think_tank"
        if head in GOVERNMENT_HEADS or lowered[0] in GOVERNMENT_HEADS:
            return "government"
        if head in ORG_HEADS:
            return "organization"
        if label != "ORG" or any(w in NOT_ACTOR_WORDS for w in lowered):
            return None
        if len(words) == 1 and ABSTRACT.search(lowered[0]):
            return None  # "Russophobia", "Atlanticism": ideas, not organisations
        if len(words) == 1 and words[0].isupper() and len(words[0]) > 1:
            return "organization"
        if all(w[:1].isupper() for w in words) and not any(
            fold(w) in self.rec.gaz.demonyms or self.rec.gaz.country_code(w) for w in words
        ):
            return "organization"
        return None

    def _emit_unknown(self, unknown: list[_Unknown]) -> None:
        full_names: dict[str, _Unknown] = {}
        for u in unknown:
            if u.kind == "person" and len(u.name.split()) > 1:
                full_names.setdefault(fold(u.name.split()[-1]), u)
        # first names of the persons named in full ("Steve" after "Steve Jobs"), when only one has it
        firsts: dict[str, list[ActorMention | _Unknown]] = {}
        for m in [*self.out, *full_names.values()]:
            if (m.kind == "person") and len(m.name.split()) > 1:
                bucket = firsts.setdefault(fold(m.name.split()[0]), [])
                if all(b.name != m.name for b in bucket):
                    bucket.append(m)
        for u in unknown:
            target = u
            via = "ner"
            if len(u.name.split()) == 1 and (full := full_names.get(fold(u.name))) is not None:
                target, via = full, "surname"  # "Lukyanov" after "Fyodor Lukyanov"
            elif u.kind == "person" and len(firsts.get(fold(u.name), [])) == 1:
                known = firsts[fold(u.name)][0]
                if isinstance(known, ActorMention):
                    self.emit(
                        u.start,
                        u.end,
                        known.key,
                        known.name,
                        "person",
                        "surname",
                        known.country,
                        known.wikidata,
                    )
                    continue
                target, via = known, "surname"
            kind = target.kind
            key = f"name:{kind}:{normalise(target.name)}" + (f"@{target.country}" if target.country else "")
            self.emit(u.start, u.end, key, target.name, kind, via, target.country)

    # --- capitals -------------------------------------------------------------------------------------

    def _capital_country(self, code: str, text: str) -> Country | None:
        codes = self.rec.gaz.capital_codes(text) or [code]
        countries = [self.rec.gaz.countries[c] for c in codes]
        if self.when is not None:
            current = [c for c in countries if c.end is None or c.end > self.when[0]]
            countries = current or countries
        else:
            countries = [c for c in countries if c.end is None] or countries
        return countries[0] if countries else None

    # --- roles ----------------------------------------------------------------------------------------

    def _anchor(self, i: int, j: int) -> str | None:
        """Country code (or organisation id) named by pieces [i, j): "Belarusian", "Belarus", "Yerevan"."""
        key = tuple(p.text for p in self.pieces[i:j])
        for cls, payload in self.rec.index.get(key, []):
            if cls in (COUNTRY, DEMONYM, CAPITAL, SEAT):
                return payload  # type: ignore[return-value]
            if cls == REGISTRY and payload.kind in ("international_organization", "organization"):
                return payload.id
        return None

    def _roles(self) -> list[tuple[int, int, Entry]]:
        """Role descriptions resolved to the office holder at the document date."""
        if self.when is None:
            return []
        low = [p.lower for p in self.pieces]
        firsts = self.rec.role_firsts
        found: list[tuple[int, int, Entry]] = []
        i = 0
        while i < len(self.pieces):
            if low[i] not in firsts:  # no role phrase starts with this word
                i += 1
                continue
            hit = None
            for n in range(min(self.rec.role_len, len(low) - i), 0, -1):
                offices = self.rec.roles.get(tuple(low[i : i + n]))
                if offices:
                    hit = (i, i + n, offices)
                    break
            if hit is None:
                i += 1
                continue
            a, b, offices = hit
            i = b
            anchor, start = None, a
            # "the Belarusian president", "US President", "Armenia's prime minister"
            for k in (3, 2, 1):
                s, e = a - k, a
                if e < len(low) and s >= 0 and low[e - 1] in ("'s", '"s', "'"):
                    s, e = s - 1, e - 1
                if s >= 0 and (code := self._anchor(s, e)):
                    anchor, start = code, s
                    break
            # "the president of Belarus", "the head of Belarus"
            if anchor is None and b + 1 < len(low) and low[b] == "of":
                for k in (3, 2, 1):
                    s = b + 1 + (1 if low[b + 1] == "the" else 0)
                    if s + k <= len(low) and (code := self._anchor(s, s + k)):
                        anchor, b = code, s + k
                        break
            if anchor is None:
                continue
            if start > 0 and (
                low[start - 1] in ROLE_BLOCKERS
                or (start > 1 and low[start - 1] == "-" and low[start - 2] in ROLE_BLOCKERS)
            ):
                continue
            if self._names_follow(b):
                continue  # "US President Joe Biden": the name itself is the mention
            entry = self._holder(anchor, offices)
            if entry is not None:
                found.append((self.pieces[start].start, self.pieces[b - 1].end, entry))
        return found

    def _names_follow(self, b: int) -> bool:
        if b >= len(self.pieces):
            return False
        p = self.pieces[b]
        ent = self._ent_at(p.start, p.end)
        if ent is not None and ent.label_ in ("PERSON",):
            return True
        key_hits = any(self.rec.index.get(tuple(q.text for q in self.pieces[b : b + n])) for n in range(1, 4))
        return bool(key_hits) and p.text[:1].isupper() and self.sdoc[p.token].pos_ == "PROPN"

    def _holder(self, anchor: str, offices: tuple[str, ...]) -> Entry | None:
        assert self.when is not None
        roles: list[str] = []
        for office in offices:
            if office == "leader":
                country = self.rec.gaz.country(anchor)
                roles += (
                    list(country.leader) if country else ["secretary_general", "ceo", "president", "chairman"]
                )
            else:
                roles.append(office)
        for role in roles:
            holders = self.rec.registry.holders(
                [role, "head_of_state"] if role == "president" else [role], anchor, *self.when
            )
            if holders:
                return holders[0][1]
        return None

    # --- saying why nothing was found ---------------------------------------------------------------

    def _explain_empty(self) -> None:
        if self.out:
            return
        foreign = sorted({script_of(e.text) for e in self.ents if not has_latin(e.text)} - {None})
        if not foreign:
            foreign = sorted(
                {
                    script_of(t.text)
                    for t in self.sdoc
                    if t.is_alpha and t.text[:1].isupper() and not has_latin(t.text)
                }
                - {None}
            )
        if foreign:
            note = (
                f"{self.doc.path}: no actors found; names in {', '.join(s.title() for s in foreign)} script "
                f"are not recognised (the actor stage reads English text)"
            )
        else:
            note = f"{self.doc.path}: no actors found"
        if note not in self.doc.warnings:
            self.doc.warnings.append(note)


def _osa(a: str, b: str) -> int:
    """Optimal string alignment distance (edits and adjacent transpositions)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]
