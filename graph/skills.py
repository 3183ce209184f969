"""Skills: lookups, filtered pages, the broader/narrower hierarchy, skills of credentials,
and the fields of education a skill falls under."""

from __future__ import annotations

from collections.abc import Sequence

from graph import repo
from graph.db import Database
from graph.models import FieldOfEducationModel, SkillFilter, SkillModel
from graph.pagination import Page, PageRequest

M = SkillModel


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


async def broader_skills(db: Database, keys: Sequence[str]) -> dict[str, list[M]]:
    return await repo.lists_by_key(db, "skills/read_broader_skills", M, keys)


async def fields_of_education(db: Database, keys: Sequence[str]
                              ) -> dict[str, list[FieldOfEducationModel]]:
    return await repo.lists_by_key(db, "skills/read_fields_of_education",
                                   FieldOfEducationModel, keys)


async def narrower(db: Database, keys: Sequence[str]) -> dict[str, list[M]]:
    return await repo.lists_by_key(db, "skills/read_narrower", M, keys)
