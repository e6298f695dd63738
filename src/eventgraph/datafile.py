"""The one error every data file raises when it cannot be used (registry, rules, catalogue, lexicon).

Commands catch :class:`DataFileError` and print its message on one line, ``path[:line]: problem``, with exit
status 2, before anything is written.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from . import yamlio


class DataFileError(ValueError):
    """A data file that is missing, unreadable, not valid YAML, or does not follow its schema.

    ``path`` (and ``line`` when known) say where; ``problem`` says what. The message is
    ``path:line: problem``, ``path: problem``, or just ``problem`` for an error that is not in one file
    (a rule referring to a list no file defines). A message already naming its file can be passed alone.
    """

    def __init__(
        self, problem: str, *, path: str | os.PathLike[str] | None = None, line: int | str | None = None
    ) -> None:
        self.problem = problem
        self.path = None if path is None else os.fspath(path)
        self.line = line
        where = "" if self.path is None else self.path if line is None else f"{self.path}:{line}"
        super().__init__(f"{where}: {problem}" if where else problem)

    def __reduce__(self) -> tuple:
        # Keeps path and line when the error crosses a process boundary (a worker's error, pickled).
        return _rebuild, (type(self), self.problem, self.path, self.line)


def _rebuild(
    cls: type[DataFileError], problem: str, path: str | None, line: int | str | None
) -> DataFileError:
    return cls(problem, path=path, line=line)


def read_yaml(
    path: Path, error: type[DataFileError], what: str, loader: type = yaml.SafeLoader
) -> tuple[Any, dict[tuple, int]]:
    """The data of a YAML file and its line map (data path → line); ``error`` naming the file (and the line
    where YAML knows it) if the file cannot be read ("cannot read WHAT") or is not valid YAML."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"cannot read {what}: {exc}", path=path) from exc
    try:
        node, data = yamlio.compose_and_load(text, loader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise error(f"not valid YAML: {exc.problem}", path=path, line=line) from exc
    except yaml.YAMLError as exc:
        raise error(f"not valid YAML: {exc}", path=path) from exc
    return data, yamlio.line_map(node)


def read_data_file(
    path: Path,
    error: type[DataFileError],
    what: str,
    schema_file: Path,
    loader: type = yaml.SafeLoader,
) -> tuple[Any, dict[tuple, int]]:
    """The data of a YAML data file checked against its JSON schema, and its line map (data path → line).

    Anything wrong is ``error`` naming the file and, where YAML knows it, the line: an unreadable file
    ("cannot read WHAT"), invalid YAML, or data the schema refuses ("WHAT does not follow the schema at …").
    """
    data, lines = read_yaml(path, error, what, loader)
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top level)"
        raise error(
            f"{what} does not follow the schema at {where}: {exc.message}",
            path=path,
            line=yamlio.line_of(lines, exc.absolute_path),
        ) from exc
    return data, lines
