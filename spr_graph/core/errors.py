"""One exception tree. The CLI maps each class to an exit code and a one-line message."""

from __future__ import annotations

from dataclasses import dataclass


class SprGraphError(Exception):
    """Root of every error the library raises on purpose. Exit code 2 (bad input)."""

    exit_code = 2


@dataclass
class Location:
    """Where in a file a problem is (1-based line and column).

    Examples
    --------
    >>> str(Location("data/x.ttl", 3, 7)), str(Location("data/x.ttl"))
    ('data/x.ttl:3:7', 'data/x.ttl')
    """

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class InputError(SprGraphError):
    """A file or argument that cannot be used; the message says where and what to do.

    Examples
    --------
    >>> str(InputError("not a number", Location("q.rq", 2), "give a number"))
    'q.rq:2: not a number (give a number)'
    """

    def __init__(self, message: str, location: Location | None = None, hint: str = "") -> None:
        self.location = location
        self.hint = hint
        self.message = message
        text = f"{location}: {message}" if location else message
        if hint:
            text = f"{text} ({hint})"
        super().__init__(text)


class ParseError(InputError):
    """An RDF file with a syntax error."""


class UnknownNodeError(InputError):
    """A node name on the command line that matches nothing, or several things."""


class QueryError(InputError):
    """A SPARQL query that is malformed, refused or failed."""


class QueryRefused(QueryError):
    """A query refused before execution because it could write, reach out or load files."""


class QueryStopped(QueryError):
    """A query stopped at one of its limits (time or memory); ``serve`` answers 503."""


class QueryTimeout(QueryStopped):
    """A query stopped at its time limit (or refused because the server is busy)."""


class QueryMemoryError(QueryStopped):
    """A query stopped because it used more memory than its cap (``--max-memory``)."""


class EndpointError(SprGraphError):
    """A remote SPARQL endpoint that failed, timed out or answered nonsense."""
