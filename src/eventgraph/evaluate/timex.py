"""Score the temporal tagger on TimeML corpora (TempEval-3 Task A) and check the seed corpus.

    python -m eventgraph.evaluate.timex [--timebank DIR] [--seeds-gold FILE] [--json OUT]

Definitions (UzZaman et al. 2013, TempEval-3 Task A): a system timex matches a gold one *strictly* when the
spans are identical and *relaxed* when they overlap (one-to-one). Precision, recall and F1 are computed for
both; for an attribute (type, value) the F1 is the relaxed F1 times the attribute's accuracy over the relaxed
matches. The document creation time (the DCT element) is given to the tagger and is not itself scored.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Timex
from ..temporal import interval, tag

REPO = Path(__file__).resolve().parents[3]
DEFAULT_TIMEBANK = REPO / ".." / "shared" / "eval" / "timebank"
DEFAULT_SEEDS_GOLD = REPO / ".." / "shared" / "eval" / "seeds-gold.json"
DEFAULT_SEEDS = REPO / ".." / "shared" / "seeds"


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None


@dataclass
class TmlDoc:
    name: str
    text: str
    dct: str | None
    gold: list[Gold]


_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'([A-Za-z_:]+)="([^"]*)"')


def parse_tml(path: Path) -> TmlDoc:
    """A TimeML file: the TEXT content with tags removed, its DCT, and the TIMEX3s with offsets into it."""
    raw = path.read_text(encoding="utf-8")
    dct = None
    m = re.search(r"<DCT>\s*<TIMEX3([^>]*)>", raw)
    if m:
        dct = dict(_ATTR.findall(m[1])).get("value")
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    content = body[1] if body else ""
    out: list[str] = []
    pos = 0
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    gold: list[Gold] = []
    for t in _TAG.finditer(content):
        chunk = html.unescape(content[pos : t.start()])
        out.append(chunk)
        length += len(chunk)
        pos = t.end()
        closing, name, attrs = t[1], t[2], t[3]
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(attrs)))
        elif open_timex is not None:
            start, a = open_timex
            text = "".join(out)[start:length]
            gold.append(Gold(start, length, text, a.get("type", ""), a.get("value", ""), a.get("mod")))
            open_timex = None
    out.append(html.unescape(content[pos:]))
    return TmlDoc(path.name, "".join(out), dct, gold)


def load_corpus(root: Path) -> dict[str, list[TmlDoc]]:
    """Sub-corpus name (folder) -> documents, in a stable order."""
    corpora: dict[str, list[TmlDoc]] = {}
    for sub in sorted(p for p in root.iterdir() if p.is_dir()):
        docs = [parse_tml(p) for p in sorted(sub.glob("*.tml"))]
        if docs:
            corpora[sub.name] = docs
    return corpora


@dataclass
class Tally:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0  # equal after canonical_value (notational variants of one value)
    value_exact: int = 0  # equal as strings
    errors: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        for f in ("gold", "system", "strict", "relaxed", "type_ok", "value_ok", "value_exact"):
            setattr(self, f, getattr(self, f) + getattr(other, f))
        self.errors.update(other.errors)
        for k, v in other.examples.items():
            self.examples.setdefault(k, []).extend(v)

    def figures(self) -> dict[str, float | int]:
        def prf(hit_sys: int, hit_gold: int) -> tuple[float, float, float]:
            p = hit_sys / self.system if self.system else 0.0
            r = hit_gold / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        sp, sr, sf = prf(self.strict, self.strict)
        rp, rr, rf = prf(self.relaxed, self.relaxed)
        type_acc = self.type_ok / self.relaxed if self.relaxed else 0.0
        value_acc = self.value_ok / self.relaxed if self.relaxed else 0.0
        return {
            "gold": self.gold,
            "system": self.system,
            "strict_p": sp,
            "strict_r": sr,
            "strict_f1": sf,
            "relaxed_p": rp,
            "relaxed_r": rr,
            "relaxed_f1": rf,
            "type_accuracy": type_acc,
            "type_f1": rf * type_acc,
            "value_accuracy": value_acc,
            "value_f1": rf * value_acc,
            "value_f1_exact_string": rf * (self.value_exact / self.relaxed if self.relaxed else 0.0),
        }


def canonical_value(value: str) -> str:
    """One spelling per TIMEX3 value, so that notational variants of the same value compare equal:
    unknown trailing parts (``1998-XX-XX`` = ``1998``), decades and centuries with or without X
    (``199`` = ``199X``, ``19`` = ``19XX``) and unpadded weeks (``2000-W7`` = ``2000-W07``)."""
    v = value.strip()
    while re.fullmatch(r".+-XX", v) and not v.startswith("XXXX-XX"):
        v = v[:-3]
    if re.fullmatch(r"\d{3}", v):
        v += "X"
    elif re.fullmatch(r"\d{2}", v):
        v += "XX"
    m = re.fullmatch(r"(\d{4})-W(\d)(\b.*)", v)
    if m:
        v = f"{m[1]}-W0{m[2]}{m[3]}"
    return v


def _note(t: Tally, cls: str, example: str, limit: int = 8) -> None:
    t.errors[cls] += 1
    ex = t.examples.setdefault(cls, [])
    if len(ex) < limit:
        ex.append(example)


def _value_error_class(gold: str, system: str) -> str:
    gi, si = interval(gold), interval(system)
    if gold in ("PRESENT_REF", "PAST_REF", "FUTURE_REF") or system in (
        "PRESENT_REF",
        "PAST_REF",
        "FUTURE_REF",
    ):
        return "value: reference word vs date"
    if gold.startswith("P") != system.startswith("P"):
        return "value: duration vs point"
    if gi and si:
        if gi[2] != si[2]:
            return f"value: granularity {gi[2]} vs {si[2]}"
        return (
            "value: same granularity, other period"
            if gi[0] != si[0]
            else "value: same interval, written otherwise"
        )
    return "value: other"


def score_doc(doc: TmlDoc, timexes: Iterable[Timex]) -> Tally:
    t = Tally()
    system = list(timexes)
    t.gold, t.system = len(doc.gold), len(system)
    used: set[int] = set()
    for g in doc.gold:
        # the overlapping system timex with the largest overlap (one-to-one)
        best, best_overlap = None, 0
        for i, s in enumerate(system):
            if i in used:
                continue
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is None:
            _note(t, f"missed {g.type}", f"{g.text!r} ({g.value}) in {doc.name}")
            continue
        used.add(best)
        s = system[best]
        t.relaxed += 1
        if (s.start, s.end) == (g.start, g.end):
            t.strict += 1
        else:
            _note(t, "span differs", f"gold {g.text!r} vs system {s.text!r} in {doc.name}")
        if s.type == g.type:
            t.type_ok += 1
        else:
            _note(t, f"type {g.type} -> {s.type}", f"{g.text!r} ({g.value} vs {s.value}) in {doc.name}")
        t.value_exact += s.value == g.value
        if canonical_value(s.value) == canonical_value(g.value):
            t.value_ok += 1
        else:
            _note(
                t,
                _value_error_class(g.value, s.value),
                f"{g.text!r}: gold {g.value} vs {s.value} in {doc.name}",
            )
    for i, s in enumerate(system):
        if i not in used:
            _note(t, f"spurious {s.type}", f"{s.text!r} ({s.value}) in {doc.name}")
    return t


def evaluate(root: Path) -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}
    overall = Tally()
    for name, docs in load_corpus(root).items():
        sub = Tally()
        for doc in docs:
            sub.add(score_doc(doc, tag(doc.text, doc.dct)))
        tallies[name] = sub
        overall.add(sub)
    tallies["overall"] = overall
    return tallies


# --- the seeds ---------------------------------------------------------------------------------------------


def _contains(outer: str, inner: str) -> bool:
    a, b = interval(outer), interval(inner)
    return bool(a and b and a[0] <= b[0] and b[1] <= a[1])


def check_seeds(gold_file: Path, seeds_dir: Path) -> list[dict]:
    """For every gold event whose date is stated or relative, the time expressions in its evidence must give
    that date: the same value, or a more precise value inside it ("2021-W32" inside "2021-08"). Evidence whose
    only time expressions are durations ("more than a year has passed") is reported as "no date in
    evidence"."""
    meta = {}
    with open(seeds_dir / "metadata.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            meta[row["file"]] = row.get("published") or None
    results = []
    cache: dict[str, tuple[str, list[Timex]]] = {}
    for entry in json.loads(gold_file.read_text(encoding="utf-8")):
        if entry.get("date_basis") not in ("explicit", "relative") or not entry.get("date"):
            continue
        fname = entry["file"]
        if fname not in cache:
            with open(seeds_dir / fname, encoding="utf-8", newline="") as f:
                text = f.read()
            cache[fname] = (text, tag(text, meta.get(fname)))
        text, timexes = cache[fname]
        pos = text.find(entry["evidence"])
        if pos < 0:
            results.append(
                {"id": entry["id"], "status": "evidence not found", "expected": entry["date"], "found": []}
            )
            continue
        end = pos + len(entry["evidence"])
        inside = [t for t in timexes if t.start >= pos and t.end <= end]
        dated = [t for t in inside if t.type in ("DATE", "TIME")]
        expected = [v for v in entry["date"].split("/")]
        found = [f"{t.text!r}={t.value}" for t in inside]
        if not dated:
            status = "no date in evidence"  # the date comes from elsewhere (another sentence, the catalogue)
        elif all(any(t.value == e for t in dated) for e in expected):
            status = "ok"
        elif all(any(_contains(e, t.value) for t in dated) for e in expected):
            status = "ok (more precise)"
        else:
            status = "fail: wrong value"
        results.append({"id": entry["id"], "status": status, "expected": entry["date"], "found": found})
    return results


def _print_report(tallies: dict[str, Tally], seeds: list[dict] | None, top: int = 15) -> None:
    header = (
        f"{'corpus':<10} {'gold':>5} {'sys':>5}  {'strict P/R/F1':<20} {'relaxed P/R/F1':<20} {'type F1':>7} "
        f"{'value F1':>8} {'(exact string)':>14}"
    )
    print(header)
    print("-" * len(header))
    for name, t in tallies.items():
        f = t.figures()
        print(
            f"{name:<10} {f['gold']:>5} {f['system']:>5}  "
            f"{f['strict_p']:.3f}/{f['strict_r']:.3f}/{f['strict_f1']:.3f}  "
            f"{f['relaxed_p']:.3f}/{f['relaxed_r']:.3f}/{f['relaxed_f1']:.3f}  "
            f"{f['type_f1']:>7.3f} {f['value_f1']:>8.3f} {f['value_f1_exact_string']:>14.3f}"
        )
    print("\nMost common error classes (all documents):")
    overall = tallies["overall"]
    for cls, n in overall.errors.most_common(top):
        print(f"  {n:>4}  {cls}")
        for ex in overall.examples.get(cls, [])[:4]:
            print(f"          e.g. {ex}")
    if seeds is not None:
        ok = sum(r["status"].startswith("ok") for r in seeds)
        failed = [r for r in seeds if r["status"].startswith("fail") or r["status"] == "evidence not found"]
        print(
            f"\nSeeds: {ok} ok, {len(failed)} failed, "
            f"{len(seeds) - ok - len(failed)} with no date in the evidence"
        )
        for r in seeds:
            print(
                f"  {r['id']:<8} {r['status']:<24} expected {r['expected']:<10} "
                f"found {', '.join(r['found']) or '-'}"
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m eventgraph.evaluate.timex", description=__doc__.split("\n")[0]
    )
    ap.add_argument(
        "--timebank", type=Path, default=DEFAULT_TIMEBANK, help="folder of sub-corpora of .tml files"
    )
    ap.add_argument(
        "--seeds-gold", type=Path, default=DEFAULT_SEEDS_GOLD, help="seeds-gold.json ('' to skip)"
    )
    ap.add_argument(
        "--seeds", type=Path, default=DEFAULT_SEEDS, help="the seed corpus folder (with metadata.csv)"
    )
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    ap.add_argument("--top", type=int, default=15, help="how many error classes to list")
    args = ap.parse_args(argv)
    if not args.timebank.is_dir():
        print(f"error: no TimeML folder at {args.timebank}", file=sys.stderr)
        return 2
    tallies = evaluate(args.timebank)
    seeds = None
    if str(args.seeds_gold) not in ("", ".") and args.seeds_gold.is_file() and args.seeds.is_dir():
        seeds = check_seeds(args.seeds_gold, args.seeds)
    _print_report(tallies, seeds, args.top)
    if args.json:
        data = {
            "corpora": {k: t.figures() for k, t in tallies.items()},
            "errors": dict(tallies["overall"].errors.most_common()),
            "seeds": seeds,
        }
        tmp = args.json.with_suffix(args.json.suffix + ".tmp")
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
