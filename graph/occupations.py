"""Occupations (SOC and O*NET-SOC), and the credentials that prepare for them."""

from __future__ import annotations

from collections.abc import Sequence

from graph import repo
from graph.db import Database
from graph.models import OccupationModel

M = OccupationModel


async def by_ids(db: Database, ids: Sequence[str]) -> dict[str, M]:
    return await repo.one_by_key(db, "occupations/read_by_ids", M, ids)


async def by_codes(db: Database, codes: Sequence[str]) -> dict[str, M]:
    found = await repo.rows(db, "occupations/read_by_code", codes=list(codes))
    return {r["id"]: repo.to_model(M, r["node"]) for r in found}


async def by_credential(db: Database, keys: Sequence[str]) -> dict[str, list[M]]:
    return await repo.lists_by_key(db, "occupations/read_by_credential", M, keys)


async def broader(db: Database, keys: Sequence[str]) -> dict[str, M]:
    return await repo.one_by_key(db, "occupations/read_broader", M, keys)


async def narrower(db: Database, keys: Sequence[str]) -> dict[str, list[M]]:
    return await repo.lists_by_key(db, "occupations/read_narrower", M, keys)
