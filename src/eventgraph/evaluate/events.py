"""Event scorer: recall, dating and precision against ``seeds-gold.json`` and hand judgements, merging of
``same_event_as`` groups, and the Wikinews (SemEval-2015 Task 4 trial) per-entity timeline check.

    python -m eventgraph.evaluate.events [--gold ../shared/eval/seeds-gold.json] [--seeds seeds/]
                                         [--judgements tests/gold/events-seeds-judgements.json]
                                         [--wikinews ../shared/eval/wikinews-trial] [--json] [-v]

Conventions (../shared/eval/README.md): a gold event is found when a system event has a mention whose
sentence overlaps the gold evidence in the same file; its date is right when it equals the gold date at the
gold's granularity (a finer system date is right if it falls inside it).

Precision. The gold lists the events an annotator picked, not every event the texts state, so precision is
measured three ways:
- ``precision_judged``: system mentions are matched (by overlapping trigger span) to hand judgements
  (``tests/gold/events-seeds-judgements.json``: is this mention a real, specific, asserted event? with the
  rule written in the file). An event is right when one of its judged mentions is a valid event, wrong when
  all its judged mentions are not; events with no judged mention are counted as ``unjudged`` (``-v`` lists
  them, so the file can be extended) and left out of the ratio.
- ``precision_gold_trigger``: share of system events with a mention on a gold trigger (a lower bound).
- Wikinews: ``precision_judged`` the same way from ``tests/gold/events-wikinews-judgements.json`` (a random
  sample of events before and after the precision work, judged by the same rule: a domain the rules were
  not written for); and the share of system triggers that the TimeML annotation of the trial articles marks
  as an EVENT (a liberal notion of event — states and reporting count — but independent of this project).
"""

from __future__ import annotations

import argparse
import calendar
import json
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..model import Document, Event, EventMention, TimeValue

DEFAULT_GOLD = Path("../shared/eval/seeds-gold.json")
DEFAULT_WIKINEWS = Path("../shared/eval/wikinews-trial")
DEFAULT_JUDGEMENTS = Path(__file__).resolve().parents[3] / "tests" / "gold" / "events-seeds-judgements.json"
DEFAULT_WIKINEWS_JUDGEMENTS = DEFAULT_JUDGEMENTS.with_name("events-wikinews-judgements.json")


# -- running the pipeline ----------------------------------------------------------------------------------
def run_pipeline(documents: list[Document]) -> list[Event]:
    """corpus → nlp → temporal → actors → events → merge, with the same code ``eventgraph build`` runs."""
    from ..build import merge_results
    from ..config import Config
    from ..extract import Extractor

    extractor = Extractor(Config())
    results = [extractor.extract(doc) for doc in documents]
    for r in results:
        if r.error:
            print(f"warning: {r.document.path}: {r.error.splitlines()[0]}", file=sys.stderr)
    _, events = merge_results(results)
    return events


def read_folder(folder: Path) -> list[Document]:
    from ..corpus import read_corpus

    return read_corpus([folder]).documents


# -- dates -------------------------------------------------------------------------------------------------
def _bounds(text: str) -> tuple[date, date]:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        d = date(*parts)
        return d, date.fromordinal(d.toordinal() + 1)
    if len(parts) == 2:
        y, m = parts
        last = calendar.monthrange(y, m)[1]
        return date(y, m, 1), date.fromordinal(date(y, m, last).toordinal() + 1)
    return date(parts[0], 1, 1), date(parts[0] + 1, 1, 1)


def gold_interval(value: str) -> tuple[str, str]:
    """[start, end) of a gold date: "2020", "2020-08", "2020-08-09" or a range "1989/1991"."""
    first, _, last = value.partition("/")
    start, end = _bounds(first)
    if last:
        end = _bounds(last)[1]
    return start.isoformat(), end.isoformat()


def date_right(system: TimeValue | None, gold: str) -> bool:
    if system is None or not system.start or not system.end:
        return False
    g_start, g_end = gold_interval(gold)
    return g_start <= system.start and system.end <= g_end


# -- the seeds gold ----------------------------------------------------------------------------------------
def _locate(text: str, evidence: str) -> tuple[int, int] | None:
    """Where the gold evidence sits in the text (tolerating whitespace and quote differences)."""
    pos = text.find(evidence)
    if pos >= 0:
        return pos, pos + len(evidence)
    words = [re.escape(w) for w in re.findall(r"\w+", evidence)]
    if not words:
        return None
    m = re.search(r"\W+".join(words), text)
    return (m.start(), m.end()) if m else None


