"""Filters combine with AND (a list matches any of its values); compared with Cypher."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from graph.db import Database
from tests.helpers import gql, register, set_status

STAKEHOLDERS = """query($filter: StakeholderFilter, $after: String) {
  stakeholders(filter: $filter, first: 100, after: $after) {
    totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }"""


async def ids(db: Database, query: str, **params: Any) -> set[str]:
    result = await db.driver.execute_query(query, params)
    return {r[0] for r in result.records}


async def fetch(client: httpx.AsyncClient, query: str, flt: dict[str, Any], key: str) -> set[str]:
    """Every match, page after page; totalCount must agree with what the pages hold."""
    found: set[str] = set()
    after = None
    while True:
        body = await gql(client, query, {"filter": flt, "after": after})
        conn = body["data"][key]
        found |= {e["node"]["id"] for e in conn["edges"]}
        if not conn["pageInfo"]["hasNextPage"]:
            assert conn["totalCount"] == len(found)
            return found
        after = conn["pageInfo"]["endCursor"]


@pytest.mark.parametrize("flt", [
    {"groups": ["EMPLOYERS"]},
    {"groups": ["EMPLOYERS", "FUNDERS"]},
    {"roles": ["VERIFIER"]},
    {"groups": ["EMPLOYERS"], "roles": ["ISSUER"]},
    {"verification": ["VERIFIED"], "roles": ["WALLET_PROVIDER", "REGISTRY"]},
    {"standardIds": ["std:ler-rs"]},
    {"standardIds": ["std:vc"], "groups": ["LER_TECHNOLOGY_PROVIDERS"]},
])
async def test_stakeholder_filters(client: httpx.AsyncClient, db: Database,
                                   flt: dict[str, Any]) -> None:
    expected = await ids(db, """
        MATCH (s:Stakeholder)
        WHERE ($groups IS NULL OR EXISTS { (s)-[:IN_GROUP]->(g) WHERE g.id IN $groups })
          AND ($roles IS NULL OR any(r IN s.roles WHERE r IN $roles))
          AND ($verification IS NULL OR s.verification IN $verification)
          AND ($standardIds IS NULL OR EXISTS { (s)-[:SUPPORTS]->(t) WHERE t.id IN $standardIds })
        RETURN s.id""", groups=flt.get("groups"), roles=flt.get("roles"),
                         verification=flt.get("verification"), standardIds=flt.get("standardIds"))
    assert expected, "the seed should give every combination something to find"
    assert await fetch(client, STAKEHOLDERS, flt, "stakeholders") == expected


@pytest.mark.parametrize("statuses", [["SUSPENDED"], ["VERIFIED", "SUSPENDED"], ["PENDING"]])
async def test_a_status_filter_shows_hidden_records_only_to_who_may_see_them(
        client: httpx.AsyncClient, admin_key: str, statuses: list[str]) -> None:
    """A filter to statuses that are never hidden skips the visibility test in Cypher
    (graph/stakeholders.py); one that names a hidden status must keep it."""
    me, key = await register(client, groups=["EMPLOYERS"])
    await set_status(client, admin_key, me["id"], "SUSPENDED")

    async def seen(flt: dict[str, Any], caller: str | None) -> tuple[set[str], int]:
        body = await gql(client, STAKEHOLDERS, {"filter": flt}, key=caller)
        conn = body["data"]["stakeholders"]
        count = (await gql(client, """query($filter: StakeholderFilter) {
            stakeholders(filter: $filter) { totalCount } }""", {"filter": flt},
                           key=caller))["data"]["stakeholders"]["totalCount"]
        assert conn["totalCount"] == count
        return {e["node"]["id"] for e in conn["edges"]}, count

    for flt in ({"verification": statuses}, {"verification": statuses, "groups": ["EMPLOYERS"]},
                {"verification": statuses, "text": me["name"]}):
        shown = "SUSPENDED" in statuses
        for caller, may_see in ((None, False), (key, shown), (admin_key, shown)):
            found, _ = await seen(flt, caller)
            assert (me["id"] in found) == may_see, (flt, caller)


async def test_stakeholder_text_with_other_filters(client: httpx.AsyncClient) -> None:
    found = await fetch(client, STAKEHOLDERS, {"text": "foundation"}, "stakeholders")
    funders = await fetch(client, STAKEHOLDERS, {"text": "foundation", "groups": ["FUNDERS"]},
                          "stakeholders")
    assert funders and funders < found


async def test_credential_filters(client: httpx.AsyncClient, db: Database) -> None:
    query = """query($filter: CredentialFilter, $after: String) {
      credentials(filter: $filter, first: 100, after: $after) {
        totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }"""
    comptia = (await ids(db, "MATCH (s:Stakeholder {domain: 'comptia.org'}) RETURN s.id")).pop()
    firewall = "esco:e5b5053e-0ef6-4c4e-a3f2-42f955f4322c"
    cases = [
        ({"issuerId": comptia}, "MATCH (:Stakeholder {id: $i})-[:ISSUES]->(c) RETURN c.id"),
        ({"types": ["DEGREE", "BADGE"]}, "MATCH (c:Credential) WHERE c.type IN ['DEGREE', 'BADGE'] "
                                         "RETURN c.id"),
        ({"skillIds": [firewall]}, "MATCH (c)-[:EVIDENCES]->(:Skill {id: $k}) RETURN c.id"),
        ({"skillIds": [firewall], "types": ["DEGREE"]},
         "MATCH (c {type: 'DEGREE'})-[:EVIDENCES]->(:Skill {id: $k}) RETURN c.id"),
    ]
    for flt, cypher in cases:
        expected = await ids(db, cypher, i=comptia, k=firewall)
        assert expected
        assert await fetch(client, query, flt, "credentials") == expected, flt
    texts = await fetch(client, query, {"text": "comptia", "issuerId": comptia}, "credentials")
    assert texts == await ids(db, "MATCH (:Stakeholder {id: $i})-[:ISSUES]->(c) "
                                  "WHERE c.name STARTS WITH 'CompTIA' RETURN c.id", i=comptia)


async def test_skill_filters(client: httpx.AsyncClient, db: Database) -> None:
    query = """query($filter: SkillFilter) {
      skills(filter: $filter, first: 100) { totalCount edges { node { id framework name } } } }"""
    body = await gql(client, query, {"filter": {"framework": "ESCO", "text": "digital content"}})
    conn = body["data"]["skills"]
    assert conn["totalCount"] > 0
    assert all(e["node"]["framework"] == "ESCO" for e in conn["edges"])
    none = await gql(client, query, {"filter": {"framework": "NO_SUCH", "text": "digital"}})
    assert none["data"]["skills"]["totalCount"] == 0
