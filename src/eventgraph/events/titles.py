"""Short readable titles: "Putin and Lukashenko meet in Sochi", "KGB of Belarus arrests Wagner".

Headline style: present tense, agent first. A catalogue event is titled by its canonical name. Without a
doer the headline is passive ("33 employees detained", "Lawsuit filed against Apple"), and a noun is
completed by what it is of / against / about and where it happened ("Events of 1989-1991",
"Conference in Minsk"): a title is never one bare word when the sentence says more.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..model import ActorMention, PlaceRef
from .roles import PATIENT_OF_TYPES, described_noun, relative_antecedent
from .triggers import TriggerMatch

# The headline verb for a nominal trigger whose agent is known ("Russian aggression" → "Russia attacks").
TYPE_VERBS = {
    "arrest": "arrest", "meeting": "meet", "visit": "visit", "war": "wage war on", "attack": "attack",
    "sanctions": "impose sanctions on", "protest": "protest", "repression": "crack down on",
    "annexation": "annex", "aid": "give aid to", "agreement": "sign agreement with", "military": "deploy",
    "legal": "take legal action against", "vote": "vote", "election": "hold election",
}  # fmt: skip
# Past participles the "-ed" rule gets wrong, for the verbs of the trigger lexicon and the light verbs.
IRREGULAR = {
    "arise": "arisen", "begin": "begun", "break": "broken", "bring": "brought", "build": "built",
    "buy": "bought", "catch": "caught", "choose": "chosen", "come": "come", "do": "done", "draw": "drawn",
    "drive": "driven", "fall": "fallen", "fight": "fought", "find": "found", "flee": "fled", "fly": "flown",
    "forbid": "forbidden", "freeze": "frozen", "give": "given", "go": "gone", "hold": "held", "hit": "hit",
    "keep": "kept", "lay": "laid", "lead": "led", "leave": "left", "lend": "lent", "let": "let",
    "lose": "lost", "make": "made", "meet": "met", "overthrow": "overthrown", "pay": "paid", "put": "put",
    "quit": "quit", "rise": "risen", "run": "run", "say": "said", "see": "seen", "seek": "sought",
    "sell": "sold", "send": "sent", "set": "set", "shoot": "shot", "shut": "shut", "sign": "signed",
    "speak": "spoken", "spend": "spent", "split": "split", "spread": "spread", "stand": "stood",
    "steal": "stolen", "strike": "struck", "swear": "sworn", "take": "taken", "teach": "taught",
    "tell": "told", "think": "thought", "throw": "thrown", "undertake": "undertaken", "upset": "upset",
    "win": "won", "withdraw": "withdrawn", "write": "written",
}  # fmt: skip
_TITLE_DROP = {"det", "poss", "case", "punct", "predet"}
# Prepositions whose object completes a bare event noun ("lawsuit against Apple", "talks on gas prices").
_COMPLEMENT_PREPS = (
    "of",
    "against",
    "on",
    "over",
    "about",
    "for",
    "between",
    "with",
    "by",
    "to",
    "into",
    "from",
)
_NP_DEPS = {"compound", "amod", "nummod", "quantmod", "nmod", "flat", "poss", "det"}
_MAX_NP_WORDS = 6
_DATES = {"DATE", "TIME"}


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


def participle(verb: Token) -> str:
    """Past participle of a verb token: 'detain' → 'detained', 'stop' → 'stopped', 'sell' → 'sold'."""
    if verb.tag_ == "VBN":
        return verb.lower_
    lemma = verb.lemma_.lower()
    if lemma in IRREGULAR:
        return IRREGULAR[lemma]
    if verb.tag_ == "VBD":
        return verb.lower_
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ied"
    vowels = "aeiou"
    if (
        len(lemma) <= 4
        and len(lemma) >= 3
        and lemma[-1] not in vowels + "wxy"
        and lemma[-2] in vowels
        and lemma[-3] not in vowels
    ):
        return lemma + lemma[-1] + "ed"  # "stop" → "stopped", "ban" → "banned"
    return lemma + "ed"


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
    dropped = {d.i for c in head.children if c.dep_ in _TITLE_DROP and c.i < head.i for d in c.subtree}
    keep = [
        t
        for t in keep
        if (t.i not in dropped and (t.dep_ not in _TITLE_DROP or _inner_hyphen(t))) or t.i == head.i
    ]
    near = [t for t in keep if head.i - t.i <= 4]
    # "question-and-answer session": a hyphenated word is kept whole, not cut at the window's edge
    while near and len(near) < len(keep):
        prev = keep[len(keep) - len(near) - 1]
        if prev.whitespace_ or prev.i != near[0].i - 1:
            break
        near.insert(0, prev)
    keep = [t for t in near if t.i == head.i or not _time_word(t)]
    while len(keep) > 1 and (keep[0].is_punct or keep[0].dep_ == "cc"):
        keep = keep[1:]
    return "".join(t.text + (t.whitespace_ if t.i < keep[-1].i else "") for t in keep)


def _inner_hyphen(tok: Token) -> bool:
    """The hyphen inside "question-and-answer"."""
    return tok.text == "-" and tok.i > 0 and not tok.whitespace_ and not tok.doc[tok.i - 1].whitespace_


def _time_word(tok: Token) -> bool:
    """ "last year's war", "Monday's talks": a relative date, the timeline's business, not the title's (a
    date with a number names the event: "the 1991 agreement", "the April 2nd report")."""
    if tok.ent_type_ not in _DATES:
        return False
    doc, lo, hi = tok.doc, tok.i, tok.i + 1
    while lo > 0 and doc[lo].ent_iob_ == "I":
        lo -= 1
    while hi < len(doc) and doc[hi].ent_iob_ == "I":
        hi += 1
    return not any(c.isdigit() for c in doc[lo:hi].text)


def noun_phrase(tok: Token) -> str:
    """A short noun phrase headed by ``tok``: its name if it is one, else the noun with its modifiers
    ("33 employees", "an opposition figure" → "opposition figure"); possessive pronouns and articles go."""
    doc = tok.doc
    if tok.ent_type_ and tok.ent_iob_ in {"B", "I"}:
        lo, hi = tok.i, tok.i + 1
        while lo > 0 and doc[lo].ent_iob_ == "I":
            lo -= 1
        while hi < len(doc) and doc[hi].ent_iob_ == "I":
            hi += 1
        ent = doc[slice(*_whole_words(doc, lo, hi))]
        while len(ent) and (ent[0].is_punct or ent[0].dep_ == "det"):
            ent = ent[1:]
        while len(ent) and (ent[-1].is_punct or ent[-1].dep_ == "case"):
            ent = ent[:-1]
        text = ent.text
        if text.count("(") != text.count(")"):
            text = text.split("(")[0].strip()  # "Kit (SDK" cut by the tagger
        if text and len(ent) <= _MAX_NP_WORDS:
            return text
    keep, stack = [tok], [c for c in tok.children if c.dep_ in _NP_DEPS]
    while stack:
        cur = stack.pop()
        if cur.dep_ == "det" or (cur.dep_ == "poss" and cur.pos_ == "PRON") or _time_word(cur):
            continue
        keep.append(cur)
        stack.extend(c for c in cur.children if c.dep_ in _NP_DEPS)
    keep += [c for t in keep if t.dep_ == "poss" for c in t.children if c.dep_ == "case"]
    keep = [t for t in keep if not t.is_punct and abs(t.i - tok.i) < _MAX_NP_WORDS]
    keep.sort(key=lambda t: t.i)
    lo, hi = _whole_words(doc, keep[0].i, keep[-1].i + 1)
    keep = [*doc[lo : keep[0].i], *keep, *doc[keep[-1].i + 1 : hi]]
    out = ""
    for i, t in enumerate(keep):
        glued = i > 0 and (t.dep_ == "case" or (keep[i - 1].i == t.i - 1 and not keep[i - 1].whitespace_))
        out += t.text if glued or i == 0 else " " + t.text  # "FSB's forces", "3G version"
    return out


def _whole_words(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    """[lo, hi) widened over words the tokenizer split at a hyphen: the parser may hang "pre", "-" and
    "orders" of "pre-orders" on the verb one by one, and a title must not keep "pre" alone."""

    def hyphen(i: int) -> bool:  # doc[i] is a hyphen glued to the words on both sides
        return doc[i].text == "-" and not doc[i - 1].whitespace_ and not doc[i].whitespace_

    while hi + 1 < len(doc) and hyphen(hi):
        hi += 2
    while lo >= 2 and hyphen(lo - 1):
        lo -= 2
    return lo, hi


def _complement(head: Token, skip: set[int], limit: int = 1) -> str:
    """ "of 33 employees", "against Apple Inc.": the first prepositional complement(s) of a noun or verb."""
    parts = []
    for c in head.children:
        if c.i in skip or c.dep_ not in {"prep", "agent"} or c.lower_ not in _COMPLEMENT_PREPS:
            continue
        # a verb's date is the timeline's business; a noun's ("the events of 1989") names it
        objs = [
            p for p in c.children if p.dep_ == "pobj" and (head.pos_ != "VERB" or p.ent_type_ not in _DATES)
        ]
        if objs:
            parts.append(f"{c.lower_} {noun_phrase(objs[0])}")
        if len(parts) >= limit:
            break
    return " ".join(parts)


def _capital(text: str) -> str:
    """First letter up, unless the word is spelled with inner capitals ("iPod", "eBay")."""
    first = text.split(" ", 1)[0]
    if not text or any(c.isupper() for c in first[1:]):
        return text
    return text[:1].upper() + text[1:]


def _where(places: list[PlaceRef], text: str, etype: str) -> str:
    """ " in Sochi", unless the title already names the place; a visit goes *to* it ("visits Minsk")."""
    if not places or places[0].name.lower() in text.lower():
        return ""
    return (
        f" {places[0].name}"
        if etype == "visit" and text.lower().endswith("visits")
        else f" in {places[0].name}"
    )


def _who(actors: list[ActorMention], text: str) -> str:
    names = [n for n in dict.fromkeys(a.name for a in actors) if n.lower() not in text.lower()][:2]
    return f" ({' and '.join(names)})" if names else ""


def _object_text(head: Token, patients: list[ActorMention], skip: range) -> str:
    """The object of a verb: its patient actors, else its direct object / passive subject as a phrase, else
    the noun a participle describes ("the version released in June")."""
    objects = [c for c in head.children if c.dep_ in {"dobj", "nsubjpass"} and c.i not in skip]
    if patients and objects and all(_only_possessor(objects[0], m) for m in patients):
        return noun_phrase(objects[0])  # "heightens FSB's security forces", not "heightens FSB"
    if patients:
        return _names(patients)
    if any(head.doc[i].pos_ in {"NOUN", "PROPN"} for i in skip):
        return ""  # "file a lawsuit": the phrase has its object
    for c in head.children:
        if c.dep_ in {"dobj", "nsubjpass"} and c.i not in skip:
            c = relative_antecedent(c)  # "Pixar, which was acquired by Disney"
            if c.pos_ in {"NOUN", "PROPN", "NUM"}:
                return noun_phrase(c)
    described = described_noun(head)
    if described is not None:
        return noun_phrase(described)
    if head.dep_ == "acl" and head.tag_ != "VBG" and head.head.pos_ in {"NOUN", "PROPN"}:
        return noun_phrase(head.head)  # ("a letter stating ...": the letter states, it is not stated)
    return ""


def _rest_of_verb(head: Token, skip: set[int]) -> str:
    """What completes a verb without an object, briefly: "promises to recognize Abkhazia", "agrees with West",
    "becomes amenable"; "" when nothing short does."""
    for c in head.children:
        if c.i in skip:
            continue
        if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"} and c.lemma_.lower() not in COPULAS:
            objs = [g for g in c.children if g.dep_ == "dobj" and g.pos_ in {"NOUN", "PROPN"}]
            return f"to {c.lemma_.lower()}{' ' + noun_phrase(objs[0]) if objs else ''}"
        if c.dep_ == "acomp" and c.pos_ == "ADJ":
            return c.lower_
    if any(c.dep_ in {"dobj", "dative"} for c in head.children):
        return ""  # "accused him of Russophobia": a prepositional phrase without its object misleads
    return _complement(head, skip)


def _only_possessor(obj: Token, actor: ActorMention) -> bool:
    """True when ``actor`` lies inside a possessive modifier of ``obj`` ("the FSB's forces"), not on it."""
    for c in obj.children:
        if c.dep_ == "poss":
            lo, hi = c.left_edge.idx, c.right_edge.idx + len(c.right_edge)
            if lo <= actor.evidence.start and actor.evidence.end <= hi:
                return True
    return False


def _subject_text(head: Token) -> str:
    """A verb's subject as a phrase when it names no actor ("Police", "The company"); not a pronoun."""
    for c in head.children:
        if c.dep_ == "nsubj" and c.pos_ in {"NOUN", "PROPN"}:
            text = noun_phrase(c)
            if len(text.split()) == 1:  # "A statement from Apple stated" → "Statement from Apple states"
                text = f"{text} {_complement(c, set())}".strip()
            return text
    return ""


