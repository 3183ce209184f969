"""Imports the issuers of the Digital Credentials Consortium community registry.

Each entry is keyed by a DID, with a name, location and URL. Entries of one
organization (several DIDs; one website, or one name on several hosts) become
one stakeholder, keyed by its first website's host, in the group
CREDENTIALING_ORGANIZATIONS with role ISSUER.

Test issuers are left out by one rule, `is_test_issuer`: the word test,
testing, demo, sandbox, plugfest or development in the name or in the
website's host (`plugfest.participate.com`); a placeholder name ("My
University", "My School"...); or a placeholder domain (`some.domain.*`).
The import report lists each of them, with its line and the rule that matched.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from graph.db import Database
from graph.importers.common import (
    ImportRowError,
    Plan,
    Row,
    Step,
    apply,
    unverified_registrations,
)
from graph.importers.report import ImportReport, Outcome, Refusal
from graph.stakeholder_ids import domain_of, slugify, stakeholder_id
from graph.validation import DID

TEST_WORDS = re.compile(r"\b(test|testing|demo|sandbox|plug ?fest\w*|development)\b", re.I)
PLACEHOLDER_NAME = re.compile(r"^my (university|college|school)$", re.I)
PLACEHOLDER_DOMAIN = re.compile(r"^some\.domain\.", re.I)


def why_test_issuer(name: str, domain: str) -> str | None:
    """Why an entry is a test issuer (for the import report), or None if it is not one."""
    for where, text in (("name", name), ("host", domain)):
        word = TEST_WORDS.search(text)
        if word:
            return f"{word[0]!r} in the {where}"
    if PLACEHOLDER_NAME.match(name.strip()):
        return "a placeholder name"
    if PLACEHOLDER_DOMAIN.match(domain):
        return "a placeholder domain"
    return None


def is_test_issuer(name: str, domain: str) -> bool:
    return why_test_issuer(name, domain) is not None


def _line_of(text: str, needle: str) -> int:
    index = text.find(json.dumps(needle))
    return text.count("\n", 0, index) + 1 if index >= 0 else 0


def parse(path: Path) -> tuple[list[dict[str, Any]], list[Refusal]]:
    """Issuers to import, and the entries left out as test issuers (with their line)."""
    text = path.read_text(encoding="utf-8")
    registry = json.loads(text).get("registry")
    if not isinstance(registry, dict):
        raise ImportRowError(path, 1, "expected an object 'registry' keyed by DID")
    by_domain: dict[str, dict[str, Any]] = {}
    by_name: dict[str, dict[str, Any]] = {}
    skipped: list[Refusal] = []
    for did, entry in registry.items():
        line = _line_of(text, did)
        if not DID.fullmatch(did):
            raise ImportRowError(path, line, f"not a DID: {did!r}")
        if not isinstance(entry, dict) or not str(entry.get("name") or "").strip():
            raise ImportRowError(path, line, f"{did}: name is missing")
        url = str(entry.get("url") or "").strip()
        if not url.startswith(("https://", "http://")):
            raise ImportRowError(path, line, f"{did}: url is not an http(s) URL: {url!r}")
        name = " ".join(str(entry["name"]).split())
        domain = domain_of(url)
        reason = why_test_issuer(name, domain)
        if reason is not None:
            skipped.append(Refusal(path, line, f"test issuer {name!r} ({reason}), left out"))
            continue
        location = entry.get("location")
        name_key = name.casefold()
        issuer = by_domain.get(domain) or by_name.get(name_key)
        if issuer is None:
            issuer = by_domain[domain] = {
                "id": stakeholder_id(domain), "slug": slugify(name), "name": name,
                "website": f"https://{domain}", "domain": domain, "dids": [], "line": line,
                "location": location if location and location != "None" else None}
        by_name.setdefault(name_key, issuer)
        issuer["dids"].append(did)
    return list(by_domain.values()), skipped


def classify(row: Row, current: Row | None) -> list[tuple[str, Outcome]]:
    """The write only adds (DIDs, group, role, a missing location), so an issuer is
    unchanged when the graph already holds all of it."""
    if current is None:
        return [("issuers", Outcome.CREATED)]
    holds = (set(row["dids"]) <= set(current["dids"] or [])
             and current["did"] is not None
             and "CREDENTIALING_ORGANIZATIONS" in (current["groups"] or [])
             and "ISSUER" in (current["roles"] or [])
             and current["inDccRegistry"] is True
             and (current["location"] is not None or row["location"] is None)
             and current["inGroup"])
    return [("issuers", Outcome.UNCHANGED if holds else Outcome.UPDATED)]


def plan(path: Path, unverified: set[str] | frozenset[str] = frozenset()) -> Plan:
    """`unverified`: ids of self-registered stakeholders whose domain is not verified;
    their entries are reported as conflicts and left out, and the records left alone."""
    issuers, skipped = parse(path)
    entries = sum(len(i["dids"]) for i in issuers) + len(skipped)
    skipped += [Refusal(path, i["line"], f"{i['name']!r}: {i['domain']} was registered by "
                        "someone who has not verified the domain; left both alone")
                for i in issuers if i["id"] in unverified]
    issuers = [i for i in issuers if i["id"] not in unverified]
    return Plan("dcc-registry", {path.name: entries}, [
        Step("issuers", "import/dcc_issuers", "import/read_dcc_issuers", issuers, classify),
    ], skipped)


async def import_registry(db: Database, path: Path, *, dry_run: bool = False) -> ImportReport:
    unverified = await unverified_registrations(db, parse(path)[0])
    return await apply(db, plan(path, unverified), dry_run=dry_run)
