"""Finding event triggers in a parsed sentence: multi-word phrases first, then single verbs and nouns.

A word is skipped where it cannot be the trigger: inside a name or a time expression ("Forum Theatre",
"March 6"), as part of a phrasal verb the lexicon does not list ("back down" is not "back"), as an
aspectual verb with a verbal complement ("began to show": the complement is the event), or next to a
collocate of a non-event sense (``rules: senses:`` in the lexicon: "freedom of speech", "war games").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from .lexicon import MAX_GAP, WILDCARD, Lexicon, Phrase

# Proper nouns inside these entities are names, not events ("Security Council", "Forum Theatre").
_NAME_ENTS = {"ORG", "PERSON", "WORK_OF_ART", "PRODUCT", "FAC", "GPE", "LOC", "NORP", "LAW", "LANGUAGE"}
_TIME_ENTS = {"DATE", "TIME"}
_NOT_TRIGGER_ENTS = frozenset(_NAME_ENTS | _TIME_ENTS)
_NOUN_POS = {"NOUN", "PROPN"}
_VERB_POS = {"VERB"}


@dataclass(frozen=True)
class TriggerMatch:
    head: Token  # the syntactic head of the trigger (the token roles and dates attach to)
    start: int  # first token index (doc-level), inclusive
    end: int  # last token index + 1
    type: str
    nominal: bool
    # strong; weak (needs a governing date); reporting (a verb of saying: needs a date and a doer);
    # agent (a noun that is an event only when someone does it)
    kind: str = "strong"

    @property
    def text(self) -> str:
        return self.head.doc[self.start : self.end].text

    @property
    def weak(self) -> bool:
        return self.kind == "weak"


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _match_phrase(sent: Span, i: int, phrase: Phrase) -> int | None:
    """End (exclusive) of ``phrase`` matched at doc token ``i``, or None; "*" skips 0..MAX_GAP tokens."""
    doc, limit = sent.doc, sent.end

    def match_from(pos: int, k: int) -> int | None:
        if k == len(phrase.lemmas):
            return pos
        want = phrase.lemmas[k]
        if want == WILDCARD:
            for gap in range(MAX_GAP + 1):
                end = match_from(pos + gap, k + 1)
                if end is not None:
                    return end
            return None
        if pos < limit and (_lemma(doc[pos]) == want or doc[pos].lower_ == want):
            return match_from(pos + 1, k + 1)
        return None

    return match_from(i, 0)


def _span_head(doc, start: int, end: int) -> Token:
    """The token of [start, end) whose head lies outside the span (the phrase's syntactic root)."""
    for tok in doc[start:end]:
        if not (start <= tok.head.i < end) or tok.head.i == tok.i:
            return tok
    return doc[start]


_COLLOCATE_DEPS = {"dobj", "compound", "amod", "prt", "nmod"}


def sense_type(
    tok: Token, etype: str, senses: dict[str, set[str]], retypes: dict[str, dict[str, str]]
) -> str | None:
    """The event type of ``tok`` in its sense: None when a collocate marks a non-event sense (``rules:
    senses:``), the type a collocate gives it (``rules: retypes:``: "fight cancer" is no war), else
    ``etype``. The collocates are read once, and only for words with cues."""
    lemma, lower = _lemma(tok), tok.lower_
    not_event = senses.get(lemma) or senses.get(lower)
    other = retypes.get(lemma) or retypes.get(lower)
    if not (not_event or other):
        return etype
    near = _collocates(tok)
    if not_event and near & not_event:
        return None
    return next((other[c] for c in sorted(near) if c in other), etype) if other else etype


def _collocates(tok: Token) -> set[str]:
    """Lemmas of the words that tell a trigger's sense: its head (and the noun before its preposition),
    its object, compounds, modifiers, particle and prepositional objects."""
    head = tok.head
    near = {_lemma(head)} if head.i != tok.i else set()
    if head.pos_ == "ADP" and head.head.i != head.i:
        near.add(_lemma(head.head))  # "freedom of speech", "a threat to X" (the noun before "of")
    for c in tok.children:
        if c.dep_ in _COLLOCATE_DEPS:
            near.add(_lemma(c))
        elif c.dep_ == "prep":
            near.update(_lemma(g) for g in c.children if g.dep_ == "pobj")
    return near


def _phrasal(tok: Token, end: int) -> bool:
    """A verb with a particle outside the trigger: another verb ("back down", "turn out", "sell off")."""
    return any(c.dep_ == "prt" and not (tok.i <= c.i < end) for c in tok.children)


def _aspectual(tok: Token, aspectual: set[str]) -> bool:
    """ "began to show", "started selling": the complement is the event, not the aspectual verb."""
    return _lemma(tok) in aspectual and any(
        c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"} for c in tok.children
    )


def find_triggers(sent: Span, lexicon: Lexicon, exclude: frozenset[int] = frozenset()) -> list[TriggerMatch]:
    """All trigger matches of one sentence, in text order, without overlaps (phrases win over words).

    ``exclude``: token indices that cannot be part of a trigger (time expressions).
    """
    doc = sent.doc
    senses, retypes = lexicon.rules.senses, lexicon.rules.retypes
    phrases = lexicon.phrases
    found: list[TriggerMatch] = []
    used: set[int] = set(exclude)
    # The sentence's tokens, lemmas and lower-case forms, made once for both passes (spaCy builds a Token
    # object, and looks its strings up, per access); a token's index is counted, not asked of spaCy.
    first = sent.start
    toks = list(sent)
    lemmas = [tok.lemma_.lower() for tok in toks]
    lowers = [tok.lower_ for tok in toks]
    for k, lemma in enumerate(lemmas):
        lower = lowers[k]
        if lemma not in phrases and lower not in phrases:
            continue  # no phrase starts with this word (most words)
        i = first + k
        firsts = (lemma,) if lemma == lower else sorted((lemma, lower))
        for phrase in [p for start in firsts for p in phrases.get(start, [])]:
            if i in used:
                break
            end = _match_phrase(sent, i, phrase)
            if end is None or any(j in used for j in range(i, end)):
                continue
            head = _span_head(doc, i, end)
            found.append(TriggerMatch(head, i, end, phrase.type, nominal=head.pos_ in _NOUN_POS))
            used.update(range(i, end))
    verbs, reporting, weak = lexicon.verbs, lexicon.reporting_verbs, lexicon.weak_verbs
    verb_tables = [("strong", verbs), ("reporting", reporting), ("weak", weak)]
    noun_tables = [("strong", lexicon.nouns), ("agent", lexicon.agent_nouns), ("weak", lexicon.weak_nouns)]
    for k, tok in enumerate(toks):
        i = first + k
        if i in used:
            continue
        lemma = lemmas[k]
        pos = tok.pos_
        if pos in _VERB_POS:
            if tok.dep_ == "prep":
                continue  # a participle used as a preposition: "beginning next year", "following"
            if not (verbs.get(lemma) or reporting.get(lemma) or weak.get(lemma)):
                continue  # no trigger verb: spare the syntax checks below
            if _phrasal(tok, i + 1) or _aspectual(tok, lexicon.rules.aspectual_verbs):
                continue
            tables = verb_tables
            nominal = False
        elif pos in _NOUN_POS:
            if pos == "PROPN" and tok.ent_type_ in _NOT_TRIGGER_ENTS:
                continue  # a name, or a month ("March") the time tagger left alone
            tables = noun_tables
            nominal = True
        else:
            continue
        for kind, table in tables:
            # Verbs by lemma only ("found" is not "to found"); nouns also by form ("talks", "events").
            etype = table.get(lemma) or (table.get(lowers[k]) if nominal else None)
            if etype:
                etype = sense_type(tok, etype, senses, retypes)
                if etype is not None:
                    found.append(TriggerMatch(tok, i, i + 1, etype, nominal=nominal, kind=kind))
                break
    found.sort(key=lambda m: m.start)
    return found
