"""Language identification (langdetect, seeded so the result is deterministic).

langdetect costs ~4 ms a document (it samples n-grams until seven random trials converge), more than
reading, hashing and scanning the document together. Plainly English text is recognised first by its
function words, which no other language uses anywhere near as often (they are ≥ 12% of the words of every
English text in the test and evaluation corpora, 0% of German, French, Spanish, Dutch, Russian... news
text); everything else goes to langdetect as before.
"""

from __future__ import annotations

import functools
import re

_WORD = re.compile(r"[^\W\d_]+")
# Frequent English words that are not words (or not frequent ones) in other languages: no "a", "in", "on",
# "is", "die", "was"... which German, Dutch, French or Italian text uses too.
_ENGLISH = frozenset(
    {"the", "of", "and", "to", "that", "for", "with", "said", "by", "from", "it", "his", "he", "has", "have",
     "are", "were", "this", "which", "not", "but", "had", "its", "they", "their", "been", "would", "who"}
)  # fmt: skip
_ENGLISH_MIN_WORDS = 40
_ENGLISH_MIN_SHARE = 0.12


def _plainly_english(text: str) -> bool:
    words = _WORD.findall(text)
    if len(words) < _ENGLISH_MIN_WORDS:
        return False
    english = sum(1 for w in words if w.lower() in _ENGLISH)
    return english >= _ENGLISH_MIN_SHARE * len(words)


@functools.cache
def _detector_factory():
    from langdetect import DetectorFactory

    DetectorFactory.seed = 0
    return DetectorFactory


def detect_language(text: str, sample: int = 3000) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text to tell."""
    sample_text = " ".join(text[:sample].split())
    letters = 0
    for ch in sample_text:  # at least 20 letters (stops counting there)
        letters += ch.isalpha()
        if letters >= 20:
            break
    else:
        return None
    if _plainly_english(sample_text):
        return "en"
    from langdetect import LangDetectException, detect

    _detector_factory()
    try:
        return detect(sample_text)
    except LangDetectException:
        return None
