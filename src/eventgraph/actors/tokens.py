"""A token stream for dictionary matching, finer than spaCy's where names hide inside tokens.

spaCy keeps ``U.S.-based`` and ``Putin"s`` as single tokens; matching names needs ``U.S.`` and ``Putin``.
Each spaCy token is split into pieces at hyphens and before a possessive ``'s``/``"s``, keeping character
offsets into the document, and registry aliases are split the same way so both sides agree.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from spacy.tokens import Doc, Token

from .text import fold

_POSSESSIVE = re.compile(r"^(.*\w)([\"'’]s)$")
_PIECE = re.compile(r"-|[^-]+")


class Piece(NamedTuple):
    """One piece; a named tuple, as a frozen data class costs several times more to build (one per word)."""

    text: str  # folded (accents off, plain quotes), case kept
    start: int  # character offsets in the document
    end: int
    token: int  # index of the spaCy token it comes from

    @property
    def lower(self) -> str:
        return self.text.lower()


def split_token(text: str) -> list[tuple[str, int, int]]:
    """Pieces of one token text with offsets relative to the token."""
    out: list[tuple[str, int, int]] = []
    core, suffix = text, ""
    if len(text) > 3 and (m := _POSSESSIVE.match(text)) and m.group(1)[-1].isalpha():
        core, suffix = m.group(1), m.group(2)
    if len(core) > 1 and "-" in core.strip("-"):
        out.extend((m.group(), m.start(), m.end()) for m in _PIECE.finditer(core))
    else:
        out.append((core, 0, len(core)))
    if suffix:
        out.append((suffix, len(core), len(text)))
    return out


@functools.lru_cache(maxsize=65536)
def _folded_pieces(text: str) -> tuple[tuple[str, int, int], ...]:
    """``split_token`` with each piece folded, cached: the same words recur in every document."""
    return tuple((fold(piece), a, b) for piece, a, b in split_token(text))


def pieces_of(sdoc: Doc) -> list[Piece]:
    pieces: list[Piece] = []
    for i, tok in enumerate(sdoc):  # (``i`` counted here: ``tok.i`` is one more call into spaCy per token)
        text = tok.text
        if not text.strip():  # also every space token (whose text is all whitespace)
            continue
        idx = tok.idx
        for piece, a, b in _folded_pieces(text):
            pieces.append(Piece(piece, idx + a, idx + b, i))
    return pieces


def key_of(words: list[str]) -> tuple[str, ...]:
    """The matching key of an already tokenised name (leading "the" dropped: "the Kremlin" = "Kremlin")."""
    out: list[str] = []
    for word in words:
        out.extend(fold(text) for text, _, _ in split_token(word))
    if len(out) > 1 and out[0].lower() == "the":
        out = out[1:]
    return tuple(out)


def token_at(sdoc: Doc, piece: Piece) -> Token:
    return sdoc[piece.token]
