"""Domain control: a token published on the website, fetched by the API.

The "websites" are a local HTTP server on 127.0.0.1 that serves
`/<host>/.well-known/ler-map-verification.txt`; the app under test fetches
from it because its URL template says so and private addresses are allowed
for it. The app with the default rules shows that they are refused.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from api.app import create_app
from graph import domains
from graph.db import Database
from graph.local_neo4j import LocalNeo4j
from graph.settings import Settings
from tests.helpers import connect, gql, register

REQUEST = """mutation($id: ID!) { requestDomainVerification(stakeholderId: $id) {
  token url errors { code field message } } }"""
VERIFY = """mutation($id: ID!) { verifyDomain(stakeholderId: $id) {
  stakeholder { domainVerifiedAt } errors { code field message } } }"""


class Sites:
    """What each host serves: path -> (status, body, extra headers)."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[int, bytes, dict[str, str]]] = {}

    def publish(self, host: str, body: bytes, status: int = 200,
                headers: dict[str, str] | None = None) -> None:
        self.files[f"/{host}/.well-known/ler-map-verification.txt"] = (status, body,
                                                                        headers or {})


@pytest.fixture(scope="module")
def sites() -> Iterator[tuple[Sites, int]]:
    served = Sites()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body, headers = served.files.get(self.path, (404, b"", {}))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served, server.server_address[1]
    server.shutdown()


async def app_client(settings: Settings, local: LocalNeo4j) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, connect(settings, local))
    async with LifespanManager(app) as manager, httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://test") as http:
        yield http


@pytest.fixture(scope="module")
async def local_client(settings: Settings, local: LocalNeo4j, db: Database,
                       sites: tuple[Sites, int]) -> AsyncIterator[httpx.AsyncClient]:
    template = f"http://127.0.0.1:{sites[1]}/{{host}}/.well-known/ler-map-verification.txt"
    rules = settings.model_copy(update={"domain_verification_url": template,
                                        "domain_verification_allow_private": True,
                                        "domain_verification_max_bytes": 1024})
    async for http in app_client(rules, local):
        yield http


def host_of(stakeholder: dict[str, Any]) -> str:
    return str(stakeholder["website"]).split("//")[1].split("/")[0]


async def test_a_published_token_verifies_the_domain(local_client: httpx.AsyncClient,
                                                     sites: tuple[Sites, int]) -> None:
    me, key = await register(local_client)
    asked = (await gql(local_client, REQUEST, {"id": me["id"]}, key=key)
             )["data"]["requestDomainVerification"]
    assert asked["errors"] == [] and host_of(me) in asked["url"]
    sites[0].publish(host_of(me), f"# ours\n{asked['token']}\n".encode())
    done = (await gql(local_client, VERIFY, {"id": me["id"]}, key=key))["data"]["verifyDomain"]
    assert done["errors"] == [] and done["stakeholder"]["domainVerifiedAt"] is not None
    # Moving to another host clears it.
    moved = await gql(local_client, """mutation($id: ID!, $w: String!) { updateStakeholder(
        input: {id: $id, website: $w}) { stakeholder { domainVerifiedAt } } }""",
                      {"id": me["id"], "w": f"https://elsewhere-{me['id'][:8]}.test"}, key=key)
    assert moved["data"]["updateStakeholder"]["stakeholder"]["domainVerifiedAt"] is None


@pytest.mark.parametrize(("body", "status", "headers", "reason"), [
    (b"ler-map-verification=someone-elses", 200, {}, "does not hold the current token"),
    (b"", 404, {}, "HTTP 404"),
    (b"", 302, {"Location": "https://evil.example/"}, "HTTP 302"),
    (b"x" * 5000, 200, {}, "over 1024 bytes"),
])
async def test_what_is_not_the_token_does_not_verify(
        local_client: httpx.AsyncClient, db: Database, sites: tuple[Sites, int], body: bytes,
        status: int, headers: dict[str, str], reason: str) -> None:
    me, key = await register(local_client)
    await gql(local_client, REQUEST, {"id": me["id"]}, key=key)
    sites[0].publish(host_of(me), body, status, headers)
    done = (await gql(local_client, VERIFY, {"id": me["id"]}, key=key))["data"]["verifyDomain"]
    assert [(e["code"], e["field"]) for e in done["errors"]] == [("INVALID", ["stakeholderId"])]
    assert reason in done["errors"][0]["message"]
    found = await db.driver.execute_query(
        "MATCH (s:Stakeholder {id: $id}) RETURN s.domainVerifiedAt AS at", {"id": me["id"]})
    assert found.records[0]["at"] is None


async def test_only_the_owner_asks(local_client: httpx.AsyncClient) -> None:
    me, _ = await register(local_client)
    _, other = await register(local_client)
    for query in (REQUEST, VERIFY):
        payload = next(iter((await gql(local_client, query, {"id": me["id"]}, key=other)
                             )["data"].values()))
        assert [e["code"] for e in payload["errors"]] == ["FORBIDDEN"]