def _plural_subject(head: Token) -> bool:
    return any(
        c.dep_ == "nsubj" and (c.tag_ in {"NNS", "NNPS"} or c.lower_ == "police") for c in head.children
    )


COPULAS = frozenset({"be", "have", "do", "become", "seem"})


def _clause_title(head: Token, phrase: str) -> str:
    """A bare event noun told through its clause: "Conference opens", "Workers go on strike"."""
    gov = head.head
    if gov.i == head.i or (gov.pos_ not in {"VERB", "AUX"} and head.dep_ != "pobj"):
        return ""
    if any(c.dep_ == "neg" for c in gov.children):
        return ""  # "the talks did not start" tells no headline
    if head.dep_ in {"nsubj", "nsubjpass"}:
        if gov.pos_ == "AUX" or gov.lemma_ in COPULAS:
            return ""  # "his visits were a bad idea": the verb says nothing of the event
        if any(c.dep_ in {"dobj", "ccomp", "xcomp", "attr", "acomp"} for c in gov.children):
            return ""  # "the war turned the country into ...": "War turns" says nothing
        verb = gov.lemma_.lower() if head.tag_ in {"NNS", "NNPS"} else third_person(gov.lemma_.lower())
        return f"{phrase} {verb}"
    prep = ""
    if head.dep_ == "pobj":
        prep, gov = gov.lower_, gov.head
        if gov.pos_ not in {"VERB", "AUX"}:
            return ""
    elif head.dep_ != "dobj":
        return ""
    subject = _subject_text(gov)
    if not subject:
        return ""
    verb = gov.lemma_.lower() if _plural_subject(gov) else third_person(gov.lemma_.lower())
    return f"{subject} {verb} {prep + ' ' if prep else ''}{phrase}"


