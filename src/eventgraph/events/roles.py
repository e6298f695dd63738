"""Participants and places of a trigger, read off the dependency parse.

Roles: agent (who does it), patient (to whom), beneficiary (for whom), participant (takes part, e.g. both
sides of a meeting), location (a country or city that is also an actor: "the election in Belarus").
Actors come from the actor stage (ActorMention spans); this module only decides who fills which role.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterable

from spacy.tokens import Doc, Token

from ..actors import place_country
from ..model import ActorMention, Participant, PlaceRef, stable_id
from .modality import clause_head
from .triggers import TriggerMatch

ROLE_RANK = {"agent": 0, "patient": 1, "beneficiary": 2, "participant": 3, "location": 4}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Types whose direct object, when it is a place, is where it happened ("visited Kyiv").
DESTINATION_TYPES = {"visit"}
PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "within", "on"}
# Types whose demonym / possessor modifier is the doer ("Russian aggression", "Lukashenko's visit").
AGENTIVE_TYPES = {
    "war", "attack", "sanctions", "arrest", "repression", "statement", "aid", "visit", "military",
    "annexation", "legal", "regime_change", "agreement",
}  # fmt: skip
# Types where "of X" names the one it is done to ("the arrest of 33 employees").
PATIENT_OF_TYPES = {
    "arrest",
    "repression",
    "attack",
    "annexation",
    "war",
    "sanctions",
    "regime_change",
    "legal",
}
# Types whose noun a person's possessive names the one it is done to ("his arrest", "Navalny's trial").
UNDERGONE = {"arrest", "legal", "repression"}
# Nouns whose "of"-complement carries the real actor ("employees of Wagner", "members of the opposition").
MEMBER_NOUNS = {
    "employee",
    "member",
    "fighter",
    "citizen",
    "official",
    "representative",
    "leader",
    "head",
    "soldier",
    "troop",
    "staff",
    "supporter",
    "activist",
    "delegation",
    "government",
    "part",
}
CORE_DEPS = {"compound", "amod", "poss", "det", "nummod", "nmod", "flat", "case", "quantmod", "appos"}


class ActorIndex:
    """Actor mentions of one document, searchable by character span (they are few per sentence)."""

    def __init__(self, mentions: Iterable[ActorMention]):
        self.mentions = sorted(mentions, key=lambda m: (m.evidence.start, m.evidence.end, m.key))
        self.starts = [m.evidence.start for m in self.mentions]
        self.max_len = max((m.evidence.end - m.evidence.start for m in self.mentions), default=0)

    def overlapping(self, start: int, end: int) -> list[ActorMention]:
        lo = bisect.bisect_left(self.starts, start - self.max_len)
        hi = bisect.bisect_left(self.starts, end)
        return [m for m in self.mentions[lo:hi] if m.evidence.start < end and m.evidence.end > start]


def core_span(tok: Token) -> tuple[int, int]:
    """Character span of a noun's core phrase: the noun with its modifiers, without clauses or preps."""
    lo, hi = tok.idx, tok.idx + len(tok)
    stack = [c for c in tok.children if c.dep_ in CORE_DEPS]
    while stack:
        cur = stack.pop()
        lo, hi = min(lo, cur.idx), max(hi, cur.idx + len(cur))
        stack.extend(c for c in cur.children if c.dep_ in CORE_DEPS)
    return lo, hi


def _with_conjuncts(tok: Token) -> list[Token]:
    out, stack = [], [tok]
    while stack and len(out) < 20:
        cur = stack.pop()
        out.append(cur)
        stack.extend(c for c in cur.children if c.dep_ == "conj")
    return out


def actors_of(tok: Token, index: ActorIndex, depth: int = 0) -> list[ActorMention]:
    """The actor(s) a noun phrase headed by ``tok`` refers to; looks through "employees of X"."""
    found: list[ActorMention] = []
    for t in _with_conjuncts(tok):
        lo, hi = core_span(t)
        hits = index.overlapping(lo, hi)
        on_head = [m for m in hits if m.evidence.start <= t.idx < m.evidence.end]
        if on_head or hits:
            found.extend(on_head or hits)
        elif t.lemma_.lower() in MEMBER_NOUNS and depth < 2:
            for prep in t.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            found.extend(actors_of(pobj, index, depth + 1))
    return found


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ == "pobj"]


