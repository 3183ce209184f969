"""Running as a service: Neo4j bookmarks for read-your-writes, several `lermap serve`
processes sharing one budget in a real Redis, several workers, and SIGTERM under load.

The served tests start `lermap serve` as an operator does (tests/helpers.py `served`), over
the test Neo4j; the Redis is the test one (`make redis`, LERMAP_TEST_REDIS_PORT), started
here when none answers (tests/test_ratelimit.py `redis_url`).
"""

from __future__ import annotations

import asyncio
import base64
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
import redis
from prometheus_client.parser import text_string_to_metric_families

from api.bookmarks import MAX_HEADER, decode, encode
from graph.db import Database
from graph.local_neo4j import LocalNeo4j
from graph.settings import PROJECT_ROOT
from tests.helpers import REGISTER, free_port, registration, served_process
from tests.test_ratelimit import redis_url  # noqa: F401 -- the fixture, shared

GROUPS = "query Groups { stakeholderGroups { name } }"

LOOKUP = "query Lookup($id: ID!) { stakeholder(id: $id) { id name } }"


def bookmark_of(body: dict[str, Any]) -> str:
    bookmark = body.get("extensions", {}).get("bookmark")
    assert isinstance(bookmark, str), body.get("extensions")
    return bookmark


# -- bookmarks, in process ----------------------------------------------------------------

async def test_a_write_returns_a_bookmark_that_a_read_accepts(client: httpx.AsyncClient
                                                              ) -> None:
    response = await client.post("/graphql", json={"query": REGISTER,
                                                   "variables": {"input": registration()}})
    body = response.json()
    stakeholder = body["data"]["registerStakeholder"]["stakeholder"]
    bookmark = bookmark_of(body)
    assert len(decode(bookmark).raw_values) >= 1            # Neo4j's own, wrapped
    assert decode(encode(decode(bookmark))).raw_values == decode(bookmark).raw_values

    read = await client.post("/graphql", headers={"X-Neo4j-Bookmark": bookmark},
                             json={"query": LOOKUP, "variables": {"id": stakeholder["id"]}})
    assert read.status_code == 200
    assert read.json()["data"]["stakeholder"] == {"id": stakeholder["id"],
                                                  "name": stakeholder["name"]}
    # A read writes nothing, so it hands no bookmark back.
    assert "bookmark" not in read.json().get("extensions", {})


@pytest.mark.parametrize(("header", "reason"), [
    ("not base64 !!", "not a value this API returned"),
    (base64.urlsafe_b64encode(b'{"a": 1}').decode(), "not a list of bookmarks"),
    (base64.urlsafe_b64encode(b"[]").decode(), "not a list of bookmarks"),
    (base64.urlsafe_b64encode(orjson.dumps(["x" * 300])).decode(), "not a list of bookmarks"),
    # Not Neo4j's shape: it would fail Neo4j's parser (a database error), not be unknown.
    (base64.urlsafe_b64encode(orjson.dumps(["x"])).decode(), "not a list of bookmarks"),
    (base64.urlsafe_b64encode(orjson.dumps(["FB:b"] * 17)).decode(), "more than 16 bookmarks"),
    ("A" * (MAX_HEADER + 1), f"longer than {MAX_HEADER}"),
])
async def test_a_bad_bookmark_header_is_refused_with_a_reason(
        client: httpx.AsyncClient, header: str, reason: str) -> None:
    response = await client.post("/graphql", headers={"X-Neo4j-Bookmark": header},
                                 json={"query": "{ __typename }"})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "BAD_REQUEST", "field": "X-Neo4j-Bookmark"}
    assert reason in error["message"] and "X-Neo4j-Bookmark" in error["message"]


async def test_a_bookmark_neo4j_does_not_know_is_refused_not_crashed(
        client: httpx.AsyncClient, admin_key: str) -> None:
    """Well formed, but no transaction of this database: Neo4j refuses it, and so do we
    (it reached Neo4j: the header is really used)."""
    forged = base64.urlsafe_b64encode(orjson.dumps(["FB:" + uuid.uuid4().hex])).decode()
    keyed = await client.post("/graphql", json={"query": "{ __typename }"}, headers={
        "X-Neo4j-Bookmark": forged, "Authorization": f"Bearer {admin_key}"})
    assert keyed.status_code == 400
    assert keyed.json()["errors"][0]["extensions"]["field"] == "X-Neo4j-Bookmark"
    anonymous = await client.post("/graphql", headers={"X-Neo4j-Bookmark": forged},
                                  json={"query": LOOKUP, "variables": {"id": "x"}})
    error = anonymous.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "X-Neo4j-Bookmark" in error["message"]


