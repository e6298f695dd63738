"""Evidence: the exact span of a mention and the sentence that proves it, built alike by every stage."""

from __future__ import annotations

from spacy.tokens import Span

from .model import Document, Evidence

# A "sentence" longer than this (a run-on list, a 5,000-word paragraph) is cut to a window around the span.
MAX_SENTENCE_CHARS = 600


def sentence_bounds(sent: Span) -> tuple[int, int]:
    """Start and end of the words of a sentence: surrounding whitespace (and blanked boilerplate) excluded."""
    # Scanned inwards from both ends: only the (few) space tokens at the edges are looked at, not every token.
    doc, lo, hi = sent.doc, sent.start, sent.end - 1
    while lo <= hi and doc[lo].is_space:
        lo += 1
    if lo > hi:
        return sent.start_char, sent.start_char
    while doc[hi].is_space:
        hi -= 1
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def make_evidence(document: Document, start: int, end: int, sent: Span | None) -> Evidence:
    """Evidence for the span [start, end) of ``document``, quoting its sentence with whitespace tidied."""
    s_start, s_end = sentence_bounds(sent) if sent is not None else (start, end)
    s_start, s_end = min(s_start, start), max(s_end, end)
    if s_end - s_start > MAX_SENTENCE_CHARS:
        s_start = max(s_start, start - MAX_SENTENCE_CHARS // 2)
        s_end = min(s_end, max(end, s_start + MAX_SENTENCE_CHARS))
    quote = " ".join(document.text[s_start:s_end].split())
    return Evidence(document.id, start, end, quote, s_start, s_end, document.path)
