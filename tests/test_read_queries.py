"""Every query and nested field of the contract, on the seeded graph.

Expected values come from the graph itself (Cypher in the test) or from the
seed file, never from numbers written here.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from graph.db import Database
from graph.seed import parse as parse_seed
from graph.stakeholder_ids import stakeholder_id
from tests.helpers import gql

SEED = parse_seed()
JFF = stakeholder_id("jff.org")
SUMMIT = stakeholder_id("summit-software.example")


async def scalar(db: Database, query: str, **params: Any) -> Any:
    result = await db.driver.execute_query(query, params)
    return result.records[0][0]


async def test_stakeholder_by_id_and_by_slug_agree(client: httpx.AsyncClient) -> None:
    fields = "id slug name groups roles stages website location did verification demo createdAt"
    by_id = await gql(client, f'{{ stakeholder(id: "{JFF}") {{ {fields} }} }}')
    slug = by_id["data"]["stakeholder"]["slug"]
    by_slug = await gql(client, f'{{ stakeholder(slug: "{slug}") {{ {fields} }} }}')
    assert by_id["data"] == by_slug["data"]
    jff = by_id["data"]["stakeholder"]
    # Seed and DCC registry merged on the domain: the seed's groups plus the registry's.
    assert {"SUPPORTING_SYSTEMS", "CAREER_NAVIGATORS", "CREDENTIALING_ORGANIZATIONS"} <= set(
        jff["groups"])
    assert jff["did"].startswith("did:key:")
    assert jff["demo"] is False


async def test_stakeholder_needs_exactly_one_key(client: httpx.AsyncClient) -> None:
    for args in ("", f'id: "{JFF}", slug: "x"'):
        body = await gql(client, f"{{ stakeholder{f'({args})' if args else ''} {{ id }} }}",
                         expect_errors=True)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_unknown_ids_are_null(client: httpx.AsyncClient) -> None:
    body = await gql(client, '{ stakeholder(id: "nope") { id } credential(id: "nope") { id } '
                             'skill(id: "nope") { id } partnership(id: "nope") { id } '
                             'occupation(code: "99-9999") { id } }')
    assert set(body["data"].values()) == {None}


async def test_issued_and_accepted_credentials(client: httpx.AsyncClient, db: Database) -> None:
    body = await gql(client, f'''{{ stakeholder(id: "{SUMMIT}") {{
        credentials {{ totalCount edges {{ node {{ id issuer {{ id }} }} }} }}
        acceptedCredentials(first: 100) {{ totalCount edges {{ node {{ id name }} }} }} }} }}''')
    s = body["data"]["stakeholder"]
    issued = await scalar(db, "MATCH (:Stakeholder {id: $id})-[:ISSUES]->(c) RETURN count(c)",
                          id=SUMMIT)
    accepted = await scalar(db, "MATCH (:Stakeholder {id: $id})-[:ACCEPTS]->(c) "
                                "RETURN collect(c.id)", id=SUMMIT)
    assert s["credentials"]["totalCount"] == issued > 0
    assert {e["node"]["issuer"]["id"] for e in s["credentials"]["edges"]} == {SUMMIT}
    assert s["acceptedCredentials"]["totalCount"] == len(accepted) > 0
    assert {e["node"]["id"] for e in s["acceptedCredentials"]["edges"]} == set(accepted)


async def test_credential_fields(client: httpx.AsyncClient, db: Database) -> None:
    cred = next(c for c in SEED["credentials"] if c["occupations"] and c["standards"])
    body = await gql(client, f'''{{ credential(id: "{cred['id']}") {{
        id name type url ctid demo issuer {{ id }} skills {{ id }} standards {{ id }}
        occupations {{ id code }} acceptedBy {{ totalCount edges {{ node {{ id }} }} }}
        createdAt updatedAt }} }}''')
    c = body["data"]["credential"]
    assert c["name"] == cred["name"]
    assert c["issuer"]["id"] == cred["issuerId"]
    assert {s["id"] for s in c["skills"]} == set(cred["skills"])
    assert {s["id"] for s in c["standards"]} == set(cred["standards"])
    assert {o["id"] for o in c["occupations"]} == set(cred["occupations"])
    acceptors = await scalar(db, "MATCH (:Credential {id: $id})<-[:ACCEPTS]-(s) "
                                 "RETURN collect(s.id)", id=cred["id"])
    assert {e["node"]["id"] for e in c["acceptedBy"]["edges"]} == set(acceptors)
    assert c["acceptedBy"]["totalCount"] == len(acceptors)


async def test_skill_hierarchy_and_credentials(client: httpx.AsyncClient, db: Database) -> None:
    skill_id = SEED["credentials"][0]["skills"][0]
    body = await gql(client, f'''{{ skill(id: "{skill_id}") {{ id framework uri broader {{
        id narrower {{ id }} }} credentials {{ totalCount edges {{ node {{ id }} }} }} }} }}''')
    skill = body["data"]["skill"]
    assert skill["framework"] == "ESCO"
    assert skill["broader"] is not None
    assert skill_id in {n["id"] for n in skill["broader"]["narrower"]}
    evidencing = await scalar(db, "MATCH (:Skill {id: $id})<-[:EVIDENCES]-(c) "
                                  "RETURN collect(c.id)", id=skill_id)
    assert {e["node"]["id"] for e in skill["credentials"]["edges"]} == set(evidencing)


async def test_standards_and_adopters(client: httpx.AsyncClient, db: Database) -> None:
    body = await gql(client, "{ standards { id name version adopters(first: 100) "
                             "{ totalCount edges { node { id } } } } }")
    standards = body["data"]["standards"]
    assert len(standards) == await scalar(db, "MATCH (t:Standard) RETURN count(t)")
    for standard in standards:
        adopters = await scalar(db, "MATCH (:Standard {id: $id})<-[:SUPPORTS]-(s) "
                                    "RETURN collect(s.id)", id=standard["id"])
        assert {e["node"]["id"] for e in standard["adopters"]["edges"]} == set(adopters)
        assert standard["adopters"]["totalCount"] == len(adopters)


async def test_partnerships_partners_and_status_filter(client: httpx.AsyncClient,
                                                      admin_key: str) -> None:
    prairie = stakeholder_id("prairie-workforce.example")
    query = f'''{{ stakeholder(id: "{prairie}") {{
        all: partnerships {{ id status members {{ id }} proposedBy {{ id }} }}
        active: partnerships(status: ACTIVE) {{ id }}
        partners {{ id }} }} }}'''
    seeded = [p for p in SEED["partnerships"] if prairie in (p["proposerId"], p["inviteeId"])]
    # Anyone sees the agreed ones; a proposal is its members' (and administrators') business.
    public = (await gql(client, query))["data"]["stakeholder"]
    assert {p["id"] for p in public["all"]} == {
        p["id"] for p in seeded if p["status"] not in ("PROPOSED", "DECLINED")}
    s = (await gql(client, query, key=admin_key))["data"]["stakeholder"]
    assert {p["id"] for p in s["all"]} == {p["id"] for p in seeded}
    assert {p["status"] for p in s["all"]} == {"PROPOSED", "ENDED"}
    assert s["active"] == []
    assert s["partners"] == []  # PROPOSED and ENDED partnerships make no partners
    for p in s["all"]:
        seed = next(x for x in seeded if x["id"] == p["id"])
        assert [m["id"] for m in p["members"]] == [seed["proposerId"], seed["inviteeId"]]
        assert p["proposedBy"]["id"] == seed["proposerId"]


async def test_partners_are_the_other_members_of_active_partnerships(
        client: httpx.AsyncClient) -> None:
    dcc = stakeholder_id("digitalcredentials.mit.edu")
    body = await gql(client, f'{{ stakeholder(id: "{dcc}") {{ partners {{ id }} }} }}')
    assert [p["id"] for p in body["data"]["stakeholder"]["partners"]] == [JFF]


async def test_partnership_by_id(client: httpx.AsyncClient) -> None:
    seed = SEED["partnerships"][0]
    body = await gql(client, f'''{{ partnership(id: "{seed['id']}") {{ id status purpose demo
        members {{ id }} proposedBy {{ id }} createdAt updatedAt }} }}''')
    p = body["data"]["partnership"]
    assert p["status"] == seed["status"]
    assert p["demo"] is True
    assert [m["id"] for m in p["members"]] == [seed["proposerId"], seed["inviteeId"]]


async def test_groups_list_their_stakeholders(client: httpx.AsyncClient, db: Database) -> None:
    body = await gql(client, "{ stakeholderGroups { group stakeholders(first: 100) "
                             "{ totalCount edges { node { id groups } } } } }")
    for group in body["data"]["stakeholderGroups"]:
        members = await scalar(db, "MATCH (:StakeholderGroup {id: $g})<-[:IN_GROUP]-(s) "
                                   "WHERE s.hidden IS NULL RETURN count(s)", g=group["group"])
        assert group["stakeholders"]["totalCount"] == members
        for edge in group["stakeholders"]["edges"]:
            assert group["group"] in edge["node"]["groups"]


async def test_ecosystem_map_whole_and_by_group(client: httpx.AsyncClient, db: Database) -> None:
    body = await gql(client, "{ ecosystemMap { nodes { id label kind groups } "
                             "edges { source target kind } } }")
    graph = body["data"]["ecosystemMap"]
    ids = {n["id"] for n in graph["nodes"]}
    assert {n["kind"] for n in graph["nodes"]} == {"GROUP", "STAKEHOLDER"}
    stakeholders = await scalar(db, "MATCH (s:Stakeholder) WHERE (s)-[:IN_GROUP]->() "
                                    "AND s.hidden IS NULL RETURN count(s)")
    assert sum(n["kind"] == "STAKEHOLDER" for n in graph["nodes"]) == stakeholders
    assert {e["kind"] for e in graph["edges"]} == {"IN_GROUP", "PARTNERSHIP",
                                                   "CREDENTIAL_ACCEPTED"}
    assert all(e["source"] in ids and e["target"] in ids for e in graph["edges"])

    funders = await gql(client, "{ ecosystemMap(groups: [FUNDERS]) { nodes { id kind groups } "
                                "edges { source target } } }")
    nodes = funders["data"]["ecosystemMap"]["nodes"]
    assert [n["id"] for n in nodes if n["kind"] == "GROUP"] == ["FUNDERS"]
    assert all("FUNDERS" in n["groups"] for n in nodes)
    kept = {n["id"] for n in nodes}
    assert all(e["source"] in kept and e["target"] in kept
               for e in funders["data"]["ecosystemMap"]["edges"])


@pytest.mark.parametrize("kinds", [["PARTNERSHIP", "CREDENTIAL_ACCEPTED"], ["IN_GROUP"], []])
async def test_ecosystem_map_edge_kinds(client: httpx.AsyncClient, kinds: list[str]) -> None:
    """`edgeKinds` keeps exactly the whole map's edges of those kinds, and every node."""
    whole = (await gql(client, "{ ecosystemMap { nodes { id } edges { source target kind } } }")
             )["data"]["ecosystemMap"]
    some = (await gql(client, "query($k: [MapEdgeKind!]) { ecosystemMap(edgeKinds: $k) { "
                              "nodes { id } edges { source target kind } } }", {"k": kinds})
            )["data"]["ecosystemMap"]
    assert some["nodes"] == whole["nodes"]
    key = lambda e: (e["kind"], e["source"], e["target"])  # noqa: E731 (a sort key)
    assert sorted(map(key, some["edges"])) == sorted(
        key(e) for e in whole["edges"] if e["kind"] in kinds)
    assert kinds == [] or some["edges"], "the demo map has edges of every kind"


