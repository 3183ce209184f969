"""The audit trail: who changed which record, how, and when."""

from __future__ import annotations

from collections.abc import Sequence

from neo4j import AsyncManagedTransaction

from graph import repo
from graph.db import Database
from graph.models import Actor, AuditEventModel


async def record(db: Database, tx: AsyncManagedTransaction, actor: Actor | None, *,
                 record_id: str, record_type: str, action: str,
                 changes: Sequence[str] = (), note: str | None = None) -> None:
    """Called inside the write's own transaction, so the event and the change land together."""
    await db.run_in_tx(tx, "audit/record", recordId=record_id, recordType=record_type,
                       action=action, changes=list(changes), note=note,
                       actorId=actor.stakeholder_id if actor else record_id,
                       actorAdmin=bool(actor and actor.admin))


async def by_record(db: Database, keys: Sequence[str]) -> dict[str, list[AuditEventModel]]:
    return await repo.lists_by_key(db, "audit/read_by_record", AuditEventModel, keys)