def _noun_title(
    head: Token, trigger: TriggerMatch, roles: list[tuple[ActorMention, str]], places, year: str | None = None
) -> str:
    """A title around an event noun: the phrase, what it is of / against, where, and who (if not said)."""
    single = trigger.end - trigger.start == 1
    phrase = _phrase(head) if single or not trigger.nominal else ""
    if not phrase:
        words = [t for t in head.doc[trigger.start : trigger.end] if t.dep_ not in _TITLE_DROP]
        phrase = " ".join(t.text for t in words) if words else trigger.text
    text = phrase
    complement = _complement(head, set(range(trigger.start, trigger.end)))
    if complement:
        text = f"{text} {complement}"
    text += _where(places, text, trigger.type)
    agents = [m for m, r in roles if r == "agent"]
    others = [m for m, r in roles if r != "agent"]
    if agents and " by " not in text and len(text.split()) == 1:
        text += f" by {_names(agents)}"  # "Arrest by KGB of Belarus"
    text += _who(agents + others, text)
    if len(text.split()) == 1:
        kind = trigger.type.replace("_", " ")
        text = (
            _clause_title(head, text)
            or (f"{text} ({year})" if year else "")
            or (f"{text} ({kind})" if trigger.type != "other" and kind not in text.lower() else text)
        )
    return _capital(text)


