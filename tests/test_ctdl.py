"""CTDL export (GET /ctdl/{ctid}, GET /ctdl/graph) and the CTIDs behind it.

The documents are checked against sources that are not our own reading of CTDL:

- Credential Engine's published CTDL schema and JSON-LD context, as the PyPI package
  `ctdl-validate` 0.2.1 ships them (`ctdl_validate/vendor/ctdl/`, its SOURCES.md: taken
  from credreg.net on 2026-08-06, CC BY 4.0 Credential Engine): every term is defined in
  the context, every class exists, every property is in its class's domain
  (`meta:domainFor`), every concept is in the schema.
- That package's own validator (`validate_document`: CTID grammar, identifier kinds,
  domain and range of each property, references, inverses; not the registry's required
  properties) over every exported document.
- The Credential Registry's required properties per class (REGISTRY_REQUIRED below),
  taken from Credential Engine's "Credential Engine Registry Profile of CTDL", the
  constraints behind its Minimum Data Policy:
  * CredentialOrganization: the profile's class download
    https://credreg.net/ctdl/mapping?download=ceterms%3ACredentialOrganization&format=json&profileID=registry
    (CTDL release 20240830 of 2024-08-30) lists as required agentSectorType, agentType,
    ctid, description, name, subjectWebpage, address, email; the Registry Assistant's
    input class (github.com/CredentialEngine/Registry_Assistant,
    src/RA.Models/Input/OrganizationRequest.cs, commit d85a120 of 2026-03-06) says the
    last two are "at least one of email or address", and that a description has at
    least 15 characters.
  * Credentials: the same repository's src/RA.Models/Input/CredentialRequest.cs
    (commit d85a120, 2026-03-06), "Required Properties": the credential type (the
    top-level types Credential and Degree "may not be published", only their
    subclasses), name, description (15 characters at least), ownedBy (the registry's
    minimum data policy accepts ownedBy or offeredBy), credentialStatusType, ctid,
    subjectWebpage, inLanguage.
- The CTID grammar: "ce-" and a UUID, lower case (https://credreg.net/ctdl/ctid).

Demo records lack some of what the registry requires (we hold no sector, no public
email or address, no language of a credential): the export leaves them out and says so
in the `ctdl-registry-missing` header; test_seed_documents checks that header against
this file's own table, so a record the registry would refuse is never presented as
publishable.

`make install` downloads the package's wheel from PyPI into .cache/pypi/ (it declares
Python 3.12, so it is not installed into our 3.11 virtualenv; its code runs on 3.11 and
has no dependencies): the tests read the schema from the wheel and import the validator
from it, after checking the wheel's SHA-256.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
import uuid
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from api.rest import ctdl as rest_ctdl
from graph import ctdl as ctdl_reads
from graph import cypher
from graph.db import Database
from graph.formats import ctdl
from graph.migrations import MIGRATIONS_DIR, migrate
from graph.models import CtdlCredentialModel, OccupationModel, SkillModel, StakeholderModel
from graph.policy import EVERYTHING
from graph.seed import parse, seed_demo
from graph.settings import PROJECT_ROOT, Settings
from tests.helpers import gql, register
from tests.test_explain import operators

WHEEL = PROJECT_ROOT / ".cache" / "pypi" / "ctdl_validate-0.2.1-py3-none-any.whl"
WHEEL_SHA256 = "d97790f3543cc444c10de0892df6fe464b4b89b2f7fb5a4d8419ad3385f52a37"
CTID = re.compile(r"^ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
CONTEXT_URL = "https://credreg.net/ctdl/schema/context/json"
ORGANIZATION_CLASSES = {"ceterms:CredentialOrganization", "ceterms:Organization"}
# The registry profile's required properties (sources in the module docstring).
# A tuple: any one of its properties will do.
REGISTRY_REQUIRED: dict[str, list[tuple[str, ...]]] = {
    "organization": [("ceterms:agentSectorType",), ("ceterms:agentType",), ("ceterms:ctid",),
                     ("ceterms:description",), ("ceterms:name",), ("ceterms:subjectWebpage",),
                     ("ceterms:address", "ceterms:email")],
    "credential": [("ceterms:ctid",), ("ceterms:name",), ("ceterms:description",),
                   ("ceterms:ownedBy", "ceterms:offeredBy"), ("ceterms:credentialStatusType",),
                   ("ceterms:subjectWebpage",), ("ceterms:inLanguage",)],
}
NOT_PUBLISHABLE_CLASSES = {"ceterms:Credential", "ceterms:Degree"}
MIN_DESCRIPTION = 15

CTID_Q = """query($id: ID!) { stakeholder(id: $id) { ctid } }"""
ADD = """mutation($i: AddCredentialInput!) { addCredential(input: $i) {
  credential { id ctid } errors { code field message } } }"""
UPDATE = """mutation($i: UpdateCredentialInput!) { updateCredential(input: $i) {
  credential { id ctid name } errors { code field } } }"""
VERIFY = """mutation($id: ID!, $s: VerificationStatus!) { setVerification(stakeholderId: $id,
  status: $s) { errors { message } } }"""


# -- the independent check -------------------------------------------------------

@cache
def wheel() -> zipfile.ZipFile:
    assert WHEEL.is_file(), f"{WHEEL} is missing: `make install` downloads it"
    digest = hashlib.sha256(WHEEL.read_bytes()).hexdigest()
    assert digest == WHEEL_SHA256, f"{WHEEL.name}: SHA-256 {digest}, not the pinned one"
    return zipfile.ZipFile(WHEEL)


@cache
def schema() -> dict[str, dict[str, Any]]:
    graph = orjson.loads(wheel().read("ctdl_validate/vendor/ctdl/schema.json"))["@graph"]
    return {term["@id"]: term for term in graph}


@cache
def context() -> dict[str, Any]:
    return dict(orjson.loads(wheel().read("ctdl_validate/vendor/ctdl/context.json"))["@context"])


def third_party_findings(doc: dict[str, Any]) -> list[str]:
    """ctdl-validate's findings of ERROR severity, as `code prop: message`."""
    wheel()  # checked before its code runs
    if str(WHEEL) not in sys.path:
        sys.path.append(str(WHEEL))
    # Imported here: the wheel joins sys.path only once its hash is checked.
    from ctdl_validate import Severity, validate_document
    return [f"{f.code} {f.prop}: {f.message}" for f in validate_document(doc)
            if f.severity == Severity.ERROR]


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def superclasses(cls: str) -> set[str]:
    seen, todo = set(), [cls]
    while todo:
        c = todo.pop()
        if c not in seen:
            seen.add(c)
            todo += _as_list(schema().get(c, {}).get("rdfs:subClassOf", []))
    return seen


