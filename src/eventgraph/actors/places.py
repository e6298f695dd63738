"""Places named in a document ("in Sochi", "near Minsk"), for the event stage.

Countries, capitals, gazetteer cities and any other GPE/LOC/FAC entity are places wherever they are not
read as actors (a capital acting is the government; see :mod:`.recognize`). A country is returned both as
a state actor (by the actor stage) and as a place (here): which it is in an event is the event stage's
call, from the syntax of the event it takes part in.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from ..evidence import make_evidence
from ..model import Document, Evidence, PlaceRef, stable_id
from .gazetteer import Gazetteer
from .text import fold, has_latin, normalise

PLACE_LABELS = ("GPE", "LOC", "FAC")
LOCATIVE = frozenset(
    {
        "in",
        "at",
        "near",
        "inside",
        "outside",
        "within",
        "around",
        "across",
        "into",
        "from",
        "to",
        "towards",
        "toward",
        "via",
        "through",
        "over",
        "along",
    }
)


@dataclass(frozen=True)
class PlaceMention:
    name: str  # canonical name (the gazetteer's for countries; the text's otherwise)
    country: str | None  # ISO alpha-2 code, when known
    kind: str  # "country", "capital", "city" or "place"
    text: str
    evidence: Evidence
    locative: bool  # governed by a locative preposition ("in Sochi", "near Minsk")

    @property
    def id(self) -> str:
        return stable_id("pl", normalise(self.name), self.country or "")

    def ref(self) -> PlaceRef:
        return PlaceRef(id=self.id, name=self.name, country=self.country)


def place_mentions(document: Document, sdoc: Doc, gazetteer: Gazetteer) -> list[PlaceMention]:
    """Every place entity in the document outside skip spans, with its country when the gazetteer knows it."""
    skips = [(s.start, s.end) for s in document.skip_spans]
    out: list[PlaceMention] = []
    for ent in sdoc.ents:
        if ent.label_ not in PLACE_LABELS or any(a < ent.end_char and ent.start_char < b for a, b in skips):
            continue
        toks = [t for t in ent if not t.is_space]
        while toks and toks[0].lower_ == "the":
            toks = toks[1:]
        while toks and (toks[-1].text in ("'s", "’s") or toks[-1].is_punct):
            toks = toks[:-1]
        if not toks:
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        text = document.text[start:end]
        if not has_latin(text):
            continue
        name, kind = text, "place"
        code = gazetteer.country_code(text)
        if code:
            name, kind = gazetteer.countries[code].name, "country"
        elif codes := gazetteer.capital_codes(text):
            code, kind = codes[0], "capital"
        elif code := gazetteer.city_country(text):
            kind = "city"
        elif fold(text) in gazetteer.demonyms:
            continue  # "Belarusian" tagged GPE: an affiliation, not a place
        head = ent.root
        locative = head.dep_ == "pobj" and head.head.lower_ in LOCATIVE
        evidence = make_evidence(document, start, end, ent.sent)
        out.append(PlaceMention(name, code, kind, text, evidence, locative))
    return out
