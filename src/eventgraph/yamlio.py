"""YAML parsed by libyaml (C) when PyYAML has it, with the pure-Python loader's results and errors.

The pure-Python parser takes seconds on the actor registry and gazetteer, which every build loads. The C
parser builds the same nodes (with the same line marks) and the same Python constructors and resolvers turn
them into the same data. Only the error messages differ, so a document that fails to parse is parsed again
by the pure-Python loader, which raises exactly the error it always raised.
"""

from __future__ import annotations

import functools
from typing import IO, Any

import yaml


@functools.cache
def _c_variant(loader: type) -> type | None:
    """A libyaml-based loader with ``loader``'s resolvers and constructors (``loader`` is a SafeLoader)."""
    base = getattr(yaml, "CSafeLoader", None)
    if base is None or not issubclass(loader, yaml.SafeLoader):
        return None
    return type(
        f"C{loader.__name__}",
        (base,),
        {
            "yaml_implicit_resolvers": loader.yaml_implicit_resolvers,
            "yaml_path_resolvers": loader.yaml_path_resolvers,
            "yaml_constructors": loader.yaml_constructors,
            "yaml_multi_constructors": loader.yaml_multi_constructors,
        },
    )


def load(stream: str | bytes | IO, loader: type = yaml.SafeLoader) -> Any:
    """``yaml.load(stream, Loader=loader)``, faster."""
    fast = _c_variant(loader)
    if fast is not None:
        text = stream.read() if hasattr(stream, "read") else stream
        try:
            return yaml.load(text, Loader=fast)
        except yaml.YAMLError:
            stream = text  # parsed again below: the error as the pure-Python loader words it
    return yaml.load(stream, Loader=loader)


def compose_and_load(text: str, loader: type = yaml.SafeLoader) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the data of one YAML document, parsed once."""
    fast = _c_variant(loader)
    if fast is not None:
        try:
            node = yaml.compose(text, Loader=fast)
            return node, None if node is None else fast("").construct_document(node)
        except yaml.YAMLError:
            pass  # parsed again below: the error as the pure-Python loader words it
    return yaml.compose(text, Loader=loader), yaml.load(text, Loader=loader)


def line_map(node: yaml.Node | None, path: tuple = (), lines: dict | None = None) -> dict[tuple, int]:
    """Path in the loaded data (keys and indexes) → 1-based line of the YAML node, for error messages."""
    lines = {} if lines is None else lines
    if node is None:
        return lines
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            lines[(*path, key_node.value)] = key_node.start_mark.line + 1
            line_map(value_node, (*path, key_node.value), lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            line_map(child, (*path, i), lines)
    return lines


def line_of(lines: dict[tuple, int], path: Any) -> int | None:
    """The line of ``path`` in a :func:`line_map`, or of its nearest enclosing node that has one."""
    where = tuple(path)
    return next((lines[where[:n]] for n in range(len(where), -1, -1) if where[:n] in lines), None)
