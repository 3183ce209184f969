"""What tests share besides fixtures: a GraphQL call, registrations, a Database, a server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from graph.db import Database
from graph.local_neo4j import LocalNeo4j
from graph.settings import PROJECT_ROOT, Settings


def connect(settings: Settings, local: LocalNeo4j) -> Database:
    return Database.connect(local.uri, "neo4j", local.password(), settings.neo4j_database,
                            settings.request_timeout_s)


async def gql(client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None,
              *, key: str | None = None, expect_errors: bool = False) -> dict[str, Any]:
    """POST a GraphQL request; fails the test on top-level errors unless expected."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}},
                                 headers=headers)
    body: dict[str, Any] = response.json()
    if not expect_errors:
        assert "errors" not in body, body["errors"]
    return body


REGISTER = """mutation($input: RegisterStakeholderInput!) { registerStakeholder(input: $input) {
  apiKey stakeholder { id slug name verification groups website updatedAt }
  errors { code message field } } }"""


def registration(**overrides: Any) -> dict[str, Any]:
    """A valid registration input with a unique name and website."""
    tag = uuid.uuid4().hex[:10]
    return {"name": f"Test Org {tag}", "groups": ["EMPLOYERS"], "roles": ["VERIFIER"],
            "website": f"https://{tag}.test", "contactEmail": f"ops+{tag}@example.org",
            **overrides}


async def register(client: httpx.AsyncClient, **overrides: Any) -> tuple[dict[str, Any], str]:
    """Registers a stakeholder; returns (stakeholder, api key)."""
    body = await gql(client, REGISTER, {"input": registration(**overrides)})
    payload = body["data"]["registerStakeholder"]
    assert payload["errors"] == [], payload["errors"]
    return payload["stakeholder"], payload["apiKey"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(local: LocalNeo4j, log: Path, **env: str) -> Iterator[str]:
    """`lermap serve` over the test Neo4j on a free 127.0.0.1 port, as an operator runs it
    (uvicorn, its proxy-header settings); yields its base URL once /readyz says ready.
    `env`: more settings (`REGISTER_RATE_LIMIT="2"`...)."""
    with served_process(local, log, **env) as (url, _):
        yield url


@contextmanager
def served_process(local: LocalNeo4j, log: Path, *args: str, ready: str = "/readyz",
                   **env: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`served`, with the process (to signal it) and more command-line `args` (`--workers
    2`); yielded once `ready` answers 200 (`/healthz` for a server whose Neo4j is away).
    No metrics port and no drain on exit unless `env` asks: several servers run side by
    side, and each test ends them."""
    port = free_port()
    settings = {**os.environ, "NEO4J_URI": local.uri, "NEO4J_USER": "neo4j",
                "NEO4J_PASSWORD": local.password(), "HOST": "127.0.0.1", "PORT": str(port),
                "ENVIRONMENT": "production", "METRICS_PORT": "0", "SHUTDOWN_DRAIN_S": "0",
                "WEBHOOKS_WORKER": "false",  # a test that delivers webhooks turns it on
                **env}
    settings.pop("TRUSTED_PROXIES", None)
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        proc = subprocess.Popen(  # noqa: S603 -- our own command; args come from tests
            [sys.executable, "-m", "api.cli", "serve", "--no-migrate", *args], env=settings,
            cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90  # several workers start one after the other
        while True:
            try:
                if httpx.get(f"{url}{ready}", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"lermap serve did not become ready:\n"
                                     f"{log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
        proc.wait(timeout=60)


SET_VERIFICATION = """mutation($id: ID!, $s: VerificationStatus!) {
  setVerification(stakeholderId: $id, status: $s) { errors { code } } }"""


async def set_status(client: httpx.AsyncClient, admin_key: str, id_: str, status: str) -> None:
    """An admin sets a stakeholder's verification (SUSPENDED and REJECTED hide it)."""
    body = await gql(client, SET_VERIFICATION, {"id": id_, "s": status}, key=admin_key)
    assert body["data"]["setVerification"]["errors"] == []
