"""Webhooks per Standard Webhooks, end to end: a real receiver (an HTTP server in this
test) verifies every delivery with the `standardwebhooks` library and dedupes by
`webhook-id`; it gets every change exactly once across its own 500s, its absence, and
`lermap serve` killed (SIGKILL) and started again mid-load. Forged and replayed
deliveries fail its verification. Plus the endpoint management and its errors."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from graph.db import Database
from graph.local_neo4j import LocalNeo4j
from graph.webhook_worker import Worker, WorkerConfig, backoff_s, retry_after_s
from tests.helpers import free_port, gql, register, served_process

CREATE = """mutation($url: String!, $types: [ChangeType!]) {
  createWebhook(url: $url, types: $types) {
    webhook { id url types status } secret errors { code message field } } }"""
ADD = """mutation($name: String!) { addCredential(input: {name: $name, type: BADGE}) {
  credential { id } errors { message } } }"""
SERVE_ENV = {"WEBHOOKS_ALLOW_PRIVATE": "true", "WEBHOOKS_WORKER": "true", "WEBHOOK_POLL_S": "0.2",
             "WEBHOOK_RETRY_BASE_S": "0.2", "WEBHOOK_RETRY_MAX_S": "1",
             "WEBHOOK_TIMEOUT_S": "2", "WEBHOOK_LEASE_S": "4", "WEBHOOK_MAX_FAILURES": "1000",
             "WRITE_RATE_LIMIT": "100000", "REGISTER_RATE_LIMIT": "1000"}


@pytest.fixture(autouse=True)
async def only_this_tests_endpoints(db: Database) -> None:
    """Endpoints other tests left (the authorization matrix makes dozens, on addresses
    nobody listens at) would share the workers with this test's own."""
    await db.driver.execute_query("MATCH (n) WHERE n:Webhook OR n:Delivery DETACH DELETE n")


class Receiver:
    """A webhook endpoint on 127.0.0.1 that verifies with the standardwebhooks library."""

    def __init__(self) -> None:
        self.port = free_port()
        self.secret = ""
        self.failing = False
        self.status = 500  # what it answers while failing
        self.received: list[tuple[str, dict[str, Any]]] = []  # (webhook-id, payload)
        self.rejected = 0
        self.server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # http.server's name
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                if receiver.failing:
                    self.send_response(receiver.status)
                    self.end_headers()
                    return
                try:
                    payload = Webhook(receiver.secret).verify(body, dict(self.headers))
                except WebhookVerificationError:
                    receiver.rejected += 1
                    self.send_response(401)
                    self.end_headers()
                    return
                receiver.received.append((self.headers["webhook-id"], payload))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.allow_reuse_address = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def unique(self) -> dict[str, dict[str, Any]]:
        return dict(self.received)


async def wait_for(check: Any, within_s: float = 60) -> None:
    deadline = time.monotonic() + within_s
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.2)


