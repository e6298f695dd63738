"""Which capitalised words are ordinary English words ("Turnout", "Brown", "Rice"), from the spaCy model.

The English pipelines' rule lemmatizer ships an index of the lemmas it knows for each part of speech
(WordNet's nouns, verbs, adjectives and adverbs); with the model's stop words that is a general lexicon of
common words, with no list of our own. WordNet also holds some famous proper names ("putin", "nixon"), so
a word in it is only *possibly* common: callers ask for other evidence (NER, context) before reading it as
a name, never drop a name on this alone.

The lexicon is read once per process from the model the build uses; a model without the table gives
None, and callers then fall back to their stricter rules.
"""

from __future__ import annotations

import functools

# Inflections stripped to find the lemma of a capitalised word ("Gates" -> "gate", "Jobs" -> "job").
_SUFFIXES = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))


@functools.cache
def model_lexicon(model: str) -> frozenset[str] | None:
    """Lower-case common words of the installed spaCy pipeline ``model``; None if it has no lemma index."""
    from ..nlp import ModelNotFound, load

    try:
        nlp = load(model)
    except (ModelNotFound, OSError, ValueError):
        return None
    return lexicon_of(nlp)


def lexicon_of(nlp) -> frozenset[str] | None:
    """The common words of a loaded pipeline (its lemmatizer's ``lemma_index`` plus its stop words)."""
    if "lemmatizer" not in nlp.component_names:
        return None
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return None
    words: set[str] = set()
    for lemmas in lookups.get_table("lemma_index").values():
        words.update(w for w in lemmas if w.isalpha())
    if not words:
        return None
    return frozenset(words | {w.lower() for w in nlp.Defaults.stop_words})


class CommonWords:
    """``word in common`` → whether a word (any case, possibly inflected) is an ordinary English word.

    With a ``model`` name the lexicon is that pipeline's (loaded when first needed: it is the pipeline the
    build already loaded); ``words`` gives a fixed lexicon instead. ``known`` tells whether there is one.
    :meth:`lowered_is_common` asks the model itself how it reads a sentence-initial word written in lower
    case: "turnout was low" → a noun, "nixon resigned" → still a proper noun.
    """

    def __init__(self, model: str | None = None, words: frozenset[str] | None = None) -> None:
        self.model = model
        self._given = words

    @property
    def words(self) -> frozenset[str] | None:
        return model_lexicon(self.model) if self.model else self._given

    @property
    def known(self) -> bool:
        return self.words is not None

    def __contains__(self, word: str) -> bool:
        words = self.words
        if not words:
            return False
        low = word.lower()
        if low in words:
            return True
        return any(
            low.endswith(suffix) and len(low) - len(suffix) >= 3 and low[: -len(suffix)] + repl in words
            for suffix, repl in _SUFFIXES
        )

    def lowered_is_common(self, sentence: str, start: int, end: int) -> bool | None:
        """Whether the model, reading ``sentence`` with the word at [start, end) in lower case, takes it
        for a common word (not a proper noun, in no PERSON or ORG entity); None without a model."""
        if not self.model:
            return None
        from ..nlp import ModelNotFound, load

        try:
            nlp = load(self.model)
        except (ModelNotFound, OSError, ValueError):
            return None
        text = sentence[:start] + sentence[start:end].lower() + sentence[end:]
        doc = nlp(text)
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        tok = span[0]
        return tok.pos_ not in ("PROPN", "X") and tok.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE")
