"""Hardening, the rules side: keys checked as each mutation runs, blocked
stakeholders, who sees what, input normalisation, framework namespaces, and
search text and cursors that can't be run. One test per class of failure;
each asserts the exact code and that nothing was written."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from graph.db import Database
from tests.helpers import REGISTER, gql, register, registration, set_status

ME_KEYS = "{ me { id apiKeys { prefix label createdAt lastUsedAt } } }"


async def count(db: Database, cypher: str, **params: Any) -> int:
    result = await db.driver.execute_query(cypher, params)
    return int(result.records[0][0])



# -- keys ---------------------------------------------------------------------

async def test_a_key_revoked_earlier_in_the_request_no_longer_writes(
        client: httpx.AsyncClient, db: Database) -> None:
    me, key = await register(client)
    body = await gql(client, """mutation($id: ID!) {
        a: rotateApiKey { apiKey errors { code } }
        b: updateStakeholder(input: {id: $id, location: "Moved"}) { stakeholder { id }
           errors { code } } }""", {"id": me["id"]}, key=key)
    assert body["data"]["a"]["errors"] == []
    assert [e["code"] for e in body["data"]["b"]["errors"]] == ["UNAUTHENTICATED"]
    assert await count(db, "MATCH (s:Stakeholder {id: $id}) WHERE s.location = 'Moved' "
                           "RETURN count(s)", id=me["id"]) == 0


async def test_two_rotations_in_one_request_leave_one_live_key(
        client: httpx.AsyncClient, db: Database) -> None:
    me, key = await register(client)
    body = await gql(client, """mutation { a: rotateApiKey { apiKey errors { code } }
                                           b: rotateApiKey { apiKey errors { code } } }""",
                     key=key)
    assert body["data"]["a"]["apiKey"] and body["data"]["b"]["apiKey"] is None
    assert [e["code"] for e in body["data"]["b"]["errors"]] == ["UNAUTHENTICATED"]
    assert await count(db, "MATCH (k:ApiKey)-[:KEY_OF]->(:Stakeholder {id: $id}) "
                           "WHERE k.revokedAt IS NULL RETURN count(k)", id=me["id"]) == 1


async def test_keys_are_listed_and_revoked_by_prefix(client: httpx.AsyncClient,
                                                    admin_key: str) -> None:
    me, key = await register(client)
    second = (await gql(client, "mutation { rotateApiKey { apiKey } }", key=key)
              )["data"]["rotateApiKey"]["apiKey"]
    listed = (await gql(client, ME_KEYS, key=second))["data"]["me"]["apiKeys"]
    assert [k["prefix"] for k in listed] == [second[:13]]
    assert listed[0]["lastUsedAt"] is not None  # this very request used it
    assert "hash" not in str(listed) and second not in str(listed)
    # Someone else's prefix is "not found", never revoked.
    _, other = await register(client)
    theirs = await gql(client, """mutation($p: String!) { revokeApiKey(prefix: $p) {
        revokedPrefix errors { code field } } }""", {"p": second[:13]}, key=other)
    assert [(e["code"], e["field"]) for e in theirs["data"]["revokeApiKey"]["errors"]] == [
        ("NOT_FOUND", ["prefix"])]
    assert (await gql(client, "{ me { id } }", key=second))["data"]["me"]["id"] == me["id"]
    # Administrators revoke them all.
    gone = await gql(client, """mutation($id: ID!) { revokeAllApiKeys(stakeholderId: $id) {
        revokedCount errors { code } } }""", {"id": me["id"]}, key=admin_key)
    assert gone["data"]["revokeAllApiKeys"] == {"revokedCount": 1, "errors": []}
    assert (await gql(client, "{ me { id } }", key=second))["data"]["me"] is None


async def test_nobody_else_sees_a_stakeholders_keys(client: httpx.AsyncClient) -> None:
    me, _ = await register(client)
    _, other = await register(client)
    body = await gql(client, "query($id: ID!) { stakeholder(id: $id) { apiKeys { prefix } } }",
                     {"id": me["id"]}, key=other)
    assert body["data"]["stakeholder"]["apiKeys"] is None


@pytest.mark.parametrize("status", ["SUSPENDED", "REJECTED"])
async def test_blocked_stakeholders_cannot_write(client: httpx.AsyncClient, db: Database,
                                                 admin_key: str, status: str) -> None:
    me, key = await register(client)
    await set_status(client, admin_key, me["id"], status)
    before = await count(db, "MATCH (n) RETURN count(n)")
    writes = {
        "updateStakeholder": ('mutation($id: ID!) { updateStakeholder(input: {id: $id, '
                              'location: "x"}) { errors { code message } } }', {"id": me["id"]}),
        "addCredential": ('mutation { addCredential(input: {name: "Blocked Badge", type: BADGE})'
                          ' { errors { code message } } }', {}),
        "addSkill": ('mutation { addSkill(input: {name: "Blocked skill", framework: "CUSTOM"}) '
                     '{ errors { code message } } }', {}),
        "rotateApiKey": ("mutation { rotateApiKey { errors { code message } } }", {}),
    }
    for name, (query, variables) in writes.items():
        errors = (await gql(client, query, variables, key=key))["data"][name]["errors"]
        assert [e["code"] for e in errors] == ["FORBIDDEN"], name
        assert status in errors[0]["message"]
    assert await count(db, "MATCH (n) RETURN count(n)") == before
    # Taking access away stays possible.
    revoked = await gql(client, """mutation($p: String!) { revokeApiKey(prefix: $p) {
        revokedPrefix errors { code } } }""", {"p": key[:13]}, key=key)
    assert revoked["data"]["revokeApiKey"]["errors"] == []


# -- who sees what ------------------------------------------------------------

async def test_suspended_records_are_hidden_everywhere(client: httpx.AsyncClient,
                                                       admin_key: str) -> None:
    tag = "Zyxhidden"
    me, key = await register(client, name=f"{tag} Institute", groups=["EMPLOYERS"])
    cred = (await gql(client, """mutation { addCredential(input: {name: "Zyxhidden Badge",
        type: BADGE}) { credential { id } } }""", key=key))["data"]["addCredential"]["credential"]
    await set_status(client, admin_key, me["id"], "SUSPENDED")
    reads = """query($id: ID!, $slug: String!, $cred: ID!, $reps: [_Any!]!) {
      byId: stakeholder(id: $id) { id }
      bySlug: stakeholder(slug: $slug) { id }
      list: stakeholders(filter: {text: "Zyxhidden"}) { totalCount edges { node { id } } }
      credential(id: $cred) { id }
      credentials(filter: {text: "Zyxhidden"}) { totalCount }
      search(text: "Zyxhidden") { score }
      _entities(representations: $reps) { ... on Stakeholder { id } }
      ecosystemMap(groups: [EMPLOYERS]) { nodes { id } } }"""
    variables = {"id": me["id"], "slug": me["slug"], "cred": cred["id"],
                 "reps": [{"__typename": "Stakeholder", "id": me["id"]}]}
    seen = (await gql(client, reads, variables))["data"]
    assert seen["byId"] is None and seen["bySlug"] is None and seen["credential"] is None
    assert seen["list"] == {"totalCount": 0, "edges": []}
    assert seen["credentials"]["totalCount"] == 0 and seen["search"] == []
    assert seen["_entities"] == [None]
    assert me["id"] not in {n["id"] for n in seen["ecosystemMap"]["nodes"]}
    for caller in (key, admin_key):  # itself and administrators still see it
        theirs = (await gql(client, reads, variables, key=caller))["data"]
        assert theirs["byId"] == {"id": me["id"]} and theirs["credential"] == {"id": cred["id"]}
        assert theirs["list"]["totalCount"] == 1


async def test_proposals_are_the_members_business(client: httpx.AsyncClient,
                                                  admin_key: str) -> None:
    a, a_key = await register(client)
    b, _ = await register(client)
    _, outsider = await register(client)
    proposed = (await gql(client, """mutation($p: ID!) { proposePartnership(input: {
        partnerId: $p, purpose: "Private plans"}) { partnership { id } } }""", {"p": b["id"]},
                          key=a_key))["data"]["proposePartnership"]["partnership"]
    query = """query($id: ID!, $s: ID!) { partnership(id: $id) { id purpose }
               stakeholder(id: $s) { partnerships { id } } }"""
    variables = {"id": proposed["id"], "s": a["id"]}
    for caller in (None, outsider):
        data = (await gql(client, query, variables, key=caller))["data"]
        assert data["partnership"] is None and data["stakeholder"]["partnerships"] == []
    for caller in (a_key, admin_key):
        data = (await gql(client, query, variables, key=caller))["data"]
        assert data["partnership"] == {"id": proposed["id"], "purpose": "Private plans"}


# -- input normalisation ------------------------------------------------------

async def test_stored_values_are_normalised(client: httpx.AsyncClient, db: Database) -> None:
    std = "std:vc"
    me, _ = await register(client, name="  Cafe\u0301   Lumière  ", description="x" + " " * 300_000,
                           standardIds=[std, std, std])
    assert me["name"] == "Caf\u00e9 Lumi\u00e8re"
    assert me["slug"].startswith("cafe-lumiere")
    stored = await db.driver.execute_query(
        "MATCH (s:Stakeholder {id: $id}) RETURN s.description AS d, "
        "COUNT { (s)-[:SUPPORTS]->() } AS supports", {"id": me["id"]})
    assert dict(stored.records[0]) == {"d": "x", "supports": 1}


async def test_non_latin_names_get_readable_distinct_slugs(client: httpx.AsyncClient) -> None:
    first, _ = await register(client, name="Московский университет")
    second, _ = await register(client, name="Московский университет")
    assert first["slug"].startswith("moskovskii-universitet")
    assert second["slug"] != first["slug"] and second["slug"].startswith(first["slug"])


@pytest.mark.parametrize("website", [
    "https://evil.example\\@victim.example",  # browsers go to evil.example
    "https://user:pw@victim.example",
    "https://victim.example@evil.example",
    "javascript:alert(1)",
    "https://127.0.0.1",
    "https://[::1]/",
])
async def test_websites_are_parsed_as_browsers_parse_them(client: httpx.AsyncClient, db: Database,
                                                          website: str) -> None:
    before = await count(db, "MATCH (n) RETURN count(n)")
    body = await gql(client, REGISTER, {"input": registration(website=website)})
    payload = body["data"]["registerStakeholder"]
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [
        ("INVALID", ["input", "website"])]
    assert await count(db, "MATCH (n) RETURN count(n)") == before


async def test_a_very_long_did_is_refused(client: httpx.AsyncClient) -> None:
    body = await gql(client, REGISTER, {"input": registration(did="did:web:" + "a" * 600)})
    errors = body["data"]["registerStakeholder"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID", ["input", "did"])]


async def test_changing_the_website_asks_for_verification_again(
        client: httpx.AsyncClient, admin_key: str) -> None:
    me, key = await register(client)
    await set_status(client, admin_key, me["id"], "VERIFIED")
    new_site = registration()["website"]
    body = await gql(client, """mutation($id: ID!, $w: String!) { updateStakeholder(input: {
        id: $id, website: $w}) { stakeholder { verification website auditTrail { action changes
        note } } errors { code } } }""", {"id": me["id"], "w": new_site}, key=key)
    moved = body["data"]["updateStakeholder"]["stakeholder"]
    assert moved["verification"] == "PENDING"
    assert moved["auditTrail"][-1]["changes"] == ["website", "verification", "domainVerifiedAt"]


# -- framework namespaces -----------------------------------------------------

@pytest.mark.parametrize(("skill", "field"), [
    ({"name": "firewall again", "framework": "ESCO", "code": "e5b5053e"}, "framework"),
    ({"name": "firewall again", "framework": "CUSTOM",
      "uri": "http://data.europa.eu/esco/skill/e5b5053e"}, "uri"),
])
async def test_imported_frameworks_are_written_only_by_their_importers(
        client: httpx.AsyncClient, db: Database, skill: dict[str, str], field: str) -> None:
    _, key = await register(client)
    before = await count(db, "MATCH (k:Skill) RETURN count(k)")
    body = await gql(client, """mutation($i: AddSkillInput!) { addSkill(input: $i) {
        skill { id } errors { code field } } }""", {"i": skill}, key=key)
    assert [(e["code"], e["field"]) for e in body["data"]["addSkill"]["errors"]] == [
        ("FORBIDDEN", ["input", field])]
    assert await count(db, "MATCH (k:Skill) RETURN count(k)") == before


async def test_added_skills_are_audited(client: httpx.AsyncClient, db: Database) -> None:
    me, key = await register(client)
    body = await gql(client, """mutation { addSkill(input: {name: "Audited skill",
        framework: "CUSTOM", code: "aud-1"}) { skill { id } errors { code } } }""", key=key)
    skill_id = body["data"]["addSkill"]["skill"]["id"]
    assert await count(db, "MATCH (a:AuditEvent {recordId: $id, action: 'ADDED', actorId: $me}) "
                           "RETURN count(a)", id=skill_id, me=me["id"]) == 1


# -- search text and cursors that can't be run ----------------------------------

SEARCH = '{ search(text: "TEXT") { score } }'


@pytest.mark.parametrize(("query", "field"), [
    (SEARCH.replace("TEXT", "x" * 200), ["text"]),
    (SEARCH.replace("TEXT", " ".join(["word"] * 13)), ["text"]),
    (SEARCH.replace("TEXT", "bell\\u0007"), ["text"]),
    ('{ stakeholders(filter: {text: "%s"}) { totalCount } }'.replace("%s", "y" * 500),
     ["filter", "text"]),
    ('{ credentials(filter: {text: "%s"}) { totalCount } }'.replace("%s", "z" * 41),
     ["filter", "text"]),
])
async def test_search_text_is_bounded(client: httpx.AsyncClient, query: str,
                                      field: list[str]) -> None:
    body = await gql(client, query, expect_errors=True)
    (error,) = body["errors"]
    assert (error["extensions"]["code"], error["extensions"].get("field")) == (
        "BAD_USER_INPUT", field)


@pytest.mark.parametrize("raw", [b"[" * 5000 + b"]" * 5000, b'["\\ud800", "x"]',
                                 b"A" * 5000])
async def test_cursors_that_were_not_made_here_are_refused(client: httpx.AsyncClient,
                                                           raw: bytes) -> None:
    cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    body = await gql(client, "query($c: String) { stakeholders(after: $c) { totalCount } }",
                     {"c": cursor}, expect_errors=True)
    (error,) = body["errors"]
    assert (error["extensions"]["code"], error["extensions"]["field"]) == (
        "BAD_USER_INPUT", ["after"])


# -- found by review: writes that named hidden records, lookalike URIs, heavy fields ----

async def test_writes_cannot_reach_hidden_records(client: httpx.AsyncClient, db: Database,
                                                  admin_key: str) -> None:
    hidden, hidden_key = await register(client)
    cred = (await gql(client, """mutation { addCredential(input: {name: "Soon Hidden Badge",
        type: BADGE}) { credential { id } } }""", key=hidden_key)
            )["data"]["addCredential"]["credential"]
    me, key = await register(client)
    proposal = (await gql(client, """mutation($p: ID!) { proposePartnership(input: {
        partnerId: $p}) { partnership { id } } }""", {"p": me["id"]}, key=hidden_key)
                )["data"]["proposePartnership"]["partnership"]
    await set_status(client, admin_key, hidden["id"], "SUSPENDED")
    before = await count(db, "MATCH ()-[r]->() RETURN count(r)")
    calls = {
        "acceptCredential": ('mutation($id: ID!) { acceptCredential(credentialId: $id) { '
                             'credential { name } errors { code } } }', {"id": cred["id"]}),
        "proposePartnership": ('mutation($id: ID!) { proposePartnership(input: {partnerId: $id})'
                               ' { partnership { id } errors { code } } }', {"id": hidden["id"]}),
        "respondToPartnership": ('mutation($id: ID!) { respondToPartnership(id: $id, accept: '
                                 'true) { partnership { id } errors { code } } }',
                                 {"id": proposal["id"]}),
    }
    for name, (query, variables) in calls.items():
        payload = (await gql(client, query, variables, key=key))["data"][name]
        assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"], name
        assert next(v for k, v in payload.items() if k != "errors") is None
    assert await count(db, "MATCH ()-[r]->() RETURN count(r)") == before


@pytest.mark.parametrize("uri", ["https://data.europa.eu./esco/skill/x",
                                 "https://DATA.europa.eu/%65sco/skill/x"])
async def test_lookalike_esco_uris_are_esco_uris(client: httpx.AsyncClient, uri: str) -> None:
    _, key = await register(client)
    body = await gql(client, """mutation($u: String!) { addSkill(input: {name: "Lookalike",
        framework: "CUSTOM", uri: $u}) { errors { code field } } }""", {"u": uri}, key=key)
    assert [(e["code"], e["field"]) for e in body["data"]["addSkill"]["errors"]] == [
        ("FORBIDDEN", ["input", "uri"])]


@pytest.mark.parametrize("query", [
    "{ stakeholders(first: 100) { edges { node { suggestedPartners { score } } } } }",
    "{ " + " ".join(f"m{i}: ecosystemMap {{ nodes {{ id }} }}" for i in range(5)) + " }",
])
async def test_heavy_fields_cost_what_they_do(client: httpx.AsyncClient, query: str) -> None:
    body = await gql(client, query, expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_moving_the_website_drops_the_pending_token(client: httpx.AsyncClient) -> None:
    me, key = await register(client)
    await gql(client, """mutation($id: ID!) { requestDomainVerification(stakeholderId: $id) {
        token } }""", {"id": me["id"]}, key=key)
    await gql(client, """mutation($id: ID!, $w: String!) { updateStakeholder(input: {id: $id,
        website: $w}) { errors { code } } }""", {"id": me["id"], "w": registration()["website"]},
              key=key)
    body = await gql(client, """mutation($id: ID!) { verifyDomain(stakeholderId: $id) {
        errors { code message } } }""", {"id": me["id"]}, key=key)
    assert "ask for a token first" in body["data"]["verifyDomain"]["errors"][0]["message"]