async def test_every_change_arrives_once_after_dedupe_across_500s_outage_and_restart(
        local: LocalNeo4j, tmp_path: Path) -> None:
    receiver = Receiver()
    receiver.start()
    acked: list[str] = []

    async def load(http: httpx.AsyncClient, key: str, n: int) -> None:
        for i in range(n):
            try:
                body = await gql(http, ADD, {"name": f"hook {i}"}, key=key, expect_errors=True)
            except httpx.TransportError:
                continue  # not acknowledged (the server was killed under it)
            made = ((body.get("data") or {}).get("addCredential") or {}).get("credential")
            if made:
                acked.append(made["id"])

    try:
        with served_process(local, tmp_path / "a.log", **SERVE_ENV) as (url, proc):
            async with httpx.AsyncClient(base_url=url, timeout=30) as http:
                _, key = await register(http)
                body = await gql(http, CREATE, {"url": f"http://127.0.0.1:{receiver.port}/in",
                                                "types": ["CREDENTIAL_ADDED"]}, key=key)
                made = body["data"]["createWebhook"]
                assert made["errors"] == [] and made["secret"].startswith("whsec_")
                receiver.secret = made["secret"]
                await load(http, key, 5)
                await wait_for(lambda: len(receiver.unique()) >= 5)
                receiver.failing = True  # 500s for a while
                await load(http, key, 5)
                await asyncio.sleep(1.5)
                receiver.failing = False
                receiver.stop()  # then down
                await load(http, key, 5)
                await asyncio.sleep(1.5)
                receiver.start()
                # Killed mid-load: no drain, no lifespan end, deliveries in flight.
                writer = asyncio.create_task(load(http, key, 20))
                await asyncio.sleep(0.5)
                proc.kill()
                await writer
        with served_process(local, tmp_path / "b.log", **SERVE_ENV) as (url, _):
            async with httpx.AsyncClient(base_url=url, timeout=30) as http:
                await load(http, key, 5)
                await wait_for(lambda: set(acked) <= {p["data"]["id"] for p in
                                                      receiver.unique().values()}, 90)
                deliveries = await gql(http, """query($id: ID!) { deliveries(webhookId: $id,
                    first: 100) { id status attempts lastHttpStatus } }""",
                                       {"id": made["webhook"]["id"]}, key=key)
    finally:
        receiver.stop()

    unique = receiver.unique()
    ids = [p["data"]["id"] for p in unique.values()]
    assert sorted(ids) == sorted(set(ids)), "one webhook-id per change"
    # Every acknowledged write, once; unacknowledged ones (killed mid-request) at most once.
    assert set(acked) <= set(ids)
    assert all(p["type"] == "CREDENTIAL_ADDED" and isinstance(p["data"]["sequence"], int)
               for p in unique.values())
    assert len(receiver.received) >= len(unique)  # at least once: duplicates are allowed
    assert receiver.rejected == 0
    rows = deliveries["data"]["deliveries"]
    assert any(r["attempts"] > 1 for r in rows), "the 500s and the outage were retried"
    print(f"\n{len(acked)} acknowledged writes, {len(receiver.received)} deliveries, "
          f"{len(unique)} unique")


def test_forged_and_replayed_deliveries_fail_the_receivers_verification() -> None:
    secret = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    hook = Webhook(secret)
    body = '{"type":"CREDENTIAL_ADDED","timestamp":"x","data":{"id":"c","sequence":1}}'
    now = datetime.now(UTC)
    headers = {"webhook-id": "msg_1", "webhook-timestamp": str(int(now.timestamp())),
               "webhook-signature": hook.sign("msg_1", now, body)}
    assert hook.verify(body, headers)["data"]["sequence"] == 1
    with pytest.raises(WebhookVerificationError):  # forged: the body changed
        hook.verify(body.replace('"sequence":1', '"sequence":2'), headers)
    with pytest.raises(WebhookVerificationError):  # forged: another secret signed it
        Webhook("whsec_" + "AAAA" * 8).verify(body, headers)
    old = now - timedelta(minutes=10)
    replayed = {"webhook-id": "msg_1", "webhook-timestamp": str(int(old.timestamp())),
                "webhook-signature": hook.sign("msg_1", old, body)}
    with pytest.raises(WebhookVerificationError):  # replayed: signed ten minutes ago
        hook.verify(body, replayed)


