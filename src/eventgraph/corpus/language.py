"""Language identification (langdetect, seeded so the result is deterministic)."""

from __future__ import annotations

import functools


@functools.cache
def _detector_factory():
    from langdetect import DetectorFactory

    DetectorFactory.seed = 0
    return DetectorFactory


def detect_language(text: str, sample: int = 3000) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text to tell."""
    sample_text = " ".join(text[:sample].split())
    if sum(ch.isalpha() for ch in sample_text) < 20:
        return None
    from langdetect import LangDetectException, detect

    _detector_factory()
    try:
        return detect(sample_text)
    except LangDetectException:
        return None
