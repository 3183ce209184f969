"""Adding skills that the imported frameworks do not have."""

from __future__ import annotations

import uuid

from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from graph import repo
from graph.db import Database
from graph.errors import InvalidInput, conflict_from
from graph.models import Actor, SkillInput, SkillModel
from graph.stakeholder_writes import existing_ids
from graph.validation import Problems


async def add(db: Database, actor: Actor, data: SkillInput) -> SkillModel:
    p = Problems()
    p.name(["input", "name"], data.name, required=True)
    p.framework(["input", "framework"], data.framework)
    p.text(["input", "code"], data.code, "code")
    p.url(["input", "uri"], data.uri)
    p.text(["input", "description"], data.description, "description")
    if data.broader_id is not None:
        known = await existing_ids(db, "skills/existing_ids", [data.broader_id])
        if data.broader_id not in known:
            p.add(["input", "broaderId"], f"no skill with id {data.broader_id!r}")
    if p:
        raise InvalidInput(p.items)

    async def work(tx: AsyncManagedTransaction) -> SkillModel:
        rows = await db.run_in_tx(
            tx, "skill_writes/create", id=f"skill:{uuid.uuid4()}", name=data.name.strip(),
            framework=data.framework, code=data.code.strip() if data.code else None,
            uri=data.uri.strip() if data.uri else None, description=data.description,
            broaderId=data.broader_id, createdBy=actor.stakeholder_id)
        return repo.to_model(SkillModel, rows[0]["node"])

    try:
        return await db.write_tx("skill_writes/add", work)
    except ConstraintError as exc:
        raise conflict_from(exc, {"uri": ["input", "uri"], "frameworkCode": ["input", "code"]},
                            "a skill with this framework and code, or this URI, exists") from exc
