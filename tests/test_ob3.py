"""Open Badges 3.0 out (REST at the documents' ids, GraphQL fields) and in
(importAchievement), against the real app and Neo4j.

The exported documents are not checked by our own reading of the spec only: every one
of the demo seed is expanded by jsonld.js in safe mode, with the contexts of the npm
packages the field publishes and no network (tests/formats/jsonld_check.mjs)."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.db import Database
from graph.formats import ob3
from graph.seed import parse
from graph.settings import PROJECT_ROOT, Settings
from tests.helpers import gql, register, set_status

CHECKER = PROJECT_ROOT / "tests" / "formats" / "jsonld_check.mjs"
NODE = shutil.which("node")

IMPORT = """mutation($json: JSON!) { importAchievement(json: $json) {
  credential { id name type issuer { id } } errors { code message field } } }"""
ADD = """mutation($i: AddCredentialInput!) { addCredential(input: $i) {
  credential { id } errors { code message field } } }"""
READ = """query($id: ID!) { credential(id: $id) { id name type description url
  issuer { id } skills { id } standards { id } occupations { id } openBadgeAchievement } }"""
COUNT = """query($id: ID!) { stakeholder(id: $id) { credentials { totalCount } } }"""
STAKEHOLDERS = """query($after: String) { stakeholders(first: 100, after: $after) {
  edges { node { id openBadgeProfile } } pageInfo { hasNextPage endCursor } } }"""
CREDENTIALS = """query($after: String) { credentials(first: 100, after: $after) {
  edges { node { id openBadgeAchievement } } pageInfo { hasNextPage endCursor } } }"""


def jsonld_check(items: list[dict[str, Any]], tmp: Path) -> list[dict[str, Any]]:
    """One node process for all documents (starting node costs more than a document)."""
    assert NODE is not None, "node is needed for the JSON-LD check"
    path = tmp / "documents.json"
    path.write_text(json.dumps(items))
    done = subprocess.run(  # noqa: S603 (our own script, over a file we wrote)
        [NODE, str(CHECKER), str(path)], capture_output=True, text=True, timeout=120,
        cwd=PROJECT_ROOT, check=False)
    assert done.returncode == 0, done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    assert [r["name"] for r in results] == [i["name"] for i in items]
    return results


async def everything(client: httpx.AsyncClient, query: str, root: str, field: str
                     ) -> dict[str, Any]:
    """id -> the field, over every page of a root list, as an anonymous reader."""
    found: dict[str, Any] = {}
    after = None
    while True:
        page = (await gql(client, query, {"after": after}))["data"][root]
        found |= {e["node"]["id"]: e["node"][field] for e in page["edges"]}
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]



async def rest(client: httpx.AsyncClient, path: str, key: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return await client.get(path, headers=headers)


def path_of(url: str, settings: Settings) -> str:
    assert url.startswith(settings.public_base_url)
    return url[len(settings.public_base_url):]


async def credential_count(client: httpx.AsyncClient, stakeholder_id: str) -> int:
    body = await gql(client, COUNT, {"id": stakeholder_id})
    return int(body["data"]["stakeholder"]["credentials"]["totalCount"])


async def import_(client: httpx.AsyncClient, key: str, doc: Any) -> dict[str, Any]:
    body = await gql(client, IMPORT, {"json": doc}, key=key)
    payload: dict[str, Any] = body["data"]["importAchievement"]
    return payload


async def read(client: httpx.AsyncClient, credential_id: str) -> dict[str, Any]:
    found: dict[str, Any] = (await gql(client, READ, {"id": credential_id}))["data"]["credential"]
    return found


def facts(credential: dict[str, Any]) -> dict[str, Any]:
    """What an import must carry over."""
    return {"name": credential["name"], "type": credential["type"],
            "skills": sorted(s["id"] for s in credential["skills"]),
            "standards": sorted(s["id"] for s in credential["standards"]),
            "occupations": sorted(o["id"] for o in credential["occupations"])}


SEED = parse()
# A seed credential with skills, standards and occupations (CompTIA Security+).
SECURITY_PLUS = next(c for c in SEED["credentials"] if c["name"] == "CompTIA Security+")


# -- export --------------------------------------------------------------------------

@pytest.mark.skipif(NODE is None, reason="node is not installed")
async def test_every_seed_document_expands_in_safe_mode(
        client: httpx.AsyncClient, settings: Settings, tmp_path: Path) -> None:
    profiles = await everything(client, STAKEHOLDERS, "stakeholders", "openBadgeProfile")
    achievements = await everything(client, CREDENTIALS, "credentials", "openBadgeAchievement")
    items = []
    for kind, ids, by_graphql in (("profiles", [s["id"] for s in SEED["stakeholders"]], profiles),
                                  ("achievements", [c["id"] for c in SEED["credentials"]],
                                   achievements)):
        for id_ in ids:
            response = await rest(client, f"/ob3/{kind}/{id_}")
            assert response.status_code == 200, response.text
            assert response.headers["content-type"] == "application/ld+json"
            doc = response.json()
            assert by_graphql[id_] == doc  # the field and the URL serve one document
            assert path_of(doc["id"], settings) == f"/ob3/{kind}/{id_}"
            items += [{"name": f"GET /ob3/{kind}/{id_}", "doc": doc},
                      {"name": f"GraphQL {kind}/{id_}", "doc": by_graphql[id_]}]
    # The check can fail: a term no context defines is refused.
    bad = copy.deepcopy(items[-1]["doc"])
    bad["colour"] = "red"
    items.append({"name": "bad", "doc": bad})

    results = jsonld_check(items, tmp_path)

    assert len(results) == 2 * (len(SEED["stakeholders"]) + len(SEED["credentials"])) + 1
    assert [r for r in results[:-1] if not r["ok"]] == []
    assert not results[-1]["ok"] and "colour" in results[-1]["error"]


async def test_an_achievement_says_what_the_graph_says(
        client: httpx.AsyncClient, settings: Settings) -> None:
    credential = await read(client, SECURITY_PLUS["id"])
    doc = credential["openBadgeAchievement"]
    assert doc["@context"] == ob3.CONTEXT
    assert doc["type"] == ["Achievement"] and doc["achievementType"] == "Certification"
    assert doc["name"] == credential["name"]
    assert doc["description"] == credential["description"]
    assert doc["criteria"]["id"] == credential["url"]
    assert path_of(doc["creator"]["id"], settings) == f"/ob3/profiles/{credential['issuer']['id']}"
    by_type: dict[str, list[dict[str, Any]]] = {}
    for a in doc["alignment"]:
        by_type.setdefault(a["targetType"], []).append(a)
    skills = (await gql(client, """query($id: ID!) { credential(id: $id) {
        skills { uri } occupations { code } standards { url } } }""",
                        {"id": credential["id"]}))["data"]["credential"]
    assert sorted(a["targetUrl"] for a in by_type["ceasn:Competency"]) == \
        sorted(s["uri"] for s in skills["skills"])
    assert all(a["targetUrl"].startswith(ob3.ESCO_SKILL) for a in by_type["ceasn:Competency"])
    assert sorted(a["targetCode"] for a in by_type["ext:Occupation"]) == \
        sorted(o["code"] for o in skills["occupations"]) != []
    assert sorted(a["targetUrl"] for a in by_type["ext:Standard"]) == \
        sorted(s["url"] for s in skills["standards"]) != []


async def test_achievements_of_a_page_are_batched(client: httpx.AsyncClient) -> None:
    """The page, then one query each for issuers, skills, standards, occupations."""
    query = """query($n: Int) { credentials(first: $n) { edges { node {
      openBadgeAchievement } } } }"""
    trips = []
    for n in (2, 20):
        body = await gql(client, query, {"n": n})
        assert len(body["data"]["credentials"]["edges"]) == n
        trips.append(body["extensions"]["roundtrips"])
    assert trips == [5, 5]


async def test_unknown_and_hidden_records_are_not_found(
        client: httpx.AsyncClient, admin_key: str) -> None:
    for path in ("/ob3/profiles/nobody", "/ob3/achievements/nothing"):
        response = await rest(client, path)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["status"] == 404
    me, key = await register(client)
    added = (await gql(client, ADD, {"i": {"name": "Hidden Badge", "type": "BADGE"}},
                       key=key))["data"]["addCredential"]["credential"]
    await set_status(client, admin_key, me["id"], "SUSPENDED")
    for path in (f"/ob3/profiles/{me['id']}", f"/ob3/achievements/{added['id']}"):
        assert (await rest(client, path)).status_code == 404  # anonymous
        assert (await rest(client, path, key)).status_code == 200  # its owner sees it
        assert (await rest(client, path, admin_key)).status_code == 200


# -- import ---------------------------------------------------------------------------

async def test_an_exported_achievement_imported_by_another_key_is_the_same_credential(
        client: httpx.AsyncClient) -> None:
    original = await read(client, SECURITY_PLUS["id"])
    doc = (await rest(client, f"/ob3/achievements/{original['id']}")).json()
    b, key = await register(client)

    payload = await import_(client, key, doc)

    assert payload["errors"] == []
    copied = await read(client, payload["credential"]["id"])
    assert copied["id"] != original["id"] and copied["issuer"]["id"] == b["id"]
    assert facts(copied) == facts(original)
    assert facts(original)["occupations"] and facts(original)["skills"]
    assert copied["description"] == original["description"]
    assert copied["url"] == original["url"]


async def test_importing_again_updates_instead_of_duplicating(
        client: httpx.AsyncClient) -> None:
    a, a_key = await register(client)
    skills = [s["id"] for s in SEED["skills"][:2]]
    added = (await gql(client, ADD, {"i": {
        "name": "Teamwork Badge", "type": "BADGE", "skillIds": skills,
        "standardIds": ["std:vc"]}}, key=a_key))["data"]["addCredential"]["credential"]
    doc = (await read(client, added["id"]))["openBadgeAchievement"]
    b, b_key = await register(client)

    first = await import_(client, b_key, doc)
    doc["name"] = "Teamwork Badge, renamed"
    doc["alignment"] = doc["alignment"][:1]
    again = await import_(client, b_key, doc)

    assert first["errors"] == [] and again["errors"] == []
    assert again["credential"]["id"] == first["credential"]["id"]
    assert await credential_count(client, b["id"]) == 1
    updated = await read(client, first["credential"]["id"])
    assert updated["name"] == "Teamwork Badge, renamed"
    assert [s["id"] for s in updated["skills"]] == [skills[0]] and updated["standards"] == []
    # The issuer importing its own achievement (its own URL) updates that credential.
    mine = await import_(client, a_key, doc)
    assert mine["errors"] == [] and mine["credential"]["id"] == added["id"]
    assert await credential_count(client, a["id"]) == 1
    assert (await read(client, added["id"]))["name"] == "Teamwork Badge, renamed"
    # B's copy, exported and imported by B, is updated at its own URL and still knows
    # where it came from: A's achievement imported once more updates it again.
    own = updated["openBadgeAchievement"]
    own["name"] = "Teamwork Badge, B's name"
    assert (await import_(client, b_key, own))["credential"]["id"] == first["credential"]["id"]
    doc["name"] = "Teamwork Badge, A's name"
    third = await import_(client, b_key, doc)
    assert third["credential"]["id"] == first["credential"]["id"]
    assert (await read(client, first["credential"]["id"]))["name"] == "Teamwork Badge, A's name"
    assert await credential_count(client, b["id"]) == 1


async def test_a_wrapped_open_badge_credential_is_imported(client: httpx.AsyncClient) -> None:
    achievement = (await rest(client, f"/ob3/achievements/{SECURITY_PLUS['id']}")).json()
    del achievement["@context"]
    wrapped = {"@context": ob3.CONTEXT,
               "id": "urn:uuid:4b7a2c4e-7d0e-4b8a-9d51-2f0f6f1f7a10",
               "type": ["VerifiableCredential", "OpenBadgeCredential"],
               "issuer": achievement["creator"], "validFrom": "2026-01-01T00:00:00Z",
               "name": achievement["name"],
               "credentialSubject": {"id": "did:example:learner", "type": ["AchievementSubject"],
                                     "achievement": achievement}}
    _, key = await register(client)

    payload = await import_(client, key, wrapped)

    assert payload["errors"] == []
    assert facts(await read(client, payload["credential"]["id"])) == \
        facts(await read(client, SECURITY_PLUS["id"]))


def malformed(base: dict[str, Any]) -> list[tuple[str, Any, list[list[str]]]]:
    """(what, document, the error fields expected)"""
    wrong_type = {**base, "type": ["Profile"]}
    nameless = {k: v for k, v in base.items() if k != "name"}
    unknown = copy.deepcopy(base)
    unknown["alignment"][1]["targetUrl"] = \
        "http://data.europa.eu/esco/skill/00000000-0000-0000-0000-000000000000"
    several = copy.deepcopy(nameless)
    several["alignment"][0]["targetType"] = "ceterms:Credential"
    several["description"] = "x" * 4001  # addCredential's own limit, at the JSON path
    several["alignment"].append({"type": ["Alignment"], "targetType": "ext:Occupation",
                                 "targetCode": "99-9999", "targetName": "none",
                                 "targetUrl": "https://x.example"})
    last = str(len(several["alignment"]) - 1)
    return [("wrong type", wrong_type, [["json", "type"]]),
            ("missing name", nameless, [["json", "name"]]),
            ("unknown alignment target", unknown,
             [["json", "alignment", "1", "targetUrl"]]),
            ("several problems at once", several,
             [["json", "name"], ["json", "alignment", "0", "targetType"],
              ["json", "alignment", last, "targetCode"], ["json", "description"]])]


async def test_malformed_imports_are_refused_with_every_problem_and_nothing_written(
        client: httpx.AsyncClient) -> None:
    base = (await rest(client, f"/ob3/achievements/{SECURITY_PLUS['id']}")).json()
    me, key = await register(client)
    for what, doc, fields in malformed(base):
        payload = await import_(client, key, doc)
        assert payload["credential"] is None, what
        assert [e["field"] for e in payload["errors"]] == fields, (what, payload["errors"])
        assert {e["code"] for e in payload["errors"]} == {"INVALID"}, what
    unknown = (await import_(client, key, malformed(base)[2][1]))["errors"][0]["message"]
    assert unknown == "alignment[1].targetUrl: not a known ESCO skill"
    long = (await import_(client, key, malformed(base)[3][1]))["errors"][-1]["message"]
    assert long == "description: must be 0 to 4000 characters"
    bad_url = {**base, "criteria": {"id": "javascript:alert(1)"}}
    refused = (await import_(client, key, bad_url))["errors"]
    assert [e["field"] for e in refused] == [["json", "criteria", "id"]], refused
    assert await credential_count(client, me["id"]) == 0


async def test_a_10_mb_document_is_refused_before_graphql(
        client: httpx.AsyncClient, db: Database) -> None:
    doc = (await rest(client, f"/ob3/achievements/{SECURITY_PLUS['id']}")).json()
    doc["description"] = "x" * (10 * 1024 * 1024)
    me, key = await register(client)

    response = await client.post("/graphql", json={"query": IMPORT, "variables": {"json": doc}},
                                 headers={"Authorization": f"Bearer {key}"})

    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"
    assert await credential_count(client, me["id"]) == 0


async def test_an_import_needs_a_stakeholder_key(client: httpx.AsyncClient,
                                                admin_key: str) -> None:
    doc = (await rest(client, f"/ob3/achievements/{SECURITY_PLUS['id']}")).json()
    anonymous = (await gql(client, IMPORT, {"json": doc}))["data"]["importAchievement"]
    assert [e["code"] for e in anonymous["errors"]] == ["UNAUTHENTICATED"]
    admin = await import_(client, admin_key, doc)
    assert [e["code"] for e in admin["errors"]] == ["FORBIDDEN"]
