"""Errors the repositories raise for the API to turn into its own codes."""

from __future__ import annotations


class GraphError(Exception):
    """Base of expected errors; `field` names the argument or input path."""

    code = "INVALID"

    def __init__(self, message: str, field: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidCursor(GraphError):
    """An `after` cursor that this API did not make."""


class InvalidArgument(GraphError):
    """An argument out of its allowed range."""


class Conflict(GraphError):
    code = "CONFLICT"


class NotFound(GraphError):
    code = "NOT_FOUND"


class Forbidden(GraphError):
    code = "FORBIDDEN"


class InvalidInput(GraphError):
    """One or more input fields are wrong; `problems` lists (field path, message)."""

    def __init__(self, problems: list[tuple[list[str], str]]) -> None:
        super().__init__(problems[0][1], problems[0][0])
        self.problems = problems


class Unauthenticated(GraphError):
    code = "UNAUTHENTICATED"


class RateLimited(GraphError):
    code = "RATE_LIMITED"


def conflict_from(exc: Exception, fields: dict[str, list[str]], default: str) -> Conflict:
    """A Neo4j ConstraintError -> Conflict naming the input field behind the property.

    Neo4j names the property in its message (`property \\`slug\\``); `fields`
    maps property names to input paths.
    """
    message = str(exc)
    for prop, path in fields.items():
        if f"`{prop}`" in message:
            return Conflict(default, path)
    return Conflict(default)


class DatabaseUnavailable(Exception):
    """Neo4j did not answer (down, restarting, unreachable). Not the caller's fault.

    `outcome_unknown`: the connection broke during a commit, so the write may have
    been applied; the client should read before it retries.
    """

    def __init__(self, message: str, *, outcome_unknown: bool = False) -> None:
        super().__init__(message)
        self.outcome_unknown = outcome_unknown


class DatabaseTimeout(Exception):
    """A transaction ran past the per-request time limit and Neo4j stopped it."""
