"""Reading article files into raw texts plus the metadata they carry themselves.

Supported: ``.txt``, ``.md`` (YAML front matter), ``.html``/``.htm`` (main text via trafilatura) and
``.jsonl`` (one article per line: ``text`` plus metadata fields). Offsets always index ``RawText.text``:
the file's decoded content for txt/md (front matter becomes a skip span), the extracted main text for
HTML, and the ``text`` field for JSONL.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import yamlio
from ..model import SkipSpan

SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
}
METADATA_FIELDS = ("title", "source", "url", "published")
# Control characters other than tab, line feed, form feed and carriage return.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


class UnreadableFile(Exception):
    """The file cannot be used at all; the message says why (shown in the build summary)."""


@dataclass
class RawText:
    path: str  # as shown to the user; JSONL lines get "file.jsonl#L12"
    format: str
    text: str
    metadata: dict[str, str] = field(default_factory=dict)
    skip_spans: list[SkipSpan] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def decode(data: bytes, path: str) -> tuple[str, list[str]]:
    """Decode bytes as UTF-8; fall back (with a warning) to Windows-1252, then Latin-1.

    Binary content (NUL bytes, mostly control characters) is refused.
    """
    head = data[:8192]
    if b"\x00" in head:
        raise UnreadableFile("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig") if data.startswith(b"\xef\xbb\xbf") else data.decode("utf-8")
        warnings: list[str] = []
    except UnicodeDecodeError as exc:
        try:
            text, encoding = data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "Latin-1"
        warnings = [f"{path}: not valid UTF-8 (byte {exc.start}); decoded as {encoding}"]
    sample = text[:8192]
    controls = len(_CONTROLS.findall(sample))
    if sample and controls / len(sample) > 0.05:
        raise UnreadableFile("binary file (mostly control characters)")
    return text, warnings


def _clean_metadata(values: dict, where: str, warnings: list[str]) -> dict[str, str]:
    meta = {}
    for key in METADATA_FIELDS:
        value = values.get(key)
        if key == "published" and value is None:
            value = values.get("date")
        if value is None or value == "":
            continue
        if not isinstance(value, (str, int, float)) and key != "published":
            warnings.append(f"{where}: metadata field {key!r} is not text; ignored")
            continue
        meta[key] = str(value).strip()
    return meta


def read_txt(path: Path, shown: str) -> list[RawText]:
    text, warnings = decode(path.read_bytes(), shown)
    return [RawText(shown, "txt", text, warnings=warnings)]


def read_md(path: Path, shown: str) -> list[RawText]:
    text, warnings = decode(path.read_bytes(), shown)
    meta: dict[str, str] = {}
    skips = []
    if match := _FRONT_MATTER.match(text):
        skips.append(SkipSpan(0, match.end(), "front-matter"))
        try:
            values = yamlio.load(match.group(1) or "") or {}
            if not isinstance(values, dict):
                raise yaml.YAMLError("front matter is not a mapping")
            meta = _clean_metadata(values, shown, warnings)
        except yaml.YAMLError as exc:
            warnings.append(f"{shown}: malformed front matter ignored ({str(exc).splitlines()[0]})")
    return [RawText(shown, "md", text, meta, skips, warnings)]


def read_html(path: Path, shown: str) -> list[RawText]:
    import trafilatura

    html, warnings = decode(path.read_bytes(), shown)
    text = (
        trafilatura.extract(
            html, output_format="txt", include_comments=False, include_tables=False, favor_precision=True
        )
        or ""
    )
    found = trafilatura.extract_metadata(html)
    meta = {}
    if found is not None:
        meta = _clean_metadata(
            {"title": found.title, "source": found.sitename, "url": found.url, "published": found.date},
            shown,
            warnings,
        )
    return [RawText(shown, "html", text, meta, [], warnings)]


def read_jsonl(path: Path, shown: str) -> list[RawText]:
    content, warnings = decode(path.read_bytes(), shown)
    texts = []
    for lineno, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{shown}#L{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            warnings.append(f"{shown}:{lineno}: invalid JSON ({exc.msg}); line skipped")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            warnings.append(f"{shown}:{lineno}: no 'text' field; line skipped")
            continue
        line_warnings: list[str] = []
        meta = _clean_metadata(record, where, line_warnings)
        texts.append(RawText(where, "jsonl", record["text"], meta, [], line_warnings))
    if texts:
        texts[0].warnings[:0] = warnings
    elif warnings:
        raise UnreadableFile("; ".join(warnings))
    return texts


READERS = {"txt": read_txt, "md": read_md, "html": read_html, "jsonl": read_jsonl}


def read_file(path: Path, shown: str) -> list[RawText]:
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise UnreadableFile(f"unsupported file type {path.suffix or '(none)'}")
    try:
        return READERS[fmt](path, shown)
    except OSError as exc:
        raise UnreadableFile(f"cannot read: {exc.strerror or exc}") from exc
