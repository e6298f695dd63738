"""graph.html and timeline.html in a real headless Chromium, from file://, with the network blocked.

Run with ``pytest -m browser``; needs Debian's ``chromium`` and ``chromium-driver`` (skipped otherwise).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eg_browser import (
    CANVAS_HASH,
    COUNT_INK,
    chromium,
    console_errors,
    missing_browser,
    requests_made,
    wait_ready,
)
from eg_sample import sample
from eventgraph.graph import build_graph
from eventgraph.outputs.pages import write_outputs

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

_MISSING = missing_browser()
if _MISSING:
    print(f"skipping browser tests: {_MISSING}")  # visible with -s / in CI logs, as well as in -ra
    pytestmark.append(pytest.mark.skip(reason=_MISSING))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    docs, actors, events = sample()
    write_outputs(build_graph(docs, actors, events), docs, actors, events, out)
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as driver:  # one browser for the module: the machine is small and shared
        yield driver


def _open(browser: Any, path: Path) -> None:
    browser.get(path.as_uri())
    wait_ready(browser)


def _assert_clean(browser: Any) -> None:
    requests = [u for u in requests_made(browser) if not u.startswith(("file://", "data:", "about:"))]
    assert requests == [], f"the page asked the network for {requests}"
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })"
    )
    assert [r for r in resources if not r.startswith(("file://", "data:"))] == []
    assert console_errors(browser) == []
    assert browser.execute_script("return [window.pwned === undefined, window.__dialogs]") == [True, []]


def _settle(browser: Any, condition: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if browser.execute_script(f"return !!({condition})"):
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {condition}")


def test_graph_page(browser: Any, site: Path, tmp_path: Path) -> None:
    _open(browser, site / "graph.html")
    _assert_clean(browser)
    assert browser.execute_script(COUNT_INK) > 500, "the canvas is blank"
    browser.save_screenshot(str(tmp_path / "graph.png"))
    total = int(browser.execute_script("return document.body.dataset.visible"))
    nodes = browser.execute_script("return JSON.parse(document.getElementById('eg-nodes').textContent)")
    unlinked = [n for n in nodes if n.get("unlinked")]
    assert unlinked, "the sample has actors in no event"
    assert total == len(nodes) - len(unlinked)  # those wait behind a checkbox
    legend_sum = "return Array.from(document.querySelectorAll('#legend .count'), c => +c.textContent)"
    legend_sum += ".reduce((a, b) => a + b, 0)"
    assert browser.execute_script(legend_sum) == total  # the legend counts what is on show
    browser.find_element("id", "show-unlinked").click()
    _settle(browser, f"+document.body.dataset.visible === {len(nodes)}")
    assert browser.execute_script(legend_sum) == len(nodes)
    browser.find_element("id", "show-unlinked").click()
    _settle(browser, f"+document.body.dataset.visible === {total}")
    # Corpus text in the legend/actor list is text, not markup.
    options = browser.execute_script(
        "return Array.from(document.querySelectorAll('#actor option'), o => o.text)"
    )
    assert any("<img src=x onerror=alert(1)>" in o for o in options)
    assert browser.execute_script("return document.querySelectorAll('img').length") == 0

    # Search changes what is shown: matches listed and highlighted, the rest veiled.
    before = browser.execute_script(CANVAS_HASH)
    box = browser.find_element("id", "q")
    box.send_keys("sochi")
    _settle(browser, "document.body.dataset.matches === '2'")
    assert "2 matches" in browser.find_element("id", "status").text
    assert browser.execute_script(CANVAS_HASH) != before
    results = [li.text for li in browser.find_elements("css selector", "#results li")]
    assert results == ["Sochi", "Sochi meeting (14 Sep 2020)"]

    # Hovering/clicking a hostile node shows its text as text.
    browser.execute_script("window.eventgraph.select(arguments[0])", _node_id(browser, "Attack"))
    details = browser.find_element("id", "details").text
    assert "<img src=x onerror=alert(1)>" in details and "</script><script>window.pwned=1</script>" in details
    _assert_clean(browser)

    # A date filter changes what is shown.
    browser.find_element("id", "reset").click()
    browser.find_element("id", "from").send_keys("2020-09")
    _settle(browser, f"+document.body.dataset.visible < {total}")
    visible = int(browser.execute_script("return document.body.dataset.visible"))
    assert 0 < visible < total
    assert "Showing" in browser.find_element("id", "status").text

    # Clicking an actor lists its events in chronological order.
    browser.find_element("id", "reset").click()
    browser.execute_script(
        "window.eventgraph.select(arguments[0])", _node_id(browser, "Alexander Lukashenko")
    )
    listed = [li.text for li in browser.find_elements("css selector", "#details ol.chron li")]
    # "c. 2006" once graph nodes carry the date's mod (date_mod); "2006" until then.
    assert listed[0].endswith("2006Union treaty talks")
    assert listed[1:] == ["9 Aug 2020Presidential election in Belarus", "14 Sep 2020Sochi meeting"]
    _assert_clean(browser)


def _node_id(browser: Any, name_start: str) -> str:
    return browser.execute_script(
        "var q = arguments[0]; return JSON.parse(document.getElementById('eg-nodes').textContent)"
        ".filter(function (n) { return n.name.indexOf(q) === 0; })[0].id",
        name_start,
    )


def test_timeline_page(browser: Any, site: Path) -> None:
    _open(browser, site / "timeline.html")
    _assert_clean(browser)
    total = int(browser.execute_script("return document.body.dataset.shown"))
    assert total == 10
    titles = browser.execute_script(
        "return Array.from(document.querySelectorAll('li.entry .title'), e => e.textContent)"
    )
    assert any("<img src=x onerror=alert(1)>" in t for t in titles)

    browser.find_element("id", "f-from").send_keys("2020-09")
    _settle(browser, "document.body.dataset.shown === '3'")
    shown = browser.execute_script(
        "return Array.from(document.querySelectorAll('li.entry:not([hidden]) .title'), e => e.textContent)"
    )
    # Same semantics as `eventgraph timeline --from 2020-09`: overlapping periods stay, undated ones go.
    assert shown == ["Loan agreement", "Sochi meeting", '=HYPERLINK("http://evil.example","x")']
    assert "Showing 3 of 10" in browser.find_element("id", "status").text

    browser.find_element("id", "f-reset").click()
    browser.find_element("id", "f-text").send_keys("sochi")
    _settle(browser, "document.body.dataset.shown === '1'")
    browser.find_element("id", "f-from").send_keys("bad date")
    _settle(browser, "document.getElementById('status').className === 'error'")
    _assert_clean(browser)
