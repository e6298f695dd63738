"""Benchmark: how long a 5,000-node graph.html takes to become interactive in headless Chromium.

    .venv/bin/python tests/bench/bench_html.py [--nodes 5000] [--runs 3] [--json OUT]

"Interactive" = the page has parsed its data, built the network, drawn the first frame and bound its
handlers (``window.eventgraphReady``), measured with the page's own clock from navigation start. The target
is < 5 s; it is printed, not asserted (the number depends on the machine).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests/ helpers

from eg_browser import chromium, console_errors, missing_browser, requests_made, wait_ready
from eg_sample import synthetic_graph
from eventgraph.outputs.html_graph import write_graph_html

TARGET_S = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    reason = missing_browser()
    if reason:
        print(f"cannot run: {reason}")
        return 2

    t0 = time.perf_counter()
    graph = synthetic_graph(args.nodes)
    t1 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        page = write_graph_html(graph, Path(tmp) / "graph.html")
        t2 = time.perf_counter()
        size = page.stat().st_size
        times = []
        with chromium() as driver:
            for _ in range(args.runs):
                driver.get("about:blank")
                driver.get(page.as_uri())
                wait_ready(driver, timeout=120)
                times.append(driver.execute_script("return performance.now()") / 1000)
            outside = [u for u in requests_made(driver) if not u.startswith(("file://", "about:", "data:"))]
            errors = console_errors(driver)
    result = {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "html_bytes": size,
        "python_render_s": round(t2 - t1, 3),
        "graph_build_s": round(t1 - t0, 3),
        "interactive_s": [round(t, 3) for t in times],
        "interactive_median_s": round(statistics.median(times), 3),
        "target_s": TARGET_S,
        "network_requests": outside,
        "console_errors": errors,
    }
    ok = result["interactive_median_s"] < TARGET_S
    print(
        f"{result['nodes']:,} nodes, {result['edges']:,} edges, {size / 1e6:.1f} MB page "
        f"(rendered in {result['python_render_s']:.2f} s): interactive in "
        f"{result['interactive_median_s']:.2f} s median of {args.runs} "
        f"(target < {TARGET_S:.0f} s: {'met' if ok else 'MISSED'})"
    )
    if outside or errors:
        print(f"requests: {outside}; console errors: {errors}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