async def test_webhook_management_and_its_errors(client: httpx.AsyncClient) -> None:
    _, key = await register(client)
    _, other_key = await register(client)
    body = await gql(client, CREATE, {"url": "ftp://example.org/x"}, key=key)
    (error,) = body["data"]["createWebhook"]["errors"]
    assert error["field"] == ["url"]
    body = await gql(client, CREATE, {"url": "https://127.0.0.1/x"}, key=key)
    assert body["data"]["createWebhook"]["errors"] == []  # the test settings allow loopback
    hook = body["data"]["createWebhook"]["webhook"]
    assert hook["status"] == "ACTIVE" and hook["types"] is None
    rotated = await gql(client, """mutation($id: ID!) { rotateWebhookSecret(id: $id) {
        secret errors { code } } }""", {"id": hook["id"]}, key=key)
    assert rotated["data"]["rotateWebhookSecret"]["secret"].startswith("whsec_")
    paused = await gql(client, """mutation($id: ID!) { pauseWebhook(id: $id) {
        webhook { status } } }""", {"id": hook["id"]}, key=key)
    assert paused["data"]["pauseWebhook"]["webhook"]["status"] == "PAUSED"
    listed = await gql(client, "{ webhooks { id status } }", key=key)
    assert listed["data"]["webhooks"] == [{"id": hook["id"], "status": "PAUSED"}]
    assert (await gql(client, "{ webhooks { id } }", key=other_key))["data"]["webhooks"] == []
    theirs = await gql(client, """mutation($id: ID!) { deleteWebhook(id: $id) {
        deletedId errors { code field } } }""", {"id": hook["id"]}, key=other_key)
    assert theirs["data"]["deleteWebhook"]["errors"] == [{"code": "NOT_FOUND", "field": ["id"]}]
    mine = await gql(client, """mutation($id: ID!) { deleteWebhook(id: $id) {
        deletedId errors { code } } }""", {"id": hook["id"]}, key=key)
    assert mine["data"]["deleteWebhook"]["deletedId"] == hook["id"]
    assert (await gql(client, "{ webhooks { id } }", key=key))["data"]["webhooks"] == []
    anonymous = await gql(client, "{ webhooks { id } }", expect_errors=True)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_several_workers_never_send_the_same_attempt_twice(
        client: httpx.AsyncClient, db: Database) -> None:
    """Two workers race for one endpoint's deliveries; the
    receiver never fails, so any repeat would be a second send of one attempt."""
    receiver = Receiver()
    receiver.start()
    try:
        _, key = await register(client)
        body = await gql(client, CREATE, {"url": f"http://127.0.0.1:{receiver.port}/in",
                                          "types": ["CREDENTIAL_ADDED"]}, key=key)
        receiver.secret = body["data"]["createWebhook"]["secret"]
        for i in range(30):
            await gql(client, ADD, {"name": f"race {i}"}, key=key)
        config = WorkerConfig(allow_private=True, poll_s=0.05, timeout_s=5, lease_s=10)
        stop = asyncio.Event()
        workers = [asyncio.create_task(Worker(db, config).run(stop)) for _ in range(2)]
        await wait_for(lambda: len(receiver.unique()) >= 30, 60)
        await asyncio.sleep(1)
        stop.set()
        await asyncio.gather(*workers)
    finally:
        receiver.stop()
    assert len(receiver.unique()) == 30
    assert len(receiver.received) == 30, "no delivery was sent twice"


async def test_http_410_disables_the_endpoint_and_retry_after_is_honoured(
        client: httpx.AsyncClient, db: Database) -> None:
    assert retry_after_s("7", WorkerConfig()) == 7
    assert retry_after_s("99999", WorkerConfig(retry_max_s=60)) == 60
    later = datetime.now(UTC) + timedelta(seconds=30)
    assert 25 < (retry_after_s(later.strftime("%a, %d %b %Y %H:%M:%S GMT"), WorkerConfig())
                 or 0) <= 30
    assert backoff_s(1, WorkerConfig(retry_base_s=5)) == 5
    assert backoff_s(4, WorkerConfig(retry_base_s=5)) == 40

    gone = Receiver()
    gone.start()
    gone.failing = True  # every delivery answered 410 Gone
    gone.status = 410
    try:
        _, key = await register(client)
        body = await gql(client, CREATE, {"url": f"http://127.0.0.1:{gone.port}/in"}, key=key)
        assert body["data"]["createWebhook"]["errors"] == []
        # A change for it: its owner's own (private) key change.
        rotated = await gql(client, "mutation { rotateApiKey { apiKey } }", key=key)
        key = rotated["data"]["rotateApiKey"]["apiKey"]
        stop = asyncio.Event()
        worker = asyncio.create_task(Worker(db, WorkerConfig(allow_private=True,
                                                             poll_s=0.05)).run(stop))

        async def status() -> str:
            listed = await gql(client, "{ webhooks { id status } }", key=key)
            return str(listed["data"]["webhooks"][0]["status"])

        for _ in range(200):
            if await status() == "DISABLED":
                break
            await asyncio.sleep(0.1)
        stop.set()
        await worker
        assert await status() == "DISABLED"
    finally:
        gone.stop()


