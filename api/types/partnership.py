"""Partnership (a federation entity) between stakeholders."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.context import Info
from api.types.audit import AuditEvent, trail
from api.types.enums import PartnershipStatus
from api.types.stakeholder import Stakeholder
from graph import policy
from graph.models import PartnershipModel


@strawberry.federation.type(keys=["id"], description=(
    "A partnership one stakeholder proposed to another: PROPOSED, then ACTIVE or "
    "DECLINED; an ACTIVE one can be ENDED."))
class Partnership:
    id: strawberry.ID
    status: PartnershipStatus
    demo: bool = strawberry.field(description="True for invented demonstration records.")
    created_at: datetime
    updated_at: datetime
    member_ids: strawberry.Private[list[str]]
    proposed_by_id: strawberry.Private[str]
    proposal: strawberry.Private[str | None]

    @classmethod
    def from_model(cls, m: PartnershipModel) -> Partnership:
        return cls(id=strawberry.ID(m.id), status=PartnershipStatus(m.status), proposal=m.purpose,
                   demo=m.demo, created_at=m.createdAt, updated_at=m.updatedAt,
                   member_ids=m.memberIds, proposed_by_id=m.proposedById)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Partnership | None:
        m = await info.context.loaders.partnerships_by_id.load(id)
        return cls.from_model(m) if m is not None else None

    @strawberry.field(description="Who changed this record and when; null unless the caller "
                                  "owns it or is an administrator.")
    async def audit_trail(self, info: Info) -> list[AuditEvent] | None:
        return await trail(info, self.id, policy.may_read_audit(info.context.actor,
                                                                  self.member_ids))

    @strawberry.field(description="What the proposer wrote; until the invitee accepts, only "
                                  "the members (and administrators) read it.")
    def purpose(self, info: Info) -> str | None:
        allowed = policy.may_read_purpose(info.context.actor, self.member_ids, self.status.value)
        return self.proposal if allowed else None

    @strawberry.field(description="The members, the proposer first.")
    async def members(self, info: Info) -> list[Stakeholder]:
        found = await info.context.loaders.stakeholders_by_id.load_many(self.member_ids)
        return [Stakeholder.from_model(m) for m in found if m is not None]

    @strawberry.field(description="The member that proposed it.")
    async def proposed_by(self, info: Info) -> Stakeholder:
        m = await info.context.loaders.stakeholders_by_id.load(self.proposed_by_id)
        if m is None:
            raise LookupError(f"partnership {self.id} has no proposer")
        return Stakeholder.from_model(m)
