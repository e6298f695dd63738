"""Document creation time (DCT): from metadata, or inferred from the text and flagged as such.

Inference, strongest evidence first:
1. timestamps in the comment section (``20-08-21 17:27``): the article is at most as recent as its first
   comment, so the earliest comment day is used (day precision, inferred);
2. a copyright or credit line in a footer (``© 2021``, ``… News 2021.``): year precision, inferred;
3. the latest year the article itself mentions: a lower bound only (``mod = ON_OR_AFTER``).
"""

from __future__ import annotations

import datetime as dt
import re

from ..model import Document, TimeValue
from .dates import parse_partial_date, year_value

# dd-mm-yy hh:mm, dd.mm.yyyy hh:mm, yyyy-mm-dd hh:mm: the shapes comment widgets print.
_STAMP = re.compile(r"(?<![\d-])(\d{1,4})[-./](\d{1,2})[-./](\d{2,4})(?:,?\s+(?:at\s+)?\d{1,2}:\d{2})")
_FOOTER_YEAR = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*[-–]\s*)?((?:19|20)\d{2})", re.IGNORECASE)
_LINE_END_YEAR = re.compile(r"\b((?:19|20)\d{2})\.?\s*$")
_YEAR = re.compile(r"(?<![\d$€£.,-])((?:19|20)\d{2})(?![\d%,.]\d)")


def _stamp_dates(stamp: re.Match[str]) -> list[dt.date]:
    """Every calendar reading of a numeric stamp; day-first readings come first (most sites use them)."""
    a, b, c = stamp.groups()
    readings = []
    if len(a) == 4:
        readings.append((int(a), int(b), int(c)))
    else:
        year = int(c) if len(c) == 4 else 2000 + int(c)
        readings += [(year, int(b), int(a)), (year, int(a), int(b))]
        if len(c) == 2 and len(a) == 2:
            readings.append((2000 + int(a), int(b), int(c)))
    dates = []
    for y, m, d in readings:
        try:
            dates.append(dt.date(y, m, d))
        except ValueError:
            continue
    return dates


def _from_comment_stamps(doc: Document) -> TimeValue | None:
    sections = [s for s in doc.skip_spans if s.reason == "comments"]
    stamps = [m for s in sections for m in _STAMP.finditer(doc.text, s.start, s.end)]
    if not stamps:
        return None
    # Use the reading under which every stamp is a valid date; day-first wins a tie.
    candidate_lists = [_stamp_dates(m) for m in stamps]
    for reading in range(3):
        dates = [c[reading] for c in candidate_lists if len(c) > reading]
        if len(dates) == len(candidate_lists):
            first = min(dates)
            return TimeValue(
                first.isoformat(),
                first.isoformat(),
                (first + dt.timedelta(days=1)).isoformat(),
                "day",
                "inferred",
                0.6,
            )
    return None


def _from_footer(doc: Document) -> TimeValue | None:
    text = doc.text
    footer_years = [int(m.group(1)) for m in _FOOTER_YEAR.finditer(text)]
    # A credit line at the end of the article body ("RT / Some News 2021.") also dates it.
    body_end = min((s.start for s in doc.skip_spans if s.reason == "comments"), default=len(text))
    last_line = text[:body_end].rstrip().rsplit("\n", 1)[-1]
    if len(last_line) < 80 and (m := _LINE_END_YEAR.search(last_line)):
        footer_years.append(int(m.group(1)))
    return year_value(max(footer_years), "inferred", 0.5) if footer_years else None


def _lower_bound(doc: Document) -> TimeValue | None:
    years = [int(m.group(1)) for a, b in doc.content_spans() for m in _YEAR.finditer(doc.text, a, b)]
    return year_value(max(years), "inferred", 0.2, mod="ON_OR_AFTER") if years else None


def document_creation_time(doc: Document) -> tuple[TimeValue | None, str | None]:
    """The DCT of ``doc`` and, when it could not be taken from metadata, a warning saying why."""
    if doc.published:
        try:
            return parse_partial_date(doc.published), None
        except ValueError as exc:
            reason = f"metadata 'published' ignored: {exc}"
    else:
        reason = "no publication date in metadata"
    for infer in (_from_comment_stamps, _from_footer, _lower_bound):
        if value := infer(doc):
            return value, f"{reason}; date inferred from the text as {value.value}" + (
                " or later" if value.mod == "ON_OR_AFTER" else ""
            )
    return None, f"{reason}; relative dates stay unresolved"
