"""The Jinja environment for our own page templates (``eventgraph/templates``), autoescaping everything."""

from __future__ import annotations

from functools import cache

import jinja2


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("eventgraph", "templates"),
        autoescape=True,  # every {{ }} is HTML-escaped, in text and attributes, whatever the file suffix
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Deterministic, compact JSON for |tojson (which also escapes < > & ' for use inside HTML).
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}
    return env
