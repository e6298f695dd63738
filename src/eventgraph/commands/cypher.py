"""``eventgraph query``, ``push`` and ``export-cypher``: Cypher over the embedded database or Neo4j."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import typer

DEFAULT_DIR = "graph"  # what `make demo` / `eventgraph build -o graph` writes
FORMATS = ("table", "json", "csv")
CORPUS_HELP = (
    "Corpus key everything loaded is tagged with. Default: the key the build recorded in graph.json, the "
    "stem of the folder or file it read (seeds for `make demo`; corpus if it read several); else DIR's name."
)

_DURATION = re.compile(r"^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$", re.IGNORECASE)


def parse_value(text: str) -> Any:
    """``--param`` value inference: quoted → string; int, float, true/false, null; ISO durations (P30D) →
    timedelta; JSON lists/objects; anything else (dates included: queries call date($x)) → string."""
    s = text.strip()
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "\"'":
        return s[1:-1]
    if re.fullmatch(r"[-+]?\d+", s):
        return int(s)
    if re.fullmatch(r"[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?", s):
        return float(s)
    low = s.lower()
    if low in ("true", "false"):
        return low == "true"
    if low == "null":
        return None
    m = _DURATION.match(s)
    if m and s.upper() not in ("P", "PT") and any(m.groups()):
        w, d, h, mi, sec = (int(g) if g else 0 for g in m.groups())
        return _dt.timedelta(weeks=w, days=d, hours=h, minutes=mi, seconds=sec)
    if s[:1] in "[{":
        try:
            return json.loads(s)
        except json.JSONDecodeError:
            pass
    return text


def parse_params(items: list[str]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("$")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise ValueError(f"bad --param {item!r}: expected NAME=VALUE")
        params[name] = parse_value(value)
    return params


def _text_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, _dt.date | _dt.datetime):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    return str(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, _dt.date | _dt.datetime):
        return value.isoformat()
    return str(value)


def format_rows(columns: list[str], rows: list[list[Any]], fmt: str) -> str:
    """Rows as JSON (a list of objects) or CSV (header + rows); 'table' is printed with rich instead."""
    if fmt == "json":
        return json.dumps([dict(zip(columns, r, strict=False)) for r in rows], ensure_ascii=False, indent=2,
                          default=_json_default) + "\n"  # fmt: skip
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_text_value(v) for v in row])
    return buf.getvalue()


def _print_table(columns: list[str], rows: list[list[Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=True, header_style="bold", show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        # rich markup is off for the cells: values are data, "[...]" in a title must print as is.
        table.add_row(*[_text_value(v) for v in row])
    console = Console(markup=False, highlight=False)
    console.print(table)
    console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", style="dim")


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def read_query_argument(query: str) -> str:
    """QUERY is a file when it names one (or ends with .cypher), else the query text itself."""
    path = Path(query)
    looks_like_file = query.endswith(".cypher") and "\n" not in query
    try:
        is_file = path.is_file()
    except OSError:  # e.g. a query text too long to be a file name
        is_file = False
    if is_file:
        return path.read_text(encoding="utf-8")
    if looks_like_file:
        raise FileNotFoundError(f"no such query file: {query}")
    return query


def load_graph(directory: str | os.PathLike[str]) -> Any:
    """The graph a build wrote to DIR/graph.json (networkx node-link data)."""
    import networkx as nx

    path = Path(directory)
    if path.is_dir():
        path = path / "graph.json"
    if not path.is_file():
        raise FileNotFoundError(f"no graph at {path} (run `eventgraph build CORPUS -o DIR` first)")
    data = json.loads(path.read_text(encoding="utf-8"))
    edges = "links" if "links" in data else "edges"
    graph = nx.node_link_graph(data, directed=True, multigraph=True, edges=edges)
    if not isinstance(graph, nx.MultiDiGraph):
        graph = nx.MultiDiGraph(graph)
    return graph


def corpus_key(graph: Any, directory: str, corpus: str | None) -> str:
    """``--corpus``, else the key the build recorded (``graph.graph["corpus"]``), else DIR's name."""
    return corpus or str(graph.graph.get("corpus") or Path(directory).resolve().name)


def _source(ctx: typer.Context, param: str) -> str | None:
    """Where a parameter's value came from: COMMANDLINE, ENVIRONMENT, DEFAULT…"""
    source = ctx.get_parameter_source(param)
    return source.name if source is not None else None


