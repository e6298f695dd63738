"""The trigger lexicon: event types and the lemmas / phrases that signal them, loaded from YAML data files.

The engine knows no trigger words itself; everything lives in ``data/events/triggers.yaml`` (validated
against ``triggers.schema.json``) plus any user files, so users extend the vocabulary without code. That
includes the cue words of the rules deciding whether a trigger is an event at all (``rules:``): modality
cues, reporting verbs, light verbs, generic determiners, non-event senses and the confidence threshold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import yamlio
from ..config import DATA_DIR
from ..datafile import DataFileError, read_data_file

TRIGGERS_FILE = DATA_DIR / "events" / "triggers.yaml"
SCHEMA_FILE = DATA_DIR / "events" / "triggers.schema.json"
WILDCARD = "*"
MAX_GAP = 3  # tokens a "*" in a phrase may stand for


class LexiconError(DataFileError):
    """A lexicon file is missing, unreadable or does not follow the schema; the message names the file."""


@dataclass
class EventType:
    name: str
    label: str = ""
    cameo: str = ""
    related: set[str] = field(default_factory=set)
    part_of: set[str] = field(default_factory=set)


@dataclass
class ModalityCues:
    """Words that make a trigger hypothetical, negated, reported or generic (see :mod:`.modality`)."""

    modals: set[str] = field(default_factory=set)  # auxiliaries: "could", "might"
    future: set[str] = field(default_factory=set)  # future auxiliaries: "will"
    conditional_marks: set[str] = field(default_factory=set)  # "if", "unless"
    intent_verbs: set[str] = field(default_factory=set)  # "plans to invade"
    irrealis_adjectives: set[str] = field(default_factory=set)  # "prepared to agree"
    denial_verbs: set[str] = field(default_factory=set)  # "refused to send"
    report_verbs: set[str] = field(default_factory=set)  # "said that ..." (reported)
    speculation_verbs: set[str] = field(default_factory=set)  # "fears that ..." (hypothetical)
    irrealis_nouns: set[str] = field(default_factory=set)  # "the threat of a takeover"
    nominal_irrealis_verbs: set[str] = field(default_factory=set)  # "threatened sanctions"
    habitual_verbs: set[str] = field(default_factory=set)  # "used to release"
    habitual_adverbs: set[str] = field(default_factory=set)  # "often", "usually"
    presupposing_preps: set[str] = field(default_factory=set)  # "after the elections": it happened
    result_preps: set[str] = field(default_factory=set)  # "did not lead to a crisis": negated with the verb


@dataclass
class Rules:
    """When a trigger is an event at all: the data behind the engine's filters (``rules:`` in the YAML)."""

    min_confidence: float = 0.0
    light_verbs: set[str] = field(default_factory=set)  # "held talks", "issued a statement"
    event_predicates: set[str] = field(default_factory=set)  # "the protests began", "the war ended"
    generic_determiners: set[str] = field(default_factory=set)  # "any crisis", "such statements"
    generic_modifiers: set[str] = field(default_factory=set)  # "endless negotiations"
    collective_nouns: set[str] = field(default_factory=set)  # "a set of statements", "a wave of protests"
    aspectual_verbs: set[str] = field(default_factory=set)  # "began to show": the complement is the event
    senses: dict[str, set[str]] = field(default_factory=dict)  # word -> governors of a non-event sense
    # word -> collocate -> the type of that sense ("fight cancer" is no war)
    retypes: dict[str, dict[str, str]] = field(default_factory=dict)
    modality: ModalityCues = field(default_factory=ModalityCues)


@dataclass(frozen=True)
class Phrase:
    lemmas: tuple[str, ...]  # lower-cased lemmas, WILDCARD for a gap
    type: str


@dataclass
class Lexicon:
    types: dict[str, EventType] = field(default_factory=dict)
    verbs: dict[str, str] = field(default_factory=dict)  # lemma -> type
    nouns: dict[str, str] = field(default_factory=dict)
    weak_verbs: dict[str, str] = field(default_factory=dict)
    weak_nouns: dict[str, str] = field(default_factory=dict)
    reporting_verbs: dict[str, str] = field(default_factory=dict)  # events only if dated and done by someone
    agent_nouns: dict[str, str] = field(default_factory=dict)  # nouns that are events only with a doer
    phrases: dict[str, list[Phrase]] = field(default_factory=dict)  # first lemma -> phrases starting with it
    rules: Rules = field(default_factory=Rules)

    def related(self, a: str, b: str) -> bool:
        """Whether mentions of types ``a`` and ``b`` may describe the same event."""
        if a == b:
            return True
        ta, tb = self.types.get(a), self.types.get(b)
        return bool((ta and b in ta.related) or (tb and a in tb.related))

    def is_part_of(self, detail: str, main: str) -> bool:
        """Whether an event of type ``detail`` is usually a detail of one of type ``main`` (loan ⊂ summit)."""
        t = self.types.get(detail)
        return bool(t and main in t.part_of)