# -- served processes ---------------------------------------------------------------------

def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_workers_serve_count_together_and_drain(local: LocalNeo4j, db: Database,
                                                tmp_path: Path) -> None:
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    metrics_port = free_port()
    log = tmp_path / "serve.log"
    with served_process(local, log, "--workers", "2",
                        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
                        METRICS_PORT=str(metrics_port), SHUTDOWN_DRAIN_S="1.5",
                        WEBHOOKS_WORKER="true") as (url, proc):
        # Both workers are up: each wrote its histogram files (named by its pid) when its
        # webhook loop or a request first timed a query; the supervisor has none.
        deadline = time.monotonic() + 60
        while len(list(metrics_dir.glob("histogram_*.db"))) < 2:
            assert time.monotonic() < deadline, list(metrics_dir.iterdir())
            time.sleep(0.2)
        sent = 20
        for _ in range(sent):  # a new connection each: the workers share the socket
            with httpx.Client(base_url=url, timeout=30) as http:
                assert http.post("/graphql", json={"query": GROUPS}).status_code == 200
        scraped = samples(httpx.get(f"http://127.0.0.1:{metrics_port}/metrics",
                                    timeout=5).text)
        assert scraped[("lermap_requests_total", (("code", "OK"), ("operation", "Groups")))] \
            == sent
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        ready = httpx.get(f"{url}/readyz", timeout=5)
        assert ready.status_code == 503 and ready.json()["status"] == "draining"
        assert httpx.post(f"{url}/graphql", json={"query": GROUPS}, timeout=10
                          ).status_code == 200
        assert proc.wait(timeout=30) == 0
    text = log.read_text()
    assert text.count("draining for 1.5 s") == 2 and "Traceback" not in text


