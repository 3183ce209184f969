"""registerStakeholder: validation per field, keys, conflicts, concurrency, rate limit."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from api.app import create_app
from graph.apikeys import hash_key
from graph.db import Database
from graph.local_neo4j import LocalNeo4j
from graph.settings import Settings
from graph.stakeholder_ids import domain_of
from tests.helpers import REGISTER, connect, gql, register, registration


async def test_registration_starts_pending_with_a_working_key(client: httpx.AsyncClient,
                                                              db: Database) -> None:
    stakeholder, key = await register(client, standardIds=["std:vc", "std:open-badges"])
    assert stakeholder["verification"] == "PENDING"
    assert key.startswith("lerk_") and len(key) >= len("lerk_") + 43  # 256 bits, base64url
    me = await gql(client, "{ me { id standards { id } } }", key=key)
    assert me["data"]["me"]["id"] == stakeholder["id"]
    assert {s["id"] for s in me["data"]["me"]["standards"]} == {"std:vc", "std:open-badges"}
    # Only a hash is stored: the plaintext key is nowhere in the graph.
    found = await db.driver.execute_query(
        "MATCH (k:ApiKey)-[:KEY_OF]->(:Stakeholder {id: $id}) RETURN k {.*} AS k",
        id=stakeholder["id"])
    stored = found.records[0]["k"]
    assert stored["hash"] == hash_key(key)
    assert key not in str(stored)


async def test_contact_email_is_never_readable(client: httpx.AsyncClient) -> None:
    stakeholder, _ = await register(client)
    body = await gql(client, f'{{ stakeholder(id: "{stakeholder["id"]}") {{ contactEmail }} }}',
                     expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    types = await gql(client, "{ __schema { types { kind fields { name } } } }")
    output_fields = {f["name"] for t in types["data"]["__schema"]["types"]
                     if t["kind"] in ("OBJECT", "INTERFACE") for f in t["fields"] or []}
    assert "contactEmail" not in output_fields


@pytest.mark.parametrize(("overrides", "field"), [
    ({"name": "x"}, ["input", "name"]),
    ({"name": "  "}, ["input", "name"]),
    ({"name": "<script>alert(1)</script>"}, ["input", "name"]),
    ({"name": "a" * 121}, ["input", "name"]),
    ({"name": "Bell\aName"}, ["input", "name"]),  # tabs collapse to spaces; controls refused
    ({"website": "ftp://example.org"}, ["input", "website"]),
    ({"website": "not a url"}, ["input", "website"]),
    ({"website": "https://localhost"}, ["input", "website"]),
    ({"contactEmail": "nobody"}, ["input", "contactEmail"]),
    ({"contactEmail": "a@b"}, ["input", "contactEmail"]),
    ({"groups": []}, ["input", "groups"]),
    ({"did": "did-not-a-did"}, ["input", "did"]),
    # The one DID grammar (graph/validation.py), as issuerTrust and TRQP read DIDs.
    ({"did": "did:web:%zz"}, ["input", "did"]),
    ({"did": "did:web:example.org:"}, ["input", "did"]),
    ({"did": "did:web:example.org/path"}, ["input", "did"]),
    ({"description": "d" * 4001}, ["input", "description"]),
    ({"location": "l" * 201}, ["input", "location"]),
    ({"standardIds": ["std:vc", "std:nope"]}, ["input", "standardIds", "1"]),
])
async def test_each_field_is_validated(client: httpx.AsyncClient, db: Database,
                                       overrides: dict[str, Any], field: list[str]) -> None:
    data = registration(**overrides)
    body = await gql(client, REGISTER, {"input": data})
    payload = body["data"]["registerStakeholder"]
    assert payload["stakeholder"] is None and payload["apiKey"] is None
    assert [e["code"] for e in payload["errors"]] == ["INVALID"]
    assert payload["errors"][0]["field"] == field
    # Nothing was written.
    domain = domain_of(data["website"]) if data["website"].startswith("http") else ""
    left = await db.driver.execute_query("MATCH (s:Stakeholder) WHERE s.domain = $d "
                                         "RETURN count(s) AS n", d=domain)
    assert left.records[0]["n"] == 0


async def test_all_problems_are_reported_at_once(client: httpx.AsyncClient) -> None:
    data = registration(name="x", website="nope", contactEmail="nope", groups=[])
    payload = (await gql(client, REGISTER, {"input": data}))["data"]["registerStakeholder"]
    fields = {tuple(e["field"]) for e in payload["errors"]}
    assert fields == {("input", "name"), ("input", "website"), ("input", "contactEmail"),
                      ("input", "groups")}


async def test_same_domain_conflicts_and_same_name_gets_a_suffix(
        client: httpx.AsyncClient) -> None:
    first, _ = await register(client)
    again = registration(website=f"https://www.{domain_of(first['website'])}/about")
    payload = (await gql(client, REGISTER, {"input": again}))["data"]["registerStakeholder"]
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [
        ("CONFLICT", ["input", "website"])]
    # Organizations are known by their site; two may share a name, not a slug.
    second, _ = await register(client, name=first["name"])
    third, _ = await register(client, name=first["name"])
    assert (second["slug"], third["slug"]) == (f"{first['slug']}-2", f"{first['slug']}-3")


async def test_registering_a_known_issuer_conflicts(client: httpx.AsyncClient) -> None:
    data = registration(website="https://www.jff.org")
    payload = (await gql(client, REGISTER, {"input": data}))["data"]["registerStakeholder"]
    assert payload["errors"][0]["code"] == "CONFLICT"


async def test_concurrent_identical_registrations_make_one(client: httpx.AsyncClient,
                                                           db: Database) -> None:
    data = registration()
    bodies = await asyncio.gather(*(gql(client, REGISTER, {"input": data}) for _ in range(20)))
    payloads = [b["data"]["registerStakeholder"] for b in bodies]
    assert sum(p["stakeholder"] is not None for p in payloads) == 1
    assert sorted({e["code"] for p in payloads for e in p["errors"]}) == ["CONFLICT"]
    found = await db.driver.execute_query(
        "MATCH (s:Stakeholder {domain: $d}) OPTIONAL MATCH (k:ApiKey)-[:KEY_OF]->(s) "
        "RETURN count(DISTINCT s) AS s, count(k) AS k", d=domain_of(data["website"]))
    assert (found.records[0]["s"], found.records[0]["k"]) == (1, 1)


async def test_registration_is_rate_limited_per_client(settings: Settings,
                                                       local: LocalNeo4j) -> None:
    limited = settings.model_copy(update={"register_rate_limit": 2})
    app = create_app(limited, connect(limited, local))
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            codes = []
            for _ in range(3):
                body = await gql(http, REGISTER, {"input": registration()})
                codes.append([e["code"] for e in body["data"]["registerStakeholder"]["errors"]])
    assert codes == [[], [], ["RATE_LIMITED"]]
