"""Records: credentials, skills, the partnership state machine, keys, updatedAt, audit."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from graph.db import Database
from tests.helpers import gql, register

PROPOSE = """mutation($i: ProposePartnershipInput!) { proposePartnership(input: $i) {
  partnership { id status members { id } proposedBy { id } } errors { code field } } }"""
RESPOND = """mutation($id: ID!, $accept: Boolean!) {
  respondToPartnership(id: $id, accept: $accept) {
    partnership { id status } errors { code field } } }"""
END = """mutation($id: ID!) { endPartnership(id: $id) { partnership { id status }
  errors { code field } } }"""
ADD_CREDENTIAL = """mutation($i: AddCredentialInput!) { addCredential(input: $i) {
  credential { id name type issuer { id } skills { id } standards { id } updatedAt }
  errors { code field } } }"""


async def payload(client: httpx.AsyncClient, query: str, variables: dict[str, Any],
                  key: str | None) -> dict[str, Any]:
    body = await gql(client, query, variables, key=key)
    (result,) = body["data"].values()
    return result  # type: ignore[no-any-return]


# -- partnerships --------------------------------------------------------------

async def proposal(client: httpx.AsyncClient) -> tuple[str, str, str, str, str]:
    """(partnership id, proposer key, invitee key, proposer id, invitee id), PROPOSED."""
    a, a_key = await register(client)
    b, b_key = await register(client)
    p = await payload(client, PROPOSE, {"i": {"partnerId": b["id"], "purpose": "pilot"}}, a_key)
    assert p["errors"] == [] and p["partnership"]["status"] == "PROPOSED"
    assert [m["id"] for m in p["partnership"]["members"]] == [a["id"], b["id"]]
    assert p["partnership"]["proposedBy"]["id"] == a["id"]
    return p["partnership"]["id"], a_key, b_key, a["id"], b["id"]


async def test_proposal_accepted_then_ended(client: httpx.AsyncClient) -> None:
    pid, a_key, b_key, a_id, b_id = await proposal(client)
    accepted = await payload(client, RESPOND, {"id": pid, "accept": True}, b_key)
    assert accepted["partnership"]["status"] == "ACTIVE"
    partners = await gql(client, f'{{ stakeholder(id: "{a_id}") {{ partners {{ id }} }} }}')
    assert partners["data"]["stakeholder"]["partners"] == [{"id": b_id}]
    ended = await payload(client, END, {"id": pid}, a_key)  # either member may end it
    assert ended["partnership"]["status"] == "ENDED"
    partners = await gql(client, f'{{ stakeholder(id: "{a_id}") {{ partners {{ id }} }} }}')
    assert partners["data"]["stakeholder"]["partners"] == []


async def test_proposal_declined(client: httpx.AsyncClient) -> None:
    pid, _, b_key, _, _ = await proposal(client)
    declined = await payload(client, RESPOND, {"id": pid, "accept": False}, b_key)
    assert declined["partnership"]["status"] == "DECLINED"


@pytest.mark.parametrize(("path", "then", "by"), [
    # Every transition out of each state that the machine does not allow.
    ([], "end", "proposer"),                        # PROPOSED -> ENDED
    ([], "respond", "proposer"),                    # the proposer cannot answer itself
    (["accept"], "respond", "invitee"),             # ACTIVE -> answered again
    (["decline"], "respond", "invitee"),            # DECLINED -> answered again
    (["decline"], "end", "invitee"),                # DECLINED -> ENDED
    (["accept", "end"], "end", "proposer"),         # ENDED -> ENDED
    (["accept", "end"], "respond", "invitee"),      # ENDED -> ACTIVE
])
async def test_refused_transitions(client: httpx.AsyncClient, path: list[str], then: str,
                                   by: str) -> None:
    pid, a_key, b_key, _, _ = await proposal(client)
    for step in path:
        if step == "end":
            await payload(client, END, {"id": pid}, a_key)
        else:
            await payload(client, RESPOND, {"id": pid, "accept": step == "accept"}, b_key)
    key = a_key if by == "proposer" else b_key
    if then == "end":
        result = await payload(client, END, {"id": pid}, key)
    else:
        result = await payload(client, RESPOND, {"id": pid, "accept": True}, key)
    assert result["partnership"] is None
    expected = "FORBIDDEN" if (then, by) == ("respond", "proposer") else "INVALID"
    assert [e["code"] for e in result["errors"]] == [expected]


async def test_second_open_proposal_between_a_pair_conflicts(client: httpx.AsyncClient) -> None:
    pid, a_key, b_key, a_id, b_id = await proposal(client)
    again = await payload(client, PROPOSE, {"i": {"partnerId": b_id}}, a_key)
    reverse = await payload(client, PROPOSE, {"i": {"partnerId": a_id}}, b_key)
    for result in (again, reverse):
        assert [(e["code"], e["field"]) for e in result["errors"]] == [
            ("CONFLICT", ["input", "partnerId"])]
    await payload(client, RESPOND, {"id": pid, "accept": False}, b_key)
    fresh = await payload(client, PROPOSE, {"i": {"partnerId": b_id}}, a_key)  # closed: allowed
    assert fresh["errors"] == []


async def test_no_partnership_with_oneself_or_nobody(client: httpx.AsyncClient) -> None:
    me, key = await register(client)
    self_ = await payload(client, PROPOSE, {"i": {"partnerId": me["id"]}}, key)
    assert [(e["code"], e["field"]) for e in self_["errors"]] == [
        ("INVALID", ["input", "partnerId"])]
    nobody = await payload(client, PROPOSE, {"i": {"partnerId": "no-such-id"}}, key)
    assert [(e["code"], e["field"]) for e in nobody["errors"]] == [
        ("NOT_FOUND", ["input", "partnerId"])]


# -- credentials --------------------------------------------------------------

async def test_credential_lifecycle(client: httpx.AsyncClient, db: Database) -> None:
    issuer, key = await register(client)
    skill = "esco:e5b5053e-0ef6-4c4e-a3f2-42f955f4322c"
    added = await payload(client, ADD_CREDENTIAL, {"i": {
        "name": "Firewall Basics", "type": "MICROCREDENTIAL", "skillIds": [skill],
        "standardIds": ["std:open-badges"],
        "ctid": "ce-6f2d1a3b-1c2d-4e5f-8a9b-0c1d2e3f4a5b"}}, key)
    credential = added["credential"]
    assert credential["issuer"]["id"] == issuer["id"]
    assert [s["id"] for s in credential["skills"]] == [skill]

    updated = await payload(client, """mutation($i: UpdateCredentialInput!) {
        updateCredential(input: $i) { credential { name type skills { id } updatedAt }
        errors { code } } }""", {"i": {"id": credential["id"], "type": "BADGE", "skillIds": []}},
                            key)
    assert updated["credential"]["name"] == "Firewall Basics"   # not given: unchanged
    assert updated["credential"]["type"] == "BADGE"
    assert updated["credential"]["skills"] == []                # given: replaced
    assert updated["credential"]["updatedAt"] > credential["updatedAt"]

    acceptor, acceptor_key = await register(client)
    accept = """mutation($id: ID!) { acceptCredential(credentialId: $id) {
        credential { acceptedBy { totalCount } } errors { code } } }"""
    for _ in range(2):  # idempotent
        result = await payload(client, accept, {"id": credential["id"]}, acceptor_key)
        assert result["credential"]["acceptedBy"]["totalCount"] == 1

    before = await db.driver.execute_query(
        "MATCH (n) WHERE n:Stakeholder OR n:Skill OR n:Standard RETURN count(n) AS n")
    removed = await payload(client, """mutation($id: ID!) { removeCredential(id: $id) {
        removedId errors { code } } }""", {"id": credential["id"]}, key)
    assert removed["removedId"] == credential["id"]
    left = await db.driver.execute_query(
        "OPTIONAL MATCH (c:Credential {id: $id}) "
        "OPTIONAL MATCH (:Stakeholder {id: $a})-[r:ACCEPTS]->() "
        "RETURN count(c) AS c, count(r) AS r", id=credential["id"], a=acceptor["id"])
    assert (left.records[0]["c"], left.records[0]["r"]) == (0, 0)
    after = await db.driver.execute_query(
        "MATCH (n) WHERE n:Stakeholder OR n:Skill OR n:Standard RETURN count(n) AS n")
    assert after.records[0]["n"] == before.records[0]["n"]  # nothing else went


@pytest.mark.parametrize(("field", "value", "path"), [
    ("name", "x", ["input", "name"]),
    ("url", "javascript:alert(1)", ["input", "url"]),
    ("ctid", "ce-123", ["input", "ctid"]),
    ("skillIds", ["esco:nope"], ["input", "skillIds", "0"]),
    ("standardIds", ["std:nope"], ["input", "standardIds", "0"]),
])
async def test_credential_validation(client: httpx.AsyncClient, field: str, value: Any,
                                     path: list[str]) -> None:
    _, key = await register(client)
    result = await payload(client, ADD_CREDENTIAL,
                           {"i": {"name": "Valid Name", "type": "BADGE", field: value}}, key)
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("INVALID", path)]


async def test_unknown_credential_is_not_found(client: httpx.AsyncClient) -> None:
    _, key = await register(client)
    result = await payload(client, """mutation { removeCredential(id: "nope") { removedId
        errors { code field } } }""", {}, key)
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("NOT_FOUND", ["id"])]


# -- skills --------------------------------------------------------------------

ADD_SKILL = """mutation($i: AddSkillInput!) { addSkill(input: $i) {
  skill { id name framework code uri broader { id } } errors { code field } } }"""


async def test_add_skill_and_duplicates(client: httpx.AsyncClient) -> None:
    _, key = await register(client)
    code = f"T-{uuid.uuid4().hex[:8]}"
    broader = "esco:S5.2.2"
    added = await payload(client, ADD_SKILL, {"i": {
        "name": "Configure zero-trust gateways", "framework": "CUSTOM", "code": code,
        "uri": f"https://skills.example/{code}", "broaderId": broader}}, key)
    assert added["skill"]["broader"] == {"id": broader}
    same_code = await payload(client, ADD_SKILL, {"i": {
        "name": "Other", "framework": "CUSTOM", "code": code}}, key)
    assert [(e["code"], e["field"]) for e in same_code["errors"]] == [
        ("CONFLICT", ["input", "code"])]
    same_uri = await payload(client, ADD_SKILL, {"i": {
        "name": "Other", "framework": "CUSTOM", "uri": f"https://skills.example/{code}"}}, key)
    assert [(e["code"], e["field"]) for e in same_uri["errors"]] == [("CONFLICT", ["input", "uri"])]
    # The same code in another stakeholder's namespace is another skill.
    _, other_key = await register(client)
    theirs = await payload(client, ADD_SKILL, {"i": {
        "name": "Other", "framework": "CUSTOM", "code": code}}, other_key)
    assert theirs["errors"] == []
    bad = await payload(client, ADD_SKILL, {"i": {"name": "Ok name", "framework": "lower case",
                                                  "broaderId": "nope"}}, key)
    assert {tuple(e["field"]) for e in bad["errors"]} == {("input", "framework"),
                                                          ("input", "broaderId")}


# -- keys, updatedAt, audit ----------------------------------------------------

async def test_rotation_revokes_the_old_key_at_once(client: httpx.AsyncClient) -> None:
    me, old = await register(client)
    rotated = await payload(client, "mutation { rotateApiKey { apiKey errors { code } } }", {}, old)
    new = rotated["apiKey"]
    assert new != old and new.startswith("lerk_")
    assert (await gql(client, "{ me { id } }", key=new))["data"]["me"]["id"] == me["id"]
    assert (await gql(client, "{ me { id } }", key=old))["data"]["me"] is None
    again = await payload(client, "mutation { rotateApiKey { apiKey errors { code } } }", {}, old)
    assert [e["code"] for e in again["errors"]] == ["UNAUTHENTICATED"]


async def test_updates_move_updated_at_and_are_audited(client: httpx.AsyncClient,
                                                       admin_key: str) -> None:
    me, key = await register(client)
    update = """mutation($i: UpdateStakeholderInput!) { updateStakeholder(input: $i) {
        stakeholder { updatedAt location groups } errors { code } } }"""
    result = await payload(client, update, {"i": {"id": me["id"], "location": "Lyon",
                                                  "groups": ["HR_SYSTEMS"]}}, key)
    assert result["stakeholder"]["updatedAt"] > me["updatedAt"]
    assert result["stakeholder"]["groups"] == ["HR_SYSTEMS"]
    verify = """mutation($id: ID!) { setVerification(stakeholderId: $id, status: VERIFIED,
        note: "documents checked") { stakeholder { verification } errors { code } } }"""
    await payload(client, verify, {"id": me["id"]}, admin_key)

    trail = f'{{ stakeholder(id: "{me["id"]}") {{ auditTrail {{ action changes note '
    trail += "byAdministrator actorId at } } }"
    own = (await gql(client, trail, key=key))["data"]["stakeholder"]["auditTrail"]
    assert [e["action"] for e in own] == ["REGISTERED", "UPDATED", "VERIFICATION_VERIFIED"]
    assert set(own[1]["changes"]) == {"location", "groups"} and own[1]["actorId"] == me["id"]
    assert own[2]["byAdministrator"] is True and own[2]["note"] == "documents checked"
    as_admin = (await gql(client, trail, key=admin_key))["data"]["stakeholder"]["auditTrail"]
    assert as_admin == own
    _, other_key = await register(client)
    assert (await gql(client, trail, key=other_key))["data"]["stakeholder"]["auditTrail"] is None
    assert (await gql(client, trail))["data"]["stakeholder"]["auditTrail"] is None


async def test_website_change_to_a_taken_domain_conflicts(client: httpx.AsyncClient) -> None:
    me, key = await register(client)
    result = await payload(client, """mutation($i: UpdateStakeholderInput!) {
        updateStakeholder(input: $i) { stakeholder { id } errors { code field } } }""",
                           {"i": {"id": me["id"], "website": "https://jff.org"}}, key)
    assert [(e["code"], e["field"]) for e in result["errors"]] == [
        ("CONFLICT", ["input", "website"])]