async def test_private_addresses_are_refused_by_default(settings: Settings, local: LocalNeo4j,
                                                        db: Database,
                                                        sites: tuple[Sites, int]) -> None:
    template = f"http://127.0.0.1:{sites[1]}/{{host}}/.well-known/ler-map-verification.txt"
    strict = settings.model_copy(update={"domain_verification_url": template})
    async for http in app_client(strict, local):
        me, key = await register(http)
        asked = (await gql(http, REQUEST, {"id": me["id"]}, key=key)
                 )["data"]["requestDomainVerification"]
        sites[0].publish(host_of(me), asked["token"].encode())
        done = (await gql(http, VERIFY, {"id": me["id"]}, key=key))["data"]["verifyDomain"]
        assert "private or local address" in done["errors"][0]["message"]


async def test_imports_merge_only_into_verified_domains(local_client: httpx.AsyncClient,
                                                       db: Database, tmp_path: Any) -> None:
    import json

    from graph.importers.dcc_registry import import_registry

    # Not a `.test` host: the registry importer leaves those out as test issuers.
    me, _ = await register(local_client, website=f"https://uni-{uuid.uuid4().hex[:10]}.example")
    host = host_of(me)
    registry = tmp_path / "registry.json"
    did = f"did:web:{host}"
    registry.write_text(json.dumps({"registry": {did: {
        "name": "Imported University", "url": f"https://{host}", "location": "Here"}}}))

    async def held() -> dict[str, Any]:
        found = await db.driver.execute_query(
            "MATCH (s:Stakeholder {id: $id}) RETURN s.name AS name, s.did AS did, "
            "s.inDccRegistry AS listed", {"id": me["id"]})
        return dict(found.records[0])

    before = await held()
    try:
        report = await import_registry(db, registry)
        assert [r.why for r in report.refused] == [
            f"'Imported University': {host} was registered by someone who has not verified "
            "the domain; left both alone"]
        assert await held() == before
        # Once the registrant proves the domain, the registry's facts join its record.
        await db.driver.execute_query("MATCH (s:Stakeholder {id: $id}) "
                                      "SET s.domainVerifiedAt = datetime()", {"id": me["id"]})
        report = await import_registry(db, registry)
        assert report.refused == []
        assert await held() == {"name": me["name"], "did": did, "listed": True}
    finally:  # the registry's tests count the graph's registry issuers against the file
        await db.driver.execute_query("MATCH (s:Stakeholder {id: $id}) DETACH DELETE s",
                                      {"id": me["id"]})


async def test_a_record_moved_to_another_host_is_not_that_hosts(local_client: httpx.AsyncClient,
                                                                db: Database,
                                                                tmp_path: Any) -> None:
    """Its id still comes from the first host: verifying the new host must not let an
    import of the first host's registry entry merge into it."""
    import json

    from graph.importers.dcc_registry import import_registry

    first = f"uni-{uuid.uuid4().hex[:10]}.example"
    me, key = await register(local_client, website=f"https://{first}")
    await gql(local_client, """mutation($id: ID!, $w: String!) { updateStakeholder(input: {
        id: $id, website: $w}) { errors { code } } }""",
              {"id": me["id"], "w": f"https://moved-{uuid.uuid4().hex[:8]}.example"}, key=key)
    registry = tmp_path / "registry.json"
    registry.write_text(json.dumps({"registry": {f"did:web:{first}": {
        "name": "The Real University", "url": f"https://{first}", "location": "There"}}}))
    try:
        await db.driver.execute_query("MATCH (s:Stakeholder {id: $id}) "
                                      "SET s.domainVerifiedAt = datetime()", {"id": me["id"]})
        report = await import_registry(db, registry)
        assert len(report.refused) == 1 and "left both alone" in report.refused[0].why
        found = await db.driver.execute_query(
            "MATCH (s:Stakeholder {id: $id}) RETURN s.did AS did", {"id": me["id"]})
        assert found.records[0]["did"] is None
    finally:
        await db.driver.execute_query("MATCH (s:Stakeholder {id: $id}) DETACH DELETE s",
                                      {"id": me["id"]})


def test_addresses_that_embed_private_ipv4_are_not_public() -> None:
    import ipaddress

    from graph.domains import _public

    for text in ("64:ff9b::7f00:1", "64:ff9b:1::a9fe:a9fe", "::127.0.0.1", "::ffff:10.0.0.1",
                 "127.0.0.1", "169.254.169.254", "fd00::1"):
        assert not _public(ipaddress.ip_address(text)), text
    assert _public(ipaddress.ip_address("93.184.216.34"))


async def test_pin_connects_to_the_address_it_checked() -> None:
    """verifyDomain's fetch and webhook deliveries resolve once, check, and connect to that
    address (naming the host in Host and TLS), so a DNS answer that changes in between
    cannot send them to a private address."""
    target = await domains.pin("http://localhost:8123/hook?x=1", allow_private=True,
                               timeout_s=5)
    assert target.url.host in ("127.0.0.1", "::1")
    assert (target.url.port, target.url.path, target.url.query) == (8123, "/hook", b"x=1")
    assert (target.host_header, target.sni_hostname) == ("localhost:8123", "localhost")
    with pytest.raises(domains.Refused, match="private or local"):
        await domains.pin("http://localhost:8123/hook", allow_private=False, timeout_s=5)
