"""Markdown: ready to paste into a briefing, with footnote citations (``[^1]``) and a year heading each."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .citations import number_citations, participants_text
from .entries import Entry

# Characters that format or inject (raw HTML, links, emphasis) wherever they appear. Parentheses, # and +
# only matter after ] or at a line start, which escaping [ ] and our own line prefixes already rule out.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>~])")


def md_escape(text: str) -> str:
    text = " ".join(text.split())
    return _MD_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;")


def render_md(entries: Sequence[Entry], *, title: str = "Timeline") -> str:
    refs, notes, omitted = number_citations(entries)
    lines = [f"# {md_escape(title)}", ""]
    if not entries:
        lines += ["_No events match._", ""]
    current_year: str | None = "start"
    for entry, nums, more in zip(entries, refs, omitted, strict=True):
        year = entry.year or "Undated"
        if year != current_year:
            if current_year != "start":
                lines.append("")
            lines += [f"## {year}", ""]
            current_year = year
        date = md_escape(entry.date_label)
        # A band (a year, a season) is marked so it does not read like a day-level point.
        date = f"**{date}** (period)" if entry.band else f"**{date}**"
        text = f"- {date} — {md_escape(entry.title)} _({md_escape(entry.type)})_"
        who = participants_text(entry)
        if who:
            text += f". {md_escape(who)}"
        if entry.places:
            text += f". In {md_escape(', '.join(p.get('name', '') for p in entry.places))}"
        flags = entry.flag_labels()
        if entry.conflicts:
            others = "; ".join(md_escape(c["label"]) for c in entry.conflicts)
            flags = [f if f != "date disputed between sources" else f"{f} (also: {others})" for f in flags]
        if flags:
            text += ". ⚑ " + "; ".join(flags)
        text += "".join(f"[^{n}]" for n in nums)
        if more:
            text += f" (+{more} more)"
        lines.append(text)
    if notes:
        lines += ["", "---", ""]
        for n, c in enumerate(notes, 1):
            quote = md_escape(c.sentence)
            lines.append(f"[^{n}]: {md_escape(c.label())}: “{quote}”")
    return "\n".join(lines).rstrip() + "\n"
