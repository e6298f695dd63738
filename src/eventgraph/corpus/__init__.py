"""The corpus stage: files and folders → Documents with metadata, skip spans, language and DCT."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import write_text
from ..model import Document, stable_id
from .boilerplate import find_skip_spans
from .dct import document_creation_time
from .language import detect_language
from .metadata import FILENAME as METADATA_FILENAME
from .metadata import read_metadata_csv
from .readers import SUFFIXES, RawText, UnreadableFile, read_file

__all__ = ["Corpus", "Skipped", "input_files", "make_document", "read_corpus"]


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass
class Corpus:
    documents: list[Document] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _discover(paths: list[Path], corpus: Corpus) -> list[Path]:
    files: set[Path] = set()
    for path in paths:
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files.update(
                    Path(root) / n
                    for n in names
                    if Path(n).suffix.lower() in SUFFIXES and not n.startswith(".")
                )
        elif path.is_file():
            files.add(path)
        else:
            corpus.skipped.append(Skipped(str(path), "no such file or directory"))
    return sorted(files)


def input_files(paths: list[Path]) -> list[tuple[str, int, int]]:
    """Every file ``read_corpus(paths)`` would read (articles and metadata.csv files) as (path, size,
    mtime in ns); a missing path as (path, -1, -1). Cheap: nothing is read, each file is stat'ed once."""
    corpus = Corpus()
    files = _discover([Path(p) for p in paths], corpus)
    found = sorted({*files, *(f.parent / METADATA_FILENAME for f in files)})
    out = [(s.path, -1, -1) for s in corpus.skipped]
    for path in found:
        try:
            st = path.stat()
        except OSError:
            out.append((str(path), -1, -1))
            continue
        out.append((str(path), st.st_size, st.st_mtime_ns))
    return out


def make_document(raw: RawText, metadata: dict[str, str] | None = None) -> Document:
    """A Document from a raw text: metadata (file's own first, then metadata.csv), skip spans, DCT."""
    meta = {**(metadata or {}), **raw.metadata}
    digest = hashlib.sha256(raw.text.encode("utf-8")).hexdigest()
    skip_spans = sorted([*raw.skip_spans, *find_skip_spans(raw.text)], key=lambda s: (s.start, s.end))
    doc = Document(
        id=stable_id("doc", digest),
        path=raw.path,
        text=raw.text,
        sha256=digest,
        format=raw.format,
        title=meta.get("title"),
        source=meta.get("source"),
        url=meta.get("url"),
        published=meta.get("published"),
        skip_spans=skip_spans,
        paths=[raw.path],
        warnings=list(raw.warnings),
    )
    doc.dct, dct_warning = document_creation_time(doc)
    if dct_warning:
        doc.warnings.append(f"{raw.path}: {dct_warning}")
    content = " ".join(doc.text[a:b] for a, b in doc.content_spans()[:20])
    doc.language = detect_language(content)
    if doc.language not in (None, "en"):
        doc.warnings.append(
            f"{raw.path}: language looks like {doc.language!r}, not English; extraction quality will be poor"
        )
    return doc


# What reading one file gave: ["unreadable", path, reason], ["empty", path, warnings] or ["doc", Document]
# (a dict in the cache file).
Entry = list


def _read_entries(path: Path, shown: str, metadata: dict[str, str] | None) -> list[Entry]:
    try:
        raws = read_file(path, shown)
    except UnreadableFile as exc:
        return [["unreadable", shown, str(exc)]]
    return [
        ["empty", raw.path, raw.warnings] if not raw.text.strip() else ["doc", make_document(raw, metadata)]
        for raw in raws
    ]


def _load_cache(path: Path | None) -> dict[str, list[Entry]]:
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def read_corpus(paths: list[Path], cache: Path | None = None) -> Corpus:
    """Read every supported file under ``paths`` (recursively). Bad files are skipped with a reason.

    ``cache``: a file keeping what each file gave, by path, size, modification time and metadata row, so a
    rebuild reads (and scans, hashes, dates) only the files that changed. The caller keys it by the code.
    """
    corpus = Corpus()
    csv_cache: dict[Path, dict[str, dict[str, str]]] = {}
    by_hash: dict[str, Document] = {}
    stored = _load_cache(cache)
    kept: dict[str, list] = {}  # this run's cache: JSON-ready entries
    for path in _discover([Path(p) for p in paths], corpus):
        if path.name == METADATA_FILENAME:
            continue
        folder = path.parent
        if folder not in csv_cache:
            csv_path = folder / METADATA_FILENAME
            rows, warnings = read_metadata_csv(csv_path) if csv_path.is_file() else ({}, [])
            csv_cache[folder] = rows
            corpus.warnings += warnings
        shown = str(path)
        metadata = csv_cache[folder].get(path.name)
        key = None
        if cache is not None:
            with contextlib.suppress(OSError):
                st = path.stat()
                key = json.dumps([shown, st.st_size, st.st_mtime_ns, metadata], sort_keys=True)
        if key is not None and key in stored:
            kept[key] = stored[key]
            entries = [[e[0], Document.from_dict(e[1])] if e[0] == "doc" else e for e in stored[key]]
        else:
            entries = _read_entries(path, shown, metadata)
            if key is not None:  # as read, before the documents are changed below (duplicate paths)
                kept[key] = [[e[0], e[1].to_dict()] if e[0] == "doc" else e for e in entries]
        for kind, *rest in entries:
            if kind == "unreadable":
                corpus.skipped.append(Skipped(rest[0], rest[1]))
                continue
            if kind == "empty":
                corpus.skipped.append(Skipped(rest[0], "empty (no text)"))
                corpus.warnings += rest[1]
                continue
            doc = rest[0]
            if (first := by_hash.get(doc.sha256)) is not None:
                first.paths.append(doc.path)
                corpus.warnings.append(f"{doc.path}: same content as {first.path}; kept once")
                continue
            by_hash[doc.sha256] = doc
            corpus.documents.append(doc)
            corpus.warnings += doc.warnings
    if cache is not None and kept.keys() != stored.keys():
        with contextlib.suppress(OSError):
            write_text(cache, json.dumps(kept, ensure_ascii=False), durable=False)
    return corpus
