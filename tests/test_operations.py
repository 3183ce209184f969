"""Running as a service: Neo4j bookmarks for read-your-writes, several `lermap serve`
processes sharing one budget in a real Redis, several workers, and SIGTERM under load.

The served tests start `lermap serve` as an operator does (tests/helpers.py `served`), over
the test Neo4j; the Redis is the test one (`make redis`, LERMAP_TEST_REDIS_PORT), started
here when none answers (tests/test_ratelimit.py `redis_url`).
"""

from __future__ import annotations

import base64
import uuid
from typing import Any

import httpx
import orjson
import pytest

from api.bookmarks import MAX_HEADER, decode, encode
from tests.helpers import REGISTER, registration

LOOKUP = "query Lookup($id: ID!) { stakeholder(id: $id) { id name } }"


def bookmark_of(body: dict[str, Any]) -> str:
    bookmark = body.get("extensions", {}).get("bookmark")
    assert isinstance(bookmark, str), body.get("extensions")
    return bookmark


# -- bookmarks, in process ----------------------------------------------------------------

async def test_a_write_returns_a_bookmark_that_a_read_accepts(client: httpx.AsyncClient
                                                              ) -> None:
    response = await client.post("/graphql", json={"query": REGISTER,
                                                   "variables": {"input": registration()}})
    body = response.json()
    stakeholder = body["data"]["registerStakeholder"]["stakeholder"]
    bookmark = bookmark_of(body)
    assert len(decode(bookmark).raw_values) >= 1            # Neo4j's own, wrapped
    assert decode(encode(decode(bookmark))).raw_values == decode(bookmark).raw_values

    read = await client.post("/graphql", headers={"X-Neo4j-Bookmark": bookmark},
                             json={"query": LOOKUP, "variables": {"id": stakeholder["id"]}})
    assert read.status_code == 200
    assert read.json()["data"]["stakeholder"] == {"id": stakeholder["id"],
                                                  "name": stakeholder["name"]}
    # A read writes nothing, so it hands no bookmark back.
    assert "bookmark" not in read.json().get("extensions", {})


@pytest.mark.parametrize(("header", "reason"), [
    ("not base64 !!", "not a value this API returned"),
    (base64.urlsafe_b64encode(b'{"a": 1}').decode(), "not a list of bookmarks"),
    (base64.urlsafe_b64encode(b"[]").decode(), "not a list of bookmarks"),
    (base64.urlsafe_b64encode(orjson.dumps(["x" * 300])).decode(), "not a list of bookmarks"),
    (base64.urlsafe_b64encode(orjson.dumps(["b"] * 17)).decode(), "more than 16 bookmarks"),
    ("A" * (MAX_HEADER + 1), f"longer than {MAX_HEADER}"),
])
async def test_a_bad_bookmark_header_is_refused_with_a_reason(
        client: httpx.AsyncClient, header: str, reason: str) -> None:
    response = await client.post("/graphql", headers={"X-Neo4j-Bookmark": header},
                                 json={"query": "{ __typename }"})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "BAD_REQUEST", "field": "X-Neo4j-Bookmark"}
    assert reason in error["message"] and "X-Neo4j-Bookmark" in error["message"]


async def test_a_bookmark_neo4j_does_not_know_is_refused_not_crashed(
        client: httpx.AsyncClient, admin_key: str) -> None:
    """Well formed, but no transaction of this database: Neo4j refuses it, and so do we
    (it reached Neo4j: the header is really used)."""
    forged = base64.urlsafe_b64encode(orjson.dumps(["FB:" + uuid.uuid4().hex])).decode()
    keyed = await client.post("/graphql", json={"query": "{ __typename }"}, headers={
        "X-Neo4j-Bookmark": forged, "Authorization": f"Bearer {admin_key}"})
    assert keyed.status_code == 400
    assert keyed.json()["errors"][0]["extensions"]["field"] == "X-Neo4j-Bookmark"
    anonymous = await client.post("/graphql", headers={"X-Neo4j-Bookmark": forged},
                                  json={"query": LOOKUP, "variables": {"id": "x"}})
    error = anonymous.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "X-Neo4j-Bookmark" in error["message"]
