"""iCalendar (RFC 5545): an all-day entry for every event known to the day.

Events known only to a month, season or year have no honest place in a calendar; they are listed in the
calendar's description (``X-WR-CALDESC``) instead of being pinned to their first day. ``DTSTAMP`` is
required by the RFC; it is set from the event's own date so that the output stays deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from ..graph import precision_rank
from ..model import PRECISIONS
from .citations import participants_text
from .entries import Entry

_DAY_RANK = precision_rank("day")
_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def ics_escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n")
        .replace("\n", "\\n").replace("\r", "\\n")
    )  # fmt: skip


def fold(line: str) -> list[str]:
    """Split a content line into lines of at most 75 octets, never inside a UTF-8 character."""
    out, current, size = [], "", 0
    limit = 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = " ", 1, 75  # continuation lines start with one space
        current += ch
        size += n
    out.append(current)
    return out


def is_day_event(e: Entry) -> bool:
    """Known to the day (or finer). Without a stated precision, only a YYYY-MM-DD value counts."""
    value = (e.date or {}).get("value") or ""
    if not e.start or "/" in value:
        return False
    if e.precision in PRECISIONS:
        return precision_rank(e.precision) >= _DAY_RANK
    return _DAY_VALUE.match(value) is not None


def calendar_dates(e: Entry) -> tuple[str, str]:
    start = date.fromisoformat(e.start[:10])
    return start.strftime("%Y%m%d"), (start + timedelta(days=1)).strftime("%Y%m%d")


def render_ics(entries: Sequence[Entry], *, title: str = "Timeline") -> str:
    day_events = [e for e in entries if is_day_event(e)]
    others = [e for e in entries if not is_day_event(e)]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//eventgraph//timeline//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{ics_escape(title)}",
    ]
    if others:
        listed = "\n".join(f"{e.date_label}: {e.title}" for e in others)
        note = f"Not in this calendar (date not known to the day):\n{listed}"
        lines.append(f"X-WR-CALDESC:{ics_escape(note)}")
    for e in day_events:
        dstart, dend = calendar_dates(e)
        desc = [f"Type: {e.type}"]
        who = participants_text(e)
        if who:
            desc.append(f"Participants: {who}")
        desc += [f"Note: {f}" for f in e.flag_labels()]
        desc += [f"Source: {c.label()}: “{c.sentence}”" for c in e.citations]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{e.id}@eventgraph",
            f"DTSTAMP:{dstart}T000000Z",
            f"DTSTART;VALUE=DATE:{dstart}",
            f"DTEND;VALUE=DATE:{dend}",
            f"SUMMARY:{ics_escape(e.title)}",
            f"DESCRIPTION:{ics_escape(chr(10).join(desc))}",
            f"CATEGORIES:{ics_escape(e.type)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(f"{part}\r\n" for line in lines for part in fold(line))
