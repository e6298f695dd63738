"""Timelines for briefings: load a graph directory's entries, select, render in one of seven formats.

>>> from eventgraph import timeline
>>> entries = timeline.select(timeline.load("graph"), actors=["Putin"], date_from="2020")
>>> timeline.write(entries, "md", "putin-2020.md")
"""

from __future__ import annotations

from .entries import Citation, Entry, TimelineError, entries_from_model, entries_from_records, load
from .render import FORMATS, format_for_path, render, write
from .select import select

__all__ = [
    "FORMATS",
    "Citation",
    "Entry",
    "TimelineError",
    "entries_from_model",
    "entries_from_records",
    "format_for_path",
    "load",
    "render",
    "select",
    "write",
]
