"""Is a trigger used as an event? Syntactic signals the event stage weighs before it keeps a mention.

A verb of the lexicon is usually an event; a noun often is not ("freedom of speech", "under threat", "such
statements"). A noun counts when its context makes it one occurrence: someone takes part or does it, a date
or place governs it, it names a catalogue event, or a light verb / event predicate governs it ("held
talks", "the protests began"). Generic noun phrases ("any crisis", "endless negotiations", "such
statements") need a date or the catalogue. The cue words come from ``rules:`` in the trigger lexicon.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .lexicon import Rules
from .triggers import TriggerMatch

_DOER_PREPS = {"by", "from"}
_HEADLINE_END = (".", "!", "?", ":", ";", ",", "\u201d", '"', "'")


def position(noun: Token, rules: Rules) -> Token:
    """The token whose place in the sentence the noun phrase takes: the noun itself, or the collective noun
    it is counted by ("issued a set of statements", "a wave of protests")."""
    prep = noun.head
    if (
        noun.dep_ == "pobj"
        and prep.lower_ == "of"
        and prep.head.i != prep.i
        and prep.head.lemma_.lower() in rules.collective_nouns
    ):
        return prep.head
    return noun


def doer(trigger: TriggerMatch, rules: Rules) -> bool:
    """Whether someone does the nominal event: a possessor ("his threats", "Putin's"), a by/from-phrase, or
    the subject of the verb it is the object of ("Lukashenko issued threats"); pronouns count."""
    for c in [*trigger.head.children, *position(trigger.head, rules).children]:
        if c.dep_ == "poss":
            return True
        if c.dep_ == "prep" and c.lower_ in _DOER_PREPS and any(g.dep_ == "pobj" for g in c.children):
            return True
    head = position(trigger.head, rules)
    if head.dep_ in {"dobj", "attr"} and head.head.pos_ in {"VERB", "AUX"}:
        return _has_subject(head.head)
    return False


def _has_subject(verb: Token) -> bool:
    cur = verb
    for _ in range(4):
        if any(c.dep_ in {"nsubj", "csubj", "agent"} for c in cur.children):
            return True
        if cur.dep_ in {"xcomp", "conj", "advcl"} and cur.head.i != cur.i:
            cur = cur.head
        else:
            return False
    return False


def eventive_context(trigger: TriggerMatch, rules: Rules) -> bool:
    """A light verb governs the noun ("held talks", "gave an interview") or it is the subject of an event
    predicate ("the protests began", "the war broke out")."""
    head = position(trigger.head, rules)
    gov = head.head
    if gov.i == head.i or gov.pos_ not in {"VERB", "AUX"}:
        return False
    lemma = gov.lemma_.lower()
    if head.dep_ in {"dobj", "nsubjpass"} and lemma in rules.light_verbs:
        return True
    return head.dep_ == "nsubj" and lemma in rules.event_predicates


def generic(trigger: TriggerMatch, rules: Rules) -> bool:
    """A non-specific noun phrase: a generic determiner or modifier ("any previous crises", "such
    statements", "endless talks")."""
    head = trigger.head
    children = list(head.children)
    for c in children:
        if trigger.start <= c.i < trigger.end:
            continue  # part of the trigger phrase itself
        low = c.lower_
        if c.dep_ in {"det", "predet", "amod", "advmod"} and low in rules.generic_determiners:
            return True
        if c.dep_ in {"amod", "compound", "advmod"} and low in rules.generic_modifiers:
            return True
    # A generic word on a conjunct counts for the whole coordination: "any protests and revolutions".
    if head.dep_ == "conj" and head.head.pos_ in {"NOUN", "PROPN"}:
        first = head.head
        if any(c.dep_ in {"det", "predet", "amod"} and c.lower_ in rules.generic_determiners
               for c in first.children):  # fmt: skip
            return True
    return False


def headline(sent: Span, title: str | None, sent_text: str | None = None) -> bool:
    """The sentence is the article's headline: it is the title, or the text's first line without final
    punctuation. Headlines tell past events in the simple present ("Apple unveils iPhone 4").

    ``sent_text``: ``sent.text`` when the caller has it already (spaCy joins the tokens anew per call)."""
    text = (sent.text if sent_text is None else sent_text).strip()
    if not text:
        return False
    if title and text == title.strip():
        return True
    doc = sent.doc
    # Only the first text of the document qualifies (text before it, on its line or above, rules it out).
    # Tested on the tokens before the sentence: Doc.text joins every token anew, per sentence quadratic.
    # (The first token settles it for nearly every sentence, without a Span of all the tokens before it.)
    if (sent.start > 0 and not doc[0].is_space) or any(not t.is_space for t in doc[: sent.start]):
        return False
    # The sentence's line: its tokens up to the first line break. Joined token by token and stopped there,
    # not ``doc[sent.start:].text`` (which builds every remaining token of the document for one line).
    parts = []
    for tok in doc[sent.start :]:
        piece = tok.text_with_ws
        cut = piece.find("\n")
        if cut >= 0:
            parts.append(piece[:cut])
            break
        parts.append(piece)
    line = "".join(parts).strip()
    return line == text and not line.endswith(_HEADLINE_END)