def _subject(verb: Token, light_verbs: Collection[str] = ()) -> list[Token]:
    """Subjects of a verb, inherited through xcomp/conj ("Russia tried to destabilize" → Russia).

    A coordinated verb takes the first conjunct's subject, never an actor of its clauses or objects. A
    participle modifying a noun has no subject of its own (the noun is its patient). An infinitive or
    gerund complement of a noun ("its decision to heighten") is done by the noun's possessor or modifier,
    or by the subject of a light verb whose object the noun is ("made a decision to leave"), else nobody.
    """
    cur = verb
    for _ in range(4):
        subj = [c for c in cur.children if c.dep_ in {"nsubj", "csubj"}]
        if subj:
            return subj
        if cur.dep_ in {"xcomp", "conj", "advcl"} and cur.head.i != cur.i:
            cur = cur.head
        elif cur.dep_ == "acl" and cur.head.pos_ in {"NOUN", "PROPN"} and cur.tag_ not in {"VBN"}:
            noun = cur.head
            own = [c for c in noun.children if c.dep_ == "poss"]
            own = own or [c for c in noun.children if c.dep_ in {"compound", "nmod", "amod"} and c.i < noun.i]
            if own:
                return own
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)
            if noun.head.i == noun.i or noun.dep_ not in {"dobj", "attr", "pobj"}:
                break
            if infinitive and not (
                noun.dep_ in {"dobj", "attr"} and (noun.head.lemma_.lower() in light_verbs or not light_verbs)
            ):
                break  # "criticised Russia for the decision to ...": the critic does not decide
            # "Putin made a commitment to provide ...": the light verb's subject; "resigned in a letter
            # stating ...": the writer
            cur = noun.head if noun.dep_ != "pobj" else noun.head.head
        else:
            break
    return []


def described_noun(verb: Token) -> Token | None:
    """The noun a past participle describes ("X, sworn in as ...", "the jailed opposition leader X"): the
    head of the whole name it is part of; None unless ``verb`` is such a participle."""
    if verb.dep_ not in {"acl", "amod"} or verb.tag_ != "VBN" or verb.head.pos_ not in {"NOUN", "PROPN"}:
        return None
    if any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
        return None
    noun = verb.head
    for _ in range(4):
        if noun.dep_ not in {"compound", "flat"} or noun.head.i == noun.i:
            break
        noun = noun.head
    return noun


def relative_antecedent(tok: Token) -> Token:
    """The noun a relative pronoun stands for ("Pixar, which was founded by Jobs" → Pixar), else ``tok``."""
    if tok.tag_ in {"WDT", "WP"} and tok.head.dep_ == "relcl" and tok.head.head.i != tok.head.i:
        return tok.head.head
    return tok


_PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers"}
_THING_PRONOUNS = {"it", "its"}


def antecedent(pron: Token, index: ActorIndex) -> ActorMention | None:
    """The actor a third-person pronoun points back to: the nearest actor before it in its sentence of the
    right kind (he/his → a person, it/its → a country or organisation); for he/she with none there, the one
    person the sentence before names ("Jobs took the stage. He said ..."), if it names exactly one; else
    None."""
    low = pron.lower_
    if low not in _PERSON_PRONOUNS and low not in _THING_PRONOUNS:
        return None
    person = low in _PERSON_PRONOUNS
    sent = pron.sent
    before = [
        m
        for m in index.overlapping(sent.start_char, pron.idx)
        if m.evidence.end <= pron.idx and (m.kind == "person") == person
    ]
    if before:
        return max(before, key=lambda m: m.evidence.start)
    if not person or sent.start == 0:
        return None
    previous = pron.doc[sent.start - 1].sent
    people = [m for m in index.overlapping(previous.start_char, previous.end_char) if m.kind == "person"]
    return people[-1] if len({m.key for m in people}) == 1 else None


def _coordinated_objects(verb: Token) -> list[tuple[Token, str]]:
    """Objects a coordination leaves to the parse's whims.

    "met Putin and then Tokayev": the second object hangs on the verb as a noun conjunct; "arrested and
    jailed X": the shared object hangs on the last verb only.
    """
    out: list[tuple[Token, str]] = []
    has_object = any(c.dep_ in {"dobj", "nsubjpass"} for c in verb.children)
    for c in verb.children:
        if c.dep_ != "conj":
            continue
        if c.pos_ in {"NOUN", "PROPN"} and has_object:
            out.append((c, "patient"))
        elif c.pos_ == "VERB" and not has_object and not any(g.dep_.startswith("nsubj") for g in c.children):
            out += [(g, "patient") for g in c.children if g.dep_ == "dobj"]
    return out


def _prep_role(prep: str, etype: str) -> str | None:
    if prep == "by":
        return "agent"
    if prep in {"against", "on"} and etype in AGENTIVE_TYPES:
        return "patient"
    if prep in {"with", "between", "among", "from"}:
        return "participant"
    if prep in {"to", "for"}:
        return "beneficiary" if etype in {"aid", "agreement", "statement"} else "participant"
    return None


