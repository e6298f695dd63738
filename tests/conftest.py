"""Fixtures shared by the test modules.

The Neo4j fixtures (``neo4j_server``, ``neo4j_empty``) live in ``tests/conftest_neo4j.py``: they build and
start the embedded-with-Bolt launcher in ``tests/neo4j/`` (or use ``NEO4J_URI``) for tests marked neo4j.
"""

from __future__ import annotations

import pytest

from conftest_neo4j import neo4j_empty, neo4j_server  # noqa: F401  (re-exported pytest fixtures)
from eventgraph import nlp as nlp_module


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline, loaded once per session (as a build loads it once per process)."""
    return nlp_module.load()
