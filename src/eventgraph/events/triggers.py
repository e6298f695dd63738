"""Finding event triggers in a parsed sentence: multi-word phrases first, then single verbs and nouns."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from .lexicon import MAX_GAP, WILDCARD, Lexicon, Phrase

# Proper nouns inside these entities are names, not events ("Security Council", "Forum Theatre").
_NAME_ENTS = {"ORG", "PERSON", "WORK_OF_ART", "PRODUCT", "FAC", "GPE", "LOC", "NORP", "LAW", "LANGUAGE"}
_NOUN_POS = {"NOUN", "PROPN"}
_VERB_POS = {"VERB"}


@dataclass(frozen=True)
class TriggerMatch:
    head: Token  # the syntactic head of the trigger (the token roles and dates attach to)
    start: int  # first token index (doc-level), inclusive
    end: int  # last token index + 1
    type: str
    nominal: bool
    weak: bool = False

    @property
    def text(self) -> str:
        return self.head.doc[self.start : self.end].text


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


def find_triggers(sent: Span, lexicon: Lexicon) -> list[TriggerMatch]:
    """All trigger matches of one sentence, in text order, without overlaps (phrases win over words)."""
    doc = sent.doc
    found: list[TriggerMatch] = []
    used: set[int] = set()
    for tok in sent:
        starts = {_lemma(tok), tok.lower_}
        for phrase in [p for first in sorted(starts) for p in lexicon.phrases.get(first, [])]:
            if tok.i in used:
                break
            end = _match_phrase(sent, tok.i, phrase)
            if end is None or any(j in used for j in range(tok.i, end)):
                continue
            head = _span_head(doc, tok.i, end)
            found.append(TriggerMatch(head, tok.i, end, phrase.type, nominal=head.pos_ in _NOUN_POS))
            used.update(range(tok.i, end))
    for tok in sent:
        if tok.i in used:
            continue
        lemma = _lemma(tok)
        if tok.pos_ in _VERB_POS:
            strong, weak = lexicon.verbs.get(lemma), lexicon.weak_verbs.get(lemma)
            nominal = False
        elif tok.pos_ in _NOUN_POS:
            if tok.pos_ == "PROPN" and tok.ent_type_ in _NAME_ENTS:
                continue
            strong = lexicon.nouns.get(lemma) or lexicon.nouns.get(tok.lower_)
            weak = lexicon.weak_nouns.get(lemma) or lexicon.weak_nouns.get(tok.lower_)
            nominal = True
        else:
            continue
        if strong or weak:
            found.append(
                TriggerMatch(tok, tok.i, tok.i + 1, strong or weak, nominal=nominal, weak=not strong)
            )
    found.sort(key=lambda m: m.start)
    return found
