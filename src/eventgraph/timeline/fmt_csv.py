"""CSV: one row per event for spreadsheets, with a guard against formula injection from corpus text."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from .entries import Entry

COLUMNS = [
    "date", "date_start", "date_end", "precision", "date_source", "flags", "title", "type", "participants",
    "places", "confidence", "sources", "quotes", "id",
]  # fmt: skip


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A cell starting with = + - @ (or tab/CR) is a formula in Excel/LibreOffice; an article must not be
    # able to plant one. The quote prefix is the OWASP-recommended neutraliser.
    if text and text[0] in "=+-@\t\r":
        text = "'" + text
    return text


def render_csv(entries: Sequence[Entry]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for e in entries:
        row = [
            e.date_label,
            e.start or "",
            e.end or "",
            e.precision or "",
            e.date_source or "",
            "; ".join(e.flags),
            e.title,
            e.type,
            "; ".join(f"{p['name']} ({p['role']})" for p in e.participants),
            "; ".join(p.get("name", "") for p in e.places),
            f"{e.confidence:.2f}",
            "; ".join(c.label() for c in e.citations),
            " | ".join(c.sentence for c in e.citations),
            e.id,
        ]
        writer.writerow([_cell(v) for v in row])
    return buf.getvalue()
