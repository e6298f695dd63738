"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest

from eventgraph import nlp as nlp_module


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline, loaded once per session (as a build loads it once per process)."""
    return nlp_module.load()


# ---- Neo4j (store tests, issue 7) ------------------------------------------------------------------------
# A real Neo4j server for tests marked @pytest.mark.neo4j: tests/conftest_neo4j.py builds and starts the
# embedded-with-Bolt launcher (or uses NEO4J_URI). Run them with:  pytest -m neo4j
from conftest_neo4j import neo4j_empty, neo4j_server  # noqa: F401  (re-exported pytest fixtures)
# ---- end Neo4j -----------------------------------------------------------------------------------------
