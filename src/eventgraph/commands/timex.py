"""``eventgraph timex``: tag and normalise the time expressions of text files."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import typer

from ..datafile import DataFileError
from ..model import TimeValue, Timex
from ..temporal import default_tagger, parse_dct


class Format(StrEnum):
    json = "json"
    tml = "tml"
    table = "table"


def timex_records(timexes: list[Timex]) -> list[dict]:
    """The JSON form of a tagging: ``{start, end, text, type, value, mod?}`` per expression."""
    out = []
    for t in timexes:
        rec: dict = {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}
        if t.mod:
            rec["mod"] = t.mod
        out.append(rec)
    return out


def to_timeml(text: str, timexes: list[Timex], dct: TimeValue | None = None, doc_id: str = "") -> str:
    """A TimeML document with the text and inline TIMEX3 tags (the DCT, if any, as tid t0)."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<TimeML>\n']
    if doc_id:
        parts.append(f"<DOCID>{escape(doc_id)}</DOCID>\n")
    if dct is not None:
        parts.append(
            f'<DCT><TIMEX3 tid="t0" type="DATE" value={quoteattr(dct.value)} temporalFunction="false" '
            f'functionInDocument="CREATION_TIME">{escape(dct.value)}</TIMEX3></DCT>\n'
        )
    parts.append("<TEXT>")
    pos = 0
    for i, t in enumerate(timexes, start=1):
        parts.append(escape(text[pos : t.start]))
        attrs = f'tid="t{i}" type="{t.type}" value={quoteattr(t.value)}'
        if t.mod:
            attrs += f' mod="{t.mod}"'
        parts.append(f"<TIMEX3 {attrs}>{escape(t.text)}</TIMEX3>")
        pos = t.end
    parts.append(escape(text[pos:]))
    parts.append("</TEXT>\n</TimeML>\n")
    return "".join(parts)


def _table(timexes: list[Timex]) -> str:
    rows = [("start", "end", "type", "value", "mod", "interval", "text")]
    for t in timexes:
        span = f"{t.date.start}..{t.date.end} ({t.date.precision})" if t.date else ""
        rows.append((str(t.start), str(t.end), t.type, t.value, t.mod or "", span, t.text.replace("\n", " ")))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r[:-1], widths, strict=True)) + "  " + r[-1] for r in rows
    )


DCT_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM, or a written date such as 'Aug. 20, 2021'"


def parse_dct_option(value: str) -> TimeValue:
    """The ``--dct`` value: ISO (possibly partial) or written with the month's name; ``ValueError`` for
    anything else, digit-only dates in another order included (their day and month are ambiguous)."""
    try:
        return parse_dct(value.strip())
    except ValueError as exc:
        kind = "ambiguous or unrecognised" if str(exc).startswith("ambiguous") else "invalid"
        raise ValueError(f"{kind} date {value!r}: use {DCT_FORMS}") from None


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def register(app: typer.Typer) -> None:
    @app.command("timex")
    def timex_command(
        files: list[Path] = typer.Argument(
            ..., metavar="FILE", help="Text files (UTF-8), tagged as read: offsets are into them."
        ),
        dct: str | None = typer.Option(
            None,
            "--dct",
            help="Document creation time: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM, or written with the "
            "month's name (Aug. 20, 2021). Dates in digits only in another order (03/04/2021) are refused.",
        ),
        fmt: Format = typer.Option(
            Format.json, "--format", "-f", help="json (default), tml (TimeML) or table."
        ),
        narrative: bool = typer.Option(
            False, "--narrative", help="Resolve anaphoric dates against the last explicit date, not the DCT."
        ),
    ) -> None:
        """Find time expressions and print their TIMEX3 type, value and mod with character offsets."""
        try:
            tagger = default_tagger()  # the rules files, loaded and checked once
        except DataFileError as exc:
            raise _fail(str(exc), 2) from None
        try:
            reference = None if dct is None else parse_dct_option(dct)
        except ValueError as exc:
            raise _fail(f"--dct: {exc}", 2) from None
        failed = False
        by_file: dict[str, list[dict]] = {}
        for path in files:
            try:
                with open(path, encoding="utf-8", newline="") as f:
                    text = f.read()
            except (OSError, UnicodeDecodeError) as exc:
                typer.echo(f"error: cannot read {path}: {exc}", err=True)
                failed = True
                continue
            found = tagger.tag(text, reference, narrative=narrative)
            if fmt is Format.json:
                by_file[str(path)] = timex_records(found)
            elif fmt is Format.tml:
                typer.echo(to_timeml(text, found, reference, doc_id=path.name), nl=False)
            else:
                if len(files) > 1:
                    typer.echo(f"== {path}")
                typer.echo(_table(found))
        if fmt is Format.json and by_file:
            # one file: its list; several: an object mapping each file to its list
            data = next(iter(by_file.values())) if len(files) == 1 else by_file
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        if failed:
            raise typer.Exit(1)
