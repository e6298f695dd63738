"""Temporal expressions: find them in English text and normalise them to TimeML TIMEX3 values.

    >>> found = tag("Talks were held on Friday, a year after the war.", "2020-08-09")
    >>> [(t.text, t.type, t.value) for t in found]
    [('Friday', 'DATE', '2020-08-07'), ('a year', 'DURATION', 'P1Y')]

The rules (patterns, number words, month names, holidays…) live in ``eventgraph/data/temporal/*.yaml``,
validated against ``schema.json``; the engine here compiles them once per process.
"""

from __future__ import annotations

import functools
from typing import Any

from ..model import TimeValue, Timex
from .rules import RulesError, load_rules
from .tagger import Tagger
from .values import interval, parse_dct, well_formed

__all__ = ["RulesError", "Tagger", "interval", "load_rules", "parse_dct", "tag", "well_formed"]


@functools.cache
def default_tagger() -> Tagger:
    return Tagger(load_rules())


def tag(
    text: str, dct: TimeValue | str | None = None, *, doc: Any = None, narrative: bool = False
) -> list[Timex]:
    """The time expressions in ``text``, sorted by start offset.

    ``dct`` is the document creation time (a :class:`TimeValue` or an ISO string, possibly partial such as
    ``"2021"``); relative expressions resolve against it, never more precisely than it is known. ``doc`` is an
    optional spaCy ``Doc`` of the same text: the tense of the governing verb then decides which way
    "on Friday" points; without it a cheap heuristic does. With ``narrative=True``, anaphoric expressions
    ("the next day", "a year later") resolve against the last explicitly stated date instead of the DCT.

    Offsets are character offsets into ``text`` exactly as given.
    """
    return default_tagger().tag(text, dct, doc=doc, narrative=narrative)
