"""Modality of a trigger: did the event happen (asserted), not happen (negated), might it happen
(hypothetical), does the text only report someone saying so (reported), or does it describe a habit or a
lasting state rather than one occurrence (generic)?

"Lukashenko swore that he would take Russia to court" asserts a threat, not a court case: the court case is
hypothetical (modal "would" under a commissive verb) and the threat is the event. "He persecutes his
opponents" (simple present) and "he used to release prisoners" describe habits, not events.

The cue words (modals, intent verbs, report verbs, ...) are data: ``rules: modality:`` in the trigger
lexicon (:class:`~eventgraph.events.lexicon.ModalityCues`).
"""

from __future__ import annotations

from spacy.tokens import Token

from .lexicon import ModalityCues

CLAUSE_DEPS = {
    "ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "ROOT", "csubj", "pcomp", "parataxis", "acomp",
}  # fmt: skip
# Dependencies through which a clause shares its governor's modality: "tried to integrate", "would sign and
# ratify", "the hope of selling", "will be able to release".
CARRY_DEPS = {"xcomp", "conj", "pcomp", "acomp"}
PRESENT_TAGS = {"VBZ", "VBP"}


def clause_head(tok: Token) -> Token:
    """The verb heading the clause ``tok`` belongs to (``tok`` itself for a verb), or the sentence root."""
    cur, steps = tok, 0
    while cur.pos_ not in {"VERB", "AUX"} and cur.head.i != cur.i and steps < 50:
        cur, steps = cur.head, steps + 1
    return cur


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in tok.children)


