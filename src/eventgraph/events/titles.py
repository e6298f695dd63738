"""Short readable titles: "Putin and Lukashenko meet in Sochi", "KGB of Belarus arrests Wagner".

Headline style: present tense, agent first. A catalogue event is titled by its canonical name.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..model import ActorMention, PlaceRef
from .triggers import TriggerMatch

# The headline verb for a nominal trigger whose agent is known ("Russian aggression" → "Russia attacks").
TYPE_VERBS = {
    "arrest": "arrest", "meeting": "meet", "visit": "visit", "war": "wage war on", "attack": "attack",
    "sanctions": "impose sanctions on", "protest": "protest", "repression": "crack down on",
    "annexation": "annex", "aid": "give aid to", "agreement": "sign agreement with", "military": "deploy",
    "legal": "take legal action against", "vote": "vote", "election": "hold election",
}  # fmt: skip
_TITLE_DROP = {"det", "poss", "case", "punct", "predet"}


def third_person(verb: str) -> str:
    """'meet' → 'meets', 'carry' → 'carries', for the first word of a verb phrase."""
    first, _, rest = verb.partition(" ")
    if first.endswith("y") and first[-2:-1] not in "aeiou":
        first = first[:-1] + "ies"
    elif first.endswith(("s", "sh", "ch", "x", "z", "o")):
        first += "es"
    else:
        first += "s"
    return f"{first} {rest}".strip()


def _names(actors: list[ActorMention], limit: int = 2) -> str:
    names = list(dict.fromkeys(a.name for a in actors))[:limit]
    return " and ".join(names)


def _phrase(head: Token) -> str:
    """The trigger's noun phrase without determiners: "massive protests", "presidential election"."""
    keep = [
        t
        for t in head.subtree
        if t.i <= head.i and (t.head.i == head.i or t.i == head.i or t.head.i < head.i)
    ]
    keep = [t for t in keep if t.dep_ not in _TITLE_DROP or t.i == head.i]
    keep = [t for t in keep if head.i - t.i <= 4]
    return " ".join(t.text for t in keep)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def make_title(trigger: TriggerMatch, roles: list[tuple[ActorMention, str]], places: list[PlaceRef]) -> str:
    agents = [m for m, r in roles if r == "agent"]
    patients = [m for m, r in roles if r in {"patient", "beneficiary"}]
    others = [m for m, r in roles if r == "participant"]
    where = f" in {places[0].name}" if places else ""
    head = trigger.head
    if not trigger.nominal:
        verb_words = [head.lemma_.lower()] + [t.text for t in head.doc[head.i + 1 : trigger.end]]
        verb = " ".join(verb_words)
        subject = _names(agents) or _names(others)
        obj = _names(patients)
        if subject:
            verb = third_person(verb) if " and " not in subject else verb
            return _capital(f"{subject} {verb}{' ' + obj if obj else ''}{where}")
        return _capital(f"{' '.join([head.text, *verb_words[1:]])}{' ' + obj if obj else ''}{where}")
    if trigger.type == "meeting" and len(agents + others) >= 2:
        return f"{_names(agents + others)} meet{where}"
    verb = TYPE_VERBS.get(trigger.type)
    if agents and verb:
        subject = _names(agents)
        verb = third_person(verb) if " and " not in subject else verb
        obj = _names(patients)
        return _capital(f"{subject} {verb}{' ' + obj if obj else ''}{where}")
    phrase = _phrase(head) if head.i >= trigger.start else trigger.text
    if trigger.end - trigger.start > 1:
        phrase = trigger.text
    who = _names(agents or others or patients)
    return _capital(f"{phrase}{where}{' (' + who + ')' if who else ''}")