@dataclass
class GoldResult:
    id: str
    date: str | None
    found: bool = False
    event: str | None = None
    system_date: str | None = None
    date_ok: bool | None = None
    title: str = ""


@dataclass
class Judged:
    """Events split by the hand judgements of their mentions."""

    valid: list[str] = field(default_factory=list)  # event ids
    invalid: list[str] = field(default_factory=list)
    unjudged: list[str] = field(default_factory=list)
    valid_dated: int = 0
    invalid_dated: int = 0

    def figures(self) -> dict[str, Any]:
        judged = len(self.valid) + len(self.invalid)
        dated = self.valid_dated + self.invalid_dated
        return {
            "precision_judged": round(len(self.valid) / judged, 3) if judged else None,
            "precision_judged_dated": round(self.valid_dated / dated, 3) if dated else None,
            "judged_events": judged,
            "unjudged_events": len(self.unjudged),
        }


@dataclass
class SeedScore:
    results: list[GoldResult] = field(default_factory=list)
    groups: dict[str, bool] = field(default_factory=dict)
    events: int = 0
    on_gold_trigger: int = 0
    judged: Judged | None = None

    def figures(self) -> dict[str, Any]:
        dated = [r for r in self.results if r.date]
        found = [r for r in dated if r.found]
        right = [r for r in found if r.date_ok]
        precision = dict(self.judged.figures()) if self.judged else {}
        precision["precision_gold_trigger"] = (
            round(self.on_gold_trigger / self.events, 3) if self.events else None
        )
        return {
            "gold_events": len(self.results),
            "dated_gold_events": len(dated),
            "recall_dated": round(len(found) / len(dated), 3) if dated else None,
            "recall_all": round(sum(r.found for r in self.results) / len(self.results), 3)
            if self.results
            else None,
            "date_accuracy": round(len(right) / len(found), 3) if found else None,
            "groups": len(self.groups),
            "groups_merged": sum(self.groups.values()),
            "system_events": self.events,
            **precision,
        }


def _doc_key(doc: Document) -> str:
    return Path(doc.path).name


def score_seeds(gold: list[dict[str, Any]], documents: list[Document], events: list[Event]) -> SeedScore:
    by_file = {_doc_key(d): d for d in documents}
    doc_file = {d.id: _doc_key(d) for d in documents}
    spans: dict[str, tuple[str, int, int, int, int]] = {}  # gold id -> file, evidence span, trigger span
    for g in gold:
        doc = by_file.get(g["file"])
        loc = _locate(doc.text, g["evidence"]) if doc else None
        if doc is None or loc is None:
            continue
        t = doc.text.find(g["trigger"], loc[0], loc[1])
        tspan = (t, t + len(g["trigger"])) if t >= 0 else loc
        spans[g["id"]] = (g["file"], loc[0], loc[1], *tspan)

    def hits(gid: str) -> list[tuple[Event, EventMention]]:
        if gid not in spans:
            return []
        file, s, e, _, _ = spans[gid]
        out = []
        for ev in events:
            for m in ev.mentions:
                if (
                    doc_file.get(m.evidence.doc) == file
                    and m.evidence.sentence_start < e
                    and m.evidence.sentence_end > s
                ):
                    out.append((ev, m))
        return out

    score = SeedScore(events=len(events))
    for g in gold:
        res = GoldResult(g["id"], g.get("date"))
        candidates = hits(g["id"])
        if candidates:
            _, _, _, ts, te = spans[g["id"]]

            def rank(pair: tuple[Event, EventMention], ts: int = ts, te: int = te) -> tuple:
                ev, m = pair
                on_trigger = m.evidence.start < te and m.evidence.end > ts
                return (not on_trigger, ev.date is None, -ev.confidence, ev.id)

            ev, _ = min(candidates, key=rank)
            res.found, res.event, res.title = True, ev.id, ev.title
            res.system_date = ev.date.value if ev.date else None
            res.date_ok = date_right(ev.date, res.date) if res.date else None
        score.results.append(res)
    groups: dict[str, list[str]] = {}
    for g in gold:
        if g.get("same_event_as"):
            groups.setdefault(g["same_event_as"], []).append(g["id"])
    for key, members in groups.items():
        covering = None
        for gid in members:
            nodes = {ev.id for ev, _ in hits(gid)}
            covering = nodes if covering is None else covering & nodes
        score.groups[key] = bool(covering)
    triggers = [(file, ts, te) for file, _, _, ts, te in spans.values()]
    score.on_gold_trigger = sum(
        any(
            doc_file.get(m.evidence.doc) == file and m.evidence.start < te and m.evidence.end > ts
            for m in ev.mentions
            for file, ts, te in triggers
        )
        for ev in events
    )
    return score


