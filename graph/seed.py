"""The demo seed: `graph/seed/demo.yml` into the graph, idempotently.

The file refers to organizations by website domain, to skills by ESCO label,
to standards by key and to credentials by name; every reference is checked
before anything is written, so a broken seed fails with the name it could
not resolve and leaves the graph as it was.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import yaml

from graph import memo
from graph.db import Database
from graph.importers.common import unverified_registrations, write_all
from graph.importers.esco import skill_id
from graph.stakeholder_ids import NAMESPACE, domain_of, slugify, stakeholder_id

DEMO_FILE = Path(__file__).resolve().parent / "seed" / "demo.yml"


class SeedError(ValueError):
    """The seed file refers to something it does not define."""


def credential_id(issuer_domain: str, name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"credential:{issuer_domain}:{name}"))


def partnership_id(a: str, b: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"partnership:{a}:{b}"))


def _lookup(table: dict[str, str], key: str, what: str) -> str:
    if key not in table:
        raise SeedError(f"{DEMO_FILE.name}: unknown {what} {key!r}")
    return table[key]


def parse(path: Path = DEMO_FILE) -> dict[str, list[dict[str, Any]]]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    standards = [{"id": f"std:{s['key']}", **{k: s.get(k) for k in
                  ("name", "version", "url", "description")}} for s in doc["standards"]]
    std_ids = {s["key"]: f"std:{s['key']}" for s in doc["standards"]}
    skills = [{"id": skill_id(s["uri"]), "uri": s["uri"], "code": s["uri"].rsplit("/", 1)[1],
               "name": s["name"]} for s in doc["skills"]]
    skill_ids = {s["name"]: s["id"] for s in skills}

    stakeholders, ids_by_domain = [], {}
    for s in doc["stakeholders"]:
        domain = domain_of(s["website"])
        ids_by_domain[domain] = stakeholder_id(domain)
        stakeholders.append({
            "id": ids_by_domain[domain], "slug": slugify(s["name"]), "name": s["name"],
            "website": s["website"], "domain": domain, "location": s.get("location"),
            "description": s.get("description"), "groups": s["groups"], "roles": s["roles"],
            "stages": s["stages"], "demo": bool(s.get("demo", False)),
            "standards": [_lookup(std_ids, k, "standard") for k in s["standards"]]})
    # Issuers that only the DCC registry import creates are referenced by domain too.
    for domain in {c["issuer"] for c in doc["credentials"]} - ids_by_domain.keys():
        ids_by_domain[domain] = stakeholder_id(domain)

    credentials, cred_ids = [], {}
    for c in doc["credentials"]:
        cred_ids[c["name"]] = credential_id(c["issuer"], c["name"])
        credentials.append({
            "id": cred_ids[c["name"]], "issuerId": ids_by_domain[c["issuer"]],
            "name": c["name"], "type": c["type"], "url": c.get("url"),
            "description": c.get("description"), "demo": bool(c.get("demo", False)),
            "skills": [_lookup(skill_ids, k, "skill") for k in c["skills"]],
            "standards": [_lookup(std_ids, k, "standard") for k in c["standards"]],
            "occupations": [f"soc:{code}" for code in c["occupations"]]})

    acceptances = [{"stakeholderId": _lookup(ids_by_domain, a["by"], "organization domain"),
                    "credentialId": _lookup(cred_ids, name, "credential")}
                   for a in doc["acceptances"] for name in a["credentials"]]
    partnerships = []
    for p in doc["partnerships"]:
        a, b = (_lookup(ids_by_domain, domain_of(f"https://{m}"), "organization domain")
                for m in p["members"])
        partnerships.append({"id": partnership_id(a, b), "proposerId": a, "inviteeId": b,
                             "status": p["status"], "purpose": p.get("purpose")})
    return {"standards": standards, "skills": skills, "stakeholders": stakeholders,
            "credentials": credentials, "acceptances": acceptances, "partnerships": partnerships}


async def seed_demo(db: Database, path: Path = DEMO_FILE) -> dict[str, int]:
    data = parse(path)
    seeded = {s["id"] for s in data["stakeholders"]}
    needed = {c["issuerId"] for c in data["credentials"]} - seeded
    found = {r["id"] for r in await db.read("seed/existing_stakeholders", ids=sorted(needed))}
    if needed - found:
        raise SeedError(f"{len(needed - found)} credential issuers come from the DCC registry: "
                        "run `lermap import dcc-registry PATH` first (`lermap load` does both)")
    taken = await unverified_registrations(db, data["stakeholders"])
    if taken:
        names = sorted(s["domain"] for s in data["stakeholders"] if s["id"] in taken)
        raise SeedError(f"{', '.join(names)} registered themselves without verifying their "
                        "domain; the seed does not write over them")
    await write_all(db, [(f"seed/{name}", rows) for name, rows in data.items()], "demo seed")
    # The feed does not number the seed's writes; remembered answers must not outlive them.
    await memo.renew_epoch(db)
    return {name: len(rows) for name, rows in data.items()}
