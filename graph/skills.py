"""Skills: lookups, filtered pages, the broader/narrower hierarchy, skills of credentials,
and the fields of education a skill falls under."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph import repo
from graph.db import Database
from graph.models import FieldOfEducationModel, SkillFilter, SkillModel, Verb
from graph.pagination import Page, PageRequest
from graph.text_query import lucene_query

M = SkillModel


async def by_ids(db: Database, ids: Sequence[str]) -> dict[str, M]:
    return await repo.one_by_key(db, "skills/read_by_ids", M, ids)


def query(verb: Verb, flt: SkillFilter) -> tuple[str, dict[str, Any]]:
    """The full-text index when there are words to search for, else the name index."""
    text = lucene_query(flt.text, ["filter", "text"]) if flt.text else None
    return f"skills/{verb}_{'by_text' if text else 'all'}", {"framework": flt.framework,
                                                            "text": text}


async def page(db: Database, flt: SkillFilter, request: PageRequest) -> Page[M]:
    name, params = query("page", flt)
    return await repo.page(db, name, M, request, **params)


async def count(db: Database, flt: SkillFilter) -> int:
    name, params = query("count", flt)
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
