"""Which way a relative expression points: the tense of the clause it sits in.

"On Friday" in "talks were held on Friday" is the previous Friday; in "talks will be held on Friday" the next
one. With a spaCy ``Doc`` we read the governing verb's tense and auxiliaries; without one, a cheap heuristic
looks for the tense marker nearest to the expression in its sentence.
"""

from __future__ import annotations

import re
from typing import Any, Literal

Tense = Literal["past", "present", "future"]

_FUTURE = (
    r"will|won['’]t|['’]ll|shall|going\s+to|plans?\s+to|planning\s+to|intends?\s+to|expects?\s+to|expected\s+to"
    r"|planned\s+(?:to|an?)\b|planning|scheduled|would|wouldn['’]t|is\s+to|are\s+to|set\s+to|due\s+to|next(?!\s+to\b)|upcoming|coming"
    r"|expect|to\s+be"
    r"|(?:agree[sd]?|decided|promised|pledged|vowed|offered|voted|sought|hopes?|wants?)\s+to"
    r"|(?:agreement|proposal|offer|intention|likely|poised|ready)\s+to(?!\s+(?:the|an?|his|her|its|their)\b)"
)
# "to be" ("to be completed by Dec. 15") and "expect" look ahead, as does what was agreed, decided or promised
# to be done ("agreed to acquire the bank in January": next January).
# Bare "planned" is a past tense or a participle ("the hastily planned trip"); "planned to", "planned a"
# (a rally on Saturday) point ahead;
# "next to" is a place, not a time.
_IRREGULAR_PAST = (
    "was|were|had|did|been|said|told|met|went|came|took|gave|made|saw|began|won|lost|held|left|sent|spoke|fell|rose"
    "|led|got|found|became|knew|thought|brought|paid|sold|bought|struck|ran|wrote|ago|last|earlier|previously"
    "|fought|flew|broke|chose|drove|grew|hung|kept|laid|meant|sat|shot|stood|stole|swore|taught|threw|understood"
    "|wasn['’]t|weren['’]t|didn['’]t|hadn['’]t"
)
# Words ending in -ed that are not past tenses.
_NOT_PAST = {
    "need",
    "united",
    "indeed",
    "speed",
    "feed",
    "seed",
    "bed",
    "red",
    "hundred",
    "proceed",
    "succeed",
    "exceed",
    "shed",
    "deed",
    "breed",
    "greed",
    "naked",
    "sacred",
    "wicked",
    "led",
}
# A present-tense "be": "is expected in December", "are scheduled for Friday" (the participle after it is
# not a past tense).
_PRESENT = r"is|are|am|['’]re"
# Past markers that cannot be a participle after an auxiliary ("will be paid", "is held" can).
_NOT_PARTICIPLE = {
    "was",
    "were",
    "had",
    "did",
    "ago",
    "last",
    "earlier",
    "previously",
    "wasn't",
    "weren't",
    "didn't",
    "hadn't",
    "wasn’t",
    "weren’t",
    "didn’t",
    "hadn’t",
}
_MARKER = re.compile(
    rf"(?P<future>\b(?:{_FUTURE})\b)|(?P<present>\b(?:{_PRESENT})\b)"
    rf"|(?P<past>\b(?:{_IRREGULAR_PAST})\b|\b[a-z]{{3,}}ed\b)",
    re.IGNORECASE,
)
_DETERMINERS = frozenset(
    {"a", "an", "the", "its", "his", "her", "their", "our", "my", "your", "this", "these", "those", "some"}
    | {"any", "no", "every", "each"}
)


def _after_determiner(text: str, lo: int, hi: int) -> bool:
    """Whether text[lo:hi] ends with a determiner, maybe and an adverb ("a still", "the newly")."""
    words = text[lo:hi].split()
    if not words or not text[hi - 1 : hi].isspace():
        return False
    last = words[-1].lower()
    if last in _DETERMINERS:
        return True
    return (
        len(words) >= 2
        and (last in ("still", "yet") or last.endswith("ly"))
        and words[-2].lower() in _DETERMINERS
    )


