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