def roles_for(
    trigger: TriggerMatch, index: ActorIndex, light_verbs: Collection[str] = ()
) -> list[tuple[ActorMention, str]]:
    """(actor mention, role) pairs for one trigger, strongest role per actor, in text order.

    Coordinated phrases all take part: "Biden and Putin met", "talks between X and Y", "met X and then Y".
    ``light_verbs``: verbs that carry a noun event ("hold talks"), whose with-phrase is the noun's.
    """
    head, etype = trigger.head, trigger.type
    pairs: list[tuple[Token, str]] = []
    if not trigger.nominal:
        described = described_noun(head)
        if described is not None:
            # "X, sworn in as president, ...", "the jailed opposition leader": the noun is the patient
            pairs.append((described, "patient"))
        pairs += [(s, "agent") for s in _subject(head, light_verbs)]
        # "held talks with X": the prepositions of the trigger's other words count as the head's own
        words = [head, *(t for t in head.doc[trigger.start : trigger.end] if t.i != head.i)]
        for c in (c for w in words for c in w.children if c.i < trigger.start or c.i >= trigger.end):
            if c.dep_ == "nsubjpass" or c.dep_ in {"dobj", "attr"}:
                pairs.append((c, "patient"))
            elif c.dep_ in {"dative", "iobj"}:
                pairs.append((c, "beneficiary"))
            elif c.dep_ in {"agent", "prep"}:
                role = "agent" if c.dep_ == "agent" else _prep_role(c.lower_, etype)
                if role:
                    pairs += [(p, role) for p in _pobjs(c)]
        pairs += _coordinated_objects(head)
    else:
        modifier_role = "agent" if etype in AGENTIVE_TYPES else "participant"
        for c in head.children:
            if c.dep_ == "poss":
                pairs.append((c, "agent"))
            elif c.dep_ in {"amod", "compound", "nmod"} and not (trigger.start <= c.i < trigger.end):
                pairs.append((c, modifier_role))
            elif c.dep_ == "prep":
                prep = c.lower_
                role = ("patient" if etype in PATIENT_OF_TYPES else "participant") if prep == "of" else None
                role = role or _prep_role(prep, etype)
                if role:
                    pairs += [(p, role) for p in _pobjs(c)]
        # "Putin and Lukashenko held talks", "at the meeting in Sochi Putin supported ...": the governing
        # verb's arguments take part in the nominal event.
        gov = head.head if head.dep_ in {"dobj", "attr", "nsubj", "nsubjpass"} else None
        if head.dep_ == "pobj" and head.head.dep_ == "prep":
            gov = head.head.head
        # "Washington condemned the election": only a light verb's subject does the noun's event, or the
        # subject a possessive pronoun points back to ("Putin confirmed his commitment")
        own_pronoun = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in head.children)
        if (
            head.dep_ == "dobj"
            and light_verbs
            and gov is not None
            and gov.lemma_.lower() not in light_verbs
            and not own_pronoun
        ):
            gov = None
        if gov is not None and gov.pos_ in {"VERB", "AUX"}:
            role = "agent" if head.dep_ in {"dobj", "attr"} else "participant"
            pairs += [(s, role) for s in _subject(gov, light_verbs)]
            if head.dep_ == "pobj":
                pairs += [(c, "participant") for c in gov.children if c.dep_ == "dobj"]
            elif head.dep_ == "dobj" and gov.lemma_.lower() in light_verbs:
                # "held talks in Minsk with X and Y": the light verb's with/between phrase is the noun's
                for c in gov.children:
                    if c.dep_ == "prep" and c.lower_ in {"with", "between", "among"}:
                        pairs += [(p, "participant") for p in _pobjs(c)]
    best: dict[str, tuple[ActorMention, str]] = {}
    for tok, role in pairs:
        found = actors_of(relative_antecedent(tok), index)
        if tok.lower_ in {"who", "whom"}:  # "a professor at Stanford, who stated": not Stanford
            found = [m for m in found if m.kind == "person"]
        if not found and role == "agent" and tok.pos_ == "PRON":
            ref = antecedent(tok, index)  # "Biden said he had raised ...", "its decision to ..."
            found = [ref] if ref is not None else []
        for mention in found:
            r = role
            if tok.dep_ == "poss" and trigger.nominal and etype in UNDERGONE and mention.kind == "person":
                r = "patient"  # "his arrest", "Navalny's trial": done to the person, by the police or a court
            old = best.get(mention.key)
            if old is None or ROLE_RANK[r] < ROLE_RANK[old[1]]:
                best[mention.key] = (mention, r)
    return sorted(best.values(), key=lambda mr: (mr[0].evidence.start, mr[0].key))


