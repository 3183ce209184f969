"""/healthz is the process; /readyz follows Neo4j, and recovers without a restart."""

from __future__ import annotations

import httpx

from graph.local_neo4j import LocalNeo4j


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200


async def test_readyz_follows_neo4j(client: httpx.AsyncClient, local: LocalNeo4j) -> None:
    assert (await client.get("/readyz")).status_code == 200
    local.stop()
    try:
        down = await client.get("/readyz")
        assert down.status_code == 503
        assert "neo4j" in down.json()["reason"]
        failed = await client.post("/graphql", json={"query": "{ stakeholderGroups { name } }"})
        # Nothing could be answered: HTTP 503 with Retry-After, the error masked.
        assert failed.status_code == 503 and int(failed.headers["retry-after"]) > 0
        error = failed.json()["errors"][0]
        assert error["extensions"] == {"code": "SERVICE_UNAVAILABLE"}  # masked: no internals
        assert "unavailable" in error["message"] and "7688" not in error["message"]
    finally:
        local.start()
    assert (await client.get("/readyz")).status_code == 200
    again = await client.post("/graphql", json={"query": "{ stakeholderGroups { name } }"})
    assert len(again.json()["data"]["stakeholderGroups"]) == 10
