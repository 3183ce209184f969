"""GET /registry.json in the DCC `dcc-legacy` shape, read by the DCC's own client
(`@digitalcredentials/issuer-registry-client`, tests/interop/registry_client.mjs) from a
running `lermap serve`: it finds a verified issuer, not a pending or suspended one."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.db import Database
from graph.local_neo4j import LocalNeo4j
from graph.settings import PROJECT_ROOT
from tests.helpers import gql, register, served

SCRIPT = PROJECT_ROOT / "tests" / "interop" / "registry_client.mjs"
SET_VERIFICATION = """mutation($id: ID!, $s: VerificationStatus!) {
  setVerification(stakeholderId: $id, status: $s) { errors { message } } }"""


def run_client(url: str, dids: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["node", str(SCRIPT), url, *dids],  # noqa: S603, S607 (our own script, node from PATH)
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60,
                          check=False)


async def issuer(client: httpx.AsyncClient, admin_key: str, steps: tuple[str, ...]
                 ) -> tuple[dict[str, Any], str]:
    did = f"did:web:{uuid.uuid4().hex[:12]}.example.org"
    stakeholder, _ = await register(client, did=did, location="Oslo, Norway")
    for status in steps:
        body = await gql(client, SET_VERIFICATION, {"id": stakeholder["id"], "s": status},
                         key=admin_key)
        assert body["data"]["setVerification"]["errors"] == []
    return stakeholder, did


@pytest.fixture(scope="module")
async def three(client: httpx.AsyncClient, admin_key: str) -> dict[str, tuple[dict[str, Any], str]]:
    return {"verified": await issuer(client, admin_key, ("VERIFIED",)),
            "pending": await issuer(client, admin_key, ()),
            "suspended": await issuer(client, admin_key, ("VERIFIED", "SUSPENDED"))}


async def test_registry_json_shape_and_content(
        client: httpx.AsyncClient, data_dir: Path,
        three: dict[str, tuple[dict[str, Any], str]]) -> None:
    response = await client.get("/registry.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"meta", "registry"} and set(body["meta"]) == {"created", "updated"}
    dcc = json.loads((data_dir / "dcc-community-registry" / "registry.json").read_text())
    assert set(body["meta"]) == set(dcc["meta"])
    verified, did = three["verified"]
    assert body["registry"][did] == {"name": verified["name"], "url": verified["website"],
                                     "location": "Oslo, Norway"}
    assert three["pending"][1] not in body["registry"]
    assert three["suspended"][1] not in body["registry"]
    # Every DID of an imported issuer, not only its first (several DIDs, one organization).
    learncard = [d for d, e in dcc["registry"].items()
                 if e["name"] == "Learning Economy Foundation"]
    assert learncard and all(d in body["registry"] for d in learncard)
    for entry in body["registry"].values():
        assert set(entry) <= {"name", "url", "location"} and entry["name"]


async def test_registry_json_is_cacheable(client: httpx.AsyncClient) -> None:
    first = await client.get("/registry.json")
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public")
    assert first.headers["last-modified"].endswith("GMT")
    again = await client.get("/registry.json", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    stale = await client.get("/registry.json", headers={"If-None-Match": '"other"'})
    assert stale.status_code == 200 and stale.content == first.content


async def test_a_suspension_changes_the_etag(client: httpx.AsyncClient, admin_key: str) -> None:
    stakeholder, did = await issuer(client, admin_key, ("VERIFIED",))
    before = await client.get("/registry.json")
    assert did in before.json()["registry"]
    await gql(client, SET_VERIFICATION, {"id": stakeholder["id"], "s": "SUSPENDED"},
              key=admin_key)
    after = await client.get("/registry.json")
    assert did not in after.json()["registry"]
    assert after.headers["etag"] != before.headers["etag"]
    assert after.json()["meta"]["updated"] >= before.json()["meta"]["updated"]


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
async def test_the_dcc_client_finds_the_verified_issuer_only(
        local: LocalNeo4j, db: Database, tmp_path: Path,
        three: dict[str, tuple[dict[str, Any], str]]) -> None:
    dids = {name: did for name, (_, did) in three.items()}
    with served(local, tmp_path / "serve.log") as url:
        done = await asyncio.to_thread(run_client, f"{url}/registry.json", list(dids.values()))
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout.strip().splitlines()[-1])
    assert printed["loaded"] == [{"name": "LER Ecosystem Map", "url": f"{url}/registry.json",
                                  "loaded": True}]
    found = printed["found"]
    verified = three["verified"][0]
    assert found[dids["verified"]] == {
        "name": verified["name"], "url": verified["website"], "location": "Oslo, Norway",
        "inRegistries": ["LER Ecosystem Map"]}
    assert found[dids["pending"]] is None
    assert found[dids["suspended"]] is None
    assert printed["size"] > 1  # the imported DCC issuers are there too
