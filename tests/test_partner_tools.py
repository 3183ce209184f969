"""The API with the tools partners use: a real Apollo gateway and a real browser.

The API runs as `lermap serve` in its own process (as a user runs it), against
the test Neo4j; Node scripts drive @apollo/gateway and headless Chromium.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.db import Database
from graph.local_neo4j import LocalNeo4j
from graph.settings import PROJECT_ROOT
from tests.helpers import served

ARTIFACTS = PROJECT_ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def live_server(local: LocalNeo4j, db: Database) -> Iterator[str]:
    ARTIFACTS.mkdir(exist_ok=True)
    with served(local, ARTIFACTS / "live-server.log", REGISTER_RATE_LIMIT="1000") as url:
        yield f"{url}/graphql"


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
