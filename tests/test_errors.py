"""How errors that escape a resolver reach the client (no Neo4j needed)."""

from __future__ import annotations

from graphql import GraphQLError

from api.errors import MaskUnexpectedErrors
from graph.errors import DatabaseUnavailable, InvalidArgument, NotFound


def masked(original: Exception) -> dict[str, object]:
    error = GraphQLError("internal detail", path=["field"], original_error=original)
    out = MaskUnexpectedErrors().anonymise_error(error)
    return {"message": out.message, **(out.extensions or {})}


def test_a_fault_during_a_commit_says_the_outcome_is_unknown() -> None:
    cut = masked(DatabaseUnavailable("defunct connection", outcome_unknown=True))
    assert cut["code"] == "SERVICE_UNAVAILABLE" and cut["outcome"] == "UNKNOWN"
    down = masked(DatabaseUnavailable("refused"))
    assert down["code"] == "SERVICE_UNAVAILABLE" and "outcome" not in down
    assert "refused" not in str(down) and "defunct" not in str(cut)


def test_expected_graph_errors_keep_their_message_and_field() -> None:
    assert masked(InvalidArgument("bad words", ["text"])) == {
        "message": "bad words", "code": "BAD_USER_INPUT", "field": ["text"]}
    assert masked(NotFound("no such thing"))["code"] == "NOT_FOUND"


def test_anything_else_is_masked() -> None:
    assert masked(RuntimeError("secret path /etc")) == {
        "message": "Unexpected error.", "code": "INTERNAL_SERVER_ERROR"}