def test_workers_refuse_a_multiproc_dir_with_old_samples(tmp_path: Path) -> None:
    (tmp_path / "counter_123.db").write_bytes(b"old")
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "NEO4J_URI": "bolt://x:1",
           "NEO4J_PASSWORD": "x"}
    result = subprocess.run(
        [sys.executable, "-m", "api.cli", "serve", "--workers", "2"], env=env,
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0
    assert "holds samples of an earlier run" in result.stderr


def test_two_processes_share_the_limit_and_read_each_others_writes(
        local: LocalNeo4j, db: Database, redis_url: str, tmp_path: Path) -> None:  # noqa: F811
    # A Redis database of this test's own, emptied: counts of an earlier run within the
    # hour's window must not meet this one.
    shared = redis_url.rsplit("/", 1)[0] + "/7"
    redis.Redis.from_url(shared).flushdb()
    env = {"RATE_LIMIT_STORAGE_URL": shared, "REGISTER_RATE_LIMIT": "10"}
    with served_process(local, tmp_path / "a.log", **env) as (url_a, _), \
            served_process(local, tmp_path / "b.log", **env) as (url_b, _), \
            httpx.Client(base_url=url_a, timeout=30) as a, \
            httpx.Client(base_url=url_b, timeout=30) as b:

        def register(http: httpx.Client) -> dict[str, Any]:
            response = http.post("/graphql", json={"query": REGISTER,
                                                   "variables": {"input": registration()}})
            assert response.status_code == 200, response.text
            return dict(response.json())

        first = register(a)
        codes = [[e["code"] for e in first["data"]["registerStakeholder"]["errors"]]]
        codes += [[e["code"] for e in register(http)["data"]["registerStakeholder"]["errors"]]
                  for http in [b, a] * 4 + [b]]
        assert codes == [[]] * 10
        for http in (a, b):  # the 11th, whichever process gets it
            refused = register(http)["data"]["registerStakeholder"]
            assert [e["code"] for e in refused["errors"]] == ["RATE_LIMITED"]
            assert refused["stakeholder"] is None

        # Written through A; read through B, waiting for A's bookmark.
        made = first["data"]["registerStakeholder"]
        bookmark = bookmark_of(first)
        read = b.post("/graphql", headers={"X-Neo4j-Bookmark": bookmark},
                      json={"query": LOOKUP, "variables": {"id": made["stakeholder"]["id"]}})
        assert read.json()["data"]["stakeholder"]["name"] == made["stakeholder"]["name"]
        # The key A made works on B at once (its lookup waits for the bookmark too), and
        # B's write hands back a bookmark of its own.
        me = b.post("/graphql", headers={"X-Neo4j-Bookmark": bookmark,
                                         "Authorization": f"Bearer {made['apiKey']}"},
                    json={"query": "{ me { id } }"})
        assert me.json()["data"]["me"]["id"] == made["stakeholder"]["id"]


# -- SIGTERM under load -------------------------------------------------------------------

async def test_sigterm_under_load_fails_no_request_that_started(
        local: LocalNeo4j, db: Database, tmp_path: Path) -> None:
    """A served process under a steady stream of requests, then SIGTERM.

    What "no request that had started fails" means here, precisely: every request whose
    connection the server accepted gets a complete 200 response, whether it was sent
    before the signal, during the drain, or is still being received when the server stops
    listening; a connection attempted after that is refused at connect (ECONNREFUSED),
    which a balancer retries on another process. And the balancer is told first: /readyz
    answers 503 before the listener closes, and the load (a balancer's) stops sending when
    it sees that 503.
    """
    drain_s = 2.0
    log = tmp_path / "serve.log"
    body = orjson.dumps({"query": GROUPS})
    with served_process(local, log, SHUTDOWN_DRAIN_S=str(drain_s),
                        TIMEOUT_GRACEFUL_SHUTDOWN_S="10") as (url, proc):
        port = int(url.rsplit(":", 1)[1])
        out_of_rotation = asyncio.Event()   # the balancer saw /readyz answer 503
        closed = asyncio.Event()            # a new connection is refused
        readiness: list[tuple[float, int | str]] = []
        results: list[tuple[float, int | str]] = []  # (answered at, status or error)
        times: dict[str, float] = {}

        async def balancer() -> None:
            async with httpx.AsyncClient(base_url=url, timeout=5) as http:
                while not out_of_rotation.is_set():
                    status = (await http.get("/readyz")).status_code
                    readiness.append((time.monotonic(), status))
                    if status != 200:
                        out_of_rotation.set()
                    await asyncio.sleep(0.05)

        async def client() -> None:  # keep-alive, one request after another
            async with httpx.AsyncClient(base_url=url, timeout=30) as http:
                while not out_of_rotation.is_set():
                    try:
                        outcome: int | str = (await http.post(
                            "/graphql", json={"query": GROUPS})).status_code
                    except httpx.HTTPError as exc:
                        outcome = type(exc).__name__
                    results.append((time.monotonic(), outcome))

        async def watch_listener() -> None:
            await out_of_rotation.wait()
            while True:
                try:
                    _, writer = await asyncio.open_connection("127.0.0.1", port)
                    writer.close()
                except ConnectionRefusedError:
                    times["closed"] = time.monotonic()
                    closed.set()
                    return
                await asyncio.sleep(0.05)

        async def straddle() -> int:
            """A request accepted during the drain whose body is still arriving when the
            listener closes: the server must finish it."""
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"POST /graphql HTTP/1.1\r\nHost: test\r\nConnection: close\r\n"
                         b"Content-Type: application/json\r\n"
                         b"Content-Length: %d\r\n\r\n" % len(body) + body[:10])
            await writer.drain()
            await closed.wait()
            writer.write(body[10:])
            await writer.drain()
            answer = await reader.read()
            writer.close()
            return int(answer.split(b" ", 2)[1])

        tasks = [asyncio.create_task(balancer()), asyncio.create_task(watch_listener()),
                 *(asyncio.create_task(client()) for _ in range(6))]
        await asyncio.sleep(1.5)
        times["signal"] = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        await out_of_rotation.wait()
        straddlers = [asyncio.create_task(straddle()) for _ in range(3)]
        # A client that has not heard yet: still served while draining.
        async with httpx.AsyncClient(base_url=url, timeout=30) as late:
            late_status = (await late.post("/graphql", json={"query": GROUPS})).status_code
        statuses = await asyncio.wait_for(asyncio.gather(*straddlers), timeout=30)
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=30)
        code = await asyncio.to_thread(proc.wait, 30)

    # uvicorn re-raises the signal it caught once it has shut down cleanly.
    assert code == -signal.SIGTERM
    assert all(outcome == 200 for _, outcome in results), Counter(o for _, o in results)
    assert len(results) > 20
    assert late_status == 200                                   # served during the drain
    assert any(done > times["signal"] for done, _ in results)  # in flight at the signal
    assert statuses == [200, 200, 200]                         # in flight across the close
    first_503 = min(t for t, status in readiness if status == 503)
    assert all(status == 200 for t, status in readiness if t < times["signal"])
    assert times["signal"] < first_503 < times["closed"]
    assert times["closed"] - times["signal"] >= drain_s * 0.9  # the drain's length
    text = log.read_text()
    assert "Traceback" not in text
    lines = [orjson.loads(line) for line in text.splitlines() if line.startswith("{")]
    assert sum(1 for line in lines if line.get("logger") == "lermap.access"
               and line.get("status") == 200) == len(results) + 4