_SUBORDINATE = {"advcl", "relcl", "csubj"}  # a speech act's ccomp or parataxis is its content


def clause_actors(trigger: TriggerMatch, index: ActorIndex, limit: int = 4) -> list[ActorMention]:
    """Fallback: actors inside the trigger's own clause (or noun phrase), when the parse gave no roles."""
    top = clause_head(trigger.head) if not trigger.nominal else trigger.head
    lo, hi = top.left_edge.idx, top.right_edge.idx + len(top.right_edge)
    if hi - lo > 400:  # a huge clause says little about who took part
        lo, hi = max(lo, trigger.head.idx - 150), min(hi, trigger.head.idx + 150)
    # "warned of consequences if Navalny died": an actor of a subordinate clause is not this event's
    skip: list[tuple[int, int]] = []
    if not trigger.nominal:
        ancestors = {trigger.head.i, *(t.i for t in trigger.head.ancestors)}
        for t in top.subtree:
            if t.dep_ in _SUBORDINATE and t.i not in ancestors and t.head.i in ancestors:
                skip.append((t.left_edge.idx, t.right_edge.idx + len(t.right_edge)))
    seen, out = set(), []
    for m in index.overlapping(lo, hi):
        if any(a <= m.evidence.start < b for a, b in skip):
            continue
        if m.key not in seen:
            seen.add(m.key)
            out.append(m)
    return out[:limit]


def place_ref(name: str, country: str | None = None) -> PlaceRef:
    """A place by its name; its country (ISO alpha-2 code) from the gazetteer unless given."""
    clean = name.strip()
    if clean.lower().startswith("the "):
        clean = clean[4:]
    if country is None:
        country = place_country(clean)
    return PlaceRef(id=stable_id("pl", clean.lower()), name=clean, country=country)


def entity_text(tok: Token) -> str:
    """Text of the named entity ``tok`` is part of (walks the IOB tags; no scan over all entities)."""
    doc, lo, hi = tok.doc, tok.i, tok.i + 1
    while lo > 0 and doc[lo].ent_iob_ == "I":
        lo -= 1
    while hi < len(doc) and doc[hi].ent_iob_ == "I":
        hi += 1
    return doc[lo:hi].text


def places_for(trigger: TriggerMatch, doc: Doc) -> list[PlaceRef]:
    """Where the event happened: GPE/LOC/FAC after in/at/near…, or as a modifier ("Sochi summit")."""
    head = trigger.head
    # "held talks in Sochi": every word of the trigger phrase may carry the place
    anchors = [head, *(t for t in doc[trigger.start : trigger.end] if t.i != head.i)]
    # "sanctions on Belarus", "an attack on Kyiv" name the target (a patient), not where it happened
    preps = PLACE_PREPS - {"on"} if trigger.type in AGENTIVE_TYPES else PLACE_PREPS
    if trigger.nominal and head.dep_ == "pobj" and head.head.dep_ == "prep":
        anchors.append(head.head.head)  # "at the meeting in Sochi" may attach "in Sochi" to the verb
    if trigger.nominal:  # "the summit they held in Geneva", "the talks planned in Minsk"
        anchors += [c for c in head.children if c.dep_ in {"relcl", "acl"} and c.pos_ in {"VERB", "AUX"}]
    toks: list[Token] = []
    for anchor in anchors:
        for c in anchor.children:
            if c.dep_ == "prep" and c.lower_ in preps and not (trigger.start <= c.i < trigger.end):
                toks += _pobjs(c)
            elif trigger.nominal and anchor is head and c.dep_ in {"compound", "nmod"}:
                toks.append(c)
            elif trigger.type in DESTINATION_TYPES and anchor is head and c.dep_ == "dobj":
                toks.append(c)  # "visited Kyiv"
    places: dict[str, PlaceRef] = {}
    for tok in toks:
        for t in _with_conjuncts(tok):
            # the gazetteer overrules the tagger's label ("visited Kyiv" tagged PERSON)
            name = entity_text(t) if t.ent_type_ else t.text
            known = t.pos_ == "PROPN" and place_country(name) is not None
            if t.ent_type_ in PLACE_LABELS or known:
                ref = place_ref(name)
                places[ref.id] = ref
    return sorted(places.values(), key=lambda p: p.id)


def participants(pairs: list[tuple[ActorMention, str]]) -> list[Participant]:
    return [Participant(actor=m.key, name=m.name, kind=m.kind, role=role) for m, role in pairs]
