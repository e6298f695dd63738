"""Knight Lab TimelineJS3 JSON.

TimelineJS fills unknown parts with 1 January, so dates carry only the parts that are known: a year-level
event has ``{"year": 2014}`` and TimelineJS shows "2014". Periods it cannot express (seasons, quarters,
decades) get the year plus a ``display_date``. TimelineJS renders ``headline`` and ``text`` as HTML, so all
corpus text is HTML-escaped here. Undated events cannot be placed and are listed on the title slide.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from .citations import participants_text
from .entries import Entry

_PARTS = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _date_parts(value: str | None) -> dict[str, int] | None:
    if not value:
        return None
    m = _PARTS.match(value[:10])
    if not m:
        return None
    parts = {"year": int(m[1])}
    if m[2]:
        parts["month"] = int(m[2])
    if m[3]:
        parts["day"] = int(m[3])
    return parts


def _start_end(e: Entry) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    value = (e.date or {}).get("value") or ""
    if "/" in value:  # an explicit range: each side at its own precision
        a, _, b = value.partition("/")
        start, end = _date_parts(a), _date_parts(b)
        if start:
            start["display_date"] = e.date_label
        return start, end
    start = _date_parts(value)
    if start is None and e.start:  # a season, quarter, decade: the year is known, nothing finer
        start = {"year": int(e.start[:4])}
        if e.end and e.end > e.start:
            last = date.fromisoformat(e.end[:10]) - timedelta(days=1)
            if last.year != start["year"]:
                return {**start, "display_date": e.date_label}, {"year": last.year}
    if start is None:
        return None, None
    start["display_date"] = e.date_label
    return start, None


def _text(e: Entry) -> str:
    parts = []
    who = participants_text(e)
    if who:
        parts.append(f"<p>{html.escape(who)}</p>")
    flags = e.flag_labels()
    if flags:
        parts.append(f"<p><em>{html.escape('; '.join(flags))}</em></p>")
    for c in e.citations:
        parts.append(f"<blockquote>{html.escape(c.sentence)}<br>— {html.escape(c.label())}</blockquote>")
    return "".join(parts)


def render_timelinejs(entries: Sequence[Entry], *, title: str = "Timeline") -> str:
    events = []
    undated = []
    for e in entries:
        start, end = _start_end(e)
        if start is None:
            undated.append(e)
            continue
        item: dict[str, Any] = {
            "start_date": start,
            "text": {"headline": html.escape(e.title), "text": _text(e)},
            "group": e.type,
            "unique_id": e.id,
        }
        if end:
            item["end_date"] = end
        events.append(item)
    intro = f"{len(events)} dated events."
    if undated:
        intro += " Not placed (no known date): " + "; ".join(html.escape(e.title) for e in undated) + "."
    data = {"title": {"text": {"headline": html.escape(title), "text": f"<p>{intro}</p>"}}, "events": events}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
