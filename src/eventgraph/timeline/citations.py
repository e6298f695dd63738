"""Numbered citations shared by the formats with notes (md footnotes, html, docx endnotes).

The same sentence of the same document cited by two entries gets one number, so a briefing's notes list
each piece of evidence once.
"""

from __future__ import annotations

from collections.abc import Sequence

from .entries import Citation, Entry

# How many citations a line shows; the rest are counted ("+3 more") and are all in the JSON/CSV outputs.
MAX_PER_ENTRY = 5


def _key(c: Citation) -> tuple:
    return (c.doc, c.start, c.end, c.sentence)


def number_citations(
    entries: Sequence[Entry], max_per_entry: int = MAX_PER_ENTRY
) -> tuple[list[list[int]], list[Citation], list[int]]:
    """For each entry, the note numbers it cites; the notes in order; and how many citations were left out."""
    numbers: dict[tuple, int] = {}
    notes: list[Citation] = []
    per_entry: list[list[int]] = []
    omitted: list[int] = []
    for entry in entries:
        refs = []
        for c in entry.citations[:max_per_entry]:
            key = _key(c)
            if key not in numbers:
                notes.append(c)
                numbers[key] = len(notes)
            refs.append(numbers[key])
        per_entry.append(refs)
        omitted.append(max(0, len(entry.citations) - max_per_entry))
    return per_entry, notes, omitted


def participants_text(entry: Entry) -> str:
    """ "Vladimir Putin (agent), Alexander Lukashenko" — roles only when they say something."""
    parts = []
    for p in entry.participants:
        role = p.get("role") or ""
        parts.append(f"{p['name']} ({role})" if role and role != "participant" else p["name"])
    return ", ".join(parts)
