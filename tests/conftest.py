# ---- Neo4j (store tests, issue 7) ------------------------------------------------------------------------
# A real Neo4j server for tests marked @pytest.mark.neo4j: tests/conftest_neo4j.py builds and starts the
# embedded-with-Bolt launcher (or uses NEO4J_URI). Run them with:  pytest -m neo4j
from conftest_neo4j import neo4j_empty, neo4j_server  # noqa: F401  (re-exported pytest fixtures)
# ---- end Neo4j -----------------------------------------------------------------------------------------
