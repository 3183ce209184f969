"""Imports the issuers of the Digital Credentials Consortium community registry.

Each entry is keyed by a DID, with a name, location and URL. Entries of one
organization (several DIDs; one website, or one name on several hosts) become
one stakeholder, keyed by its first website's host, in the group
CREDENTIALING_ORGANIZATIONS with role ISSUER.

Test issuers are left out by one rule, `is_test_issuer`: the word test,
testing, demo, sandbox, plugfest or development in the name or in the
website's host (`plugfest.participate.com`); a placeholder name ("My
University", "My School"...); or a placeholder domain (`some.domain.*`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from graph.db import Database
from graph.importers.common import ImportRowError, write_all
from graph.stakeholder_ids import domain_of, slugify, stakeholder_id

TEST_WORDS = re.compile(r"\b(test|testing|demo|sandbox|plug ?fest\w*|development)\b", re.I)
PLACEHOLDER_NAME = re.compile(r"^my (university|college|school)$", re.I)
PLACEHOLDER_DOMAIN = re.compile(r"^some\.domain\.", re.I)
DID = re.compile(r"^did:[a-z0-9]+:[A-Za-z0-9._:%-]+$")


def is_test_issuer(name: str, domain: str) -> bool:
    return bool(TEST_WORDS.search(name) or TEST_WORDS.search(domain)
                or PLACEHOLDER_NAME.match(name.strip())
                or PLACEHOLDER_DOMAIN.match(domain))


def _line_of(text: str, needle: str) -> int:
    index = text.find(json.dumps(needle))
    return text.count("\n", 0, index) + 1 if index >= 0 else 0


def parse(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Issuers to import, and the names of the entries left out as test issuers."""
    text = path.read_text(encoding="utf-8")
    registry = json.loads(text).get("registry")
    if not isinstance(registry, dict):
        raise ImportRowError(path, 1, "expected an object 'registry' keyed by DID")
    by_domain: dict[str, dict[str, Any]] = {}
    by_name: dict[str, dict[str, Any]] = {}
    skipped = []
    for did, entry in registry.items():
        line = _line_of(text, did)
        if not DID.match(did):
            raise ImportRowError(path, line, f"not a DID: {did!r}")
        if not isinstance(entry, dict) or not str(entry.get("name") or "").strip():
            raise ImportRowError(path, line, f"{did}: name is missing")
        url = str(entry.get("url") or "").strip()
        if not url.startswith(("https://", "http://")):
            raise ImportRowError(path, line, f"{did}: url is not an http(s) URL: {url!r}")
        name = " ".join(str(entry["name"]).split())
        domain = domain_of(url)
        if is_test_issuer(name, domain):
            skipped.append(name)
            continue
        location = entry.get("location")
        name_key = name.casefold()
        issuer = by_domain.get(domain) or by_name.get(name_key)
        if issuer is None:
            issuer = by_domain[domain] = {
                "id": stakeholder_id(domain), "slug": slugify(name), "name": name,
                "website": f"https://{domain}", "domain": domain, "dids": [],
                "location": location if location and location != "None" else None}
        by_name.setdefault(name_key, issuer)
        issuer["dids"].append(did)
    return list(by_domain.values()), skipped


async def import_registry(db: Database, path: Path) -> dict[str, int]:
    issuers, skipped = parse(path)
    await write_all(db, [("import/dcc_issuers", issuers)], "dcc-registry")
    return {"issuers": len(issuers), "test issuers left out": len(skipped)}