async def test_me_is_null_without_a_key(client: httpx.AsyncClient) -> None:
    body = await gql(client, "{ me { id } }")
    assert body["data"]["me"] is None


async def test_demo_records_are_marked(client: httpx.AsyncClient) -> None:
    for kind in ("stakeholders", "credentials"):
        for seeded in SEED[kind]:
            query = f'{{ {kind[:-1]}(id: "{seeded["id"]}") {{ demo }} }}'
            body = await gql(client, query)
            assert body["data"][kind[:-1]]["demo"] is seeded["demo"], seeded["name"]
    assert any(s["demo"] for s in SEED["stakeholders"])
    assert not all(s["demo"] for s in SEED["stakeholders"])


async def test_suggested_partners(client: httpx.AsyncClient, db: Database) -> None:
    query = f'''{{ stakeholder(id: "{SUMMIT}") {{ partners {{ id }}
        suggestedPartners(first: 10) {{ score reasons stakeholder {{ id name }} }} }} }}'''
    first = (await gql(client, query))["data"]["stakeholder"]
    again = (await gql(client, query))["data"]["stakeholder"]
    assert first == again  # deterministic
    suggestions = first["suggestedPartners"]
    assert suggestions
    partners = {p["id"] for p in first["partners"]}
    assert partners  # Summit has an ACTIVE partner in the seed ...
    ids = [s["stakeholder"]["id"] for s in suggestions]
    assert SUMMIT not in ids and not partners & set(ids)  # ... who is never suggested
    scores = [s["score"] for s in suggestions]
    assert scores == sorted(scores, reverse=True)
    assert all(s["reasons"] for s in suggestions)
    # The top suggestion's "accepts N credentials you issue" matches the graph.
    for s in suggestions:
        for reason in s["reasons"]:
            if reason.startswith("issues ") and reason.endswith("you accept"):
                n = await scalar(db, "MATCH (:Stakeholder {id: $me})-[:ACCEPTS]->(c)"
                                     "<-[:ISSUES]-(:Stakeholder {id: $them}) RETURN count(c)",
                                 me=SUMMIT, them=s["stakeholder"]["id"])
                assert reason.split()[1] == str(n)
