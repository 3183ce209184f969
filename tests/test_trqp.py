"""TRQP v2 over HTTPS (api/rest/trqp.py): requests valid and invalid against the
specification's schemas, every answer checked against its response schema, RFC 7807
problems, the request id echoed, and a query for another authority refused."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator, FormatChecker
from starlette.applications import Starlette

from api.rest import trqp
from api.rest.trqp import load_schema
from graph.settings import Settings
from tests.helpers import gql, register

SET_VERIFICATION = """mutation($id: ID!, $s: VerificationStatus!) {
  setVerification(stakeholderId: $id, status: $s) { errors { message } } }"""
PROBLEM_KEYS = {"type", "title", "status", "detail"}


@pytest.fixture(scope="module")
def schemas(data_dir: Path) -> dict[str, Draft202012Validator]:
    return {name: Draft202012Validator(load_schema(data_dir / "trqp-v2", name),
                                       format_checker=FormatChecker())
            for name in ("authorization_request", "authorization_response",
                         "recognition_request", "recognition_response")}


def valid(schemas: dict[str, Draft202012Validator], name: str, body: Any) -> None:
    errors = [e.message for e in schemas[name].iter_errors(body)]
    assert errors == [], (name, body, errors)


async def post(client: httpx.AsyncClient, schemas: dict[str, Draft202012Validator],
               kind: str, body: Any, **headers: str) -> dict[str, Any]:
    """A request that must be answered 200, its body valid against the response schema."""
    valid(schemas, f"{kind}_request", body)
    response = await client.post(f"/trqp/{kind}", json=body, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    answer: dict[str, Any] = response.json()
    valid(schemas, f"{kind}_response", answer)
    assert answer["time_evaluated"].endswith("Z")
    return answer


async def problem(client: httpx.AsyncClient, path: str, status: int, *,
                  content: bytes | None = None, body: Any = None,
                  headers: dict[str, str] | None = None) -> dict[str, Any]:
    response = await client.post(path, content=content, json=body, headers=headers)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    found: dict[str, Any] = response.json()
    assert PROBLEM_KEYS <= set(found) and found["status"] == status
    assert found["type"].startswith("http") and found["title"] and found["detail"]
    return found


@pytest.fixture(scope="module")
async def issuers(client: httpx.AsyncClient, admin_key: str) -> dict[str, str]:
    """DIDs of a verified issuer of badges, a pending one and a suspended one."""
    dids: dict[str, str] = {}
    for status in ("VERIFIED", "PENDING", "SUSPENDED"):
        did = f"did:web:{uuid.uuid4().hex[:12]}.example.org"
        stakeholder, key = await register(client, did=did,
                                          groups=["CREDENTIALING_ORGANIZATIONS"])
        body = await gql(client, """mutation { addCredential(input: {name: "TRQP Badge",
            type: BADGE}) { errors { message } } }""", key=key)
        assert body["data"]["addCredential"]["errors"] == []
        for step in ("VERIFIED", status) if status == "SUSPENDED" else (status,):
            if step != "PENDING":
                await gql(client, SET_VERIFICATION, {"id": stakeholder["id"], "s": step},
                          key=admin_key)
        dids[status] = did
    return dids


def ask(settings: Settings, did: str, action: str, resource: str, **extra: Any
        ) -> dict[str, Any]:
    return {"entity_id": did, "authority_id": settings.authority_id, "action": action,
            "resource": resource, **extra}


async def test_authorization_answers_by_verification_and_type(
        client: httpx.AsyncClient, settings: Settings, schemas: dict[str, Draft202012Validator],
        issuers: dict[str, str]) -> None:
    expected = {"VERIFIED": True, "PENDING": False, "SUSPENDED": False}
    for status, did in issuers.items():
        answer = await post(client, schemas, "authorization",
                            ask(settings, did, "issue", "BADGE"))
        assert answer["authorized"] is expected[status], (status, answer)
        assert answer["entity_id"] == did and answer["authority_id"] == settings.authority_id
        assert answer["action"] == "issue" and answer["resource"] == "BADGE"
        assert "time_requested" not in answer
    not_issued = await post(client, schemas, "authorization",
                            ask(settings, issuers["VERIFIED"], "issue", "DEGREE"))
    assert not_issued["authorized"] is False and "DEGREE" in not_issued["message"]
    unknown = await post(client, schemas, "authorization",
                         ask(settings, "did:web:nobody.example.org", "issue", "BADGE"))
    assert unknown["authorized"] is False and "not a known issuer" in unknown["message"]


async def test_recognition_of_members_and_groups(
        client: httpx.AsyncClient, settings: Settings, schemas: dict[str, Draft202012Validator],
        issuers: dict[str, str]) -> None:
    for resource, expected in (("ecosystem", True), ("CREDENTIALING_ORGANIZATIONS", True),
                               ("EMPLOYERS", False)):
        answer = await post(client, schemas, "recognition",
                            ask(settings, issuers["VERIFIED"], "member", resource))
        assert answer["recognized"] is expected, (resource, answer)
    for status in ("PENDING", "SUSPENDED"):
        answer = await post(client, schemas, "recognition",
                            ask(settings, issuers[status], "member", "ecosystem"))
        assert answer["recognized"] is False and status in answer["message"]


async def test_context_time_evaluates_then_and_is_echoed(
        client: httpx.AsyncClient, settings: Settings, schemas: dict[str, Draft202012Validator],
        issuers: dict[str, str]) -> None:
    # Before the record existed: not known, so not authorized.
    body = ask(settings, issuers["VERIFIED"], "issue", "BADGE",
               context={"time": "2001-01-01T00:00:00Z", "locator": "x"})
    answer = await post(client, schemas, "authorization", body)
    assert answer["authorized"] is False and answer["time_requested"] == "2001-01-01T00:00:00Z"
    assert answer["context"] == body["context"]
    later = await post(client, schemas, "recognition",
                       ask(settings, issuers["VERIFIED"], "member", "ecosystem",
                           context={"time": "2999-01-01T00:00:00Z"}))
    assert later["recognized"] is True and later["time_requested"] == "2999-01-01T00:00:00Z"


@pytest.mark.parametrize("kind", ["authorization", "recognition"])
@pytest.mark.parametrize(("change", "field"), [
    ({"entity_id": None}, "entity_id"),        # missing
    ({"action": None}, "action"),
    ({"resource": None}, "resource"),
    ({"authority_id": None}, "authority_id"),
    ({"entity_id": 42}, "entity_id"),          # wrong type
    ({"context": "now"}, "context"),
    ({"context": {"time": "yesterday"}}, "context.time"),     # not a date-time
    ({"context": {"time": "2024-01-01T00:00:00+02:00"}}, "context.time"),  # not Z
    ({"context": {"extra": 5}}, "context.extra"),             # extra values are strings
])
async def test_schema_violations_are_problems_naming_the_field(
        client: httpx.AsyncClient, settings: Settings, schemas: dict[str, Draft202012Validator],
        kind: str, change: dict[str, Any], field: str) -> None:
    body = {k: v for k, v in {**ask(settings, "did:web:a.example.org", "x", "y"),
                              **change}.items() if v is not None}
    if field != "context.time" or "+02:00" not in str(change):
        assert list(schemas[f"{kind}_request"].iter_errors(body)), "the schema refuses it too"
    found = await problem(client, f"/trqp/{kind}", 400, body=body)
    assert found["field"] == field and field in found["detail"]


async def test_bodies_that_are_not_requests(client: httpx.AsyncClient) -> None:
    json_header = {"content-type": "application/json"}
    await problem(client, "/trqp/authorization", 400, content=b"{not json",
                  headers=json_header)
    array = await problem(client, "/trqp/authorization", 400, content=b"[]",
                          headers=json_header)
    assert array["field"] == "(body)"
    await problem(client, "/trqp/recognition", 415, content=b"entity_id=x",
                  headers={"content-type": "application/x-www-form-urlencoded"})
    await problem(client, "/trqp/recognition", 413, content=b"{" + b" " * 20_000 + b"}",
                  headers=json_header)


async def test_vocabulary_and_identifiers_are_checked(
        client: httpx.AsyncClient, settings: Settings) -> None:
    other = await problem(client, "/trqp/authorization", 404, body=ask(
        settings, "did:web:a.example.org", "issue", "BADGE") | {"authority_id": "did:web:x.org"})
    assert other["field"] == "authority_id" and settings.authority_id in other["detail"]
    action = await problem(client, "/trqp/authorization", 400,
                           body=ask(settings, "did:web:a.example.org", "verify", "BADGE"))
    assert action["field"] == "action" and "issue" in action["detail"]
    group = await problem(client, "/trqp/recognition", 400,
                          body=ask(settings, "did:web:a.example.org", "member", "NOPE"))
    assert group["field"] == "resource"
    entity = await problem(client, "/trqp/recognition", 400,
                           body=ask(settings, "not a did", "member", "ecosystem"))
    assert entity["field"] == "entity_id"


async def test_request_id_is_echoed(client: httpx.AsyncClient, settings: Settings,
                                    issuers: dict[str, str]) -> None:
    response = await client.post("/trqp/authorization",
                                  json=ask(settings, issuers["VERIFIED"], "issue", "BADGE"),
                                  headers={"X-Request-ID": "trqp-req-42"})
    assert response.headers["x-request-id"] == "trqp-req-42"
    refused = await client.post("/trqp/authorization", content=b"nope",
                                headers={"X-Request-ID": "trqp-req-43",
                                         "content-type": "application/json"})
    assert refused.status_code == 400 and refused.headers["x-request-id"] == "trqp-req-43"


async def test_metadata_and_did_document_name_our_authority(
        client: httpx.AsyncClient, settings: Settings) -> None:
    meta = (await client.get("/trqp/metadata")).json()
    assert meta["authority_id"] == settings.authority_id
    assert meta["authority_id"] == "did:web:127.0.0.1%3A8000"  # from public_base_url
    assert meta["version"] == "2.0" and len(meta["specification_commit"]) == 40
    assert set(meta["actions"]) == {"authorization", "recognition"}
    document = await client.get("/.well-known/did.json")
    assert document.status_code == 200
    assert document.json()["id"] == settings.authority_id
    assert document.json()["service"][0]["serviceEndpoint"].endswith("/trqp")


async def test_without_the_schemas_the_endpoints_refuse(tmp_path: Path) -> None:
    """Requests are never answered unchecked: no schemas in the data folder, 503."""
    app = Starlette(routes=trqp.routes(Settings(lermap_data_dir=tmp_path), {}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://t") as http:
        response = await http.post("/trqp/authorization", json={})
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert "LERMAP_DATA_DIR" in response.json()["detail"]
