"""``metadata.csv`` beside the articles: one row per file (``file,title,source,url,published``)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .readers import METADATA_FIELDS, decode

FILENAME = "metadata.csv"


def read_metadata_csv(path: Path) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Rows keyed by the ``file`` column (relative to the CSV's folder), and warnings naming file:line."""
    warnings: list[str] = []
    try:
        text, decode_warnings = decode(path.read_bytes(), str(path))
    except Exception as exc:  # unreadable metadata must not sink the build
        return {}, [f"{path}: cannot read metadata ({exc})"]
    warnings += decode_warnings
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return {}, [f"{path}: empty metadata file"]
    except csv.Error as exc:
        return {}, [f"{path}:1: malformed CSV header ({exc})"]
    if "file" not in header:
        return {}, [f"{path}:1: no 'file' column in the header {header}; metadata ignored"]
    rows: dict[str, dict[str, str]] = {}
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            warnings.append(f"{path}:{reader.line_num}: malformed row ({exc}); skipped")
            continue
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            warnings.append(f"{path}:{line}: expected {len(header)} fields, found {len(row)}; row skipped")
            continue
        values = dict(zip(header, row, strict=True))
        name = values["file"].strip()
        if not name:
            warnings.append(f"{path}:{line}: empty 'file' field; row skipped")
            continue
        if name in rows:
            warnings.append(f"{path}:{line}: second row for {name!r}; the first one is kept")
            continue
        rows[name] = {k: values[k].strip() for k in METADATA_FIELDS if values.get(k, "").strip()}
    return rows, warnings
