"""Rate limits: registrations and whole-graph exports per client, writes per API key; in
memory and in Redis.

The client is the socket's peer unless that peer is a trusted proxy, so a client cannot
pick its own bucket with X-Forwarded-For, neither in the app nor in uvicorn. Redis runs
as a real `redis-server` on 127.0.0.1 (`make test` starts one on port 6390; this module
starts its own when none answers, and stops what it started).
"""

from __future__ import annotations

import asyncio
import math
import os
import random
import shutil
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import orjson
import pytest
import redis
from asgi_lifespan import LifespanManager
from redis.backoff import NoBackoff
from redis.retry import Retry
from starlette.types import ASGIApp

from api.app import create_app
from api.cli import uvicorn_options
from api.ratelimit import TrustedProxies
from graph.db import Database
from graph.local_neo4j import LocalNeo4j
from graph.settings import Settings
from tests.helpers import REGISTER, connect, free_port, registration, served

ADD_CREDENTIAL = """mutation($input: AddCredentialInput!) { addCredential(input: $input) {
  credential { id } errors { code } } }"""
REDIS_PORT = int(os.environ.get("LERMAP_TEST_REDIS_PORT", "6390"))



def unique_ipv6() -> str:
    """A client of its own /64 (documentation prefix), so that Redis counters left by an
    earlier run within the window never meet this one."""
    return f"2001:db8:{random.getrandbits(16):x}:{random.getrandbits(16):x}::1"


async def node_count(db: Database) -> int:
    records, _, _ = await db.driver.execute_query("MATCH (n) RETURN count(n) AS n")
    return int(records[0]["n"])


@asynccontextmanager
async def running(settings: Settings, local: LocalNeo4j) -> AsyncIterator[ASGIApp]:
    app = create_app(settings, connect(settings, local))
    async with LifespanManager(app) as manager:
        yield manager.app


def over(app: ASGIApp, peer: str) -> httpx.AsyncClient:
    """An HTTP client whose socket peer, as the app sees it, is `peer`."""
    transport = httpx.ASGITransport(app=app, client=(peer, 40_000))
    return httpx.AsyncClient(transport=transport, base_url="http://test")


async def register(http: httpx.AsyncClient, forwarded_for: str | None = None
                   ) -> tuple[list[str], str | None]:
    headers = {"x-forwarded-for": forwarded_for} if forwarded_for else {}
    response = await http.post("/graphql", headers=headers, json={
        "query": REGISTER, "variables": {"input": registration()}})
    assert response.status_code == 200, response.text
    payload = response.json()["data"]["registerStakeholder"]
    return [e["code"] for e in payload["errors"]], payload["apiKey"]


async def add_credential(http: httpx.AsyncClient, key: str) -> list[str]:
    response = await http.post("/graphql", headers={"authorization": f"Bearer {key}"}, json={
        "query": ADD_CREDENTIAL,
        "variables": {"input": {"name": f"Cred {uuid.uuid4().hex[:8]}", "type": "BADGE"}}})
    assert response.status_code == 200, response.text
    return [e["code"] for e in response.json()["data"]["addCredential"]["errors"]]


@pytest.fixture
def limited(settings: Settings) -> Settings:
    return settings.model_copy(update={"register_rate_limit": 3, "write_rate_limit": 3})


# -- who the client is --------------------------------------------------------------------

def scope(peer: str, *forwarded: str) -> dict[str, Any]:
    return {"client": (peer, 1), "headers": [(b"x-forwarded-for", f.encode())
                                             for f in forwarded]}


