"""Errors of the Cypher stores, each with a one-line message the CLI can print as is."""

from __future__ import annotations


class StoreError(Exception):
    """Base class: ``str(error)`` is a complete, one-line explanation for the user."""


class ConnectionFailed(StoreError):
    """The Neo4j server cannot be reached (down, wrong port, bad URI)."""


class AuthFailed(StoreError):
    """The Neo4j server refused the credentials."""


class DatabaseMissing(StoreError):
    """The embedded database file or the named Neo4j database does not exist."""


class QuerySyntaxError(StoreError):
    """The query does not parse; ``line``/``column`` are 1-based positions in the query text when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class ParameterError(StoreError):
    """A parameter the query uses was not given, or one was given that the query does not use."""


class ReadOnlyViolation(StoreError):
    """A write clause in a query run read-only (without ``write=True`` / ``--write``)."""


class QueryFailed(StoreError):
    """Any other error the engine reports while running a query."""