def make_title(
    trigger: TriggerMatch,
    roles: list[tuple[ActorMention, str]],
    places: list[PlaceRef],
    year: str | None = None,
) -> str:
    """``year``: the event's year, to tell a bare event noun by ("War (2020)") when nothing else does."""
    agents = [m for m, r in roles if r == "agent"]
    patients = [m for m, r in roles if r in {"patient", "beneficiary"}]
    others = [m for m, r in roles if r == "participant"]
    head = trigger.head
    span = range(trigger.start, trigger.end)
    if not trigger.nominal:
        verb_words = [head.lemma_.lower()] + [t.text for t in head.doc[head.i + 1 : trigger.end]]
        verb = " ".join(verb_words)
        # only a meeting's other side may stand first ("X met with Y"); a participant of anything else is
        # not its doer ("heighten border security with Belarus")
        symmetric = others if trigger.type == "meeting" else []
        subject = _names(agents) or _names(symmetric) or _subject_text(head)
        obj = _object_text(head, patients, span)
        nouns = [t for t in head.doc[trigger.start : trigger.end] if t.pos_ in {"NOUN", "PROPN"}]
        if nouns and subject:  # "files a lawsuit against Apple", "holds talks with X"
            obj = _complement(nouns[-1], set(span)) or _complement(head, set(span))
        if subject:
            plural = " and " in subject or (not (agents or symmetric) and _plural_subject(head))
            verb = verb if plural else third_person(verb)
            obj = obj or _rest_of_verb(head, set(span))
            text = f"{subject} {verb}{' ' + obj if obj else ''}"
            return _capital(text + _where(places, text, trigger.type))
        # No doer: a noun inside the trigger phrase carries the title ("file a lawsuit" → "Lawsuit against X")
        if nouns:
            return _noun_title(nouns[-1], trigger, roles, places, year)
        # headline passive: "Opposition figure detained", "33 employees detained by KGB of Belarus"
        rest = " ".join(t.text for t in head.doc[head.i + 1 : trigger.end])
        done = f"{participle(head)}{' ' + rest if rest else ''}"
        if obj:
            text = f"{obj} {done}"
        else:
            complement = _complement(head, set(span))
            text = f"{trigger.type.replace('_', ' ')}: {done}{' ' + complement if complement else ''}"
        return _capital(text + _where(places, text, trigger.type))
    if trigger.type == "meeting" and len(agents + others) >= 2:
        text = f"{_names(agents + others)} meet"
        return text + _where(places, text, trigger.type)
    verb = TYPE_VERBS.get(trigger.type)
    if trigger.type == "meeting" and not patients + others:
        verb = None  # "X meets" says less than "Question-and-answer session with public (X)"
    if agents and verb:
        subject = _names(agents)
        verb = third_person(verb) if " and " not in subject else verb
        obj = _names(patients)
        if not obj and trigger.type in PATIENT_OF_TYPES:
            # "the arrest of 33 employees"; "the arrest by the KGB of 33 employees" (the parse hangs "of"
            # on the agent)
            by = [p for c in head.children if c.lower_ == "by" for p in c.children if p.dep_ == "pobj"]
            of = next(
                (c for c in (_complement(t, set(span)) for t in [head, *by]) if c.startswith("of ")), ""
            ).removeprefix("of ")
            obj = of if of and not of.startswith(("by ", "against ", "on ", "to ", "with ")) else ""
        if not obj and verb.rsplit(" ", 1)[-1] in {"on", "to", "with", "against"}:
            verb = verb.rsplit(" ", 1)[0]  # "signs agreement", not "signs agreement with"
        text = f"{subject} {verb}{' ' + obj if obj else ''}"
        return _capital(text + _where(places, text, trigger.type))
    return _noun_title(head, trigger, roles, places, year)
