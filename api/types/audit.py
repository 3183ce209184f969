"""AuditEvent: who changed a record, how and when; readable by its owner and administrators."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.context import Info
from graph.models import AuditEventModel


@strawberry.type(description="One change to a record.")
class AuditEvent:
    at: datetime
    action: str = strawberry.field(description="REGISTERED, UPDATED, ADDED, ACCEPTED, PROPOSED...")
    actor_id: strawberry.ID | None = strawberry.field(description=(
        "The stakeholder whose key made the change (null for administrators' keys)."))
    by_administrator: bool
    changes: list[str] = strawberry.field(description="Names of the fields that changed.")
    note: str | None

    @classmethod
    def from_model(cls, m: AuditEventModel) -> AuditEvent:
        return cls(at=m.at, action=m.action,
                   actor_id=strawberry.ID(m.actorId) if m.actorId and not m.actorAdmin else None,
                   by_administrator=m.actorAdmin, changes=m.changes, note=m.note)


async def trail(info: Info, record_id: str, allowed: bool) -> list[AuditEvent] | None:
    """The record's audit trail, or null when the caller may not read it."""
    if not allowed:
        return None
    return [AuditEvent.from_model(m)
            for m in await info.context.loaders.audit_by_record.load(record_id)]
