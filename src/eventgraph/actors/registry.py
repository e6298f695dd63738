"""The actor registry: canonical actors with aliases, offices held and dates, from YAML files.

The packaged files live in ``eventgraph/data/actors/*.yaml``; users add files of the same schema with
``--actors FILE``. A schema error is reported with file, line and field (YAML node positions are kept
while loading); an alias claimed by two entries is a warning naming both, in ``Registry.warnings`` (the build
reports it with its other warnings: in build.json, failing ``--strict``, silent with ``-q``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from .. import yamlio
from ..config import DATA_DIR
from ..datafile import DataFileError, read_yaml
from .text import fold, normalise

REGISTRY_DIR = DATA_DIR / "actors"
SCHEMA_PATH = REGISTRY_DIR / "schema.json"


class RegistryError(DataFileError):
    """A registry file that cannot be used; the message names file, line and field."""


@dataclass(frozen=True)
class Office:
    role: str
    of: str  # country code or registry id of an organisation
    start: str | None = None  # ISO date, possibly partial
    end: str | None = None
    acting: bool = False

    def covers(self, start: str, end: str) -> float:
        """How much of the interval [start, end) (ISO dates) this term of office covers, in days."""
        lo = max(start, _date_floor(self.start) or "0000-01-01")
        hi = min(end, _date_ceil(self.end) or "9999-12-31")
        return max(0.0, _days(hi) - _days(lo))


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    kind: str
    country: str | None = None
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    short_names: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()
    start: str | None = None
    end: str | None = None
    source: str = ""  # file:line where the entry is defined

    @property
    def key(self) -> str:
        return f"reg:{self.id}"


@dataclass
class Registry:
    entries: dict[str, Entry] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def holders(self, roles: Iterable[str], of: str, start: str, end: str) -> list[tuple[float, Entry]]:
        """Entries holding one of ``roles`` of ``of`` during [start, end), by days of overlap (most first)."""
        wanted = set(roles)
        found: dict[str, float] = {}
        for entry in self.entries.values():
            for office in entry.offices:
                if office.role in wanted and office.of == of:
                    days = office.covers(start, end)
                    if days > 0:
                        found[entry.id] = found.get(entry.id, 0.0) + days
        ranked = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(days, self.entries[eid]) for eid, days in ranked]


# --- loading -----------------------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """Safe YAML without the timestamp resolver: dates stay strings ("1994-07-20"), as the schema wants."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _field_name(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


_SCHEMA: dict | None = None


def _validator() -> jsonschema.protocols.Validator:
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(_SCHEMA)


def _date(value: Any) -> str | None:
    return None if value is None else str(value)


def load_file(path: Path) -> list[Entry]:
    """Entries of one registry file; :class:`RegistryError` (file, line, field) if it is not valid."""
    path = Path(path)
    data, lines = read_yaml(path, RegistryError, "actor registry file", _Loader)
    if data is None:
        return []
    errors = sorted(_validator().iter_errors(data), key=lambda e: (list(e.absolute_path), e.message))
    if errors:
        msgs: list[tuple[int | str, str]] = []  # (line, problem)
        for err in errors[:10]:
            where = tuple(err.absolute_path)
            line = yamlio.line_of(lines, where) or "?"
            entry_id = ""
            if (
                where
                and isinstance(where[0], int)
                and isinstance(data, list)
                and isinstance(data[where[0]], dict)
            ):
                entry_id = f" (entry {data[where[0]].get('id', '?')!r})"
            msgs.append((line, f"field {_field_name(where)!r}{entry_id}: {_short(err)}"))
        if len(msgs) == 1:
            raise RegistryError(msgs[0][1], path=path, line=msgs[0][0])
        more = f"\n... and {len(errors) - 10} more" if len(errors) > 10 else ""
        listed = "\n".join(f"{path}:{line}: {problem}" for line, problem in msgs)
        raise RegistryError(
            f"invalid actor registry file ({len(errors)} problems):\n{listed}{more}", path=path
        )
    entries = []
    for i, item in enumerate(data):
        offices = tuple(
            Office(o["role"], o["of"], _date(o.get("start")), _date(o.get("end")), bool(o.get("acting")))
            for o in item.get("offices", [])
        )
        entries.append(
            Entry(
                id=item["id"],
                name=item["name"],
                kind=item["kind"],
                country=item.get("country"),
                wikidata=item.get("wikidata"),
                aliases=tuple(item.get("aliases", [])),
                short_names=tuple(item["short_names"]) if "short_names" in item else _default_short(item),
                metonyms=tuple(item.get("metonyms", [])),
                offices=offices,
                start=_date(item.get("start")),
                end=_date(item.get("end")),
                source=f"{path}:{lines.get((i,), '?')}",
            )
        )
    return entries