# -- hand judgements of system mentions --------------------------------------------------------------------
def load_judgements(path: Path, documents: list[Document]) -> dict[str, list[tuple[int, int, bool]]]:
    """file -> [(start, end, valid)] trigger spans of the judged mentions (located by their context)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    texts = {_doc_key(d): d.text for d in documents}
    out: dict[str, list[tuple[int, int, bool]]] = {}
    for j in data["judgements"]:
        text = texts.get(j["file"])
        loc = _locate(text, j["context"]) if text is not None else None
        if text is None or loc is None:
            print(f"warning: judgement not found in {j['file']}: {j['context']!r}", file=sys.stderr)
            continue
        t = text.find(j["trigger"], loc[0], loc[1])
        start, end = (t, t + len(j["trigger"])) if t >= 0 else loc
        out.setdefault(j["file"], []).append((start, end, bool(j["valid"])))
    return out


def judge_events(
    judgements: dict[str, list[tuple[int, int, bool]]], documents: list[Document], events: list[Event]
) -> tuple[Judged, list[tuple[str, EventMention]]]:
    """Events split into valid / invalid / unjudged, and the unjudged mentions (file, mention)."""
    doc_file = {d.id: _doc_key(d) for d in documents}
    judged, unjudged_mentions = Judged(), []
    for ev in events:
        verdicts = []
        for m in ev.mentions:
            file = doc_file.get(m.evidence.doc, "")
            hits = [v for s, e, v in judgements.get(file, []) if s < m.evidence.end and e > m.evidence.start]
            if hits:
                verdicts.append(any(hits))
            else:
                unjudged_mentions.append((file, m))
        if not verdicts:
            judged.unjudged.append(ev.id)
        elif any(verdicts):
            judged.valid.append(ev.id)
            judged.valid_dated += ev.date is not None
        else:
            judged.invalid.append(ev.id)
            judged.invalid_dated += ev.date is not None
    return judged, unjudged_mentions


# -- Wikinews trial ----------------------------------------------------------------------------------------
@dataclass
class WikinewsDoc:
    document: Document
    sentence_spans: dict[int, tuple[int, int]]
    # Character spans of the tokens the trial's TimeML annotation marks as EVENT (aligned sentences only),
    # and the spans of the sentences that could be aligned.
    timeml_events: list[tuple[int, int]] = field(default_factory=list)
    aligned: list[tuple[int, int]] = field(default_factory=list)


def _timeml_sentences(text: str) -> dict[int, list[tuple[str, bool]]]:
    """sentence number -> [(token, is an EVENT)] from a TimeML file of the trial (space-separated tokens)."""
    out: dict[int, list[tuple[str, bool]]] = {}
    for m in re.finditer(r'<s id="(\d+)">(.*?)</s>', text, re.S):
        inner = re.sub(
            r"<EVENT[^>]*>(.*?)</EVENT>",
            lambda x: " ".join("\x01" + w for w in x.group(1).split()),
            m.group(2),
            flags=re.S,
        )
        inner = re.sub(r"<[^>]+>", " ", inner)
        out[int(m.group(1))] = [(t.lstrip("\x01"), t.startswith("\x01")) for t in inner.split()]
    return out


def read_wikinews(folder: Path) -> dict[str, WikinewsDoc]:
    """Documents rebuilt from the CAT token files (one sentence a line), DCT from the TimeML files."""
    from ..corpus import make_document
    from ..corpus.readers import RawText

    docs: dict[str, WikinewsDoc] = {}
    dcts: dict[str, str] = {}
    timeml: dict[str, dict[int, list[tuple[str, bool]]]] = {}
    for tml in sorted((folder / "timeml").glob("*.tml")):
        content = tml.read_text(encoding="utf-8")
        key = tml.name.split("_")[0].split("-")[0]
        m = re.search(r'functionInDocument="CREATION_TIME"[^>]*value="([^"]+)"', content)
        if m:
            dcts[key] = m.group(1)
        timeml[key] = _timeml_sentences(content)
    for cat in sorted((folder / "cat").glob("*.xml")):
        root = ET.parse(cat).getroot()
        doc_id = root.get("doc_id") or cat.name.split("_")[0].split("-")[0]
        sentences: dict[int, list[str]] = {}
        for tok in root.iter("token"):
            sentences.setdefault(int(tok.get("sentence", "0")), []).append(tok.text or "")
        text, spans, events, aligned = "", {}, [], []
        for n in sorted(sentences):
            line, offsets = detokenize_with_offsets(sentences[n])
            spans[n] = (len(text), len(text) + len(line))
            marks = timeml.get(doc_id, {}).get(n)
            if marks is not None and [t for t, _ in marks] == sentences[n]:
                aligned.append(spans[n])
                events += [
                    (len(text) + a, len(text) + b)
                    for (a, b), (_, ev) in zip(offsets, marks, strict=True)
                    if ev
                ]
            text += line + "\n\n"  # one sentence a paragraph: the CAT files fix the sentence split
        raw = RawText(path=f"{doc_id}.txt", format="txt", text=text)
        meta = {"published": dcts.get(doc_id, ""), "title": " ".join(sentences.get(0, []))}
        document = make_document(raw, meta)
        docs[doc_id] = WikinewsDoc(document, spans, events, aligned)
    return docs


def _entity_words(name: str) -> list[str]:
    return [w for w in re.findall(r"\w+", name.lower()) if w not in {"the"}]


_NO_SPACE_BEFORE = {",", ".", ":", ";", "?", "!", ")", "'s", "n't", "%", "'", "'re", "'ve", "'ll", "'d"}


def detokenize(tokens: list[str]) -> str:
    """Article text back from CAT tokens ("Apple 's" → "Apple's"), so the tagger sees ordinary prose."""
    return detokenize_with_offsets(tokens)[0]


def detokenize_with_offsets(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """:func:`detokenize` and the character span of every token in the result."""
    out, offsets = "", []
    for tok in tokens:
        if out and tok not in _NO_SPACE_BEFORE and not out.endswith(("(", "$", "“")):
            out += " "
        offsets.append((len(out), len(out) + len(tok)))
        out += tok
    return out, offsets


def timeml_agreement(wdocs: dict[str, WikinewsDoc], events: list[Event]) -> dict[str, Any]:
    """How many system triggers (in aligned sentences) the TimeML annotation marks as EVENT, and how many
    of the annotated EVENTs some system trigger covers."""
    by_doc = {w.document.id: w for w in wdocs.values()}
    on_event = total = 0
    covered: set[tuple[str, int]] = set()
    for ev in events:
        for m in ev.mentions:
            w = by_doc.get(m.evidence.doc)
            s, e = m.evidence.start, m.evidence.end
            if w is None or not any(a <= s < b for a, b in w.aligned):
                continue
            total += 1
            hits = [a for a, b in w.timeml_events if a < e and b > s]
            on_event += bool(hits)
            covered.update((m.evidence.doc, a) for a in hits)
    annotated = sum(len(w.timeml_events) for w in wdocs.values())
    return {
        "system_triggers": total,
        "timeml_event_precision": round(on_event / total, 3) if total else None,
        "timeml_event_recall": round(len(covered) / annotated, 3) if annotated else None,
    }


def score_wikinews(folder: Path, wdocs: dict[str, WikinewsDoc], events: list[Event]) -> dict[str, Any]:
    """Per target entity: share of its dated gold timeline entries our timeline for it has, rightly dated."""
    out: dict[str, Any] = {}
    for tl in sorted((folder / "timelines").glob("*.txt")):
        lines = tl.read_text(encoding="utf-8").splitlines()
        entity, entries = lines[0].strip(), [ln.split("\t") for ln in lines[1:] if ln.strip()]
        words = _entity_words(entity)

        def about(ev: Event, words: list[str] = words) -> bool:
            # The actor's timeline: events the entity takes part in (by name), or whose sentence names it.
            names = " ".join(p.name.lower() for p in ev.actors)
            return all(w in names for w in words)

        def in_sentence(ev: Event, m: EventMention, words: list[str] = words) -> bool:
            return about(ev) or all(w in m.evidence.sentence.lower() for w in words)

        dated = [e for e in entries if len(e) >= 3 and not e[1].startswith("XXX")]
        strict = lenient = 0
        for entry in dated:
            gold_date, refs = entry[1], entry[2:]
            hit_strict = hit_lenient = False
            for ref in refs:
                parts = ref.split("-")
                doc_id, sent, word = parts[0], int(parts[1]), "-".join(parts[2:]).replace("_", " ")
                w = wdocs.get(doc_id)
                if w is None or sent not in w.sentence_spans:
                    continue
                s, e = w.sentence_spans[sent]
                for ev in events:
                    if not date_right(ev.date, _gold_value(gold_date)):
                        continue
                    for m in ev.mentions:
                        if m.evidence.doc != w.document.id or not (
                            m.evidence.start < e and m.evidence.end > s
                        ):
                            continue
                        if about(ev) and word.lower().split()[0] in m.trigger.lower():
                            hit_strict = True
                        if in_sentence(ev, m):
                            hit_lenient = True
            strict += hit_strict
            lenient += hit_lenient
        n = len(dated)
        out[entity] = {
            "dated_entries": n,
            "share_actor_trigger": round(strict / n, 3) if n else None,
            "share_sentence": round(lenient / n, 3) if n else None,
        }
    return out


def _gold_value(value: str) -> str:
    # Timeline dates are written at their granularity, padded with XX ("2006-XX-XX").
    return "-".join(p for p in value.split("-") if "X" not in p)


# -- command line ------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m eventgraph.evaluate.events", description=__doc__.split("\n")[0]
    )
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--seeds", type=Path, default=Path("seeds"))
    ap.add_argument("--wikinews", type=Path, default=DEFAULT_WIKINEWS)
    ap.add_argument(
        "--judgements",
        type=Path,
        default=DEFAULT_JUDGEMENTS,
        help="hand judgements of system mentions, for the precision estimate",
    )
    ap.add_argument(
        "--wikinews-judgements",
        type=Path,
        default=DEFAULT_WIKINEWS_JUDGEMENTS,
        help="hand judgements of system mentions on the Wikinews trial articles",
    )
    ap.add_argument("--no-wikinews", action="store_true")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument(
        "-v", "--verbose", action="store_true", help="list every gold event and the system events"
    )
    args = ap.parse_args(argv)

    report: dict[str, Any] = {}
    if args.gold.exists() and args.seeds.exists():
        gold = json.loads(args.gold.read_text(encoding="utf-8"))
        documents = read_folder(args.seeds)
        events = run_pipeline(documents)
        seeds = score_seeds(gold, documents, events)
        unjudged: list[tuple[str, EventMention]] = []
        if args.judgements.exists():
            judgements = load_judgements(args.judgements, documents)
            seeds.judged, unjudged = judge_events(judgements, documents, events)
        report["seeds"] = seeds.figures()
        report["seeds"]["groups_detail"] = seeds.groups
        if args.verbose:
            for file, m in unjudged:
                where = f"{file} {m.evidence.start} [{m.trigger}] {m.type}"
                print(f"UNJUDGED {where}: {m.evidence.sentence[:160]}")
            for r in seeds.results:
                mark = "MISS" if not r.found else ("ok" if r.date_ok or r.date is None else "DATE")
                print(f"{mark:5} {r.id:8} gold={r.date!s:11} sys={r.system_date!s:22} {r.title}")
            for ev in events:
                print(
                    f"  {ev.date.value if ev.date else '-':24} {ev.type:12} {ev.title} [{len(ev.mentions)}]"
                )
    else:
        print(f"skipping seeds: {args.gold} or {args.seeds} not found", file=sys.stderr)
    if not args.no_wikinews and args.wikinews.exists():
        wdocs = read_wikinews(args.wikinews)
        events = run_pipeline([w.document for w in wdocs.values()])
        report["wikinews"] = score_wikinews(args.wikinews, wdocs, events)
        report["wikinews"]["timeml"] = timeml_agreement(wdocs, events)
        if args.wikinews_judgements.exists():
            documents = [w.document for w in wdocs.values()]
            judged, _ = judge_events(load_judgements(args.wikinews_judgements, documents), documents, events)
            report["wikinews"]["judged"] = judged.figures()
    if args.json:
        print(json.dumps(report, indent=2, sort_keys=True))
    else:
        for section, figures in report.items():
            print(f"[{section}]")
            for k, v in figures.items():
                print(f"  {k}: {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
