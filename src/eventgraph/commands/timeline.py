"""``eventgraph timeline``: a briefing timeline from a built graph directory."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .. import timeline as tl
from ..timeline.fmt_ics import is_day_event


def _fail(message: str) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(2)


def timeline_command(
    graph_dir: Path = typer.Argument(Path("graph"), help="A directory written by `eventgraph build`."),
    actor: list[str] = typer.Option(
        [], "--actor", "-a", help="Only events with this actor (name, alias or id)."
    ),
    type_: list[str] = typer.Option([], "--type", "-t", help="Only events of this type."),
    date_from: str | None = typer.Option(None, "--from", help="From this date: YYYY, YYYY-MM or YYYY-MM-DD."),
    date_to: str | None = typer.Option(None, "--to", help="Up to this date (inclusive)."),
    source: list[str] = typer.Option([], "--source", "-s", help="Only events cited from this document."),
    min_confidence: float | None = typer.Option(None, "--min-confidence", help="Minimum confidence, 0–1."),
    fmt: str | None = typer.Option(
        None, "--format", "-f", help=f"One of {', '.join(tl.FORMATS)}; default: from -o's suffix, else md."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write here (atomically) instead of stdout."
    ),
    title: str = typer.Option("Timeline", "--title", help="Heading of the timeline."),
) -> None:
    """Print or write a timeline of the events in GRAPH_DIR, oldest first, each with its sources."""
    fmt = fmt or (tl.format_for_path(output) if output else "md")
    if fmt not in tl.FORMATS:
        _fail(f"unknown format {fmt!r}; choose one of: {', '.join(tl.FORMATS)}")
    if tl.FORMATS[fmt][2] and output is None:
        _fail(f"{fmt} is a binary format: give an output file with -o FILE")
    try:
        entries = tl.select(
            tl.load(graph_dir),
            actors=actor,
            types=type_,
            date_from=date_from,
            date_to=date_to,
            sources=source,
            min_confidence=min_confidence,
        )
        if output is None:
            sys.stdout.write(str(tl.render(entries, fmt, title=title)))
        else:
            tl.write(entries, fmt, output, title=title)
    except tl.TimelineError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}")
    if fmt == "ics":
        skipped = sum(1 for e in entries if not is_day_event(e))
        if skipped:
            typer.echo(
                f"note: {skipped} events not known to the day are listed in the calendar description,"
                " not as calendar entries",
                err=True,
            )
    if output is not None:
        typer.echo(f"wrote {len(entries)} events to {output}", err=True)
    elif not entries:
        typer.echo("note: no events match these filters", err=True)


def register(app: typer.Typer) -> None:
    app.command("timeline")(timeline_command)