def domain(cls: str) -> set[str]:
    return {p for c in superclasses(cls) for p in schema().get(c, {}).get("meta:domainFor", [])}


def structure_problems(node: dict[str, Any], path: str = "$") -> list[str]:
    """Against CTDL's own schema and context: the class exists, each property is a CTDL
    property of that class, language maps are maps, concepts are the schema's."""
    problems = []
    cls = node.get("@type")
    if cls not in schema() or schema()[cls]["@type"] != "rdfs:Class":
        return [f"{path}: @type {cls!r} is not a CTDL class"]
    for key, value in node.items():
        if key.startswith("@"):
            continue
        prefix = key.split(":", 1)[0]
        if prefix not in context() or key not in schema() \
                or schema()[key]["@type"] != "rdf:Property":
            problems.append(f"{path}.{key}: not a property defined by CTDL")
            continue
        if key not in domain(cls):
            problems.append(f"{path}.{key}: not a property of {cls}")
        if context().get(key, {}).get("@container") == "@language":
            if not (isinstance(value, dict) and value
                    and all(isinstance(v, str) for v in value.values())):
                problems.append(f"{path}.{key}: expected a language map")
        for i, item in enumerate(_as_list(value)):
            if isinstance(item, dict) and "@type" in item:
                problems += structure_problems(item, f"{path}.{key}[{i}]")
    node_ = node.get("ceterms:targetNode")
    if isinstance(node_, str) and not node_.startswith("http") and node_ not in schema():
        problems.append(f"{path}.ceterms:targetNode: {node_!r} is not a CTDL concept")
    return problems