def register(app: typer.Typer) -> None:
    @app.command("query")
    def query_cmd(
        ctx: typer.Context,
        query: str = typer.Argument(
            ..., help="A Cypher query, or a .cypher file (e.g. queries/actor_timeline.cypher)."
        ),
        param: list[str] = typer.Option(
            [], "--param", "-p", help="A query parameter NAME=VALUE (repeatable)."
        ),
        db: str = typer.Option(DEFAULT_DIR, "--db", help="Build output folder or eventgraph.lbdb file."),
        neo4j: str | None = typer.Option(
            None,
            "--neo4j",
            envvar="NEO4J_URI",
            help="Run on this Neo4j server (bolt://HOST:PORT) instead of the embedded database; "
            "from NEO4J_URI when set, unless --db is given.",
        ),
        user: str | None = typer.Option(None, "--user", envvar="NEO4J_USER", help="Neo4j user."),
        password: str | None = typer.Option(
            None, "--password", envvar="NEO4J_PASSWORD", help="Neo4j password."
        ),
        database: str | None = typer.Option(
            None, "--database", help="Neo4j database (default: the server's)."
        ),
        fmt: str = typer.Option("table", "--format", "-f", help="table, json or csv."),
        write: bool = typer.Option(False, "--write", help="Allow the query to change the database."),
    ) -> None:
        """Run a Cypher query on the embedded database (default) or on Neo4j; read-only unless --write."""
        from ..store.errors import StoreError
        from ..store.query import run_query

        if neo4j and _source(ctx, "db") == "COMMANDLINE":
            if _source(ctx, "neo4j") == "ENVIRONMENT":
                neo4j = None  # an explicit --db wins over NEO4J_URI
            else:
                raise _fail("give --db or --neo4j, not both", 2)
        if fmt not in FORMATS:
            raise _fail(f"unknown --format {fmt!r} (choose from {', '.join(FORMATS)})", 2)
        try:
            text = read_query_argument(query)
            params = parse_params(param)
            if neo4j:
                columns, rows = run_query(text, params, neo4j=neo4j, user=user, password=password,
                                          database=database, write=write)  # fmt: skip
            else:
                columns, rows = run_query(text, params, db=db, write=write)
        except (StoreError, ValueError, OSError) as exc:
            raise _fail(str(exc)) from None
        except Exception as exc:  # never a traceback for the analyst
            raise _fail(
                f"unexpected {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}", 2
            ) from None
        if fmt == "table":
            _print_table(columns, rows)
        else:
            sys.stdout.write(format_rows(columns, rows, fmt))

    @app.command("push")
    def push_cmd(
        directory: str = typer.Argument(DEFAULT_DIR, help="Build output folder (with graph.json)."),
        neo4j: str = typer.Option(..., "--neo4j", envvar="NEO4J_URI", help="Neo4j server, bolt://HOST:PORT."),
        user: str | None = typer.Option(None, "--user", envvar="NEO4J_USER", help="Neo4j user."),
        password: str | None = typer.Option(
            None, "--password", envvar="NEO4J_PASSWORD", help="Neo4j password."
        ),
        database: str | None = typer.Option(
            None, "--database", help="Neo4j database (default: the server's)."
        ),
        wipe: bool = typer.Option(False, "--wipe", help="First remove the previous load of the same corpus."),
        corpus: str | None = typer.Option(None, "--corpus", help=CORPUS_HELP),
        batch_size: int = typer.Option(5000, "--batch-size", min=1, help="Rows per transaction."),
    ) -> None:
        """Load the graph into Neo4j (idempotent MERGE in batches; re-run to complete an interrupted push)."""
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        from ..store.errors import StoreError
        from ..store.neo4j_store import push

        console = Console(stderr=True)
        columns = (TextColumn("push"), BarColumn(), MofNCompleteColumn())
        try:
            graph = load_graph(directory)
            key = corpus_key(graph, directory, corpus)
            # A progress bar only on a terminal: in a pipe or a log it would leave a blank line.
            with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as bar:
                task = bar.add_task("push", total=None)

                def progress(_stage: str, done: int, total: int) -> None:
                    bar.update(task, completed=done, total=total)

                stats = push(graph, neo4j, user, password, database=database, wipe=wipe,
                             batch_size=batch_size, corpus=key, progress=progress)  # fmt: skip
        except (StoreError, ValueError, OSError) as exc:
            raise _fail(str(exc)) from None
        except Exception as exc:
            raise _fail(
                f"unexpected {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}", 2
            ) from None
        for note in stats.skipped:
            typer.echo(f"warning: skipped {note}", err=True)
        typer.echo(
            f"pushed corpus {stats.corpus!r} to {neo4j}: {stats.nodes} nodes, {stats.rels} relationships "
            f"in {stats.seconds:.1f}s ({stats.rate:,.0f}/s)"
            + (f"; wiped {stats.wiped} first" if wipe else "")
        )

    @app.command("export-cypher")
    def export_cmd(
        directory: str = typer.Argument(DEFAULT_DIR, help="Build output folder (with graph.json)."),
        out: str | None = typer.Option(
            None, "--out", "-o", help="Where to write (default: the same folder)."
        ),
        corpus: str | None = typer.Option(None, "--corpus", help=CORPUS_HELP),
    ) -> None:
        """Write eventgraph.cypher (for cypher-shell -f) and neo4j/ (CSV for neo4j-admin database import)."""
        from ..store.cypher_script import SCRIPT_FILENAME, write_script
        from ..store.neo4j_csv import CSV_DIRNAME, write_csv_dir

        try:
            graph = load_graph(directory)
            target = Path(out or directory)
            key = corpus_key(graph, directory, corpus)
            script = write_script(graph, target / SCRIPT_FILENAME, corpus=key)
            csv_dir = write_csv_dir(graph, target / CSV_DIRNAME, corpus=key)
        except (ValueError, OSError) as exc:
            raise _fail(str(exc)) from None
        except Exception as exc:
            raise _fail(
                f"unexpected {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}", 2
            ) from None
        typer.echo(f"wrote {script} and {csv_dir}/")
