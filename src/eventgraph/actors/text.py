"""Text normalisation shared by the registry, the gazetteer and the recogniser.

Names are compared in a *folded* form (accents stripped, typographic quotes and dashes made plain, case
kept) so "Erdoğan" finds "Erdogan" and "Lukashenko’s" finds "Lukashenko's", while "Apple" stays distinct
from "apple". Keys use the *normalised* form (folded, lower case, single spaces, no leading "the").
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
    }
)
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Accents off, plain quotes and hyphens; case kept."""
    if text.isascii() and "`" not in text:
        return text  # nothing to fold (the usual case: this runs on every token)
    text = text.translate(_QUOTES)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise(name: str) -> str:
    """The comparison form of a name: folded, lower case, no leading article, no possessive."""
    text = _SPACES.sub(" ", fold(name)).strip().lower()
    text = re.sub(r"^the ", "", text)
    text = re.sub(r"'s?$", "", text)
    return text.strip(" .,;:\"'")


def has_latin(text: str) -> bool:
    if text.isascii():  # every ASCII letter is a Latin one: no Unicode name to look up per character
        return any(ch.isalpha() for ch in text)
    return any("LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


def script_of(text: str) -> str | None:
    """The Unicode script name of the first letter ("LATIN", "CYRILLIC", ...), None if there is none."""
    for ch in text:
        if ch.isalpha():
            return unicodedata.name(ch, "UNKNOWN").split(" ")[0]
    return None