# Not after a title or "vs." ("Roe vs. Wade", "Mr. Bush"), nor after a single initial ("Richard A. Smith").
# The look-behinds come after the punctuation, so that they are only tried where there is some.
_SENTENCE_END = re.compile(
    r"[.!?](?<!\bvs\.)(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bGen\.)(?<!\bGov\.)"
    r"(?<!\bSen\.)(?<!\bRep\.)(?<!\bLt\.)(?<!\bCol\.)(?<!\bSgt\.)(?<!\bProf\.)(?<!\bNo\.)(?<!\b[A-Z]\.)"
    r"['\"”’)]*\s+(?=[A-Z\"“‘(`])|\n\s*\n"
)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """A cheap sentence around [start, end): punctuation followed by a capital, or a blank line."""
    lo = max(0, start - 400)
    s = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        s = m.end()
    m = _SENTENCE_END.search(text, end, min(len(text), end + 400))
    e = m.start() + 1 if m else min(len(text), end + 400)
    return s, e


def heuristic_tense(text: str, start: int, end: int) -> Tense | None:
    """The tense marker nearest before [start, end) in its sentence (in news the governing verb usually
    precedes: "said Friday", "will leave Thursday"), else the nearest after it, else ``None``."""
    s, e = sentence_bounds(text, start, end)
    before: Tense | None = None
    after: Tense | None = None
    last_end = -100
    last_word = ""
    for m in _MARKER.finditer(text, s, e):
        if start <= m.start() < end:
            continue  # "last" inside "last week" says nothing about the clause
        if m["past"] and m["past"].lower() in _NOT_PAST:
            continue
        if m["past"] and _after_determiner(text, max(s, m.start() - 30), m.start()):
            continue  # "a still unspecified date", "the injured": an adjective, not a past tense
        tense: Tense = "future" if m["future"] else "present" if m["present"] else "past"
        if tense == "future" and m.start() - last_end <= 1 and last_word in ("been", "had"):
            tense = "past"  # "had been scheduled to expire Friday", "had been due": a plan now past
        if m.end() <= start:
            # keep the nearest before; but "will be held", "would have ended", "is expected": a participle
            # right after a future or present auxiliary takes its tense from the auxiliary
            if not (
                before in ("future", "present")
                and tense == "past"
                and m["past"].lower() not in _NOT_PARTICIPLE
                and m.start() - last_end < (12 if before == "future" else 2)
            ):
                before = tense
            last_end, last_word = m.end(), m.group().lower()
        elif after is None:
            after = tense
            break
    return before or after


_FUTURE_AUX = {"will", "'ll", "ll", "shall", "wo", "would", "’ll"}
# Verbs whose object is set for a time ahead of the planning.
_PLANNING = frozenset({"schedule", "plan", "slate"})
# Words whose infinitive complement lies ahead of them: intentions, plans, agreements, likelihoods.
_AHEAD = frozenset(
    {
        *("agree", "decide", "promise", "pledge", "vow", "plan", "intend", "expect", "aim", "hope"),
        *("want", "seek", "vote", "offer", "schedule", "set", "prepare", "threaten", "propose", "ask"),
        *("urge", "order", "agreement", "proposal", "bid", "intention", "decision", "likely", "poised"),
        *("ready", "due", "eager"),
    }
)


def doc_tense(doc: Any, start: int, end: int) -> Tense | None:
    """The tense of the verb governing [start, end) in a parsed spaCy ``Doc``; ``None`` if undecidable."""
    try:
        span = doc.char_span(start, end, alignment_mode="expand")
    except Exception:  # a Doc of another text: fall back to the heuristic
        return None
    if span is None or len(span) == 0:
        return None
    tok = span.root
    for _ in range(12):
        while tok.pos_ not in ("VERB", "AUX"):
            if tok.head.i == tok.i:  # the root, and no verb
                return None
            tok = tok.head
        auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
        words = {a.lower_ for a in auxes}
        if not (tok.tag_ == "VB" and "to" in words and "have" not in words) or tok.head.i == tok.i:
            break
        if tok.head.lemma_.lower() in _AHEAD or (tok.head.lemma_ == "be" and tok.head.tag_ in ("VBZ", "VBP")):
            return "future"  # what is agreed, planned or likely comes after: "agreed to buy it in May"
        tok = tok.head  # a purpose ("staged celebrations to mark the entry on Friday"): the governing verb's
    else:
        return None
    if words & _FUTURE_AUX or ("going" in words and any(c.lower_ == "to" for c in tok.children)):
        return "future"
    if tok.lemma_.lower() in _PLANNING and tok.dep_ != "acl":  # not "a service planned for Saturday"
        return "future"  # "has scheduled a news conference Thursday", "planned a rally on Saturday"
    if tok.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if tok.tag_ == "VBN" and words & {"has", "have", "'ve", "had"}:
        return "past"
    if tok.tag_ in ("VBZ", "VBP") or words & {"is", "are", "am", "do", "does"}:
        return "present"
    return None
