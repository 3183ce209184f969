"""Stakeholders: lookups, filtered pages, nested pages, partners and suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph import repo
from graph.db import Database
from graph.models import PartnerSuggestionModel, StakeholderFilter, StakeholderModel
from graph.pagination import Page, PageRequest

M = StakeholderModel
COMPLEMENTARY_ROLES = [["ISSUER", "VERIFIER"], ["ISSUER", "WALLET_PROVIDER"],
                       ["ISSUER", "REGISTRY"], ["WALLET_PROVIDER", "VERIFIER"]]
ROLE_WORDS = {"ISSUER": "an issuer", "VERIFIER": "a verifier",
              "WALLET_PROVIDER": "a wallet provider", "REGISTRY": "a registry"}


async def by_ids(db: Database, ids: Sequence[str]) -> dict[str, M]:
    return await repo.one_by_key(db, "stakeholders/read_by_ids", M, ids)


async def by_slug(db: Database, slug: str) -> M | None:
    records = await db.read("stakeholders/read_by_slug", slug=slug)
    return repo.to_model(M, records[0]["node"]) if records else None


async def page(db: Database, flt: StakeholderFilter, request: PageRequest) -> Page[M]:
    name, params = flt.query("page")
    return await repo.page(db, name, M, request, **params)


async def count(db: Database, flt: StakeholderFilter) -> int:
    name, params = flt.query("count")
    return await repo.count(db, name, **params)


# Nested connections: relation name -> (page query, count query).
# Nested connections: relation names; the queries are cypher/stakeholders/page_<relation>.cypher
# and count_<relation>.cypher (loaders/registry.py binds them).
NESTED = ("accepting", "by_standard", "in_group")


async def partners_by_stakeholder(db: Database, keys: Sequence[str]) -> dict[str, list[M]]:
    return await repo.lists_by_key(db, "stakeholders/read_partners", M, keys)


def _reasons(signals: list[dict[str, Any]], roles: list[list[str]]) -> list[str]:
    """Signals of the suggestion query, in words a person reads."""
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    reasons = []
    for s in sorted(signals, key=lambda s: s["kind"]):
        n = s["n"]
        if s["kind"] == "ACCEPTS_YOURS":
            reasons.append(f"accepts {plural(n, 'credential')} you issue")
        elif s["kind"] == "ISSUES_WHAT_YOU_ACCEPT":
            reasons.append(f"issues {plural(n, 'credential')} you accept")
        elif s["kind"] == "SKILLS":
            reasons.append(f"shares {plural(n, 'skill')} through credentials")
        elif s["kind"] == "STANDARDS":
            reasons.append("both support " + ", ".join(s["names"]))
    for a, b in roles:
        reasons.append(f"{ROLE_WORDS[a]} and {ROLE_WORDS[b]}")
    return reasons


async def suggestions_by_stakeholder(db: Database, keys: Sequence[str], first: int
                                     ) -> dict[str, list[tuple[M, PartnerSuggestionModel]]]:
    records = await repo.rows(db, "stakeholders/read_suggestions", keys=list(keys), first=first,
                              pairs=COMPLEMENTARY_ROLES)
    out: dict[str, list[tuple[M, PartnerSuggestionModel]]] = {}
    for r in records:
        items = []
        for item in r["items"]:
            node = repo.to_model(M, item["node"])
            items.append((node, PartnerSuggestionModel(
                stakeholderId=node.id, score=float(item["score"]),
                reasons=_reasons(item["signals"], item["roles"]))))
        out[r["key"]] = items
    return out
