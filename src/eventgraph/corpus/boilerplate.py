"""Mark boilerplate (datelines, teasers, widgets, comment sections, stray UI strings) as skip spans.

The rules live in ``data/corpus/boilerplate.yaml``. The text itself is never changed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from .. import yamlio
from ..model import SkipSpan

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "corpus" / "boilerplate.yaml"


@dataclass(frozen=True)
class _Rule:
    kind: str  # line, block, tail, dateline
    reason: str
    pattern: re.Pattern[str]


@functools.cache
def _rules() -> tuple[tuple[_Rule, ...], int, int]:
    data = yamlio.load(RULES_FILE.read_text(encoding="utf-8"))
    rules = tuple(
        _Rule(r["kind"], r["reason"], re.compile(rf"(?:{r['pattern']})", re.IGNORECASE))
        for r in data["rules"]
    )
    return rules, int(data.get("foreign_script_max_words", 6)), int(data.get("teaser_headline_max_words", 16))


# A dateline opens the article body, so only the first few lines with text are looked at for one.
DATELINE_LINES = 3


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end excluding the line break."""
    spans, pos = [], 0
    for match in re.finditer(r"\r\n|\r|\n", text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    return spans


def _script(ch: str) -> str | None:
    """A coarse script name for a letter (LATIN, CYRILLIC, ARABIC, CJK…), None for non-letters."""
    if not ch.isalpha():
        return None
    try:
        return unicodedata.name(ch).split()[0]
    except ValueError:
        return None


def _dominant_script(text: str) -> str | None:
    sample = text[:20000]
    if sample.isascii():  # the usual case, and every ASCII letter is LATIN
        return "LATIN" if any(ch.isalpha() for ch in sample) else None
    counts: dict[str, int] = {}
    for ch, n in Counter(sample).items():  # each distinct character named once, not every occurrence
        script = _script(ch)
        if script:
            counts[script] = counts.get(script, 0) + n
    return max(counts, key=lambda s: (counts[s], s)) if counts else None


def _is_foreign_ui_string(line: str, dominant: str | None, max_words: int) -> bool:
    if len(line.split()) > max_words or (line.isascii() and dominant == "LATIN"):
        return False  # cheap checks first: this runs on every line of every document
    scripts = {s for s in map(_script, line) if s}
    return bool(scripts) and dominant not in scripts


def _is_headline(line: str, max_words: int) -> bool:
    return 1 < len(line.split()) <= max_words and line[-1] not in '.!?:;,"”’)…' and line[0].isupper()


def _teasers(text: str, lines: list[tuple[int, int]], max_words: int) -> list[SkipSpan]:
    """Headline + blurb cut off with an ellipsis: the related-article lists under many web articles."""
    paragraphs = [(a, b) for a, b in lines if text[a:b].strip()]
    spans = []
    for (h0, h1), (p0, p1) in pairwise(paragraphs):
        blurb = text[p0:p1].strip()
        if blurb.endswith(("...", "…")) and _is_headline(text[h0:h1].strip(), max_words):
            spans.append(SkipSpan(h0, p1, "related"))
    return spans


def _dateline(text: str, start: int, end: int, rules: list[_Rule]) -> SkipSpan | None:
    """The "GENEVA, June 16 (Reuters) - " that opens a wire story, when text follows it on the line.

    Left in, the parser reads the city as the subject of the first sentence.
    """
    lead = start + len(text[start:end]) - len(text[start:end].lstrip())
    for rule in rules:
        m = rule.pattern.match(text, lead, end)
        if m and text[m.end() : end].strip():
            return SkipSpan(lead, m.end(), rule.reason)
    return None


def find_skip_spans(text: str) -> list[SkipSpan]:
    rules, max_words, headline_words = _rules()
    dominant = _dominant_script(text)
    lines = _lines(text)
    spans: list[SkipSpan] = []
    datelines = [r for r in rules if r.kind == "dateline"]
    rules = tuple(r for r in rules if r.kind != "dateline")
    seen = 0  # lines with text so far
    i = 0
    while i < len(lines):
        start, end = lines[i]
        line = text[start:end].strip()
        if not line:
            i += 1
            continue
        seen += 1
        if seen <= DATELINE_LINES and (dateline := _dateline(text, start, end, datelines)):
            spans.append(dateline)
        rule = next((r for r in rules if r.pattern.fullmatch(line)), None)
        if rule is None and len(line) <= 200 and _is_foreign_ui_string(line, dominant, max_words):
            spans.append(SkipSpan(start, end, "foreign-ui-string"))
        elif rule is not None and rule.kind == "tail":
            spans.append(SkipSpan(start, len(text), rule.reason))
            break
        elif rule is not None and rule.kind == "block":
            j = i
            while j + 1 < len(lines) and text[lines[j + 1][0] : lines[j + 1][1]].strip():
                j += 1
            spans.append(SkipSpan(start, lines[j][1], rule.reason))
            i = j
        elif rule is not None:
            spans.append(SkipSpan(start, end, rule.reason))
        i += 1
    return sorted(spans + _teasers(text, lines, headline_words), key=lambda s: (s.start, s.end))
