"""The API with the tools partners use: a real Apollo gateway and a real browser.

The API runs as `lermap serve` in its own process (as a user runs it), against
the test Neo4j; Node scripts drive @apollo/gateway and headless Chromium.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.db import Database
from graph.local_neo4j import LocalNeo4j
from graph.settings import PROJECT_ROOT

ARTIFACTS = PROJECT_ROOT / "test-artifacts"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def live_server(local: LocalNeo4j, db: Database) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "NEO4J_URI": local.uri, "NEO4J_USER": "neo4j",
           "NEO4J_PASSWORD": local.password(), "HOST": "127.0.0.1", "PORT": str(port),
           "ENVIRONMENT": "production", "REGISTER_RATE_LIMIT": "1000"}
    log = (ARTIFACTS / "live-server.log")
    ARTIFACTS.mkdir(exist_ok=True)
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--no-migrate"],
                                env=env, cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            else:
                pytest.fail(f"lermap serve did not become ready:\n{log.read_text()[-2000:]}")
            yield f"{url}/graphql"
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def node(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    assert (PROJECT_ROOT / "node_modules").is_dir(), "run `npm ci` (make test does it)"
    return subprocess.run(["node", str(PROJECT_ROOT / "tests" / script), *args],  # noqa: S603, S607 (our own script, node from PATH)
                          capture_output=True, text=True, timeout=180, cwd=PROJECT_ROOT,
                          check=False)


def test_federation_through_a_real_gateway(live_server: str) -> None:
    result = node("federation/gateway.mjs", live_server)
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"composed":true' in result.stdout


def test_graphiql_in_a_headless_browser(live_server: str) -> None:
    assert shutil.which("chromium") or Path("/usr/bin/chromium").exists(), \
        "Debian's chromium is needed (make test installs it)"
    screenshot = ARTIFACTS / "graphiql.png"
    result = node("browser/graphiql.mjs", live_server, str(screenshot))
    assert result.returncode == 0, result.stdout + result.stderr
    assert screenshot.stat().st_size > 10_000


def test_graphiql_page_uses_only_local_assets(live_server: str) -> None:
    page = httpx.get(live_server, headers={"Accept": "text/html"}).text
    assert "/static/vendor/graphiql/graphiql.min.js" in page
    assert "http://" not in page and "https://" not in page
    for path in ("/static/vendor/graphiql/graphiql.min.js",
                 "/static/vendor/react/react.production.min.js",
                 "/static/graphiql/app.js"):
        assert httpx.get(live_server.replace("/graphql", path)).status_code == 200
