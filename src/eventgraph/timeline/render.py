"""Rendering entries in a named format, and writing them atomically."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from .. import atomic
from .entries import Entry, TimelineError
from .fmt_csv import render_csv
from .fmt_docx import render_docx
from .fmt_html import render_html
from .fmt_ics import render_ics
from .fmt_json import render_json
from .fmt_md import render_md
from .fmt_timelinejs import render_timelinejs

# format name -> (renderer, file suffix, binary?)
FORMATS: dict[str, tuple[Callable[..., str | bytes], str, bool]] = {
    "md": (lambda e, title: render_md(e, title=title), ".md", False),
    "html": (lambda e, title: render_html(e, title=title), ".html", False),
    "csv": (lambda e, title: render_csv(e), ".csv", False),
    "json": (lambda e, title: render_json(e), ".json", False),
    "timelinejs": (lambda e, title: render_timelinejs(e, title=title), ".json", False),
    "docx": (lambda e, title: render_docx(e, title=title), ".docx", True),
    "ics": (lambda e, title: render_ics(e, title=title), ".ics", False),
}
_BY_SUFFIX = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".csv": "csv", ".json": "json",
              ".docx": "docx", ".ics": "ics"}  # fmt: skip


def format_for_path(path: str | Path, default: str = "md") -> str:
    """The format a file name asks for (``.json`` means our JSON; TimelineJS must be asked for)."""
    return _BY_SUFFIX.get(Path(path).suffix.lower(), default)


def render(entries: Sequence[Entry], fmt: str = "md", *, title: str = "Timeline") -> str | bytes:
    """The entries in format ``fmt`` (one of ``FORMATS``): ``bytes`` for docx, ``str`` otherwise."""
    if fmt not in FORMATS:
        raise TimelineError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return FORMATS[fmt][0](list(entries), title)


def write(entries: Sequence[Entry], fmt: str, path: str | Path, *, title: str = "Timeline") -> Path:
    """Render and write atomically: a failure never leaves a half-written file or destroys the old one."""
    data = render(entries, fmt, title=title)
    path = Path(path)
    if isinstance(data, bytes):
        atomic.write_bytes(path, data)
    else:
        atomic.write_text(path, data)
    return path
