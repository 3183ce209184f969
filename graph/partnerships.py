"""Partnerships between stakeholders (reads; writes live in graph/partnership_writes.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph import repo
from graph.db import Database
from graph.models import PartnershipModel

M = PartnershipModel


def model(node: Any, members: list[dict[str, str]]) -> M:
    # The proposer first, then the invited member(s).
    ordered = sorted(members, key=lambda m: (m["role"] != "PROPOSER", m["id"]))
    return repo.to_model(M, node, memberIds=[m["id"] for m in ordered])


async def by_ids(db: Database, ids: Sequence[str]) -> dict[str, M]:
    found = await repo.rows(db, "partnerships/read_by_ids", ids=list(ids))
    return {r["id"]: model(r["node"], r["members"]) for r in found}


async def by_stakeholder(db: Database, keys: Sequence[str],
                         status: str | None) -> dict[str, list[M]]:
    found = await repo.rows(db, "partnerships/read_by_stakeholder", keys=list(keys), status=status)
    return {r["key"]: [model(i["node"], i["members"]) for i in r["items"]] for r in found}
