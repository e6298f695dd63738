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
