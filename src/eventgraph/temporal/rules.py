"""Loading the temporal rules (data files), validating them against their schema, compiling them once."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from ..datafile import DataFileError, read_yaml

DATA = Path(str(resources.files("eventgraph") / "data" / "temporal"))


class RulesError(DataFileError):
    """A temporal rules file is missing, malformed, or does not follow the schema."""


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    regex: re.Pattern[str]
    type: str | None = None
    value: str | None = None
    mod: str | None = None
    anaphoric: bool = False
    anchors: tuple[str, ...] = ()
    lookback: int = 40  # how far before an anchor word a match may start


@dataclass
class Rules:
    """Everything the tagger needs: the compiled rules plus the lookup tables behind them."""

    rules: list[Rule]
    vocab: dict[str, Any]
    # lower-cased word (dots removed, whitespace collapsed) -> value, per vocabulary list
    lookup: dict[str, dict[str, Any]] = field(default_factory=dict)
    macros: dict[str, str] = field(default_factory=dict)
    prefilter: re.Pattern[str] | None = None
    part_prefix: re.Pattern[str] | None = None
    approx_prefix: re.Pattern[str] | None = None
    direction_signal: re.Pattern[str] | None = None
    # Where to try each rule: lower-cased word -> indices of the rules it anchors; rules anchored on any
    # number, on a four-digit year-like number, on an apostrophe; rules tried everywhere.
    anchor_index: dict[str, tuple[int, ...]] = field(default_factory=dict)
    digit_rules: tuple[int, ...] = ()
    year_rules: tuple[int, ...] = ()
    apostrophe_rules: tuple[int, ...] = ()
    unanchored: tuple[int, ...] = ()
    # Words a match can begin with (every word of the vocabulary and of the patterns): other words are never
    # tried as the start of a match.
    starters: frozenset[str] = frozenset()


_SPECIAL_ANCHORS = ("digits", "year4", "apostrophe")


def anchor_categories(vocab: dict[str, Any]) -> dict[str, set[str]]:
    """Anchor category -> the (lower-case, single) words that belong to it."""

    def words(keys: Iterable[str]) -> set[str]:
        # the first word as the tagger's tokens see it ("valentine's day" -> "valentine")
        return {re.findall(r"[^\W\d_]+|\d+", key(k))[0] for k in keys if re.search(r"\w", k)}

    cats = {
        "month": words(vocab["months"]),
        "weekday": words(vocab["weekdays"]) | {key(k) + "s" for k in vocab["weekdays"]},
        "season": words(vocab["seasons"]),
        "day_part": words(vocab["day_parts"]),
        "unit": words(vocab["units"]),
        "holiday": words(vocab["holidays"]),
        "number": words(vocab["numbers"]) | words(vocab["vague_numbers"]),
    }
    for name, extra in vocab.get("anchor_words", {}).items():
        cats.setdefault(name, set()).update(words(extra))
    cats["unit"] |= cats.get("extra_units", set())
    return cats


def key(word: str) -> str:
    """How vocabulary words are looked up: lower case, no dots, single spaces, straight apostrophes."""
    return " ".join(word.lower().replace(".", "").replace("’", "'").replace("-", " ").split())


def _alternation(words: Iterable[str], *, dotted: dict[str, Any] | None = None) -> str:
    """A regex alternation of ``words``, longest first so that "sept" wins over "sep". With ``dotted`` (a
    word -> value table), words shorter than the longest one for their value are abbreviations and may carry
    a full stop ("Sept.", "Wed."); full names may not ("April." ends a sentence)."""
    parts = []
    longest: dict[Any, int] = {}
    for w, v in (dotted or {}).items():
        longest[v] = max(longest.get(v, 0), len(w))
    for w in sorted(set(words), key=lambda w: (-len(w), w)):
        rx = r"\s+".join(re.escape(p) for p in w.split())
        rx = rx.replace("'", "['’]")
        if dotted and len(w) < longest[dotted[w]]:
            rx += r"\.?"
        parts.append(rx)
    return "|".join(parts)


def _load_yaml(path: Path, schema: dict[str, Any], what: str) -> dict[str, Any]:
    return _validated(read_yaml(path, RulesError, f"temporal {what} file")[0], schema, what, path)


def _validated(data: Any, schema: dict[str, Any], what: str, path: Path) -> dict[str, Any]:
    try:
        jsonschema.validate(data, {**schema, "$ref": f"#/$defs/{what}"})
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top level)"
        raise RulesError(
            f"temporal {what} file does not follow the schema at {where}: {exc.message}", path=path
        ) from exc
    return data


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in extra.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = {**out[k], **v}
        elif isinstance(v, list) and isinstance(out.get(k), list):
            out[k] = [*out[k], *v]
        else:
            out[k] = v
    return out


def build_macros(vocab: dict[str, Any]) -> dict[str, str]:
    """Regex fragments (without group) for every {name} a pattern may use."""
    numbers = list(vocab["numbers"])
    joinable = [w for w in numbers if " " not in w and w not in ("a", "an")]
    # "a"/"an" count as one only on their own: "a five-hour drive" is five hours, not six
    numword = _alternation(w for w in numbers if w not in ("a", "an"))
    number = (
        r"(?<![\w.,$])(?:\d+(?:[.,]\d+)?(?:\s+\d/\d)?|(?:"
        + _alternation(vocab["vague_numbers"])
        + r")|(?:"
        + numword
        + r")(?:[\s-]+(?:"
        + _alternation(joinable)
        + r"))*|an?\b)"
    )
    return {
        "month": r"\b(?:" + _alternation(vocab["months"], dotted=vocab["months"]) + r")(?![\w])",
        "weekday": r"\b(?:" + _alternation(vocab["weekdays"], dotted=vocab["weekdays"]) + r")(?![\w])",
        "season": r"\b(?:" + _alternation(vocab["seasons"]) + r")(?![\w])",
        "day_part": r"\b(?:" + _alternation(vocab["day_parts"]) + r")(?![\w])",
        "number": number,
        "ordinal": r"\b(?:" + _alternation(vocab["ordinals"]) + r")",
        "unit": r"(?:" + _alternation(vocab["units"]) + r")(?![\w])",
        "pointer": r"\b(?:" + _alternation(vocab["pointers"]) + r")",
        "holiday": r"\b(?:" + _alternation(vocab["holidays"]) + r")(?![\w])",
        "approx": r"\b(?:" + _alternation(vocab["approximators"]) + r")",
        "year": r"(?<![\w$£€#.,:/])(?:(?<=mid-)|(?<=post-)|(?<=pre-)|(?<![A-Za-z]-))"
        r"(?:1\d|20)\d{2}(?![\w%]|[.,:/]\d)",
        "day": r"(?<![\w.,$])(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\w|[.,:]\d)"
        + (
            r"|\b(?:" + _alternation(vocab["day_ordinals"]) + r")(?![\w-])"
            if vocab.get("day_ordinals")
            else ""
        ),
    }


_MACRO = re.compile(r"\{([a-z_]\w*)(?::(\w+))?\}")


def compile_pattern(pattern: str, macros: dict[str, str], rule: str) -> re.Pattern[str]:
    def expand(m: re.Match[str]) -> str:
        name, group = m[1], m[2] or m[1]
        if name not in macros:
            raise RulesError(
                f"temporal rule {rule!r}: unknown list {{{name}}} (known: {', '.join(sorted(macros))})"
            )
        return f"(?P<{group}>{macros[name]})"

    # A literal space in a pattern means "some whitespace" (news text wraps lines anywhere); " ?" means
    # "maybe some whitespace" ("10:35a.m.", "June 9 , 2008" in tokenised text).
    expanded = _MACRO.sub(expand, pattern.replace(" ?", r"\s*").replace(" ", r"\s+"))
    try:
        return re.compile(expanded, re.IGNORECASE)
    except re.error as exc:
        raise RulesError(f"temporal rule {rule!r}: invalid regular expression: {exc}") from exc


def compile_rules(vocab: dict[str, Any], patterns: dict[str, Any]) -> Rules:
    macros = build_macros(vocab)
    rules = []
    for spec in patterns["rules"]:
        rules.append(
            Rule(
                name=spec["name"],
                kind=spec["kind"],
                regex=compile_pattern(spec["pattern"], macros, spec["name"]),
                type=spec.get("type"),
                value=spec.get("value"),
                mod=spec.get("mod"),
                anaphoric=spec.get("anaphoric", False),
                anchors=tuple(spec.get("anchors", ())),
                lookback=spec.get("lookback", 40),
            )
        )
    cats = anchor_categories(vocab)
    starters = set().union(*cats.values())
    for name in ("pointers", "ordinals", "period_parts", "approximators", "vague_numbers", "numbers"):
        starters |= {w for k in vocab[name] for w in key(k).split()}
    for spec in patterns["rules"]:
        starters |= {
            w.lower() for w in re.findall(r"(?<![\\{:?<P])\b[A-Za-z]{2,}\b", _MACRO.sub(" ", spec["pattern"]))
        }
    starters |= {"a"}
    index: dict[str, set[int]] = {}
    special: dict[str, list[int]] = {a: [] for a in _SPECIAL_ANCHORS}
    unanchored = []
    for i, rule in enumerate(rules):
        if not rule.anchors:
            unanchored.append(i)
        for anchor in rule.anchors:
            if anchor in special:
                special[anchor].append(i)
            elif anchor in cats:
                for word in cats[anchor]:
                    index.setdefault(word, set()).add(i)
            else:
                known = ", ".join(sorted([*cats, *_SPECIAL_ANCHORS]))
                raise RulesError(f"temporal rule {rule.name!r}: unknown anchor {anchor!r} (known: {known})")
    lookup = {
        name: {key(k): v for k, v in vocab[name].items()}
        for name in (
            "months",
            "weekdays",
            "seasons",
            "day_parts",
            "numbers",
            "units",
            "pointers",
            "ordinals",
            "period_parts",
            "approximators",
            "holidays",
        )
    }
    lookup["day_ordinals"] = {key(k): v for k, v in vocab.get("day_ordinals", {}).items()}
    lookup["approximate_numbers"] = {key(k): v for k, v in vocab.get("approximate_numbers", {}).items()}
    lookup["direction_signals"] = {key(k): v for k, v in vocab.get("direction_signals", {}).items()}
    parts = _alternation(vocab["period_parts"])
    approx = _alternation(vocab["approximators"])
    return Rules(
        rules=rules,
        vocab=vocab,
        lookup=lookup,
        macros=macros,
        # "early", "the end of", "mid-" just before a date widen it (with a mod).
        part_prefix=re.compile(
            r"(?:^|(?<=[^\w-]))(?:(?P<the>the)\s+(?=early|late|mid|very))?(?P<part>"
            + parts
            + r")(?:\s+|-)(?:the\s+)?$",
            re.IGNORECASE,
        ),
        approx_prefix=re.compile(r"(?:^|(?<=\W))(?P<approx>" + approx + r")\s+$", re.IGNORECASE),
        # "until Tuesday", "effective early March"; not "Until Tuesday, they had…", "not until", "up until"
        direction_signal=re.compile(
            r"(?<![\w-])(?<!not )(?<!up )(?P<signal>"
            + _alternation(vocab["direction_signals"])
            + r")(?:\s+(?:early|late|mid|the\s+end\s+of|the\s+middle\s+of|the\s+beginning\s+of))?[\s-]+$"
        )
        if vocab.get("direction_signals")
        else None,
        anchor_index={w: tuple(sorted(ix)) for w, ix in index.items()},
        digit_rules=tuple(special["digits"]),
        year_rules=tuple(special["year4"]),
        apostrophe_rules=tuple(special["apostrophe"]),
        unanchored=tuple(unanchored),
        starters=frozenset(starters),
    )


def load_rules(extra_files: Sequence[Path | str] = ()) -> Rules:
    """Load the packaged rules plus user files (vocabulary and/or patterns, merged), validated."""
    return _load(tuple(str(p) for p in extra_files))


@functools.cache
def _load(extra_files: tuple[str, ...]) -> Rules:
    try:
        schema = json.loads((DATA / "schema.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise RulesError(f"cannot read the temporal rules schema: {exc}", path=DATA / "schema.json") from exc
    vocab = _load_yaml(DATA / "vocabulary.yaml", schema, "vocabulary")
    patterns = _load_yaml(DATA / "patterns.yaml", schema, "patterns")
    for extra in extra_files:
        path = Path(extra)
        raw = read_yaml(path, RulesError, "temporal rules file")[0] or {}
        if not isinstance(raw, dict):
            raise RulesError("temporal rules file: expected a mapping at the top level", path=path)
        if "rules" in raw:
            # user rules come first so that they win ties against the packaged ones
            patterns = {"rules": [*_validated(raw, schema, "patterns", path)["rules"], *patterns["rules"]]}
        else:
            vocab = _merge(vocab, raw)
            try:
                jsonschema.validate(vocab, {**schema, "$ref": "#/$defs/vocabulary"})
            except jsonschema.ValidationError as exc:
                raise RulesError(f"temporal vocabulary file: {exc.message}", path=path) from exc
    return compile_rules(vocab, patterns)
