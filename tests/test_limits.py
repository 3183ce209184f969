"""Limits of a public API: each refusal has its own code and is not a 500."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from api.app import create_app
from graph.local_neo4j import LocalNeo4j
from graph.settings import Settings
from tests.helpers import connect, gql


async def post(client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None
               ) -> tuple[int, dict[str, Any]]:
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}})
    return response.status_code, response.json()


def nested(depth: int) -> str:
    query = "id"
    for _ in range(depth):
        query = f"broader {{ {query} }}"
    return f'{{ skill(id: "esco:S1") {{ {query} }} }}'


async def test_depth_limit(client: httpx.AsyncClient, settings: Settings) -> None:
    status, ok = await post(client, nested(settings.max_query_depth - 2))
    assert "errors" not in ok
    status, body = await post(client, nested(settings.max_query_depth + 1))
    assert status != 500 and body["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"


async def test_alias_limit(client: httpx.AsyncClient, settings: Settings) -> None:
    aliases = " ".join(f"a{i}: standards {{ id }}" for i in range(settings.max_aliases + 1))
    status, body = await post(client, f"{{ {aliases} }}")
    assert status != 500 and body["errors"][0]["extensions"]["code"] == "TOO_MANY_ALIASES"


async def test_token_limit(client: httpx.AsyncClient, settings: Settings) -> None:
    fields = " ".join("__typename" for _ in range(settings.max_tokens))
    status, body = await post(client, f"{{ {fields} }}")
    assert status != 500 and body["errors"][0]["extensions"]["code"] == "QUERY_TOO_LARGE"


COST = """query($outer: Int, $inner: Int) { stakeholders(first: $outer) { edges { node {
  credentials(first: $inner) { edges { node { id } } } } } } }"""


async def test_cost_is_multiplicative(client: httpx.AsyncClient, settings: Settings) -> None:
    status, body = await post(client, COST, {"outer": 100, "inner": 100})   # 100 + 100 x 100
    assert "errors" not in body
    deeper = """{ stakeholders(first: 100) { edges { node { credentials(first: 100) { edges {
      node { acceptedBy(first: 100) { edges { node { id } } } } } } } } } }"""
    status, body = await post(client, deeper)                              # 100^3 + ...
    error = body["errors"][0]
    assert status != 500 and error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["cost"] == 100 + 100 * 100 + 100 * 100 * 100
    assert error["extensions"]["maxCost"] == settings.max_query_cost


async def test_cost_counts_variables_and_lists(client: httpx.AsyncClient) -> None:
    # Plain lists (partners, skills) count LIST_FACTOR each; variables are read.
    query = """query($n: Int) { stakeholders(first: $n) { edges { node { partners {
      partners { partners { id } } } } } } }"""
    _, small = await post(client, query, {"n": 5})        # 5 + 50 + 500 + 5000
    assert "errors" not in small
    _, big = await post(client, query, {"n": 50})         # 50 + 500 + 5000 + 50000
    assert big["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_neo4j_transactions_carry_the_time_limit(settings: Settings,
                                                       local: LocalNeo4j) -> None:
    db = connect(settings, local)
    try:
        assert db.query("stakeholders/read_by_ids", {}).timeout == settings.request_timeout_s
    finally:
        await db.close()


async def test_unexpected_errors_are_masked_validation_errors_are_not(
        client: httpx.AsyncClient) -> None:
    _, body = await post(client, "{ stakeholders(first: 1) { edges { node { nme } } } }")
    error = body["errors"][0]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "nme" in error["message"]
    assert "Did you mean" in error["message"]  # development: suggestions on


async def test_production_hides_suggestions_keeps_introspection(settings: Settings,
                                                                local: LocalNeo4j) -> None:
    production = settings.model_copy(update={"environment": "production"})
    app = create_app(production, connect(production, local))
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            _, body = await post(http, "{ stakeholders(first: 1) { edges { node { nme } } } }")
            assert "Did you mean" not in body["errors"][0]["message"]
            schema = await gql(http, "{ __schema { queryType { name } } }")
            assert schema["data"]["__schema"]["queryType"]["name"] == "Query"
            assert "roundtrips" not in json.dumps(schema.get("extensions", {}))


@pytest.mark.parametrize("body", [b"{not json", b'{"query": 5}', b"[]"])
async def test_malformed_requests_are_4xx(client: httpx.AsyncClient, body: bytes) -> None:
    response = await client.post("/graphql", content=body,
                                 headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500
