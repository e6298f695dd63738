"""Every data file that cannot be used raises a DataFileError: ``path[:line]: problem``, on one line."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from eventgraph.actors import RegistryError, load_registry
from eventgraph.datafile import DataFileError
from eventgraph.temporal import RulesError, load_rules

UNCLOSED = "- id: x\n  name: [unclosed\n"


def test_the_message_is_path_line_problem() -> None:
    assert str(DataFileError("not valid YAML", path="my/actors.yaml", line=3)) == (
        "my/actors.yaml:3: not valid YAML"
    )
    assert str(DataFileError("cannot read it", path=Path("x.yaml"))) == "x.yaml: cannot read it"
    assert str(DataFileError("rule 'r': unknown list {nonsense}")) == "rule 'r': unknown list {nonsense}"


@pytest.mark.parametrize(
    ("load", "error"), [(load_registry, RegistryError), (load_rules, RulesError)], ids=["actors", "rules"]
)
def test_a_broken_file_names_its_path_and_line(load, error, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(UNCLOSED, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load([broken])
    assert isinstance(err.value, error)
    assert err.value.path == str(broken) and isinstance(err.value.line, int)
    message = str(err.value)
    assert message.startswith(f"{broken}:{err.value.line}: ") and "not valid YAML" in message
    assert "\n" not in message


def test_a_registry_schema_error_is_one_line_naming_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "kind.yaml"
    bad.write_text("- id: x\n  name: X\n  kind: wizard\n", encoding="utf-8")
    with pytest.raises(RegistryError) as err:
        load_registry([bad])
    assert str(err.value).startswith(f"{bad}:3: field '[0].kind' (entry 'x'): 'wizard' is not one of")
    assert "\n" not in str(err.value)


def test_several_registry_schema_errors_are_listed_one_per_line(tmp_path: Path) -> None:
    bad = tmp_path / "two.yaml"
    bad.write_text("- id: x\n  name: X\n  kind: wizard\n- id: y\n  kind: person\n", encoding="utf-8")
    with pytest.raises(RegistryError) as err:
        load_registry([bad])
    first, *problems = str(err.value).splitlines()
    assert first == f"{bad}: invalid actor registry file (2 problems):"
    assert len(problems) == 2 and all(p.startswith(f"{bad}:") for p in problems)


def test_the_error_keeps_path_and_line_across_processes() -> None:
    error = RulesError("temporal rules file is not valid YAML: x", path="r.yaml", line=2)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is RulesError and str(copy) == str(error)
    assert (copy.path, copy.line, copy.problem) == ("r.yaml", 2, error.problem)
