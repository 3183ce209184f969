"""Standards (Open Badges, CLR, VC...), and which stakeholders and credentials use them."""

from __future__ import annotations

from collections.abc import Sequence

from graph import repo
from graph.db import Database
from graph.models import StandardModel

M = StandardModel


async def all_standards(db: Database) -> list[M]:
    return [repo.to_model(M, r["node"]) for r in await db.read("standards/read_all")]


async def by_ids(db: Database, ids: Sequence[str]) -> dict[str, M]:
    return await repo.one_by_key(db, "standards/read_by_ids", M, ids)


async def by_stakeholder(db: Database, keys: Sequence[str]) -> dict[str, list[M]]:
    return await repo.lists_by_key(db, "standards/read_by_stakeholder", M, keys)


async def by_credential(db: Database, keys: Sequence[str]) -> dict[str, list[M]]:
    return await repo.lists_by_key(db, "standards/read_by_credential", M, keys)
