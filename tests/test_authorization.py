"""Every mutation x {anonymous, own key, another stakeholder's key, admin, revoked key}.

Each cell builds a fresh world (so cells do not depend on each other) and
asserts the exact outcome: success, or one error with the expected code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from graph import apikeys
from graph.db import Database
from tests.helpers import gql, register, registration

CALLERS = ["anonymous", "own", "other", "admin", "revoked"]
OK = None


@dataclass
class World:
    owner: str
    keys: dict[str, str | None]
    credential: str
    proposal_to_owner: str   # PROPOSED by `third`, owner invited
    active: str              # ACTIVE between owner and `fourth`
    stranger: str            # nobody's partner yet
    webhook: str             # the owner's endpoint


async def mutate(client: httpx.AsyncClient, query: str, variables: dict[str, Any],
                 key: str | None) -> dict[str, Any]:
    body = await gql(client, query, variables, key=key)
    (payload,) = body["data"].values()
    return payload  # type: ignore[no-any-return]


async def build_world(client: httpx.AsyncClient, db: Database) -> World:
    # A fresh admin key too: the rotateApiKey cell revokes the one it uses.
    admin_key = await apikeys.create_admin_key(db, "authorization matrix")
    owner, revoked = await register(client)
    other, other_key = await register(client)
    third, third_key = await register(client)
    fourth, fourth_key = await register(client)
    stranger, _ = await register(client)
    rotated = await mutate(client, "mutation { rotateApiKey { apiKey errors { code } } }", {},
                           revoked)
    own = rotated["apiKey"]
    cred = await mutate(client, """mutation($i: AddCredentialInput!) { addCredential(input: $i)
        { credential { id } errors { code } } }""", {"i": {"name": "Owner Badge", "type": "BADGE"}},
                        own)
    propose = """mutation($i: ProposePartnershipInput!) { proposePartnership(input: $i)
        { partnership { id } errors { code } } }"""
    to_owner = await mutate(client, propose, {"i": {"partnerId": owner["id"]}}, third_key)
    active = await mutate(client, propose, {"i": {"partnerId": fourth["id"]}}, own)
    accepted = await mutate(client, """mutation($id: ID!) { respondToPartnership(id: $id,
        accept: true) { partnership { status } errors { code } } }""",
                            {"id": active["partnership"]["id"]}, fourth_key)
    assert accepted["partnership"]["status"] == "ACTIVE"
    hook = await mutate(client, """mutation { createWebhook(url: "https://127.0.0.1/hook") {
        webhook { id } errors { code } } }""", {}, own)
    del other, third
    return World(owner=owner["id"],
                 keys={"anonymous": None, "own": own, "other": other_key, "admin": admin_key,
                       "revoked": revoked},
                 credential=cred["credential"]["id"],
                 proposal_to_owner=to_owner["partnership"]["id"],
                 active=active["partnership"]["id"], stranger=stranger["id"],
                 webhook=hook["webhook"]["id"])


# name -> (operation, variables from the world, the payload's result field,
#          expected code per caller: anonymous, own, other, admin, revoked)
U, F = "UNAUTHENTICATED", "FORBIDDEN"
MATRIX: dict[str, tuple[str, Any, str, list[str | None]]] = {
    "registerStakeholder": (
        """mutation($i: RegisterStakeholderInput!) { registerStakeholder(input: $i) {
           stakeholder { id } errors { code } } }""",
        lambda w: {"i": registration()}, "stakeholder", [OK, OK, OK, OK, OK]),
    "updateStakeholder": (
        """mutation($i: UpdateStakeholderInput!) { updateStakeholder(input: $i) {
           stakeholder { id } errors { code } } }""",
        lambda w: {"i": {"id": w.owner, "location": "Somewhere"}}, "stakeholder",
        [U, OK, F, OK, U]),
    "rotateApiKey": (
        "mutation { rotateApiKey { apiKey errors { code } } }",
        lambda w: {}, "apiKey", [U, OK, OK, OK, U]),
    "addCredential": (
        """mutation($i: AddCredentialInput!) { addCredential(input: $i) {
           credential { id } errors { code } } }""",
        lambda w: {"i": {"name": "Another Badge", "type": "BADGE"}}, "credential",
        [U, OK, OK, F, U]),
    "importAchievement": (
        """mutation($j: JSON!) { importAchievement(json: $j) {
           credential { id } errors { code } } }""",
        lambda w: {"j": {"type": ["Achievement"], "id": "https://badges.example/a/1",
                         "name": "Imported Badge"}}, "credential",
        [U, OK, OK, F, U]),
    "updateCredential": (
        """mutation($i: UpdateCredentialInput!) { updateCredential(input: $i) {
           credential { id } errors { code } } }""",
        lambda w: {"i": {"id": w.credential, "description": "changed"}}, "credential",
        [U, OK, F, OK, U]),
    "removeCredential": (
        """mutation($id: ID!) { removeCredential(id: $id) { removedId errors { code } } }""",
        lambda w: {"id": w.credential}, "removedId", [U, OK, F, OK, U]),
    "acceptCredential": (
        """mutation($id: ID!) { acceptCredential(credentialId: $id) {
           credential { id } errors { code } } }""",
        lambda w: {"id": w.credential}, "credential", [U, OK, OK, F, U]),
    "addSkill": (
        """mutation($i: AddSkillInput!) { addSkill(input: $i) { skill { id } errors { code } } }""",
        lambda w: {"i": {"name": f"Skill {w.stranger[:8]}", "framework": "CUSTOM",
                         "code": f"auth-{w.stranger}"}}, "skill", [U, OK, OK, OK, U]),
    "proposePartnership": (
        """mutation($i: ProposePartnershipInput!) { proposePartnership(input: $i) {
           partnership { id } errors { code } } }""",
        lambda w: {"i": {"partnerId": w.stranger}}, "partnership", [U, OK, OK, F, U]),
    "respondToPartnership": (
        """mutation($id: ID!) { respondToPartnership(id: $id, accept: true) {
           partnership { id } errors { code } } }""",
        # Another stakeholder cannot see a proposal it is not part of (NOT_FOUND).
        lambda w: {"id": w.proposal_to_owner}, "partnership", [U, OK, "NOT_FOUND", F, U]),
    "endPartnership": (
        """mutation($id: ID!) { endPartnership(id: $id) { partnership { id } errors { code } } }""",
        lambda w: {"id": w.active}, "partnership", [U, OK, F, OK, U]),
    "revokeApiKey": (
        """mutation($p: String!) { revokeApiKey(prefix: $p) { revokedPrefix errors { code } } }""",
        lambda w: {"p": w.keys["own"][:13]}, "revokedPrefix", [U, OK, "NOT_FOUND", OK, U]),
    "revokeAllApiKeys": (
        """mutation($id: ID!) { revokeAllApiKeys(stakeholderId: $id) {
           revokedCount errors { code } } }""",
        lambda w: {"id": w.owner}, "revokedCount", [U, F, F, OK, U]),
    "requestDomainVerification": (
        """mutation($id: ID!) { requestDomainVerification(stakeholderId: $id) {
           token errors { code } } }""",
        lambda w: {"id": w.owner}, "token", [U, OK, F, OK, U]),
    "verifyDomain": (
        # Nothing is published on the owner's `.test` host: the owner and administrators
        # get past the rules to the fetch, which cannot succeed (INVALID).
        """mutation($id: ID!) { verifyDomain(stakeholderId: $id) {
           stakeholder { id } errors { code } } }""",
        lambda w: {"id": w.owner}, "stakeholder", [U, "INVALID", F, "INVALID", U]),
    "setVerification": (
        """mutation($id: ID!) { setVerification(stakeholderId: $id, status: VERIFIED,
           note: "checked") { stakeholder { id } errors { code } } }""",
        lambda w: {"id": w.owner}, "stakeholder", [U, F, F, OK, U]),
    # Another stakeholder's endpoint is not there for it (NOT_FOUND).
    "createWebhook": (
        """mutation { createWebhook(url: "https://127.0.0.1/other") {
           webhook { id } errors { code } } }""",
        lambda w: {}, "webhook", [U, OK, OK, OK, U]),
    "rotateWebhookSecret": (
        """mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret errors { code } } }""",
        lambda w: {"id": w.webhook}, "secret", [U, OK, "NOT_FOUND", OK, U]),
    "pauseWebhook": (
        """mutation($id: ID!) { pauseWebhook(id: $id) { webhook { id } errors { code } } }""",
        lambda w: {"id": w.webhook}, "webhook", [U, OK, "NOT_FOUND", OK, U]),
    "deleteWebhook": (
        """mutation($id: ID!) { deleteWebhook(id: $id) { deletedId errors { code } } }""",
        lambda w: {"id": w.webhook}, "deletedId", [U, OK, "NOT_FOUND", OK, U]),
}

CELLS = [(name, caller, expected[i]) for name, (_, _, _, expected) in MATRIX.items()
         for i, caller in enumerate(CALLERS)]


@pytest.mark.parametrize(("mutation", "caller", "expected"), CELLS,
                         ids=[f"{m}-{c}" for m, c, _ in CELLS])
async def test_authorization_matrix(client: httpx.AsyncClient, db: Database, mutation: str,
                                    caller: str, expected: str | None) -> None:
    world = await build_world(client, db)
    query, variables, result_field, _ = MATRIX[mutation]
    payload = await mutate(client, query, variables(world), world.keys[caller])
    if expected is OK:
        assert payload["errors"] == []
        assert payload[result_field] is not None
    else:
        assert [e["code"] for e in payload["errors"]] == [expected]
        assert payload[result_field] is None


def test_matrix_covers_every_mutation(client: httpx.AsyncClient) -> None:
    from api.schema import build_schema
    from graph.settings import Settings

    mutations = build_schema(Settings())._schema.mutation_type
    assert mutations is not None
    assert set(MATRIX) == set(mutations.fields)
