"""Modality of a trigger: did the event happen (asserted), not happen (negated), might it happen
(hypothetical), or does the text only report someone saying so (reported)?

"Lukashenko swore that he would take Russia to court" asserts a threat, not a court case: the court case is
hypothetical (modal "would" under a commissive verb) and the threat is the event.
"""

from __future__ import annotations

from spacy.tokens import Token

MODALS = {"would", "could", "might", "may", "should", "can", "must", "shall", "ought"}
# Verbs whose infinitival complement has not (yet) happened: "plans to invade", "threatened to impose".
INTENT_VERBS = {
    "want", "plan", "intend", "hope", "seek", "threaten", "promise", "vow", "swear", "prepare", "aim",
    "try", "attempt", "wish", "expect", "propose", "offer", "consider", "mull", "need", "desire", "dream",
    "agree", "pledge", "decide", "like", "tend", "allow", "urge", "ask", "call",
}  # fmt: skip
DENIAL_VERBS = {"refuse", "decline", "deny", "reject", "avoid", "prevent", "stop", "forbid", "oppose"}
REPORT_VERBS = {
    "say", "claim", "report", "allege", "believe", "think", "suggest", "argue", "assert", "insist", "write",
    "tell", "state", "add", "note", "warn", "explain", "accuse", "speculate", "rumor", "rumour", "hint",
}  # fmt: skip
# Nouns that make an "of"-complement hypothetical: "the threat of a takeover", "the prospect of war".
IRREALIS_NOUNS = {
    "threat", "risk", "possibility", "prospect", "fear", "danger", "idea", "plan", "scenario", "chance",
    "likelihood", "hope", "spectre", "specter", "notion", "myth", "theory", "rumour", "rumor", "need",
}  # fmt: skip
# Verbs that make their nominal object unreal: "threatened sanctions", "demanded a referendum".
NOMINAL_IRREALIS_VERBS = {
    "threaten", "promise", "plan", "propose", "demand", "want", "seek", "urge", "call", "fear", "risk",
    "prepare", "pledge", "vow", "consider", "intend", "offer", "request", "ask", "expect", "avoid", "prevent",
    "rule", "discuss", "predict", "warn", "hope",
}  # fmt: skip
RESULT_PREPS = {"to", "into", "toward", "towards"}
CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "ROOT", "csubj", "pcomp", "parataxis"}


def clause_head(tok: Token) -> Token:
    """The verb heading the clause ``tok`` belongs to (``tok`` itself for a verb), or the sentence root."""
    cur, steps = tok, 0
    while cur.pos_ not in {"VERB", "AUX"} and cur.head.i != cur.i and steps < 50:
        cur, steps = cur.head, steps + 1
    return cur


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in tok.children)


def modality(trigger: Token) -> str:
    """One of asserted, negated, hypothetical, reported, judged from the trigger's own clause upwards."""
    # A nominal trigger first: its own determiners and an irrealis noun governing it via "of".
    if trigger.pos_ in {"NOUN", "PROPN"}:
        if _negated(trigger):
            return "negated"
        of = trigger.dep_ == "pobj" and trigger.head.lower_ in {"of", "for"}
        if of and trigger.head.head.lemma_.lower() in IRREALIS_NOUNS:
            return "hypothetical"
        governor = trigger.head.head if trigger.dep_ == "pobj" else trigger.head
        if trigger.dep_ in {"dobj", "pobj"} and governor.lemma_.lower() in NOMINAL_IRREALIS_VERBS:
            return "hypothetical"
        if trigger.dep_ == "pobj":
            # Inside a prepositional phrase the clause's negation is not about this event ("did not save
            # Ukraine from Russian aggression" asserts the aggression), except for a result ("did not lead
            # to a breakdown"), where only the clause's own verb counts ("refused to send observers to the
            # referendum" still asserts the referendum).
            negation = trigger.head.lower_ in RESULT_PREPS
            return _upward(clause_head(trigger), negation=negation, climb=False)
        if trigger.dep_ == "nsubj":  # "the change did not lead to a crisis": the change happened
            return _upward(clause_head(trigger), negation=False)
    return _upward(clause_head(trigger))


def _upward(verb: Token, negation: bool = True, climb: bool = True) -> str:
    if verb.pos_ not in {"VERB", "AUX"}:
        return "asserted"
    if negation and _negated(verb):
        return "negated"
    children = list(verb.children)
    if any(c.dep_ == "aux" and c.lower_ in MODALS for c in children):
        return "hypothetical"
    if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in children):
        return "hypothetical"
    cur, hops = verb, 0
    while climb and cur.dep_ in CLAUSE_DEPS and cur.head.i != cur.i and hops < 6:
        parent = cur.head
        lemma = parent.lemma_.lower()
        if negation and cur.dep_ in {"xcomp", "acl"} and lemma in DENIAL_VERBS:
            return "negated"
        if cur.dep_ in {"xcomp", "acl"} and (lemma in INTENT_VERBS or lemma in IRREALIS_NOUNS):
            return "hypothetical"
        if cur.dep_ == "ccomp" and lemma in REPORT_VERBS:
            return "reported"
        if cur.dep_ not in {"xcomp", "conj"}:
            break
        cur, hops = parent, hops + 1
    return "asserted"