def registry_gaps(doc: dict[str, Any]) -> list[str]:
    """What the registry profile requires and the document lacks (our own table)."""
    kind = "organization" if doc["@type"] in ORGANIZATION_CLASSES else "credential"
    gaps = ["|".join(options) for options in REGISTRY_REQUIRED[kind]
            if not any(doc.get(p) for p in options)]
    descriptions = list(doc.get("ceterms:description", {}).values())
    if descriptions and min(len(d) for d in descriptions) < MIN_DESCRIPTION:
        gaps.append("ceterms:description")
    if doc["@type"] in NOT_PUBLISHABLE_CLASSES:
        gaps.append("@type")
    return gaps


def identity_problems(doc: dict[str, Any], base: str) -> list[str]:
    ctid = doc.get("ceterms:ctid", "")
    problems = [] if CTID.match(ctid) else [f"ceterms:ctid {ctid!r} is not a CTID"]
    if doc.get("@id") != f"{base}/ctdl/{ctid}":
        problems.append(f"@id {doc.get('@id')!r} is not {base}/ctdl/<ctid>")
    kind = "organization" if doc["@type"] in ORGANIZATION_CLASSES else "credential"
    if kind == "credential" and "ceterms:Credential" not in superclasses(doc["@type"]):
        problems.append(f"@type {doc['@type']} is not a CTDL credential class")
    return problems


# -- the mapping alone (no Neo4j) ---------------------------------------------------

NOW = "2026-01-01T00:00:00Z"


def _org(**over: Any) -> StakeholderModel:
    return StakeholderModel.model_validate({
        "id": "s1", "slug": "s1", "name": "Example College", "ctid": f"ce-{uuid.uuid4()}",
        "groups": ["CREDENTIALING_ORGANIZATIONS", "EMPLOYERS"], "roles": ["ISSUER"],
        "website": "https://college.example", "description": "A college that issues things.",
        "createdAt": NOW, "updatedAt": NOW, **over})


def _cred(type_: str, **over: Any) -> CtdlCredentialModel:
    return CtdlCredentialModel.model_validate({
        "id": "c1", "name": "Welding Basics", "type": type_, "ctid": f"ce-{uuid.uuid4()}",
        "issuerId": "s1", "issuerCtid": f"ce-{uuid.uuid4()}", "url": "https://college.example/w",
        "description": "Shows the basics of arc welding.", "createdAt": NOW, "updatedAt": NOW,
        "skills": [SkillModel(id="k", name="weld metal", framework="ESCO", code="abc",
                              uri="http://data.europa.eu/esco/skill/abc")],
        "occupations": [OccupationModel(id="soc:51-4121", code="51-4121",
                                        title="Welders", level="DETAILED")], **over})


@pytest.mark.parametrize("type_", list(ctdl.CLASS_BY_TYPE))
def test_every_credential_type_maps_to_a_real_ctdl_credential_class(type_: str) -> None:
    doc = ctdl.credential(_cred(type_), "https://map.example")
    assert "ceterms:Credential" in superclasses(doc["@type"]), doc["@type"]
    assert structure_problems(doc) == []
    assert identity_problems(doc, "https://map.example") == []


