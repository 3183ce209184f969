"""Top-level GraphQL errors: expected ones keep their message and carry a code;
anything unexpected is masked as INTERNAL_SERVER_ERROR and logged here."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from graph.errors import DatabaseTimeout, DatabaseUnavailable, GraphError
from graph.pagination import PageRequest

log = logging.getLogger("lermap.api")


def bad_input(message: str, field: list[str] | None = None) -> GraphQLError:
    extensions: dict[str, Any] = {"code": "BAD_USER_INPUT"}
    if field:
        extensions["field"] = field
    return GraphQLError(message, extensions=extensions)


def refusal(message: str, code: str, **extensions: Any) -> GraphQLError:
    """A request refused before it runs (a limit, an unusable document), with its code."""
    return GraphQLError(message, extensions={"code": code, **extensions})


@contextmanager
def as_bad_input() -> Iterator[None]:
    """Expected errors from `graph/` (a bad cursor, `first` out of range) -> BAD_USER_INPUT."""
    try:
        yield
    except GraphError as exc:
        raise bad_input(exc.message, exc.field) from exc


def page_request(first: int | None, after: str | None, limit: int,
                 default: int = 20) -> PageRequest:
    """`first: null` means the default, as the contract's `first: Int = 20` allows."""
    with as_bad_input():
        return PageRequest.of(default if first is None else first, after, limit)


def suggestion_count(first: int | None, limit: int) -> int:
    """How many suggestions `suggestedPartners(first:)` asks for (5 by default); a bad
    `first` is refused as page_request refuses it. One rule for the field's resolver,
    the look-ahead and the root's one-statement read (api/types/query.py)."""
    return page_request(first, None, limit, default=5).first


def _should_mask(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


# Errors from graphql-core's parser carry no code; these give them one. (Our own limits,
# in api/analysis.py, set their code where they refuse.)
_CODES_BY_MESSAGE = (
    ("Document contains more than", "QUERY_TOO_LARGE"),
    ("Syntax Error", "GRAPHQL_PARSE_FAILED"),
)


def with_code(error: GraphQLError) -> GraphQLError:
    """Every top-level error gets `extensions.code`; ours already have one."""
    if error.extensions and "code" in error.extensions:
        return error
    code = next((c for text, c in _CODES_BY_MESSAGE if text in error.message),
                "GRAPHQL_VALIDATION_FAILED" if error.path is None else "BAD_USER_INPUT")
    error.extensions = {**(error.extensions or {}), "code": code}
    return error


class MaskUnexpectedErrors(MaskErrors):
    """Masks what we did not raise on purpose; syntax, validation and limit errors stay,
    each with an `extensions.code`."""

    def __init__(self, should_mask_error: Callable[[GraphQLError], bool] = _should_mask,
                 error_message: str = "Unexpected error.") -> None:
        super().__init__(should_mask_error=should_mask_error, error_message=error_message)

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return [with_code(e) for e in super()._process_errors(errors)]

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        masked = super().anonymise_error(error)
        if isinstance(original, GraphError):
            # An expected error of graph/ that no resolver turned into data (a search
            # text Lucene refused, say): the caller's input, with its field.
            masked.message = original.message
            masked.extensions = {"code": "BAD_USER_INPUT" if original.code == "INVALID"
                                 else original.code,
                                 **({"field": original.field} if original.field else {})}
        elif isinstance(original, DatabaseUnavailable):
            # Not logged here: api/observability.py logs an outage once when it starts and
            # once when it ends, not a line per failing request.
            masked.message = "The graph database is unavailable; try again shortly."
            masked.extensions = {"code": "SERVICE_UNAVAILABLE"}
            if original.outcome_unknown:
                masked.message = ("The graph database went away while this write was being "
                                  "committed; it may have been applied. Read before retrying.")
                masked.extensions["outcome"] = "UNKNOWN"
        elif isinstance(original, DatabaseTimeout):
            log.warning("neo4j transaction timed out at %s", error.path)
            masked.message = "The request took too long and was stopped."
            masked.extensions = {"code": "TIMEOUT"}
        else:
            log.error("unexpected error at %s", error.path, exc_info=original)
            masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        return masked