def _sample(name: str, **labels: str) -> float:
    from prometheus_client import REGISTRY
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_attempts_and_feed_lag_are_metrics(client: httpx.AsyncClient, db: Database,
                                                 admin_key: str) -> None:
    """lermap_webhook_attempts_total counts each attempt by outcome (a refused address is
    its own outcome), and lermap_webhook_feed_lag_changes is what the furthest-behind
    endpoint has not had queued: an endpoint 100+ changes behind is still behind after
    one round (a round queues a page), by exactly head - its cursor."""
    ok = Receiver()
    ok.start()
    try:
        _, key = await register(client)
        made = await gql(client, CREATE, {"url": f"http://127.0.0.1:{ok.port}/in"}, key=key)
        ok.secret = made["data"]["createWebhook"]["secret"]
        await gql(client, ADD, {"name": "Metrics badge"}, key=key)
        before = {o: _sample("lermap_webhook_attempts_total", outcome=o)
                  for o in ("delivered", "failed", "refused")}
        # The worker refuses private addresses unless allowed: the same endpoint, refused.
        refusing = Worker(db, WorkerConfig(allow_private=False, poll_s=0.05))
        async with httpx.AsyncClient() as http:
            attempts = await refusing.round(http)
        assert attempts >= 1
        assert _sample("lermap_webhook_attempts_total", outcome="refused") == \
            before["refused"] + attempts
        await db.driver.execute_query(  # due again at once
            "MATCH (d:Delivery) SET d.nextAt = datetime() - duration('PT1S')")
        stop = asyncio.Event()
        worker = asyncio.create_task(Worker(db, WorkerConfig(allow_private=True,
                                                             poll_s=0.05)).run(stop))
        await wait_for(lambda: len(ok.unique()) >= 1, within_s=30)
        stop.set()
        await worker
        assert _sample("lermap_webhook_attempts_total", outcome="delivered") >= \
            before["delivered"] + 1
        assert _sample("lermap_webhook_attempt_seconds_count") >= 2

        # An administrator's endpoint sees every change: a page (100) and more of them,
        # its cursor put before them (a backlog), one round's queueing, and compare.
        await asyncio.gather(*(gql(client, ADD, {"name": f"Backlog {i}"}, key=key)
                               for i in range(105)))
        admin = await gql(client, CREATE, {"url": f"http://127.0.0.1:{ok.port}/all"},
                          key=admin_key)
        hook_id = admin["data"]["createWebhook"]["webhook"]["id"]
        await db.driver.execute_query(
            "MATCH (w:Webhook {id: $id}) SET w.after = w.after - 105", id=hook_id)
        await Worker(db, WorkerConfig(allow_private=True)).enqueue()
        rows = (await db.driver.execute_query(
            "MATCH (w:Webhook {id: $id}) MATCH (k:ChangeCounter {id: 'feed'}) "
            "RETURN w.after AS after, k.value AS head", id=hook_id)).records
        behind = rows[0]["head"] - rows[0]["after"]
        assert behind > 0
        assert _sample("lermap_webhook_feed_lag_changes") == behind
    finally:
        ok.stop()