def test_organization_maps_to_ctdl_terms_only() -> None:
    doc = ctdl.organization(_org(), "https://map.example")
    assert doc["@type"] == "ceterms:CredentialOrganization"
    assert doc["ceterms:name"] == {"en-US": "Example College"}
    assert structure_problems(doc) == []
    assert ctdl.organization(_org(roles=[], groups=["FUNDERS"]), "https://x.example")[
        "@type"] == "ceterms:Organization"


def test_the_check_catches_what_it_should() -> None:
    """A document missing a required property, with a made-up term, a wrong class or a
    bad CTID is caught: the checks can fail."""
    doc = ctdl.credential(_cred("BADGE"), "https://map.example")
    assert "ceterms:inLanguage" in registry_gaps(doc)  # we hold no language
    full = {**doc, "ceterms:inLanguage": ["en"]}
    assert registry_gaps(full) == []
    for prop in ("ceterms:name", "ceterms:subjectWebpage", "ceterms:credentialStatusType"):
        assert prop in registry_gaps({k: v for k, v in full.items() if k != prop})
    assert "ceterms:ownedBy|ceterms:offeredBy" in registry_gaps(
        {k: v for k, v in full.items() if k not in ("ceterms:ownedBy", "ceterms:offeredBy")})
    assert registry_gaps({**full, "ceterms:description": {"en-US": "Too short"}}) == [
        "ceterms:description"]
    assert registry_gaps({**full, "@type": "ceterms:Degree"}) == ["@type"]
    assert structure_problems({**doc, "ceterms:skills": ["x"]})            # not CTDL
    assert structure_problems({**doc, "ceterms:agentSectorType": "x"})     # not a credential's
    assert structure_problems({**doc, "@type": "ceterms:Diplomma"})        # no such class
    assert structure_problems({**doc, "ceterms:name": "plain string"})     # not a language map
    assert identity_problems({**doc, "ceterms:ctid": "ce-ABC"}, "https://map.example")
    assert identity_problems(doc, "https://elsewhere.example")
    # The third-party validator finds faults of its own kinds in the same document.
    assert third_party_findings(doc) == []
    assert third_party_findings({**doc, "ceterms:ctid": "12345"})             # CTID grammar
    assert third_party_findings({**doc, "ceterms:agentSectorType": "x"})      # out of domain


def test_our_gap_report_agrees_with_the_registry_table() -> None:
    for doc in (ctdl.organization(_org(), "https://m.example"),
                ctdl.organization(_org(description="Short"), "https://m.example"),
                *(ctdl.credential(_cred(t, url=None), "https://m.example")
                  for t in ctdl.CLASS_BY_TYPE)):
        assert sorted(ctdl.registry_gaps(doc)) == sorted(registry_gaps(doc)), doc["@type"]


# -- CTIDs in the graph ---------------------------------------------------------------

async def ctid_of(client: httpx.AsyncClient, stakeholder_id: str) -> str:
    body = await gql(client, CTID_Q, {"id": stakeholder_id})
    return str(body["data"]["stakeholder"]["ctid"])


async def add(client: httpx.AsyncClient, key: str, **fields: Any) -> dict[str, Any]:
    body = await gql(client, ADD, {"i": {"name": f"Cred {uuid.uuid4().hex[:6]}",
                                         "type": "BADGE", **fields}}, key=key)
    return body["data"]["addCredential"]  # type: ignore[no-any-return]


async def test_every_stakeholder_and_credential_has_a_ctid(client: httpx.AsyncClient,
                                                           db: Database) -> None:
    """After the imports and the seed (session fixture), a registration and an
    addCredential: none lacks a CTID, each is a CTID, none is shared. (The benchmark's
    synthetic bulk load, source 'synthetic', does not mint them.)"""
    me, key = await register(client)
    added = await add(client, key)
    assert added["errors"] == [] and CTID.match(added["credential"]["ctid"])
    assert CTID.match(await ctid_of(client, me["id"]))
    records = await db.driver.execute_query(
        "MATCH (n) WHERE (n:Stakeholder OR n:Credential) "
        "AND coalesce(n.source, '') <> 'synthetic' "
        "RETURN n.ctid AS ctid, n.id AS id, labels(n)[0] AS label")
    ctids = [r["ctid"] for r in records.records]
    assert len(ctids) > 2
    assert [r["id"] for r in records.records if r["ctid"] is None] == []
    assert [c for c in ctids if not CTID.match(c)] == []
    assert len(set(ctids)) == len(ctids)


