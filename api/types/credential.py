"""Credential (a federation entity), its connection and filter."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from api.context import Info
from api.lookahead import settled
from api.types.audit import AuditEvent, trail
from api.types.common import Connection, CountFn, connection, nested_connection
from api.types.enums import CredentialType
from api.types.standard import Standard
from graph import policy
from graph.formats import ctdl
from graph.models import CredentialFilter as CredentialFilterArgs
from graph.models import (
    CredentialModel,
    CredentialRelation,
    CtdlCredentialModel,
    StakeholderModel,
)
from graph.pagination import Page
from loaders import ob3

if TYPE_CHECKING:
    from api.types.occupation import Occupation
    from api.types.skill import Skill
    from api.types.stakeholder import Stakeholder, StakeholderConnection

StakeholderType = Annotated["Stakeholder", strawberry.lazy("api.types.stakeholder")]
StakeholderConnectionType = Annotated["StakeholderConnection",
                                      strawberry.lazy("api.types.stakeholder")]
SkillType = Annotated["Skill", strawberry.lazy("api.types.skill")]
OccupationType = Annotated["Occupation", strawberry.lazy("api.types.occupation")]


@strawberry.federation.type(keys=["id"], description=(
    "A credential an organization issues: a badge, certificate, degree, license..."))
class Credential:
    id: strawberry.ID
    name: str
    description: str | None
    type: CredentialType
    url: str | None
    ctid: str | None = strawberry.field(description=(
        "Credential Engine CTID (ce-<uuid>): the one given where the credential is published "
        "there, else one minted once when it was added; its CTDL export is at /ctdl/<ctid>."))
    demo: bool = strawberry.field(description="True for invented demonstration records.")
    created_at: datetime
    updated_at: datetime
    issuer_id: strawberry.Private[str]

    @classmethod
    def from_model(cls, m: CredentialModel) -> Credential:
        return cls(id=strawberry.ID(m.id), name=m.name, description=m.description,
                   type=CredentialType(m.type), url=m.url, ctid=m.ctid, demo=m.demo,
                   created_at=m.createdAt, updated_at=m.updatedAt, issuer_id=m.issuerId)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Credential | None:
        m = await info.context.loaders.credentials_by_id.load(id)
        return cls.from_model(m) if m is not None else None

    @strawberry.field(description="Who changed this record and when; null unless the caller "
                                  "owns it or is an administrator.")
    async def audit_trail(self, info: Info) -> list[AuditEvent] | None:
        return await trail(info, self.id,
                           policy.may_read_audit(info.context.actor, [self.issuer_id]))

    @strawberry.field(description="The stakeholder that issues it.")
    def issuer(self, info: Info) -> StakeholderType:
        from api.types.stakeholder import Stakeholder

        def found(m: StakeholderModel | None) -> Stakeholder:
            if m is None:  # every credential has an issuer; a missing one is a fault
                raise LookupError(f"credential {self.id} has no issuer")
            return Stakeholder.from_model(m)

        return settled(info.context.loaders.stakeholders_by_id, self.issuer_id, found)

    @strawberry.field(description="Skills it evidences.")
    def skills(self, info: Info) -> list[SkillType]:
        from api.types.skill import Skill
        return settled(info.context.loaders.skills_by_credential, self.id,
                       lambda found: [Skill.from_model(m) for m in found])

    @strawberry.field(description="Standards it conforms to.")
    def standards(self, info: Info) -> list[Standard]:
        return settled(info.context.loaders.standards_by_credential, self.id,
                       lambda found: [Standard.from_model(m) for m in found])

    @strawberry.field(description="Occupations (SOC / O*NET-SOC) it prepares for.")
    async def occupations(self, info: Info) -> list[OccupationType]:
        from api.types.occupation import Occupation
        return [Occupation.from_model(m)
                for m in await info.context.loaders.occupations_by_credential.load(self.id)]

    @strawberry.field(description=(
        "This credential as an Open Badges 3.0 Achievement (JSON-LD), the document served at "
        "its `id`, /ob3/achievements/<id>: issuer as `creator`, skills, occupations and "
        "standards as `alignment`."))
    async def open_badge_achievement(self, info: Info) -> JSON:
        model = CredentialModel(
            id=self.id, name=self.name, description=self.description, type=self.type.value,
            url=self.url, ctid=self.ctid, issuerId=self.issuer_id, demo=self.demo,
            createdAt=self.created_at, updatedAt=self.updated_at)
        return JSON(await ob3.achievement(info.context.loaders,
                                          info.context.settings.public_base_url, model))

    @strawberry.field(description=(
        "This credential as a CTDL (Credential Engine) JSON-LD document, of the ceterms: "
        "class of its type: the same as GET /ctdl/<ctid>."))
    async def ctdl(self, info: Info) -> JSON:
        loaders = info.context.loaders
        issuer = await loaders.stakeholders_by_id.load(self.issuer_id)
        model = CtdlCredentialModel(
            id=self.id, name=self.name, description=self.description, type=self.type.value,
            url=self.url, ctid=self.ctid, issuerId=self.issuer_id, demo=self.demo,
            createdAt=self.created_at, updatedAt=self.updated_at,
            issuerCtid=issuer.ctid if issuer is not None else None,
            skills=await loaders.skills_by_credential.load(self.id),
            occupations=await loaders.occupations_by_credential.load(self.id))
        return JSON(ctdl.credential(model, info.context.settings.public_base_url))

    @strawberry.field(description="Stakeholders that accept it.")
    def accepted_by(self, info: Info, first: int | None = 20,
                    after: str | None = None) -> StakeholderConnectionType:
        from api.types.stakeholder import stakeholder_connection
        return stakeholder_connection(info, "accepting", self.id, first, after)


@strawberry.type(description="A page of credentials.")
class CredentialConnection(Connection[Credential]):
    """The generic Connection, named as the contract names it."""


def credential_page(page: Page[CredentialModel], count: CountFn) -> CredentialConnection:
    return connection(CredentialConnection, page, Credential.from_model, count)


def credential_connection(info: Info, relation: CredentialRelation, parent_id: str,
                          first: int | None, after: str | None) -> CredentialConnection:
    """A nested page of credentials under a parent (one batch query per level)."""
    loaders = info.context.loaders
    return nested_connection(info, CredentialConnection, Credential.from_model,
                             loaders.credential_pages[relation],
                             loaders.credential_counts[relation], parent_id, first, after)


@strawberry.input(description="Fields combine with AND; a list matches any of its values.")
class CredentialFilter:
    issuer_id: strawberry.ID | None = None
    types: list[CredentialType] | None = None
    skill_ids: list[strawberry.ID] | None = None
    text: str | None = strawberry.field(default=None, description=(
        "Words in the name or description; prefixes and small typos match."))

    def to_args(self) -> CredentialFilterArgs:
        return CredentialFilterArgs(
            issuer_id=self.issuer_id,
            types=tuple(t.value for t in self.types) if self.types is not None else None,
            skill_ids=tuple(self.skill_ids) if self.skill_ids is not None else None,
            text=self.text)