@pytest.mark.parametrize(("trusted", "request_scope", "client"), [
    ([], scope("203.0.113.5", "1.2.3.4"), "203.0.113.5"),               # header ignored
    (["10.0.0.0/8"], scope("203.0.113.5", "1.2.3.4"), "203.0.113.5"),   # peer not a proxy
    (["10.0.0.0/8"], scope("10.0.0.2", "1.2.3.4"), "1.2.3.4"),
    (["10.0.0.0/8"], scope("10.0.0.2", "6.6.6.6, 1.2.3.4"), "1.2.3.4"),  # forged left part
    (["10.0.0.0/8"], scope("10.0.0.2", "6.6.6.6", "1.2.3.4, 10.0.0.9"), "1.2.3.4"),
    (["10.0.0.0/8"], scope("10.0.0.2", "10.0.0.7, 10.0.0.8"), "10.0.0.7"),  # all proxies
    (["10.0.0.0/8"], scope("10.0.0.2"), "10.0.0.2"),                     # no header
    (["10.0.0.0/8"], scope("10.0.0.2", "1.2.3.4:5678"), "1.2.3.4"),
    (["10.0.0.0/8"], scope("10.0.0.2", "[2001:db8::1]:443"), "2001:db8::/64"),
    (["10.0.0.0/8"], scope("10.0.0.2", "unknown"), "unknown"),
    ([], scope("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64"),             # one /64, one bucket
    ([], scope("::ffff:192.0.2.1"), "192.0.2.1"),
    (["::1"], scope("::1", "192.0.2.9"), "192.0.2.9"),
])
def test_client_identity(trusted: list[str], request_scope: dict[str, Any], client: str) -> None:
    assert TrustedProxies(trusted).client(request_scope) == client


def test_trusted_proxies_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.1, 192.168.0.0/16")
    assert Settings().trusted_proxies == ["10.0.0.1", "192.168.0.0/16"]
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.1, not-an-address")
    with pytest.raises(ValueError, match="does not appear to be an IPv4 or IPv6"):
        Settings()


def test_uvicorn_trusts_exactly_the_configured_proxies(settings: Settings) -> None:
    # uvicorn's own default believes X-Forwarded-For from 127.0.0.1.
    none = uvicorn_options(settings)
    assert none["proxy_headers"] is False and none["forwarded_allow_ips"] == []
    some = uvicorn_options(settings.model_copy(update={"trusted_proxies": ["10.0.0.0/8"]}))
    assert some["proxy_headers"] is True and some["forwarded_allow_ips"] == ["10.0.0.0/8"]


def test_idle_connections_outlive_the_clients_idle_expiry(settings: Settings) -> None:
    """A server that closes idle connections when clients' pools expire them (5 s for
    httpx) races them: the client may reuse one as it closes."""
    client_expiry = httpx.Limits().keepalive_expiry or 0
    assert uvicorn_options(settings)["timeout_keep_alive"] == settings.keep_alive_s
    assert settings.keep_alive_s > client_expiry


# -- registrations per client ---------------------------------------------------------------

async def test_forwarded_for_rotation_does_not_bypass(limited: Settings, local: LocalNeo4j,
                                                      db: Database) -> None:
    async with running(limited, local) as app, over(app, "203.0.113.10") as http:
        codes = [(await register(http, f"198.51.100.{i}"))[0] for i in range(3)]
        assert codes == [[], [], []]
        before = await node_count(db)
        refused = [(await register(http, f"198.51.100.{i}")) for i in range(3, 6)]
        assert refused == [(["RATE_LIMITED"], None)] * 3
        assert await node_count(db) == before
        async with over(app, "203.0.113.11") as other:   # another client has its own budget
            assert (await register(other))[0] == []


async def test_a_trusted_proxy_names_the_client(limited: Settings, local: LocalNeo4j) -> None:
    behind_proxy = limited.model_copy(update={"trusted_proxies": ["10.0.0.0/8"]})
    async with running(behind_proxy, local) as app, over(app, "10.0.0.2") as proxy:
        # Six clients behind the one proxy: each has its own budget.
        for i in range(6):
            assert (await register(proxy, f"198.51.100.{i}"))[0] == []
        # One client forging the left part of the header is still one client.
        codes = [(await register(proxy, f"6.6.6.{i}, 198.51.100.77"))[0] for i in range(4)]
        assert codes == [[], [], [], ["RATE_LIMITED"]]


# -- writes per key ----------------------------------------------------------------------------

async def test_writes_are_limited_per_key(limited: Settings, local: LocalNeo4j,
                                          db: Database) -> None:
    async with running(limited, local) as app, over(app, unique_ipv6()) as http:
        _, key = await register(http)
        _, other_key = await register(http)
        assert key and other_key
        assert [await add_credential(http, key) for _ in range(3)] == [[], [], []]
        before = await node_count(db)
        assert await add_credential(http, key) == ["RATE_LIMITED"]
        assert await node_count(db) == before
        assert await add_credential(http, other_key) == []         # its own budget
        reads = await http.post("/graphql", headers={"authorization": f"Bearer {key}"},
                                json={"query": "{ me { id } }"})   # reads are not writes
        assert "errors" not in reads.json()


# -- Redis ---------------------------------------------------------------------------------------

def redis_answers(port: int) -> bool:
    # No retries: redis-py's default backs off for seconds on a closed port.
    client = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=0.5,
                         retry=Retry(NoBackoff(), 0))
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    proc = None
    if not redis_answers(REDIS_PORT):
        server = shutil.which("redis-server")
        assert server, "redis-server is needed (make test installs it)"
        proc = subprocess.Popen(  # noqa: S603 -- fixed argv
            [server, "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while not redis_answers(REDIS_PORT):
            assert proc.poll() is None and time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{REDIS_PORT}/0"
    if proc is not None:
        proc.terminate()
        proc.wait(timeout=20)


async def test_two_instances_share_one_budget_in_redis(limited: Settings, local: LocalNeo4j,
                                                       redis_url: str) -> None:
    shared = limited.model_copy(update={"rate_limit_storage_url": redis_url})
    client = unique_ipv6()
    async with running(shared, local) as app_a, running(shared, local) as app_b, \
            over(app_a, client) as a, over(app_b, client) as b:
        assert (await register(a))[0] == []
        _, key = await register(b)
        assert key
        assert (await register(a))[0] == []
        assert (await register(b))[0] == ["RATE_LIMITED"]
        assert (await register(a))[0] == ["RATE_LIMITED"]

        assert await add_credential(a, key) == []
        assert await add_credential(b, key) == []
        assert await add_credential(a, key) == []
        assert await add_credential(b, key) == ["RATE_LIMITED"]


async def test_redis_down_still_limits_and_never_fails(limited: Settings, local: LocalNeo4j
                                                       ) -> None:
    gone = limited.model_copy(update={
        "rate_limit_storage_url": f"redis://127.0.0.1:{free_port()}/0"})
    async with running(gone, local) as app, over(app, unique_ipv6()) as http:
        codes = [(await register(http))[0] for _ in range(4)]  # each asserts HTTP 200
        assert codes == [[], [], [], ["RATE_LIMITED"]]        # this process's own count


# -- uvicorn, as `lermap serve` runs it ---------------------------------------------------------

def test_served_api_ignores_forwarded_for_from_localhost(local: LocalNeo4j, db: Database,
                                                         tmp_path: Any) -> None:
    """The reported bypass: uvicorn believed X-Forwarded-For from 127.0.0.1 by default."""
    codes = []
    with served(local, tmp_path / "serve.log", REGISTER_RATE_LIMIT="2") as url, \
            httpx.Client(base_url=url, timeout=30) as http:
        for i in range(4):
            response = http.post("/graphql", headers={"x-forwarded-for": f"198.51.100.{i}"},
                                 json={"query": REGISTER, "variables": {"input": registration()}})
            payload = response.json()["data"]["registerStakeholder"]
            codes.append([e["code"] for e in payload["errors"]])
    assert codes == [[], [], ["RATE_LIMITED"], ["RATE_LIMITED"]]


async def test_a_rotated_key_brings_no_fresh_budget(limited: Settings, local: LocalNeo4j) -> None:
    """Writes are counted per stakeholder: rotating the key is a write, not a reset."""
    async with running(limited, local) as app, over(app, unique_ipv6()) as http:
        _, key = await register(http)
        assert key is not None and await add_credential(http, key) == []
        response = await http.post("/graphql", headers={"authorization": f"Bearer {key}"},
                                   json={"query": "mutation { rotateApiKey { apiKey } }"})
        rotated = response.json()["data"]["rotateApiKey"]["apiKey"]
        assert await add_credential(http, rotated) == []             # the third write of 3
        assert await add_credential(http, rotated) == ["RATE_LIMITED"]


# -- whole-graph exports ---------------------------------------------------------------------

async def test_graph_exports_are_limited_per_client(settings: Settings,
                                                    local: LocalNeo4j) -> None:
    """GET /ctdl/graph reads every record: EXPORT_RATE_LIMIT per client per window, then a
    429 problem with Retry-After; another client has its own budget."""
    two = settings.model_copy(update={"export_rate_limit": 2})
    async with running(two, local) as app, over(app, unique_ipv6()) as http:
        assert [(await http.get("/ctdl/graph")).status_code for _ in range(2)] == [200, 200]
        refused = await http.get("/ctdl/graph")
        assert refused.status_code == 429
        assert refused.headers["content-type"] == "application/problem+json"
        assert int(refused.headers["retry-after"]) == math.ceil(two.export_rate_window_s)
        assert "at most 2 exports" in refused.json()["detail"]
        async with over(app, unique_ipv6()) as other:
            assert (await other.get("/ctdl/graph")).status_code == 200


def export_scope(peer: str) -> dict[str, Any]:
    return {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "method": "GET", "scheme": "http", "path": "/ctdl/graph",
            "raw_path": b"/ctdl/graph", "query_string": b"", "root_path": "",
            "headers": [(b"host", b"test")], "client": (peer, 40_000),
            "server": ("test", 80)}


class HeldClient:
    """An ASGI client that stops reading after the first body chunk until `go` is set,
    or leaves (http.disconnect) when `leave` is set."""

    def __init__(self) -> None:
        self.reading, self.go, self.leave = asyncio.Event(), asyncio.Event(), asyncio.Event()
        self.status: int | None = None
        self.body = b""
        self.asked = False

    async def receive(self) -> dict[str, Any]:
        if not self.asked:
            self.asked = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await self.leave.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")
            if not self.reading.is_set():
                self.reading.set()
                await self.go.wait()


async def test_graph_exports_in_flight_are_bounded(settings: Settings,
                                                   local: LocalNeo4j) -> None:
    """MAX_EXPORTS_IN_FLIGHT streams at once: while one is held by a slow reader the next
    is a 503 with Retry-After; its place comes back when it ends, and when its client
    leaves mid-stream."""
    one = settings.model_copy(update={"max_exports_in_flight": 1})
    async with running(one, local) as app, over(app, unique_ipv6()) as http:
        slow = HeldClient()
        task = asyncio.create_task(app(export_scope(unique_ipv6()), slow.receive, slow.send))
        await asyncio.wait_for(slow.reading.wait(), 30)
        busy = await http.get("/ctdl/graph")
        assert busy.status_code == 503
        assert busy.headers["content-type"] == "application/problem+json"
        assert int(busy.headers["retry-after"]) > 0
        slow.go.set()
        await asyncio.wait_for(task, 60)
        assert slow.status == 200 and orjson.loads(slow.body)["@graph"]
        assert (await http.get("/ctdl/graph")).status_code == 200

        leaving = HeldClient()
        task = asyncio.create_task(app(export_scope(unique_ipv6()), leaving.receive,
                                       leaving.send))
        await asyncio.wait_for(leaving.reading.wait(), 30)
        assert (await http.get("/ctdl/graph")).status_code == 503
        leaving.leave.set()  # and never reads on
        await asyncio.wait_for(task, 60)
        assert (await http.get("/ctdl/graph")).status_code == 200


@pytest.mark.parametrize(("name", "value"), [("EXPORT_RATE_LIMIT", "0"),
                                             ("EXPORT_RATE_WINDOW_S", "0"),
                                             ("MAX_EXPORTS_IN_FLIGHT", "0")])
def test_export_limits_refuse_a_setting_that_would_close_the_export(
        monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=name.lower()):
        Settings()