async def test_a_ctid_is_minted_once(client: httpx.AsyncClient, db: Database,
                                     settings: Settings) -> None:
    me, key = await register(client)
    org_ctid = await ctid_of(client, me["id"])
    credential = (await add(client, key))["credential"]
    updated = (await gql(client, UPDATE, {"i": {"id": credential["id"], "name": "Renamed"}},
                         key=key))["data"]["updateCredential"]
    assert updated["errors"] == [] and updated["credential"]["ctid"] == credential["ctid"]
    data = parse()
    seeded = await db.driver.execute_query(
        "UNWIND $ids AS id MATCH (n {id: id}) RETURN n.id AS id, n.ctid AS ctid",
        ids=[r["id"] for r in data["stakeholders"] + data["credentials"]])
    before = {r["id"]: r["ctid"] for r in seeded.records}
    assert len(before) == len(data["stakeholders"]) + len(data["credentials"])
    await seed_demo(db)       # a re-seed, a migration run and reads change nothing
    await migrate(db)
    for _ in range(2):
        assert (await client.get(f"/ctdl/{org_ctid}")).json()["ceterms:ctid"] == org_ctid
    assert await ctid_of(client, me["id"]) == org_ctid
    after = await db.driver.execute_query(
        "UNWIND $ids AS id MATCH (n {id: id}) RETURN n.id AS id, n.ctid AS ctid",
        ids=list(before))
    assert {r["id"]: r["ctid"] for r in after.records} == before


async def test_a_given_ctid_is_kept_and_a_taken_one_is_a_conflict(
        client: httpx.AsyncClient) -> None:
    me, key = await register(client)
    given = f"ce-{uuid.uuid4()}"
    kept = await add(client, key, ctid=given)
    assert kept["errors"] == [] and kept["credential"]["ctid"] == given
    assert (await client.get(f"/ctdl/{given}")).json()["ceterms:name"]
    for taken in (given, await ctid_of(client, me["id"])):   # a credential's, an org's
        twice = await add(client, key, ctid=taken)
        assert twice["credential"] is None
        assert [(e["code"], e["field"]) for e in twice["errors"]] == [
            ("CONFLICT", ["input", "ctid"])]
    other = (await add(client, key))["credential"]
    moved = (await gql(client, UPDATE, {"i": {"id": other["id"], "ctid": given}},
                       key=key))["data"]["updateCredential"]
    assert [(e["code"], e["field"]) for e in moved["errors"]] == [
        ("CONFLICT", ["input", "ctid"])]


# -- the HTTP export -------------------------------------------------------------------

