"""The audit trail: who changed which record, how, and when; numbered for the change
feed (graph/changes.py) in the same statement."""

from __future__ import annotations

from collections.abc import Sequence

from neo4j import AsyncManagedTransaction

from graph import changes as feed
from graph import repo
from graph.db import Database
from graph.models import Actor, AuditEventModel


async def record(db: Database, tx: AsyncManagedTransaction, actor: Actor | None, *,
                 record_id: str, record_type: str, action: str,
                 changes: Sequence[str] = (), note: str | None = None) -> None:
    """Called inside the write's own transaction, so the event and the change land together;
    best called last in it, as it locks the feed's counter until commit."""
    type_ = feed.feed_type(record_type, action)
    await db.run_in_tx(tx, "audit/record", recordId=record_id, recordType=record_type,
                       action=action, changes=list(changes), note=note, type=type_,
                       private=True if type_ in feed.PRIVATE_TYPES else None,
                       actorId=actor.stakeholder_id if actor else record_id,
                       actorAdmin=bool(actor and actor.admin))


async def by_record(db: Database, keys: Sequence[str]) -> dict[str, list[AuditEventModel]]:
    return await repo.lists_by_key(db, "audit/read_by_record", AuditEventModel, keys)
