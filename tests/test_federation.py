"""The subgraph side of Apollo Federation v2: _service and _entities."""

from __future__ import annotations

import httpx

from graph.seed import parse as parse_seed
from tests.helpers import gql

SEED = parse_seed()
ENTITIES = """query($reps: [_Any!]!) { _entities(representations: $reps) {
  __typename ... on Stakeholder { id name } ... on Credential { id name }
  ... on Skill { id name } ... on Standard { id name } ... on Partnership { id status } } }"""


async def test_service_sdl_declares_the_entities(client: httpx.AsyncClient) -> None:
    sdl = (await gql(client, "{ _service { sdl } }"))["data"]["_service"]["sdl"]
    assert "@link(url: \"https://specs.apollo.dev/federation/v2" in sdl
    for entity in ("Stakeholder", "Credential", "Skill", "Standard", "Partnership"):
        assert f'type {entity} @key(fields: "id")' in sdl


async def test_entities_keep_order_and_give_null_for_unknown(client: httpx.AsyncClient) -> None:
    stakeholders = SEED["stakeholders"][:3]
    credentials = SEED["credentials"][:3]
    reps = [
        {"__typename": "Credential", "id": credentials[0]["id"]},
        {"__typename": "Stakeholder", "id": stakeholders[0]["id"]},
        {"__typename": "Stakeholder", "id": "no-such-stakeholder"},
        {"__typename": "Credential", "id": credentials[1]["id"]},
        {"__typename": "Standard", "id": "std:vc"},
        {"__typename": "Stakeholder", "id": stakeholders[1]["id"]},
        {"__typename": "Partnership", "id": SEED["partnerships"][0]["id"]},
        {"__typename": "Skill", "id": credentials[2]["skills"][0]},
    ]
    body = await gql(client, ENTITIES, {"reps": reps})
    got = body["data"]["_entities"]
    assert len(got) == len(reps)
    for rep, entity in zip(reps, got, strict=True):
        if rep["id"] == "no-such-stakeholder":
            assert entity is None
        else:
            assert entity["__typename"] == rep["__typename"]
            assert entity["id"] == rep["id"]
    # One query per entity type, not per representation.
    assert body["extensions"]["roundtrips"] == 5


async def test_entities_batch_is_capped(client: httpx.AsyncClient) -> None:
    reps = [{"__typename": "Stakeholder", "id": f"s{i}"} for i in range(501)]
    body = await gql(client, ENTITIES, {"reps": reps}, expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "500" in body["errors"][0]["message"]