def _short(err: jsonschema.ValidationError) -> str:
    if err.validator == "additionalProperties":
        return err.message.replace("Additional properties are not allowed", "unknown field")
    if err.validator == "enum":
        return f"{err.instance!r} is not one of {', '.join(map(str, err.validator_value))}"
    if err.validator == "pattern":
        expected = err.schema.get("description", err.validator_value)
        return f"{err.instance!r} does not have the expected form ({expected})"
    if err.validator == "oneOf" and "date" in json.dumps(err.schema):
        return f"{err.instance!r} is not a date (1994, 1994-07 or 1994-07-20)"
    return err.message


_PARTICLES = {"al", "el", "de", "da", "von", "van", "der", "bin", "ter", "le", "la", "di", "du"}


def _default_short(item: dict) -> tuple[str, ...]:
    """Surnames a person is called by on their own: the last word of the name and of each alias."""
    if item.get("kind") != "person":
        return ()
    out: list[str] = []
    for full in [item["name"], *item.get("aliases", [])]:
        words = full.replace(",", " ").split()
        # epithets ("Europe's last dictator") are aliases, not names: no surname in them
        if len(words) < 2 or any(not w[:1].isupper() and w.lower() not in _PARTICLES for w in words):
            continue
        last = words[-1]
        if last.endswith(".") or last.lower() in {"jr", "sr", "ii", "iii", "iv"}:
            continue
        if last not in out:
            out.append(last)
    return tuple(out)


def load_registry(extra_files: Iterable[Path] = (), *, packaged: bool = True) -> Registry:
    """The packaged registry plus user files (later files override entries with the same id).

    Conflicts (an entry replaced, an alias claimed twice) are returned in ``warnings``, not logged. Loading
    the same files again, unchanged (same size and modification time), gives the same Registry object, which
    nobody changes: a build needs it for its warnings and again for its extractor.
    """
    paths = tuple(Path(p) for p in extra_files)
    try:
        stamps = tuple((str(p), st.st_size, st.st_mtime_ns) for p in paths for st in [p.stat()])
    except OSError:  # a missing file: the loader says so, with its name
        return _load_registry(paths, packaged)
    return _load_registry_unchanged(stamps, packaged)


@functools.lru_cache(maxsize=4)
def _load_registry_unchanged(stamps: tuple[tuple[str, int, int], ...], packaged: bool) -> Registry:
    return _load_registry(tuple(Path(path) for path, *_ in stamps), packaged)


def _load_registry(extra_files: tuple[Path, ...], packaged: bool) -> Registry:
    files = sorted(REGISTRY_DIR.glob("*.yaml")) if packaged else []
    registry = Registry()
    owner: dict[str, Entry] = {}  # folded alias → entry claiming it
    for path in [*files, *extra_files]:
        for entry in load_file(path):
            if entry.id in registry.entries:
                prev = registry.entries[entry.id]
                registry.warnings.append(
                    f"{entry.source}: entry {entry.id!r} replaces the one at {prev.source}"
                )
                for alias, holder in list(owner.items()):
                    if holder.id == entry.id:
                        del owner[alias]
            registry.entries[entry.id] = entry
            for alias in {fold(a) for a in (entry.name, *entry.aliases)}:
                other = owner.get(alias)
                if other is not None and other.id != entry.id:
                    registry.warnings.append(
                        f"alias {alias!r} is claimed by two registry entries: "
                        f"{other.id!r} ({other.source}) and "
                        f"{entry.id!r} ({entry.source}); it will resolve to {other.id!r}"
                    )
                    continue
                owner[alias] = entry
    return registry


# --- dates --------------------------------------------------------------------------------------------


def _date_floor(value: str | None) -> str | None:
    if not value:
        return None
    parts = value.split("-")
    return "-".join([parts[0], parts[1] if len(parts) > 1 else "01", parts[2] if len(parts) > 2 else "01"])


def _date_ceil(value: str | None) -> str | None:
    """The exclusive end of a partial date: "2019" → "2020-01-01"; a full date is the day the term ended."""
    if not value:
        return None
    parts = value.split("-")
    if len(parts) == 1:
        return f"{int(parts[0]) + 1:04d}-01-01"
    if len(parts) == 2:
        y, m = int(parts[0]), int(parts[1])
        return f"{y + (m == 12):04d}-{(m % 12) + 1:02d}-01"
    return value


def _days(iso: str) -> float:
    y, m, d = (int(p) for p in iso.split("-"))
    try:
        return float(dt.date(y, m, d).toordinal())
    except ValueError:
        return float(dt.date(max(1, min(y, 9999)), 12 if m > 12 else max(m, 1), 28).toordinal())


def normalised_names(entry: Entry) -> set[str]:
    return {normalise(n) for n in (entry.name, *entry.aliases)}
