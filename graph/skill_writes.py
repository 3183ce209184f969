"""Adding skills that the imported frameworks do not have.

ESCO (and O*NET/SOC) are written only by their importers. A stakeholder's
skill lives in its own namespace: unique by framework and code within it, so
one organization's `CUSTOM:1` never collides with another's.
"""

from __future__ import annotations

import uuid

from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from graph import audit, normalize, policy, repo
from graph.db import Database
from graph.errors import InvalidInput, conflict_from
from graph.models import Actor, SkillInput, SkillModel
from graph.validation import Problems


async def add(db: Database, actor: Actor, data: SkillInput) -> SkillModel:
    p = Problems()
    data = normalize.command(data, bad_urls=p.bad_urls)
    p.name(["input", "name"], data.name, required=True)
    p.framework(["input", "framework"], data.framework)
    p.text(["input", "code"], data.code, "code")
    p.url(["input", "uri"], data.uri)
    p.text(["input", "description"], data.description, "description")
    if data.broader_id is not None:
        known = await repo.existing_ids(db, "skills/existing_ids", [data.broader_id])
        if data.broader_id not in known:
            p.add(["input", "broaderId"], f"no skill with id {data.broader_id!r}")
    if p:
        raise InvalidInput(p.items)
    policy.require_own_framework(data.framework, data.uri)
    namespace = policy.skill_namespace(actor)
    new_id = f"skill:{uuid.uuid4()}"

    async def work(tx: AsyncManagedTransaction) -> SkillModel:
        rows = await db.run_in_tx(
            tx, "skill_writes/create", id=new_id, name=data.name, framework=data.framework,
            code=data.code, uri=data.uri, description=data.description,
            broaderId=data.broader_id, createdBy=actor.stakeholder_id, namespace=namespace)
        await audit.record(db, tx, actor, record_id=new_id, record_type="Skill",
                           action="ADDED", changes=data.given())
        return repo.to_model(SkillModel, rows[0]["node"])

    try:
        return await db.write_tx("skill_writes/add", work)
    except ConstraintError as exc:
        raise conflict_from(exc, {"uri": ["input", "uri"], "frameworkCode": ["input", "code"]},
                            "you already have a skill with this framework and code, or a skill "
                            "with this URI exists") from exc
