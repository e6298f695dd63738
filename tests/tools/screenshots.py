"""Screenshots of graph/graph.html and graph/timeline.html for the README (``make screenshots``).

Uses the same headless Chromium setup as the browser tests (no network, Debian's chromium + chromedriver).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from eg_browser import chromium, missing_browser


def main(graph_dir: Path) -> int:
    if reason := missing_browser():
        print(f"cannot take screenshots: {reason}", file=sys.stderr)
        return 1
    with chromium(1400, 900) as driver:
        for page in ("graph", "timeline"):
            driver.get((graph_dir / f"{page}.html").resolve().as_uri())
            time.sleep(3)  # let the layout settle and fonts render
            out = graph_dir / f"{page}.png"
            driver.save_screenshot(str(out))
            print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "graph")))
