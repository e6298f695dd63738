"""Headless Chromium for the page tests and the benchmark: Debian's chromium + chromedriver, no downloads.

The browser runs with every network path closed (hosts resolve to nothing, a dead proxy, CDP blocking of
http/https/ws), and records every request it sees so a test can assert that a page made none.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("EVENTGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("EVENTGRAPH_CHROMEDRIVER", "/usr/bin/chromedriver")
# Runs before any page script: records alert()/confirm()/prompt() calls instead of blocking on a dialog.
_TRAP = """
window.__dialogs = [];
['alert', 'confirm', 'prompt'].forEach(function (name) {
  window[name] = function (msg) { window.__dialogs.push(name + ':' + msg); };
});
"""
# Counts canvas pixels that are not (near-)white, sampling every 4th pixel: "is anything drawn?".
COUNT_INK = """
var c = document.querySelector('#graph canvas');
if (!c) return -1;
var ctx = c.getContext('2d'), d = ctx.getImageData(0, 0, c.width, c.height).data, n = 0;
for (var i = 0; i < d.length; i += 16) {
  if (d[i + 3] > 0 && (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235)) n++;
}
return n;
"""
CANVAS_HASH = """
var c = document.querySelector('#graph canvas');
var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
var h = 0;
for (var i = 0; i < d.length; i += 4) { h = (h * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2]) | 0; }
return h;
"""


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    for path, pkg in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not (Path(path).is_file() and os.access(path, os.X_OK)):
            return f"{path} not found: apt-get install -y {pkg}"
    return None


@contextmanager
def chromium(width: int = 1400, height: int = 900) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="eg-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in (
        "--headless=new", "--no-sandbox", "--disable-background-networking", "--disable-gpu",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        "--disable-extensions", "--disable-default-apps", "--mute-audio", "--no-default-browser-check",
        f"--user-data-dir={profile}", f"--window-size={width},{height}",
        # Belt and braces: nothing resolves, and everything that would go out goes to a dead proxy.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost", "--proxy-server=http://127.0.0.1:9",
    ):  # fmt: skip
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=opts, service=Service(executable_path=CHROMEDRIVER))
    try:
        driver.set_page_load_timeout(60)
        driver.set_script_timeout(60)
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd(
            "Network.setBlockedURLs", {"urls": ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]}
        )
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _TRAP})
        driver.get("about:blank")
        driver.get_log("performance")  # drop the browser's own start-up requests (its new-tab page)
        driver.get_log("browser")
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def requests_made(driver: Any) -> list[str]:
    """Every URL the browser asked for since the last call (from the CDP Network domain log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def console_errors(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def wait_ready(driver: Any, timeout: float = 30) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout, poll_frequency=0.05).until(
        lambda d: d.execute_script("return window.eventgraphReady === true")
    )