def _read(path: Path) -> tuple[dict, dict[tuple, int]]:
    """The data of one lexicon file and the line map of its YAML (data path → line)."""
    return read_data_file(path, LexiconError, "trigger lexicon", SCHEMA_FILE)


def _norm(word: str) -> str:
    return " ".join(word.lower().split())


def _add(
    table: dict[str, str],
    words: list[str],
    type_name: str,
    path: Path,
    kind: str,
    user: bool,
    lines: dict[tuple, int] | None = None,
    where: tuple = (),
) -> None:
    for i, word in enumerate(words):
        key = _norm(word)
        owner = table.get(key)
        # Within the packaged lexicon a word must mean one type; a user file may deliberately re-type it.
        if owner is not None and owner != type_name and not user:
            raise LexiconError(
                f"{kind} {word!r} is listed under both {owner!r} and {type_name!r}",
                path=path,
                line=yamlio.line_of(lines or {}, (*where, i)),
            )
        table[key] = type_name


def _words(values: list[str]) -> set[str]:
    return {_norm(v) for v in values}


_RULE_LISTS = (
    "light_verbs", "event_predicates", "generic_determiners", "generic_modifiers", "collective_nouns",
    "aspectual_verbs",
)  # fmt: skip


def _add_rules(rules: Rules, spec: dict) -> None:
    """Extend ``rules`` by a file's ``rules:`` section: word lists are added to, numbers replaced."""
    if "min_confidence" in spec:
        rules.min_confidence = float(spec["min_confidence"])
    for key in _RULE_LISTS:
        getattr(rules, key).update(_words(spec.get(key, [])))
    for word, governors in spec.get("senses", {}).items():
        rules.senses.setdefault(_norm(word), set()).update(_words(governors))
    for word, by_type in spec.get("retypes", {}).items():
        for etype, collocates in by_type.items():
            rules.retypes.setdefault(_norm(word), {}).update(dict.fromkeys(_words(collocates), etype))
    cues = rules.modality
    for key, words in spec.get("modality", {}).items():
        getattr(cues, key).update(_words(words))


def load_lexicon(extra_files: list[Path] | None = None) -> Lexicon:
    """The packaged lexicon extended by ``extra_files`` (later files win on conflicts)."""
    lex = Lexicon()
    for i, path in enumerate([TRIGGERS_FILE, *(extra_files or [])]):
        user = i > 0
        data, lines = _read(Path(path))
        _add_rules(lex.rules, data.get("rules", {}))
        for name, spec in data.get("types", {}).items():
            etype = lex.types.setdefault(name, EventType(name))
            etype.label = spec.get("label", etype.label or name)
            etype.cameo = spec.get("cameo", etype.cameo)
            etype.related |= set(spec.get("related", []))
            etype.part_of |= set(spec.get("part_of", []))
            for table, key, kind in (
                (lex.verbs, "verbs", "verb"),
                (lex.nouns, "nouns", "noun"),
                (lex.weak_verbs, "weak_verbs", "weak verb"),
                (lex.weak_nouns, "weak_nouns", "weak noun"),
                (lex.reporting_verbs, "reporting_verbs", "reporting verb"),
                (lex.agent_nouns, "agent_nouns", "agent noun"),
            ):
                where = ("types", name, key)
                _add(table, spec.get(key, []), name, path, kind, user, lines, where)
            for k, text in enumerate(spec.get("phrases", [])):
                lemmas = tuple(_norm(text).split())
                if lemmas[0] == WILDCARD or lemmas[-1] == WILDCARD:
                    raise LexiconError(
                        f"phrase {text!r} may not start or end with {WILDCARD!r}",
                        path=path,
                        line=yamlio.line_of(lines, ("types", name, "phrases", k)),
                    )
                lex.phrases.setdefault(lemmas[0], []).append(Phrase(lemmas, name))
    unknown = {
        (t.name, ref) for t in lex.types.values() for ref in t.related | t.part_of if ref not in lex.types
    }
    if unknown:
        t, ref = sorted(unknown)[0]
        raise LexiconError(f"type {t!r} refers to unknown type {ref!r} (related/part_of)")
    retyped = {(w, t) for w, by in lex.rules.retypes.items() for t in by.values() if t not in lex.types}
    if retyped:
        word, t = sorted(retyped)[0]
        raise LexiconError(f"rules: retypes: {word!r} gives unknown type {t!r}")
    # Longest phrases first, so "special military operation" wins over "military operation".
    for first in lex.phrases:
        lex.phrases[first].sort(key=lambda p: (-len(p.lemmas), p.lemmas))
    return lex
