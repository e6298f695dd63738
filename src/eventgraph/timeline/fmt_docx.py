"""Word briefing (python-docx): a heading, a table (date | event | participants | sources), numbered notes.

python-docx has no API for real footnotes, so citations are numbered endnotes under "Sources", referenced
as [1], [2] in the table. The .docx zip is rewritten with fixed timestamps so the same timeline gives the
same bytes (python-docx stamps every zip member with the current time).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from .citations import number_citations, participants_text
from .entries import Entry

_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold; carries no information


def _normalise_zip(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _clean(text: str) -> str:
    # XML 1.0 forbids most control characters; python-docx raises on them. Corpus text may contain them.
    return "".join(ch for ch in text if ch in "\t\n" or ord(ch) >= 0x20)


def render_docx(entries: Sequence[Entry], *, title: str = "Timeline") -> bytes:
    from docx import Document as WordDocument  # imported here: only this format needs python-docx
    from docx.shared import Pt

    refs, notes, omitted = number_citations(entries)
    doc = WordDocument()
    props = doc.core_properties
    props.title = _clean(title)
    props.author = "eventgraph"
    props.last_modified_by = "eventgraph"
    props.comments = ""
    doc.add_heading(_clean(title), level=1)
    doc.add_paragraph(
        f"{len(entries)} events, in chronological order. Numbers in brackets refer to the sources."
    )

    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Date", "Event", "Participants", "Sources"), strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for entry, nums, more in zip(entries, refs, omitted, strict=True):
        cells = table.add_row().cells
        cells[0].text = _clean(entry.date_label + (" (period)" if entry.band else ""))
        para = cells[1].paragraphs[0]
        para.add_run(_clean(entry.title)).bold = True
        para.add_run(_clean(f" ({entry.type})"))
        for flag in entry.flag_labels():
            note = cells[1].add_paragraph()
            run = note.add_run(_clean(f"⚑ {flag}"))
            run.italic = True
            run.font.size = Pt(8)
        if entry.conflicts:
            extra = cells[1].add_paragraph()
            others = "; ".join(c["label"] for c in entry.conflicts)
            extra.add_run(_clean(f"Other dates given: {others}")).font.size = Pt(8)
        cells[2].text = _clean(participants_text(entry))
        cells[3].text = " ".join(f"[{n}]" for n in nums) + (f" +{more}" if more else "")

    doc.add_heading("Sources", level=2)
    for n, c in enumerate(notes, 1):
        para = doc.add_paragraph()
        para.add_run(f"[{n}] ")
        para.add_run(_clean(c.label())).italic = True
        para.add_run(_clean(f": “{c.sentence}”"))
    buf = io.BytesIO()
    doc.save(buf)
    return _normalise_zip(buf.getvalue())
