"""Running Cypher against the embedded database or a Neo4j server, read-only unless asked otherwise.

Both engines get the query text unchanged (so error positions point into it) and the parameters as query
parameters — never spliced into the text. Before anything runs, the parameters the query uses are checked
against those given, and in read-only mode a write clause is refused; the engine then enforces read-only
again (LadybugDB opened read-only, Neo4j sessions with ``READ_ACCESS``).

A query file may hold a per-engine variant where the two dialects have no common form: a line
``// @engine: neo4j`` (or ``ladybug``) starts a section used only by that engine; text before the first such
line is the portable query, used by an engine that has no section of its own.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .errors import (
    DatabaseMissing,
    ParameterError,
    QueryFailed,
    QuerySyntaxError,
    ReadOnlyViolation,
    StoreError,
)

Engine = Literal["ladybug", "neo4j"]
_BOOKKEEPING = {"corpora", "key"}  # Neo4j-only properties of a push; hidden in node/rel values

_ENGINE_LINE = re.compile(r"^[ \t]*//[ \t]*@engine:[ \t]*(\w+)[ \t]*$", re.MULTILINE)
_TOKENS = re.compile(r"//[^\n]*|/\*.*?\*/|'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"|`[^`]*`", re.DOTALL)
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_WRITE = re.compile(
    r"(?<![\w.:$])(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|COPY|ALTER|INSTALL|ATTACH|IMPORT)(?![\w])(?!\s*:)",
    re.IGNORECASE,
)


def blank_literals(text: str) -> str:
    """``text`` with comments, strings and quoted names blanked (same length; newlines kept)."""
    return _TOKENS.sub(lambda m: re.sub(r"[^\n]", " ", m[0]) if not m[0].startswith("`") else "`" + " " * (
        len(m[0]) - 2) + "`", text)  # fmt: skip


def select_variant(text: str, engine: Engine) -> str:
    """The part of a query file meant for ``engine``; other sections are blanked so line numbers hold."""
    marks = list(_ENGINE_LINE.finditer(text))
    if not marks:
        return text
    sections: list[tuple[str | None, int, int]] = [(None, 0, marks[0].start())]
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        sections.append((m[1].lower(), m.start(), end))
    chosen = next((s for s in sections if s[0] == engine), sections[0])

    def blank(part: str) -> str:
        return re.sub(r"[^\n]", " ", part)

    return "".join(part if (name, a, b) == chosen else blank(part)
                   for name, a, b in sections for part in [text[a:b]])  # fmt: skip


def query_parameters(text: str) -> set[str]:
    return set(_PARAM.findall(blank_literals(text)))


def write_clause(text: str) -> str | None:
    m = _WRITE.search(blank_literals(text))
    return m[1].upper() if m else None


def check_parameters(text: str, params: dict[str, Any]) -> None:
    used = query_parameters(text)
    missing = sorted(used - params.keys())
    if missing:
        names = ", ".join(f"${n}" for n in missing)
        raise ParameterError(f"missing parameter {names} (give it with --param NAME=VALUE)")
    unknown = sorted(params.keys() - used)
    if unknown:
        uses = ", ".join(f"${n}" for n in sorted(used)) or "no parameters"
        raise ParameterError(f"unknown parameter {', '.join(unknown)}: the query uses {uses}")


def _position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def plain(value: Any) -> Any:
    """Engine values → plain Python (dates as date, nodes/rels as dicts with ``_label``/``_type``)."""
    if value is None or isinstance(value, bool | int | float | str | _dt.date):
        return value
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        if "_nodes" in value and "_rels" in value:  # a LadybugDB recursive rel (path)
            return {"nodes": plain(value["_nodes"]), "rels": plain(value["_rels"])}
        if (
            "_LABEL" in value
        ):  # a LadybugDB node or rel: drop internal ids and the NULL columns of other tables
            kind = "_type" if "_SRC" in value else "_label"
            out = {kind: value["_LABEL"]}
            out.update({k: plain(v) for k, v in value.items() if not k.startswith("_") and v is not None})
            return out
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, _dt.timedelta):
        return f"P{value.days}D" if not value.seconds and not value.microseconds else str(value)
    module = type(value).__module__
    if module.startswith("neo4j"):
        return _plain_neo4j(value)
    return str(value)


def _plain_neo4j(value: Any) -> Any:
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        out: dict[str, Any] = {"_label": ":".join(sorted(value.labels))}
        out.update({k: plain(v) for k, v in value.items() if k not in _BOOKKEEPING})
        return out
    if isinstance(value, Relationship):
        out = {"_type": value.type}
        out.update({k: plain(v) for k, v in value.items() if k not in _BOOKKEEPING})
        return out
    if isinstance(value, Path):
        return {"nodes": [plain(n) for n in value.nodes], "rels": [plain(r) for r in value.relationships]}
    to_native = getattr(value, "to_native", None)
    if to_native is not None:
        try:
            return to_native()
        except (ValueError, OverflowError):
            pass
    iso = getattr(value, "iso_format", None)
    return iso() if iso else str(value)


@dataclass
class Neo4jTarget:
    uri: str
    user: str | None = None
    password: str | None = None
    database: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def run_query(
    text: str,
    params: dict[str, Any] | None = None,
    *,
    db: str | os.PathLike[str] | None = None,
    neo4j: str | Neo4jTarget | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    write: bool = False,
) -> tuple[list[str], list[list[Any]]]:
    """Run ``text`` on the embedded database ``db`` or on the Neo4j server ``neo4j``; → (columns, rows).

    Raises a :class:`~eventgraph.store.errors.StoreError` subclass with a one-line message for every
    expected failure (syntax error with line/column, missing or unknown parameter, write clause in
    read-only mode, missing database, server down, credentials refused).
    """
    params = dict(params or {})
    if neo4j is not None:
        target = neo4j if isinstance(neo4j, Neo4jTarget) else Neo4jTarget(neo4j, user, password, database)
        text = select_variant(text, "neo4j")
    else:
        if db is None:
            raise DatabaseMissing("no database given (--db DIR or --neo4j URI)")
        text = select_variant(text, "ladybug")
    if not text.strip() or not blank_literals(text).strip():
        raise QuerySyntaxError("the query is empty (only comments)")
    check_parameters(text, params)
    if not write:
        clause = write_clause(text)
        if clause:
            raise ReadOnlyViolation(
                f"{clause} would change the database: queries are read-only unless --write"
            )
    if neo4j is not None:
        return _run_neo4j(text, params, target, write)
    return _run_ladybug(text, params, Path(db), write)  # type: ignore[arg-type]


_LB_POS = re.compile(r"\(line: (\d+), offset: (\d+)\)")


def _run_ladybug(text: str, params: dict[str, Any], db_path: Path, write: bool) -> tuple[list, list]:
    import ladybug as lb

    from .ladybug_store import open_database, resolve_db_path

    try:
        db = open_database(db_path, read_only=not write)
    except FileNotFoundError as exc:
        raise DatabaseMissing(str(exc)) from None
    except RuntimeError as exc:
        raise DatabaseMissing(f"cannot open {resolve_db_path(db_path)}: {_first_line(exc)}") from None
    try:
        conn = lb.Connection(db)
        try:
            result = conn.execute(text, params)
            if isinstance(result, list):  # several statements: the last one's rows
                result = result[-1]
            columns = list(result.get_column_names())
            rows = [[plain(v) for v in row] for row in result.get_all()]
            return columns, rows
        except RuntimeError as exc:
            raise _ladybug_error(exc, text) from None
        finally:
            conn.close()
    finally:
        db.close()


def _first_line(exc: BaseException) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return lines[0] if lines else type(exc).__name__


def _ladybug_error(exc: RuntimeError, text: str) -> StoreError:
    message = str(exc)
    first = _first_line(exc)
    if "read-only database" in message:
        return ReadOnlyViolation("the query writes, but the database is open read-only (use --write)")
    if message.startswith("Parser exception"):
        m = _LB_POS.search(message)
        detail = _LB_POS.sub("", first.removeprefix("Parser exception:")).strip().rstrip(".")
        if m:
            line = int(m[1])
            offset_in_line = int(m[2])
            # LadybugDB reports (line, offset from the start of the query); turn it into a column.
            line_start = sum(len(ln) + 1 for ln in text.split("\n")[: line - 1])
            column = offset_in_line - line_start + 1 if offset_in_line >= line_start else offset_in_line + 1
            return QuerySyntaxError(f"syntax error at line {line}, column {column}: {detail}", line, column)
        return QuerySyntaxError(f"syntax error: {detail}")
    if "Parameter" in message and "not found" in message:
        return ParameterError(first)
    return QueryFailed(f"query failed: {first}")


_NEO_POS = re.compile(r"\(line (\d+), column (\d+) \(offset: (\d+)\)\)")


def _run_neo4j(text: str, params: dict[str, Any], target: Neo4jTarget, write: bool) -> tuple[list, list]:
    import neo4j as _neo4j
    from neo4j import exceptions as nx4

    from .neo4j_store import connect, translate_driver_error

    mode = _neo4j.WRITE_ACCESS if write else _neo4j.READ_ACCESS
    with connect(target.uri, target.user, target.password, target.database) as driver:
        session_args: dict[str, Any] = {"default_access_mode": mode}
        if target.database:
            session_args["database"] = target.database
        try:
            with driver.session(**session_args) as session:
                result = session.run(text, params)
                columns = list(result.keys())
                rows = [[plain(v) for v in record.values()] for record in result]
                return columns, rows
        except nx4.Neo4jError as exc:
            raise _neo4j_error(exc, target) from None
        except nx4.DriverError as exc:
            mapped = translate_driver_error(exc, target.uri, target.database)
            raise (mapped or QueryFailed(f"query failed: {_first_line(exc)}")) from None


def _neo4j_error(exc: Any, target: Neo4jTarget) -> StoreError:
    from .neo4j_store import translate_driver_error

    code = getattr(exc, "code", "") or ""
    message = getattr(exc, "message", None) or str(exc)
    first = message.strip().splitlines()[0] if message.strip() else code
    if code == "Neo.ClientError.Statement.SyntaxError":
        m = _NEO_POS.search(message)
        detail = _NEO_POS.sub("", first).strip()
        if m:
            line, column = int(m[1]), int(m[2])
            return QuerySyntaxError(f"syntax error at line {line}, column {column}: {detail}", line, column)
        return QuerySyntaxError(f"syntax error: {detail}")
    if code == "Neo.ClientError.Statement.ParameterMissing":
        return ParameterError(f"missing parameter: {first}")
    if code in ("Neo.ClientError.Statement.AccessMode", "Neo.ClientError.Security.Forbidden") or (
        "read access mode" in message
    ):
        return ReadOnlyViolation("the query writes, but the session is read-only (use --write)")
    mapped = translate_driver_error(exc, target.uri, target.database)
    if mapped is not None:
        return mapped
    return QueryFailed(f"query failed: {first}")


# --- query files ------------------------------------------------------------------------------------------


@dataclass
class QueryFile:
    path: Path
    text: str
    title: str
    description: str
    params: dict[str, str]  # name → documentation line
    example: str  # the example `--param` arguments


_HEADER_FIELD = re.compile(r"^//\s*(Title|Answers|Parameters|Example):\s*(.*)$", re.IGNORECASE)
_HEADER_PARAM = re.compile(r"^//\s+\$(\w+)\b\s*(.*)$")


def read_query_file(path: str | os.PathLike[str]) -> QueryFile:
    """A ``queries/*.cypher`` file with its header (title, what it answers, parameters, example)."""
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    title = description = example = ""
    params: dict[str, str] = {}
    current = None
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        field_match = _HEADER_FIELD.match(line)
        param_match = _HEADER_PARAM.match(line)
        if field_match:
            current = field_match[1].lower()
            value = field_match[2].strip()
            if current == "title":
                title = value
            elif current == "answers":
                description = value
            elif current == "example":
                example = value
        elif param_match:
            params[param_match[1]] = param_match[2].strip()
            current = None
        elif current == "answers" and line[2:].strip():
            description = f"{description} {line[2:].strip()}".strip()
    return QueryFile(p, text, title, description, params, example)