def negation_tokens(tok: Token) -> list[Token]:
    """The tokens that negate ``tok`` ("not", "n't", "never", determiner "no")."""
    return [c for c in tok.children if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no")]


def modality(trigger: Token, cues: ModalityCues, headline: bool = False) -> str:
    """One of asserted, negated, hypothetical, reported, generic, judged from the trigger's clause upwards.

    ``headline``: the sentence is a headline, whose simple present tells past events ("Apple unveils …").
    """
    if trigger.pos_ in {"NOUN", "PROPN"}:
        return _nominal(trigger, cues)
    mod = _upward(clause_head(trigger), cues)
    if mod == "asserted" and not headline and _habitual(trigger, cues):
        return "generic"
    return mod


def _nominal(trigger: Token, cues: ModalityCues) -> str:
    """A nominal trigger: its own determiners, the noun or verb governing it, then its clause."""
    if _negated(trigger):
        return "negated"
    if _irrealis_relative(trigger, cues):
        return "hypothetical"  # "the coup they were preparing", "the sanctions it threatened"
    node = trigger
    while node.dep_ == "conj" and node.head.pos_ in {"NOUN", "PROPN"} and node.head.i != node.i:
        node = (
            node.head
        )  # "fear of protests and revolutions": the second conjunct stands where the first does
    prep = node.head.lower_ if node.dep_ == "pobj" else ""
    if prep in {"of", "for"} and _is(node.head.head, cues.irrealis_nouns):
        return "hypothetical"
    governor = node.head.head if node.dep_ == "pobj" else node.head
    if node.dep_ in {"dobj", "pobj", "nsubjpass"} and _is(governor, cues.nominal_irrealis_verbs):
        return "hypothetical"  # "threatened sanctions", "elections are scheduled", "the vote was postponed"
    if node.dep_ in {"nsubj", "nsubjpass"} and _irrealis_predicate(node.head, cues):
        return "hypothetical"  # "a revolution was inevitable"
    if prep in cues.presupposing_preps:
        return "asserted"  # "after the elections" refers to an event whatever the clause says
    if node.dep_ == "pobj":
        # Inside a prepositional phrase the clause's negation is not about this event ("did not save
        # Ukraine from Russian aggression" asserts the aggression), except for a result ("did not lead
        # to a breakdown"), where only the clause's own verb counts ("refused to send observers to the
        # referendum" still asserts the referendum). The clause's irrealis does carry over ("tries to
        # integrate through an association agreement").
        negation = prep in cues.result_preps
        mod = _upward(clause_head(node), cues, negation=negation, climb=False)
        if mod == "asserted" and _upward(clause_head(node), cues, negation=False) == "hypothetical":
            return "hypothetical"
        return mod
    if node.dep_ == "nsubj":  # "the change did not lead to a crisis": the change happened
        return _upward(clause_head(node), cues, negation=False)
    return _upward(clause_head(node), cues)


def _is(tok: Token, words: set[str]) -> bool:
    """The token's lemma or form is one of ``words`` (the lemmatiser misreads some: "slated" → "slat")."""
    return tok.lemma_.lower() in words or tok.lower_ in words


def _irrealis_relative(noun: Token, cues: ModalityCues) -> bool:
    """A relative clause whose verb makes the noun its unreal object: "the coup they were preparing"."""
    verbs = cues.nominal_irrealis_verbs | cues.intent_verbs
    return any(
        c.dep_ == "relcl"
        and c.lemma_.lower() in verbs
        and not any(g.dep_ in {"dobj", "ccomp", "xcomp"} for g in c.children)
        for c in noun.children
    )


def _irrealis_predicate(verb: Token, cues: ModalityCues) -> bool:
    """A copula with an irrealis adjective: "was inevitable", "is likely"."""
    return verb.lemma_.lower() == "be" and any(
        c.dep_ == "acomp" and c.lower_ in cues.irrealis_adjectives for c in verb.children
    )


def _habitual(verb: Token, cues: ModalityCues) -> bool:
    """A verb in the simple present ("he persecutes", "talks are held"), or with a habitual adverb."""
    children = list(verb.children)
    if any(c.dep_ == "advmod" and c.lower_ in cues.habitual_adverbs for c in children):
        return True
    aux = [c for c in children if c.dep_ in {"aux", "auxpass"}]
    if verb.tag_ in PRESENT_TAGS:
        return all(a.lemma_.lower() == "do" for a in aux)  # "does not", "do they": do-support only
    if verb.tag_ == "VBN":  # present passive: "are held", "is introduced"
        return len(aux) == 1 and aux[0].dep_ == "auxpass" and aux[0].tag_ in PRESENT_TAGS
    return False


def _has_object(verb: Token) -> bool:
    return any(c.dep_ == "dobj" for c in verb.children)


def _irrealis_clause(verb: Token, cues: ModalityCues) -> bool:
    """A modal or future auxiliary ("could", "will") or a conditional ("if") on the clause's verb."""
    for c in verb.children:
        if c.dep_ == "aux" and c.lower_ in cues.modals | cues.future:
            return True
        if c.dep_ == "mark" and c.lower_ in cues.conditional_marks:
            return True
    return False


def _attributed(verb: Token) -> bool:
    """The clause is someone's account: "…, according to officials", "a theory according to which …"."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "according":
            return True
        if c.dep_ == "prep" and c.lower_ == "to" and c.i > 0 and c.doc[c.i - 1].lower_ == "according":
            return True
    return False


def _passive_infinitive(verb: Token) -> bool:
    """ "to be released": infinitival "to" and a passive auxiliary."""
    children = list(verb.children)
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in children) and any(
        c.dep_ == "auxpass" for c in children
    )


def _upward(verb: Token, cues: ModalityCues, negation: bool = True, climb: bool = True) -> str:
    if verb.pos_ not in {"VERB", "AUX"}:
        return "asserted"
    if negation and _negated(verb):
        return "negated"
    if _irrealis_clause(verb, cues):
        return "hypothetical"
    if _attributed(verb):
        return "reported"
    if verb.dep_ == "acl" and _passive_infinitive(verb):
        return "hypothetical"  # "the system to be released next year"
    cur, hops = verb, 0
    while climb and cur.dep_ in CLAUSE_DEPS and cur.head.i != cur.i and hops < 6:
        parent = cur.head
        if cur.dep_ == "pcomp" and parent.dep_ == "prep":  # "the hope of selling": the noun counts
            parent = parent.head
        if cur.dep_ in CARRY_DEPS and _irrealis_clause(parent, cues):
            return "hypothetical"  # "will be able to release", "would sign and ratify"
        lemma = parent.lemma_.lower()
        if negation and cur.dep_ in {"xcomp", "acl"} and lemma in cues.denial_verbs:
            return "negated"
        if cur.dep_ in {"xcomp", "acl", "pcomp"} and (
            lemma in cues.intent_verbs or lemma in cues.irrealis_nouns or lemma in cues.irrealis_adjectives
        ):
            return "hypothetical"
        if cur.dep_ == "xcomp" and lemma in cues.habitual_verbs and not _has_object(parent):
            return "generic"  # "used to release", but not "used the occasion to issue threats"
        if cur.dep_ == "ccomp" and lemma in cues.speculation_verbs:
            return "hypothetical"
        if cur.dep_ == "ccomp" and lemma in cues.report_verbs:
            return "reported"
        if cur.dep_ in CARRY_DEPS and _attributed(parent):
            return "reported"  # "according to which the army agreed and arrested him"
        if cur.dep_ not in CARRY_DEPS:
            break
        cur, hops = parent, hops + 1
    return "asserted"
