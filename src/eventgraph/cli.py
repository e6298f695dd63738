"""The ``eventgraph`` command line: a thin layer over the library API."""

from __future__ import annotations

import importlib
import pkgutil

import typer

from . import __version__, commands

app = typer.Typer(
    help="Turn a folder of news articles into a timeline and event knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"eventgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    pass


# Every module in eventgraph.commands registers its commands on the app.
for _info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
    importlib.import_module(f"{commands.__name__}.{_info.name}").register(app)


def main() -> None:
    app()
