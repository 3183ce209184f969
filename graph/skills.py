"""Skills: lookups, filtered pages, the broader/narrower hierarchy, skills of credentials."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph import repo
from graph.db import Database
from graph.models import SkillModel
from graph.pagination import Page, PageRequest
from graph.text_query import lucene_query

M = SkillModel


@dataclass(frozen=True)
class SkillFilter:
    framework: str | None = None
    text: str | None = None

    def query(self, verb: str) -> tuple[str, dict[str, Any]]:
        text = lucene_query(self.text) if self.text else None
        params = {"framework": self.framework, "text": text}
        return f"skills/{verb}_{'by_text' if text else 'all'}", params


async def by_ids(db: Database, ids: Sequence[str]) -> dict[str, M]:
    return await repo.one_by_key(db, "skills/read_by_ids", M, ids)


async def page(db: Database, flt: SkillFilter, request: PageRequest) -> Page[M]:
    name, params = flt.query("page")
    return await repo.page(db, name, M, request, **params)


async def count(db: Database, flt: SkillFilter) -> int:
    name, params = flt.query("count")
    return await repo.count(db, name, **params)


async def by_credential(db: Database, keys: Sequence[str]) -> dict[str, list[M]]:
    return await repo.lists_by_key(db, "skills/read_by_credential", M, keys)


async def broader(db: Database, keys: Sequence[str]) -> dict[str, M]:
    return await repo.one_by_key(db, "skills/read_broader", M, keys)


async def narrower(db: Database, keys: Sequence[str]) -> dict[str, list[M]]:
    return await repo.lists_by_key(db, "skills/read_narrower", M, keys)
