"""``eventgraph build``, and its two halves ``extract`` (map) and ``merge`` (reduce)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ..build import BuildResult, build, extract_parts, merge_parts
from ..config import DEFAULT_MAX_CHARS, DEFAULT_MAX_NODES, Config
from ..datafile import DataFileError
from ..engines import SchedulerError
from ..nlp import DEFAULT_MODEL, ModelNotFound

# What stops a command before it writes anything (exit status 2): a missing model, a broken data file, an
# unreachable Dask scheduler.
SETUP_ERRORS = (ModelNotFound, DataFileError, SchedulerError)

# Options shared by build and extract: everything the per-document extraction depends on.
Paths = Annotated[
    list[Path] | None, typer.Argument(help="Article files or folders (recursive). Default: seeds/")
]
Workers = Annotated[int, typer.Option("--workers", "-w", min=1, help="Documents processed in parallel.")]
Engine = Annotated[str, typer.Option("--engine", help="Where the per-document map runs: local or dask.")]
Scheduler = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="Dask scheduler address (tcp://host:8786). "
        "Default with --engine dask: a local cluster of --workers.",
    ),
]
Model = Annotated[str, typer.Option("--model", help="spaCy pipeline (package name or path).")]
Actors = Annotated[
    list[Path] | None, typer.Option("--actors", help="Extra actor registry YAML (repeatable).")
]
Events = Annotated[
    list[Path] | None, typer.Option("--events", help="Extra event catalogue YAML (repeatable).")
]
Triggers = Annotated[
    list[Path] | None, typer.Option("--triggers", help="Extra trigger lexicon YAML (repeatable).")
]
MaxChars = Annotated[
    int,
    typer.Option(
        "--max-chars",
        min=1,
        help="Analyse at most this many characters of a document (longer ones are truncated with a warning).",
    ),
]
Narrative = Annotated[
    bool,
    typer.Option(
        "--narrative-dates",
        help="Resolve relative dates against the last "
        "date the text mentions rather than the publication date.",
    ),
]
MaxNodes = Annotated[
    int | None,
    typer.Option(
        "--max-nodes",
        min=0,
        help="graph.html shows at most this many nodes "
        "(the most connected; the rest are collapsed, with a notice). 0: every node.",
    ),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]
ProfileFlag = Annotated[
    bool, typer.Option("--profile", help="Print where the time went: seconds per stage and per export.")
]
Strict = Annotated[bool, typer.Option("--strict", help="Exit with an error on any warning or skipped file.")]


def _config(
    model: str,
    actors: list[Path] | None,
    events: list[Path] | None,
    triggers: list[Path] | None,
    workers: int,
    engine: str,
    scheduler: str | None,
    max_chars: int,
    narrative: bool,
    strict: bool,
) -> Config:
    for path in [*(actors or []), *(events or []), *(triggers or [])]:
        if not path.is_file():
            raise typer.BadParameter(f"no such file: {path}")
    if engine not in ("local", "dask"):
        raise typer.BadParameter(f"--engine must be local or dask, not {engine!r}")
    return Config(
        model=model,
        actor_files=actors or [],
        event_catalog_files=events or [],
        trigger_files=triggers or [],
        workers=workers,
        engine=engine,
        scheduler=scheduler,
        max_chars=max_chars,
        narrative_dates=narrative,
        strict=strict,
    )


def _console(quiet: bool = False) -> Console:
    """Standard error, for messages: one line each however long (not wrapped at 80 columns in a pipe)."""
    return Console(stderr=True, quiet=quiet, soft_wrap=True, highlight=False)


@contextlib.contextmanager
def _setup_errors() -> Iterator[None]:
    """A missing model, a broken data file or an unreachable scheduler: one line and exit status 2."""
    try:
        yield
    except SETUP_ERRORS as exc:
        _console().print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None


def _with_progress(quiet: bool, run: Callable):
    console = Console(stderr=True, quiet=quiet)
    columns = (TextColumn("Extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    # Only on a terminal: elsewhere (a log, a pipe) a progress bar is noise, and a blank line once it ends.
    live = not quiet and console.is_terminal
    with _setup_errors(), Progress(*columns, console=console, transient=True, disable=not live) as bar:
        task = bar.add_task("extract", total=None)
        return run(lambda done, total: bar.update(task, completed=done, total=total))


def _print_profile(timings: dict[str, float], workers: int) -> None:
    """Seconds per step. The extraction stages are summed over every worker process, so with several
    workers they add up to more than the wall-clock ``extract`` line."""
    table = Table(title="Where the time went", title_justify="left", box=None)
    for column in ("step", "seconds", "share"):
        table.add_column(column, justify="left" if column == "step" else "right")
    stages = {k: v for k, v in timings.items() if k.startswith("extract ")}
    steps = {k: v for k, v in timings.items() if k not in stages}
    total = sum(steps.values()) or 1.0
    for name, seconds in steps.items():
        table.add_row(name, f"{seconds:.2f}", f"{seconds / total:.0%}")
        if name == "extract" and stages:
            stage_total = sum(stages.values()) or 1.0
            where = f"summed over {workers} workers" if workers > 1 else "of extraction"
            for stage, spent in stages.items():
                table.add_row(
                    f"  {stage.removeprefix('extract ')}", f"{spent:.2f}", f"{spent / stage_total:.0%}"
                )
            table.add_row(f"  [dim]({where})[/]", "", "")
    table.add_row("[bold]total[/]", f"[bold]{sum(steps.values()):.2f}[/]", "")
    Console(stderr=True).print(table)


def _report(result: BuildResult, out_dir: Path, quiet: bool, strict: bool, verbose_warnings: bool) -> None:
    """The summary on standard error: warnings and skipped files unless quiet, failures always."""
    console, errors = _console(quiet), _console()
    if verbose_warnings:
        for warning in result.warnings:
            console.print(f"[yellow]warning:[/] {escape(warning)}")
    counts = result.counts()
    if result.up_to_date:
        console.print(
            f"Up to date: nothing changed since the last build ([bold]{counts['documents']}[/] documents, "
            f"[bold]{len(result.skipped)}[/] skipped → [bold]{counts['events']}[/] events, "
            f"[bold]{counts['actors']}[/] actors); no output rewritten"
        )
    else:
        console.print(
            f"[bold]{counts['documents']}[/] documents read, [bold]{len(result.skipped)}[/] skipped, "
            f"[bold]{len(result.failed)}[/] failed → [bold]{counts['events']}[/] events, "
            f"[bold]{counts['actors']}[/] actors"
        )
    for skipped in result.skipped:
        console.print(f"  [yellow]skipped[/] {escape(f'{skipped.path}: {skipped.reason}')}")
    for failed in result.failed:
        errors.print(f"  [red]failed[/] {escape(f'{failed.path}: {failed.reason}')}")
    for error in result.export_errors:
        errors.print(f"  [red]export failed[/] {escape(error)}")
    console.print(escape(f"Outputs in {out_dir}/: " + ", ".join(p.name for p in result.outputs)))
    if strict and (result.warnings or result.skipped):
        errors.print("[red]error:[/] warnings or skipped files with --strict")
        sys.exit(1)
    if not result.ok:
        sys.exit(1)


def build_command(
    paths: Paths = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the outputs.")] = Path("graph"),
    workers: Workers = 1,
    engine: Engine = "local",
    scheduler: Scheduler = None,
    model: Model = DEFAULT_MODEL,
    actors: Actors = None,
    events: Events = None,
    triggers: Triggers = None,
    cache_dir: Annotated[
        Path | None,
        typer.Option("--cache-dir", help="Per-document result cache. Default: OUTPUT/.eventgraph-cache"),
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Re-extract every document.")] = False,
    max_chars: MaxChars = DEFAULT_MAX_CHARS,
    narrative_dates: Narrative = False,
    max_nodes: MaxNodes = DEFAULT_MAX_NODES,
    quiet: Quiet = False,
    strict: Strict = False,
    profile: ProfileFlag = False,
) -> None:
    """Build the event graph of a corpus into OUTPUT (default graph/)."""
    config = _config(
        model, actors, events, triggers, workers, engine, scheduler, max_chars, narrative_dates, strict
    )
    config.cache_dir, config.use_cache, config.max_nodes = cache_dir, not no_cache, max_nodes or None
    result = _with_progress(quiet, lambda progress: build(paths or [Path("seeds")], output, config, progress))
    if profile:
        _print_profile(result.timings, workers)
    _report(result, output, quiet, strict, verbose_warnings=True)


def extract_command(
    paths: Paths = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for the per-document results.")
    ] = Path("parts"),
    workers: Workers = 1,
    engine: Engine = "local",
    scheduler: Scheduler = None,
    model: Model = DEFAULT_MODEL,
    actors: Actors = None,
    events: Events = None,
    triggers: Triggers = None,
    max_chars: MaxChars = DEFAULT_MAX_CHARS,
    narrative_dates: Narrative = False,
    quiet: Quiet = False,
    profile: ProfileFlag = False,
) -> None:
    """The map step alone: extract every document into PARTS (resumable; failed documents are retried)."""
    config = _config(
        model, actors, events, triggers, workers, engine, scheduler, max_chars, narrative_dates, False
    )
    extracted = _with_progress(
        quiet, lambda progress: extract_parts(paths or [Path("seeds")], output, config, progress)
    )
    if profile:
        _print_profile(extracted.timings, workers)
    failed = [r for r in extracted.results if r.error]
    _console(quiet).print(
        escape(
            f"{len(extracted.results) - len(failed)} documents extracted into {output}/, "
            f"{len(extracted.skipped)} skipped, {len(failed)} failed"
        )
    )
    for r in failed:
        _console().print(f"  [red]failed[/] {escape(f'{r.document.path}: {r.error.splitlines()[0]}')}")
    if failed:
        sys.exit(1)


def merge_command(
    parts: Annotated[Path, typer.Argument(help="Folder written by `eventgraph extract`.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the outputs.")] = Path("graph"),
    max_nodes: MaxNodes = DEFAULT_MAX_NODES,
    quiet: Quiet = False,
    profile: ProfileFlag = False,
) -> None:
    """The reduce step alone: merge the results in PARTS and write every output."""
    if not (parts / "manifest.json").is_file():
        raise typer.BadParameter(f"{parts} has no manifest.json; run `eventgraph extract` first")
    with _setup_errors():  # e.g. a trigger lexicon recorded in the manifest that is now broken
        result = merge_parts(parts, output, max_nodes or None)
    if profile:
        _print_profile(result.timings, 1)
    _report(result, output, quiet, strict=False, verbose_warnings=False)


def register(app: typer.Typer) -> None:
    app.command("build")(build_command)
    app.command("extract")(extract_command)
    app.command("merge")(merge_command)
