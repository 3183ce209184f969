"""The map page at `/`: served by `lermap serve`, a client of the public GraphQL API,
every asset from this host, driven in headless Chromium over the test Neo4j."""

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
from tests.helpers import free_port, gql, served, served_process

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
MAP_FILES = tuple(f"/static/map/{name}.js" for name in ("core", "hub", "panel", "list",
                                                          "network", "search", "layout-worker",
                                                          "app"))
VENDOR = ("graphology/graphology.umd.min.js", "sigma/sigma.min.js",
          "graphology-layout-forceatlas2/iterate.js")


@pytest.fixture(scope="module")
def site(local: LocalNeo4j, db: Database) -> Iterator[str]:
    ARTIFACTS.mkdir(exist_ok=True)
    with served(local, ARTIFACTS / "map-server.log") as url:
        yield url


@pytest.fixture(scope="module")
def site_without_neo4j(local: LocalNeo4j) -> Iterator[str]:
    """`lermap serve` whose Neo4j URI is a closed port of this host: the app starts (the
    driver connects lazily), /healthz answers, every query fails as with Neo4j down."""
    ARTIFACTS.mkdir(exist_ok=True)
    with served_process(local, ARTIFACTS / "map-server-down.log", ready="/healthz",
                        NEO4J_URI=f"bolt://127.0.0.1:{free_port()}") as (url, _):
        yield url


async def test_map_nodes_carry_what_the_filters_need(client: httpx.AsyncClient) -> None:
    """The network view filters by role, stage and standard from `ecosystemMap` alone:
    each stakeholder node has the stakeholder's roles, stages and standards."""
    body = await gql(client, "{ ecosystemMap { nodes { id kind roles stages standardIds } } "
                             "stakeholders(first: 100) { edges { node { id roles stages "
                             "standards { id } } } } }")
    nodes = {n["id"]: n for n in body["data"]["ecosystemMap"]["nodes"]}
    stakeholders = [e["node"] for e in body["data"]["stakeholders"]["edges"]]
    assert any(s["standards"] for s in stakeholders) and any(s["roles"] for s in stakeholders)
    for s in stakeholders:
        node = nodes[s["id"]]
        assert node["kind"] == "STAKEHOLDER"
        assert sorted(node["roles"]) == sorted(s["roles"]), s
        assert sorted(node["stages"]) == sorted(s["stages"]), s
        assert sorted(node["standardIds"]) == sorted(t["id"] for t in s["standards"]), s
    groups = [n for n in nodes.values() if n["kind"] == "GROUP"]
    assert len(groups) == 10
    assert all(not (n["roles"] or n["stages"] or n["standardIds"]) for n in groups)


def test_the_page_and_its_headers(site: str) -> None:
    response = httpx.get(f"{site}/")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    page = response.text
    assert "<script>" not in page and "http://" not in page and "https://" not in page
    assert "worker-src 'self'" in csp
    for path in (*MAP_FILES, "/static/map/map.css", *(f"/static/vendor/{v}" for v in VENDOR)):
        assert httpx.get(f"{site}{path}").status_code == 200, path
        assert f'src="{path}"' in page or path.endswith(("css", "worker.js", "iterate.js"))
    # Only the files the page loads come from node_modules, not the package folders.
    for path in ("/static/vendor/sigma/package.json", "/static/vendor/sigma/sigma.esm.js",
                 "/static/vendor/graphology/graphology.umd.min.js.map"):
        assert httpx.get(f"{site}{path}").status_code == 404, path
    # GraphiQL stays at /graphql.
    assert "graphiql" in httpx.get(f"{site}/graphql", headers={"Accept": "text/html"}).text


def test_the_page_in_a_headless_browser(site: str, site_without_neo4j: str) -> None:
    """tests/browser/map.mjs: the hub's groups and stage actions, an organization's panel
    (its suggested partners are the API's), the list view and its pages, the network view
    (every organization of ecosystemMap drawn, a filter, a misspelled search that flies
    to the organization and opens its panel); with Neo4j unreachable, the API's error as
    a message on the hub and the network view; no console
    errors, no request to another host, no serious or critical axe-core violation;
    screenshots of the views."""
    assert shutil.which("chromium") or Path("/usr/bin/chromium").exists()
    assert (PROJECT_ROOT / "node_modules").is_dir(), "run `npm ci` (make test does it)"
    shots = [ARTIFACTS / f"map-{view}.png" for view in ("hub", "panel", "list", "network", "down")]
    for shot in shots:
        shot.unlink(missing_ok=True)
    result = subprocess.run(  # noqa: S603 (our own script)
        ["node", str(PROJECT_ROOT / "tests" / "browser" / "map.mjs"),  # noqa: S607 (node from PATH)
         f"{site}/", str(ARTIFACTS), f"{site_without_neo4j}/"],
        capture_output=True, text=True, timeout=240, cwd=PROJECT_ROOT, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    for shot in shots:
        assert shot.stat().st_size > 10_000, shot


@pytest.mark.parametrize("path", ["/ob3/profiles/x", "/ob3/achievements/x", "/ctdl/graph",
                                  f"/ctdl/ce-{'0' * 8}-0000-4000-8000-{'0' * 12}",
                                  "/registry.json", "/changes"])
def test_documents_with_neo4j_away_are_503_not_500(site_without_neo4j: str, path: str) -> None:
    """The REST routes beside the page, on the same server without Neo4j: 503 with
    Retry-After, never a 500 (the route's own answer, or the app's handler)."""
    response = httpx.get(site_without_neo4j + path, timeout=30)
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"]
