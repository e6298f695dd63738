"""``eventgraph build``: the whole pipeline, from article files to every output."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ..build import BuildResult, build
from ..config import Config
from ..nlp import DEFAULT_MODEL, ModelNotFound


def _summary(console: Console, result: BuildResult, out_dir: Path) -> None:
    console.print(
        f"[bold]{len(result.documents)}[/] documents read, [bold]{len(result.skipped)}[/] skipped, "
        f"[bold]{len(result.failed)}[/] failed → [bold]{len(result.events)}[/] events, "
        f"[bold]{len(result.actors)}[/] actors"
    )
    for skipped in result.skipped:
        console.print(f"  [yellow]skipped[/] {skipped.path}: {skipped.reason}", highlight=False)
    for failed in result.failed:
        console.print(f"  [red]failed[/] {failed.path}: {failed.reason}", highlight=False)
    for error in result.export_errors:
        console.print(f"  [red]export failed[/] {error}", highlight=False)
    console.print(f"Outputs in {out_dir}/:", highlight=False)
    for path in result.outputs:
        console.print(f"  {path}", highlight=False)


def build_command(
    paths: list[Path] = typer.Argument(None, help="Article files or folders (recursive). Default: seeds/"),
    output: Path = typer.Option(Path("graph"), "--output", "-o", help="Folder for the outputs."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Documents processed in parallel."),
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="spaCy pipeline (package name or path)."),
    actors: list[Path] = typer.Option([], "--actors", help="Extra actor registry YAML (repeatable)."),
    events: list[Path] = typer.Option([], "--events", help="Extra event catalogue YAML (repeatable)."),
    triggers: list[Path] = typer.Option([], "--triggers", help="Extra trigger lexicon YAML (repeatable)."),
    cache_dir: Path | None = typer.Option(
        None, "--cache-dir", help="Per-document result cache. Default: OUTPUT/.eventgraph-cache"
    ),
    no_cache: bool = typer.Option(False, "--no-cache", help="Re-extract every document."),
    max_chars: int = typer.Option(
        1_000_000,
        "--max-chars",
        help="Analyse at most this many characters of a document (longer ones are truncated with a warning).",
    ),
    narrative_dates: bool = typer.Option(
        False,
        "--narrative-dates",
        help="Resolve relative dates against "
        "the last date the text mentions rather than the publication date.",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
    strict: bool = typer.Option(False, "--strict", help="Exit with an error on any warning or skipped file."),
) -> None:
    """Build the event graph of a corpus: documents.jsonl, events.jsonl, actors.jsonl, graph files, pages."""
    for path in [*actors, *events, *triggers]:
        if not path.is_file():
            raise typer.BadParameter(f"no such file: {path}")
    config = Config(
        model=model,
        actor_files=actors,
        event_catalog_files=events,
        trigger_files=triggers,
        workers=workers,
        cache_dir=cache_dir,
        max_chars=max_chars,
        narrative_dates=narrative_dates,
        strict=strict,
        use_cache=not no_cache,
    )
    console = Console(stderr=True, quiet=quiet)
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=quiet,
    ) as bar:
        task = bar.add_task("Extracting", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            result = build(paths or [Path("seeds")], output, config, progress)
        except ModelNotFound as exc:
            Console(stderr=True).print(f"[red]error:[/] {exc}", highlight=False)
            raise typer.Exit(2) from None
    if not quiet:
        for warning in result.warnings:
            console.print(f"[yellow]warning:[/] {warning}", highlight=False)
    _summary(console, result, output)
    if not result.ok or (strict and (result.warnings or result.skipped)):
        if strict and result.ok:
            Console(stderr=True).print("[red]error:[/] warnings with --strict", highlight=False)
        sys.exit(1)


def register(app: typer.Typer) -> None:
    app.command("build")(build_command)