async def whole_graph(client: httpx.AsyncClient, key: str | None = None) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = await client.get("/ctdl/graph", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    return orjson.loads(response.content)  # type: ignore[no-any-return]


async def test_graph_lists_exactly_the_public_records(client: httpx.AsyncClient,
                                                      db: Database) -> None:
    graph = await whole_graph(client)
    assert graph["@context"] == CONTEXT_URL
    ctids = [d["ceterms:ctid"] for d in graph["@graph"]]
    assert len(ctids) == len(set(ctids))
    public = await db.driver.execute_query(
        "CALL { MATCH (s:Stakeholder) WHERE s.hidden IS NULL RETURN s.ctid AS ctid "
        "UNION ALL MATCH (c:Credential) WHERE c.hidden IS NULL RETURN c.ctid AS ctid } "
        "RETURN collect(ctid) AS ctids")
    assert sorted(ctids) == sorted(public.records[0]["ctids"])
    kinds = [d["@type"] in ORGANIZATION_CLASSES for d in graph["@graph"]]
    counts = await db.driver.execute_query(
        "MATCH (s:Stakeholder) WHERE s.hidden IS NULL WITH count(s) AS orgs "
        "MATCH (c:Credential) WHERE c.hidden IS NULL RETURN orgs, count(c) AS credentials")
    assert (kinds.count(True), kinds.count(False)) == (counts.records[0]["orgs"],
                                                      counts.records[0]["credentials"])


async def test_seed_documents(client: httpx.AsyncClient, settings: Settings,
                              capsys: pytest.CaptureFixture[str]) -> None:
    """Every exported document of the demo seed, alone and in the graph, against CTDL's
    schema and the registry table; the export's own gap header must agree with ours."""
    base = settings.public_base_url
    graph = await whole_graph(client)
    assert graph["@graph"], "the seed exports nothing"
    report = []
    for entry in graph["@graph"]:
        response = await client.get(f"/ctdl/{entry['ceterms:ctid']}")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/ld+json")
        doc = response.json()
        assert doc["@context"] == CONTEXT_URL
        assert {k: v for k, v in doc.items() if k != "@context"} == entry
        assert identity_problems(doc, base) == [], doc["@id"]
        assert structure_problems(doc) == [], doc["@id"]
        assert third_party_findings(doc) == [], doc["@id"]
        gaps = registry_gaps(doc)
        header = response.headers.get("ctdl-registry-missing")
        assert sorted(header.split(", ") if header else []) == sorted(gaps), doc["@id"]
        if gaps:
            report.append(f"{doc['@type']} {doc['ceterms:name']['en-US']!r}: {', '.join(gaps)}")
    assert third_party_findings(graph) == []
    with capsys.disabled():
        print(f"\nCTDL: {len(report)} of {len(graph['@graph'])} exported documents are not "
              "publishable to the Credential Registry as they stand (missing what we do "
              "not hold); e.g.\n  " + "\n  ".join(report[:3]))


async def test_hidden_records_are_absent(client: httpx.AsyncClient, admin_key: str) -> None:
    me, key = await register(client)
    org_ctid = await ctid_of(client, me["id"])
    cred_ctid = (await add(client, key))["credential"]["ctid"]
    await gql(client, VERIFY, {"id": me["id"], "s": "SUSPENDED"}, key=admin_key)
    try:
        for ctid in (org_ctid, cred_ctid):
            hidden = await client.get(f"/ctdl/{ctid}")
            assert hidden.status_code == 404
            assert hidden.headers["content-type"] == "application/problem+json"
            own = await client.get(f"/ctdl/{ctid}", headers={"Authorization": f"Bearer {key}"})
            assert own.status_code == 200
        listed = {d["ceterms:ctid"] for d in (await whole_graph(client))["@graph"]}
        assert not {org_ctid, cred_ctid} & listed
        as_admin = {d["ceterms:ctid"] for d in (await whole_graph(client, admin_key))["@graph"]}
        assert {org_ctid, cred_ctid} <= as_admin
    finally:  # other tests count what everyone sees
        await gql(client, VERIFY, {"id": me["id"], "s": "PENDING"}, key=admin_key)


@pytest.mark.parametrize("ctid", [f"ce-{uuid.uuid4()}", "ce-NOT-A-CTID", "graphs",
                                  "CE-6F2D1A3B-1C2D-4E5F-8A9B-0C1D2E3F4A5B"])
async def test_unknown_or_malformed_ctid_is_404(client: httpx.AsyncClient, ctid: str) -> None:
    response = await client.get(f"/ctdl/{ctid}")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404


async def test_graph_is_written_a_page_at_a_time(client: httpx.AsyncClient, db: Database,
                                                 settings: Settings,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The route's body generator (api/rest/ctdl.py `_stream`), with pages of 5: one chunk
    per page, none holding more than a page of documents, and the same JSON as the
    route's answer with the default page size. (httpx's ASGI transport joins a body, so
    the generator is read directly.)"""
    whole = await whole_graph(client)
    monkeypatch.setattr(ctdl_reads, "PAGE_SIZE", 5)
    reader = db.as_viewer(None)
    organizations = ctdl_reads.organizations(reader)
    first = await anext(organizations)
    chunks = [c async for c in rest_ctdl._stream(reader, settings.public_base_url, first,
                                                 organizations)]
    assert len(chunks) >= len(whole["@graph"]) // 5 + 2     # the opening and the end too
    assert max(c.count(b'"ceterms:ctid"') for c in chunks) <= 5
    assert orjson.loads(b"".join(chunks)) == whole


async def test_migration_mints_for_records_without_one(db: Database, tmp_path: Path) -> None:
    """V0010 run again (as V9998) over records made before CTIDs: each gets one, and
    a record that had one keeps it."""
    copy = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, copy)
    shutil.copy(MIGRATIONS_DIR / "V0010__ctids.cypher", copy / "V9998__ctids_again.cypher")
    tag, kept = uuid.uuid4().hex, f"ce-{uuid.uuid4()}"
    await db.driver.execute_query(
        "CREATE (:Stakeholder {id: $tag + '-s', slug: $tag, name: 'Old', probe: $tag}) "
        "CREATE (:Credential {id: $tag + '-c', name: 'Old', type: 'BADGE', probe: $tag}) "
        "CREATE (:Credential {id: $tag + '-k', name: 'Kept', type: 'BADGE', probe: $tag, "
        "ctid: $kept})", tag=tag, kept=kept)
    try:
        assert [m.version for m in await migrate(db, copy)] == [9998]
        rows = await db.driver.execute_query(
            "MATCH (n {probe: $tag}) RETURN n.id AS id, n.ctid AS ctid", tag=tag)
        ctids = {r["id"]: r["ctid"] for r in rows.records}
        assert ctids[f"{tag}-k"] == kept
        assert all(CTID.match(c) for c in ctids.values()) and len(set(ctids.values())) == 3
    finally:
        await db.driver.execute_query("MATCH (n {probe: $tag}) DELETE n", tag=tag)
        await db.driver.execute_query("MATCH (m:Migration {version: 9998}) DELETE m")


@pytest.mark.parametrize("name", ["ctdl/page_organizations", "ctdl/page_credentials",
                                  "ctdl/read_by_ctid", "ctdl/holder"])
async def test_reads_seek_the_ctid_index(db: Database, name: str) -> None:
    """Keyset pages seek the CTID constraint's index and take its order (no scan, and no
    Top: ORDER BY ... LIMIT sorting rows itself), so the last page costs what the first does."""
    params = {**EVERYTHING, "after": "", "limit": 5, "ctid": f"ce-{uuid.uuid4()}"}
    result = await db.driver.execute_query("EXPLAIN " + cypher.text(name), params)
    ops = operators(result.summary.plan)
    assert not ops & {"AllNodesScan", "NodeByLabelScan", "Top"}, sorted(ops)
    assert any(op.startswith("NodeUniqueIndexSeek") for op in ops), sorted(ops)


async def test_graphql_ctdl_fields_are_the_rest_documents(client: httpx.AsyncClient) -> None:
    body = await gql(client, """{ credentials(first: 20) { edges { node { ctid ctdl
        issuer { ctid ctdl } } } } }""")
    nodes = [e["node"] for e in body["data"]["credentials"]["edges"]]
    assert nodes
    for node in nodes:
        assert node["ctdl"] == (await client.get(f"/ctdl/{node['ctid']}")).json()
        issuer = node["issuer"]
        assert issuer["ctdl"] == (await client.get(f"/ctdl/{issuer['ctid']}")).json()
