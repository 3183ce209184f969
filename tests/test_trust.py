"""issuerTrust: the verifier's answer about a DID, against the real graph (graph/trust.py)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.types.enums import CredentialType
from graph import trust
from tests.helpers import gql, register

TRUST = """query($did: String!, $type: String, $at: DateTime) {
  issuerTrust(did: $did, credentialType: $type, at: $at) {
    did known trusted status statusSince credentialType credentialTypeKind authorized
    at evaluatedAt message
    stakeholder { id name verification }
    evidence { fromDccRegistry credentials { id name type }
               registryImports { id at summary } } } }"""
SET_VERIFICATION = """mutation($id: ID!, $s: VerificationStatus!) {
  setVerification(stakeholderId: $id, status: $s) { stakeholder { verification updatedAt }
  errors { message } } }"""
ADD_CREDENTIAL = """mutation($i: AddCredentialInput!) { addCredential(input: $i) {
  credential { id createdAt } errors { message } } }"""


def new_did() -> str:
    return f"did:web:{uuid.uuid4().hex[:12]}.example.org"


async def ask(client: httpx.AsyncClient, did: str, type_: str | None = None,
              at: str | None = None, key: str | None = None) -> dict[str, Any]:
    body = await gql(client, TRUST, {"did": did, "type": type_, "at": at}, key=key)
    answer: dict[str, Any] = body["data"]["issuerTrust"]
    return answer


async def issuer(client: httpx.AsyncClient, admin_key: str, status: str | None
                 ) -> tuple[dict[str, Any], str, str]:
    """A registered stakeholder with a fresh DID, set to `status` (None: left PENDING)."""
    did = new_did()
    stakeholder, key = await register(client, did=did, groups=["CREDENTIALING_ORGANIZATIONS"])
    if status is not None:
        body = await gql(client, SET_VERIFICATION, {"id": stakeholder["id"], "s": status},
                         key=admin_key)
        assert body["data"]["setVerification"]["errors"] == []
    return stakeholder, key, did


def when(text: str) -> datetime:
    return datetime.fromisoformat(text)


async def test_a_verified_issuer_is_known_and_trusted(client: httpx.AsyncClient,
                                                      admin_key: str) -> None:
    stakeholder, _, did = await issuer(client, admin_key, "VERIFIED")
    answer = await ask(client, did)
    assert answer["known"] and answer["trusted"] and answer["status"] == "VERIFIED"
    assert answer["stakeholder"]["id"] == stakeholder["id"]
    assert answer["authorized"] is None and answer["at"] is None
    # Since the administrator's decision, which came after the registration.
    assert when(answer["statusSince"]) > when(stakeholder["updatedAt"])
    assert answer["evidence"]["fromDccRegistry"] is False


async def test_a_pending_issuer_is_known_but_not_trusted(client: httpx.AsyncClient,
                                                         admin_key: str) -> None:
    stakeholder, _, did = await issuer(client, admin_key, None)
    answer = await ask(client, did)
    assert (answer["known"], answer["trusted"], answer["status"]) == (True, False, "PENDING")
    assert answer["stakeholder"]["id"] == stakeholder["id"]
    # Since its registration (REGISTERED, in the same transaction as the record).
    assert when(answer["statusSince"]) == when(stakeholder["updatedAt"])
    assert "not a verified issuer" in answer["message"]


async def test_a_suspended_issuer_is_distrusted_without_showing_its_record(
        client: httpx.AsyncClient, admin_key: str) -> None:
    stakeholder, key, did = await issuer(client, admin_key, "VERIFIED")
    body = await gql(client, SET_VERIFICATION, {"id": stakeholder["id"], "s": "SUSPENDED"},
                     key=admin_key)
    assert body["data"]["setVerification"]["errors"] == []
    answer = await ask(client, did, "BADGE")
    assert (answer["known"], answer["trusted"], answer["status"]) == (True, False, "SUSPENDED")
    assert answer["authorized"] is False
    assert answer["stakeholder"] is None and answer["evidence"] is None
    assert stakeholder["name"] not in answer["message"]
    # Itself and administrators see whom it is about (graph/policy.py).
    for viewer in (key, admin_key):
        seen = await ask(client, did, key=viewer)
        assert seen["stakeholder"]["id"] == stakeholder["id"]
        assert seen["status"] == "SUSPENDED" and seen["trusted"] is False


async def test_an_unknown_did_is_a_normal_answer(client: httpx.AsyncClient) -> None:
    answer = await ask(client, new_did(), "BADGE")
    assert (answer["known"], answer["trusted"], answer["authorized"]) == (False, False, False)
    assert answer["status"] is None and answer["stakeholder"] is None
    assert answer["evidence"] is None and "not a known issuer" in answer["message"]


@pytest.mark.parametrize("did", ["", "not-a-did", "did:web", "did:web:", "did:Web:x.org",
                                 "did:web:x.org/path", "did:web:x.org#key-1", "did:web:a b",
                                 "did:web:%zz", "did:web:" + "a" * 2100])
async def test_a_malformed_did_is_bad_user_input(client: httpx.AsyncClient, did: str) -> None:
    body = await gql(client, TRUST, {"did": did}, expect_errors=True)
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == ["did"] and "`did`" in error["message"]
    assert body["data"] is None


@pytest.mark.parametrize("did", ["did:key:z6MkpLDL3RoAoMRTwTgo3rs39ZwssfaPKtGdZw7AGRN7CK4W",
                                 "did:web:example.com%3A8443:user:alice", "did:ethr:0x1:ab_c.d-e"])
def test_well_formed_dids_pass_the_syntax_check(did: str) -> None:
    assert trust.check_did(did) == did


def test_credential_types_follow_the_enum() -> None:
    assert trust.CREDENTIAL_TYPES == tuple(t.value for t in CredentialType)


async def test_authorization_for_a_credential_type_or_standard(client: httpx.AsyncClient,
                                                               admin_key: str) -> None:
    standards = (await gql(client, "{ standards { id name } }"))["data"]["standards"]
    standard = standards[0]
    _, key, did = await issuer(client, admin_key, "VERIFIED")
    body = await gql(client, ADD_CREDENTIAL, {"i": {
        "name": "Trust Badge", "type": "BADGE", "standardIds": [standard["id"]]}}, key=key)
    credential = body["data"]["addCredential"]["credential"]

    for asked, kind in (("BADGE", "CREDENTIAL_TYPE"), (standard["id"], "STANDARD"),
                        (standard["name"].upper(), "STANDARD")):
        answer = await ask(client, did, asked)
        assert answer["authorized"] is True, (asked, answer)
        assert answer["credentialTypeKind"] == kind
        assert [c["id"] for c in answer["evidence"]["credentials"]] == [credential["id"]]
    degree = await ask(client, did, "DEGREE")
    assert degree["authorized"] is False and degree["credentialTypeKind"] == "CREDENTIAL_TYPE"
    assert degree["evidence"]["credentials"] == [] and "issues no credential" in degree["message"]
    nonsense = await ask(client, did, "NO SUCH THING")
    assert nonsense["authorized"] is False and nonsense["credentialTypeKind"] == "UNKNOWN"
    # Before the credential existed, it did not issue it.
    before = when(credential["createdAt"]) - timedelta(milliseconds=1)
    earlier = await ask(client, did, "BADGE", at=before.isoformat())
    assert earlier["trusted"] is True and earlier["authorized"] is False

    # A pending issuer of the same type is not authorized: it is not verified.
    _, pending_key, pending_did = await issuer(client, admin_key, None)
    await gql(client, ADD_CREDENTIAL, {"i": {"name": "Pending Badge", "type": "BADGE"}},
              key=pending_key)
    answer = await ask(client, pending_did, "BADGE")
    assert answer["authorized"] is False and len(answer["evidence"]["credentials"]) == 1


async def test_at_evaluates_the_verification_history(client: httpx.AsyncClient,
                                                     admin_key: str) -> None:
    stakeholder, _, did = await issuer(client, admin_key, "VERIFIED")
    verified_since = when((await ask(client, did))["statusSince"])
    await gql(client, SET_VERIFICATION, {"id": stakeholder["id"], "s": "SUSPENDED"},
              key=admin_key)
    suspended_since = when((await ask(client, did, key=admin_key))["statusSince"])
    assert suspended_since > verified_since
    ms = timedelta(milliseconds=1)

    then = await ask(client, did, at=verified_since.isoformat())
    assert (then["status"], then["trusted"]) == ("VERIFIED", True)
    assert when(then["statusSince"]) == verified_since and then["stakeholder"] is not None
    between = await ask(client, did, at=(suspended_since - ms).isoformat())
    assert between["status"] == "VERIFIED"
    after = await ask(client, did, at=(suspended_since + ms).isoformat())
    assert (after["status"], after["trusted"], after["stakeholder"]) == ("SUSPENDED", False, None)
    registered = await ask(client, did, at=(verified_since - ms).isoformat())
    assert registered["status"] == "PENDING" and registered["trusted"] is False
    created = await gql(client, """query($id: ID!) { stakeholder(id: $id) { createdAt } }""",
                        {"id": stakeholder["id"]}, key=admin_key)
    born = when(created["data"]["stakeholder"]["createdAt"])
    unborn = await ask(client, did, at=(born - ms).isoformat())
    assert unborn["known"] is False and unborn["status"] is None
    assert when(unborn["at"]) == born - ms


async def test_a_dcc_registry_did_names_its_import(client: httpx.AsyncClient,
                                                   data_dir: Path) -> None:
    registry = json.loads((data_dir / "dcc-community-registry" / "registry.json").read_text())
    did = next(d for d, e in registry["registry"].items() if e["name"] == "Learning Economy "
               "Foundation")
    answer = await ask(client, did)
    assert answer["known"] and answer["trusted"] and answer["status"] == "VERIFIED"
    evidence = answer["evidence"]
    assert evidence["fromDccRegistry"] is True
    assert evidence["registryImports"], "the test session's DCC import run is recorded"
    assert all(r["id"].startswith("import:dcc-registry:") for r in evidence["registryImports"])
    # Its state since its creation by the import, which left no verification event.
    assert when(answer["statusSince"]) <= when(evidence["registryImports"][-1]["at"])
    # A test issuer the import left out is unknown.
    test_did = next(d for d, e in registry["registry"].items() if e["name"] == "My University")
    assert (await ask(client, test_did))["known"] is False


async def test_a_pending_claim_on_a_verified_did_does_not_take_it_over(
        client: httpx.AsyncClient, admin_key: str) -> None:
    """Anyone may type any DID when registering; the verified holder still answers."""
    owner, _, did = await issuer(client, admin_key, "VERIFIED")
    impostor, _ = await register(client, did=did)
    answer = await ask(client, did)
    assert answer["stakeholder"]["id"] == owner["id"] != impostor["id"]
    assert answer["trusted"] is True
    # Once the owner is suspended, the answer is about the suspension, not the claim.
    await gql(client, SET_VERIFICATION, {"id": owner["id"], "s": "SUSPENDED"}, key=admin_key)
    suspended = await ask(client, did)
    assert (suspended["status"], suspended["trusted"]) == ("SUSPENDED", False)
