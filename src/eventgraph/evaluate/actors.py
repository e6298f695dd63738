"""Score the actor stage against a hand-written gold file (``tests/gold/actors-seeds.json``).

    python -m eventgraph.evaluate.actors [--seeds DIR] [--gold FILE] [--model NAME] [--verbose]

Reports precision and recall of actor nodes (after cross-document resolution) and of mention→actor links,
and kind errors (with "country as person" errors counted apart). Gold mentions are surface forms located
in the text (see the gold file's description), so the gold stays readable and survives re-annotation.

Matching: a system actor matches a gold actor when its canonical name equals the gold name or one of its
aliases (normalised), else when most of its mentions overlap that gold actor's mentions. A system mention
is a correct link when it overlaps a gold mention whose gold actor is the one its system actor matches.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..actors import ActorStage, resolve_actors
from ..actors.text import normalise
from ..config import Config
from ..model import Actor, ActorMention, Document

PRO_ANTI = re.compile(r"(pro|anti|non)-$", re.IGNORECASE)


@dataclass
class GoldMention:
    doc: str  # file name
    start: int
    end: int
    actor: str  # gold actor name


@dataclass
class Scores:
    node_tp: int = 0
    node_sys: int = 0
    node_gold: int = 0
    link_tp_sys: int = 0
    link_sys: int = 0
    link_tp_gold: int = 0
    link_gold: int = 0
    kind_errors: list[str] = field(default_factory=list)
    country_as_person: list[str] = field(default_factory=list)
    false_nodes: list[str] = field(default_factory=list)
    missed_nodes: list[str] = field(default_factory=list)
    missed_links: list[str] = field(default_factory=list)
    wrong_links: list[str] = field(default_factory=list)

    @staticmethod
    def ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    def as_dict(self) -> dict:
        return {
            "nodes": {
                "precision": round(self.ratio(self.node_tp, self.node_sys), 3),
                "recall": round(self.ratio(self.node_tp, self.node_gold), 3),
                "system": self.node_sys,
                "gold": self.node_gold,
                "matched": self.node_tp,
            },
            "links": {
                "precision": round(self.ratio(self.link_tp_sys, self.link_sys), 3),
                "recall": round(self.ratio(self.link_tp_gold, self.link_gold), 3),
                "system": self.link_sys,
                "gold": self.link_gold,
            },
            "kind_errors": len(self.kind_errors),
            "country_as_person_errors": len(self.country_as_person),
        }


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    pattern = re.compile(r"(?<![\w])" + re.escape(needle) + r"(?![\w])")
    return [
        (m.start(), m.end())
        for m in pattern.finditer(text)
        if not PRO_ANTI.search(text[max(0, m.start() - 5) : m.start()])
    ]


def gold_mentions(document: Document, actors: list[dict], name: str) -> list[GoldMention]:
    """Spans of the gold surfaces in one document: longest first, outside skip spans, no overlaps."""
    text = document.text
    skips = [(s.start, s.end) for s in document.skip_spans]
    cands: list[tuple[int, int, str]] = []
    for actor in actors:
        for spec in actor["mentions"]:
            if isinstance(spec, str):
                spans = _occurrences(text, spec)
            else:
                spans = []
                for c0, _c1 in _occurrences(text, spec["context"]):
                    offset = spec["context"].find(spec["text"])
                    spans.append((c0 + offset, c0 + offset + len(spec["text"])))
            cands += [(a, b, actor["name"]) for a, b in spans]
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[GoldMention] = []
    for a, b, actor_name in cands:
        if any(x < b and a < y for x, y in skips):
            continue
        if any(g.start < b and a < g.end for g in taken):
            continue
        taken.append(GoldMention(name, a, b, actor_name))
    return sorted(taken, key=lambda g: g.start)


def score(documents: list[Document], mentions: dict[str, list[ActorMention]], gold: dict) -> Scores:
    actors, key_to_id = resolve_actors(mentions)
    by_id = {a.id: a for a in actors}
    names = {d.id: Path(d.path).name for d in documents}
    gold_docs = gold["documents"]
    # gold actors across documents (one node per name), with kinds and aliases
    gold_nodes: dict[str, dict] = {}
    for actor_list in gold_docs.values():
        for actor in actor_list:
            node = gold_nodes.setdefault(actor["name"], {"kind": actor["kind"], "aliases": set()})
            node["aliases"] |= {normalise(actor["name"]), *(normalise(a) for a in actor.get("aliases", []))}
    gmentions: list[GoldMention] = []
    for doc in documents:
        if names[doc.id] in gold_docs:
            gmentions += gold_mentions(doc, gold_docs[names[doc.id]], names[doc.id])
    scored_docs = {names[d.id] for d in documents if names[d.id] in gold_docs}

    # system mention → (file, start, end, actor id); only documents the gold covers
    smentions = [
        (names[m.evidence.doc], m.evidence.start, m.evidence.end, key_to_id[m.key], m.text)
        for ms in mentions.values()
        for m in ms
        if names[m.evidence.doc] in scored_docs
    ]

    def overlapping(file: str, a: int, b: int) -> list[GoldMention]:
        return [g for g in gmentions if g.doc == file and g.start < b and a < g.end]

    # node matching
    match: dict[str, str] = {}
    for actor in actors:
        if not any(names[e.doc] in scored_docs for e in actor.mentions):
            continue
        norm = normalise(actor.name)
        hit = next((g for g, node in sorted(gold_nodes.items()) if norm in node["aliases"]), None)
        if hit is None:
            votes = Counter(
                g.actor for e in actor.mentions for g in overlapping(names[e.doc], e.start, e.end)
            )
            if votes and votes.most_common(1)[0][1] * 2 > len(actor.mentions):
                hit = votes.most_common(1)[0][0]
        if hit is not None:
            match[actor.id] = hit
    s = Scores()
    in_scope = [a for a in actors if any(names[e.doc] in scored_docs for e in a.mentions)]
    s.node_sys = len(in_scope)
    s.node_gold = len(gold_nodes)
    matched_gold = set(match.values())
    s.node_tp = len({a.id for a in in_scope if a.id in match})
    s.node_tp = min(s.node_tp, len(matched_gold))  # two system nodes for one gold actor: one is a duplicate
    s.false_nodes = sorted(f"{a.name} ({a.kind}) {a.aliases}" for a in in_scope if a.id not in match)
    seen_gold: set[str] = set()
    for a in sorted(in_scope, key=lambda a: -len(a.mentions)):
        if a.id in match:
            if match[a.id] in seen_gold:
                s.false_nodes.append(f"{a.name} ({a.kind}): duplicate node for {match[a.id]!r}")
            seen_gold.add(match[a.id])
    s.missed_nodes = sorted(set(gold_nodes) - matched_gold)
    for a in in_scope:
        if a.id in match:
            gkind = gold_nodes[match[a.id]]["kind"]
            if gkind != a.kind:
                s.kind_errors.append(f"{a.name}: {a.kind}, gold {gkind}")
        if a.kind == "person" and (
            gold_nodes.get(match.get(a.id, ""), {}).get("kind") == "state"
            or normalise(a.name) in {normalise(n) for n in _country_names()}
        ):
            s.country_as_person.append(a.name)
    # links
    s.link_sys = len(smentions)
    s.link_gold = len(gmentions)
    for file, a, b, actor_id, text in smentions:
        ok = any(g.actor == match.get(actor_id) for g in overlapping(file, a, b))
        s.link_tp_sys += ok
        if not ok:
            s.wrong_links.append(f"{file}:{a} {text!r} -> {by_id[actor_id].name}")
    for g in gmentions:
        ok = any(
            f == g.doc and x < g.end and g.start < y and match.get(aid) == g.actor
            for f, x, y, aid, _ in smentions
        )
        s.link_tp_gold += ok
        if not ok:
            s.missed_links.append(f"{g.doc}:{g.start} {g.actor}")
    return s


_COUNTRY_NAMES: list[str] = []


def _country_names() -> list[str]:
    if not _COUNTRY_NAMES:
        from ..actors.gazetteer import load_gazetteer

        for country in load_gazetteer().countries.values():
            _COUNTRY_NAMES.extend(country.names)
    return _COUNTRY_NAMES


def read_documents(folder: Path) -> list[Document]:
    """Documents through the project's corpus stage (metadata, DCT, skip spans); TimeML files (``*.tml``,
    e.g. the Wikinews trial data) as their plain text with the DCT they carry."""
    tml = sorted(folder.glob("*.tml"))
    if tml:
        return [read_timeml(path) for path in tml]
    from ..corpus import read_corpus

    return read_corpus([folder]).documents


_DETOK = [
    (re.compile(r" ([.,;:!?%)\]}])"), r"\1"),
    (re.compile(r"([(\[{$£€]) "), r"\1"),
    (re.compile(r" (['’](s|re|ve|ll|d|m|t)\b|n't\b)"), r"\1"),
    (re.compile(r" - "), "-"),
]


def read_timeml(path: Path) -> Document:
    """The plain text of a TimeML file (one sentence per line, tokens detokenised) and its DCT."""
    import datetime as dt
    import hashlib
    import xml.etree.ElementTree as ET

    from ..model import TimeValue, stable_id

    root = ET.parse(path).getroot()
    lines = []
    for sentence in root.iter("s"):
        line = " ".join("".join(sentence.itertext()).split())
        for pattern, repl in _DETOK:
            line = pattern.sub(repl, line)
        lines.append(line)
    text = "\n".join(lines) + "\n"
    dct = None
    stamp = root.find("DCT/TIMEX3")
    if stamp is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", stamp.get("value", "")):
        day = dt.date.fromisoformat(stamp.get("value"))
        dct = TimeValue(
            day.isoformat(), day.isoformat(), (day + dt.timedelta(days=1)).isoformat(), "day", "metadata"
        )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(
        id=stable_id("doc", digest),
        path=str(path),
        text=text,
        sha256=digest,
        dct=dct,
        published=dct.value if dct else None,
    )


def run(folder: Path, gold_path: Path | None, model: str, verbose: bool) -> dict:
    from .. import nlp

    config = Config(model=model)
    stage = ActorStage(config)
    pipeline = nlp.load(model)
    documents = read_documents(folder)
    mentions = {doc.id: stage.recognize(doc, pipeline(doc.masked_text())) for doc in documents}
    if gold_path is None:
        actors, _ = resolve_actors(mentions)
        return {"documents": len(documents), "actors": [_brief(a) for a in actors]}
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    s = score(documents, mentions, gold)
    report = s.as_dict()
    if verbose:
        report["details"] = {
            "false_nodes": s.false_nodes,
            "missed_nodes": s.missed_nodes,
            "kind_errors": s.kind_errors,
            "country_as_person": s.country_as_person,
            "wrong_links": s.wrong_links,
            "missed_links": s.missed_links,
        }
    return report


def _brief(actor: Actor) -> dict:
    return {
        "name": actor.name,
        "kind": actor.kind,
        "country": actor.country,
        "mentions": len(actor.mentions),
        "aliases": actor.aliases,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eventgraph.evaluate.actors", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--seeds", type=Path, default=Path("seeds"), help="folder of articles (default: seeds)"
    )
    parser.add_argument(
        "--gold",
        type=Path,
        default=Path("tests/gold/actors-seeds.json"),
        help="gold file; 'none' to list the actors found instead of scoring",
    )
    parser.add_argument("--model", default=Config().model, help="spaCy model package")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every error")
    args = parser.parse_args(argv)
    gold = None if str(args.gold).lower() == "none" else args.gold
    if gold is not None and not gold.is_file():
        print(f"error: gold file {gold} not found", file=sys.stderr)
        return 2
    if not args.seeds.is_dir():
        print(f"error: {args.seeds} is not a folder", file=sys.stderr)
        return 2
    print(json.dumps(run(args.seeds, gold, args.model, args.verbose), indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
