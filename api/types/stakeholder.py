"""Stakeholder (a federation entity), its connection, filter and partner suggestions."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from api.context import Info
from api.errors import suggestion_count
from api.lookahead import settled
from api.types.audit import AuditEvent, trail
from api.types.common import Connection, CountFn, connection, nested_connection
from api.types.enums import (
    EcosystemRole,
    PartnershipStatus,
    Stage,
    StakeholderGroup,
    VerificationStatus,
)
from api.types.standard import Standard
from graph import policy
from graph.formats import ctdl, ob3
from graph.models import ApiKeyModel, StakeholderModel, StakeholderRelation
from graph.models import StakeholderFilter as StakeholderFilterArgs
from graph.pagination import Page

if TYPE_CHECKING:
    from api.types.credential import CredentialConnection
    from api.types.partnership import Partnership

CredentialConnectionType = Annotated["CredentialConnection",
                                     strawberry.lazy("api.types.credential")]
PartnershipType = Annotated["Partnership", strawberry.lazy("api.types.partnership")]


@strawberry.federation.type(keys=["id"], description=(
    "An organization in the LER ecosystem: which groups it belongs to, what it does "
    "with LERs, what it issues and accepts, and whom it partners with."))
class Stakeholder:
    id: strawberry.ID
    slug: str = strawberry.field(description="URL-friendly unique name.")
    name: str
    groups: list[StakeholderGroup]
    roles: list[EcosystemRole]
    stages: list[Stage] = strawberry.field(description="The map's stages it is active in.")
    description: str | None
    website: str | None
    location: str | None
    did: str | None = strawberry.field(description="A Decentralized Identifier it issues under.")
    ctid: str | None = strawberry.field(description=(
        "Its Credential Engine CTID (ce-<uuid>), minted once when the record was made; its "
        "CTDL export is at /ctdl/<ctid>."))
    verification: VerificationStatus
    domain_verified_at: datetime | None = strawberry.field(description=(
        "When it proved control of its website's domain (verifyDomain); null if it has not, "
        "or since it changed its website."))
    demo: bool = strawberry.field(description="True for invented demonstration records.")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, m: StakeholderModel) -> Stakeholder:
        return cls(id=strawberry.ID(m.id), slug=m.slug, name=m.name,
                   groups=[StakeholderGroup(g) for g in m.groups],
                   roles=[EcosystemRole(r) for r in m.roles], stages=[Stage(s) for s in m.stages],
                   description=m.description, website=m.website, location=m.location, did=m.did,
                   ctid=m.ctid,
                   verification=VerificationStatus(m.verification),
                   domain_verified_at=m.domainVerifiedAt, demo=m.demo,
                   created_at=m.createdAt, updated_at=m.updatedAt)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Stakeholder | None:
        return maybe(await info.context.loaders.stakeholders_by_id.load(id))

    @strawberry.field(description="Who changed this record and when; null unless the caller "
                                  "owns it or is an administrator.")
    async def audit_trail(self, info: Info) -> list[AuditEvent] | None:
        return await trail(info, self.id, policy.may_read_audit(info.context.actor, [self.id]))

    @strawberry.field(description=(
        "This organization as a CTDL (Credential Engine) JSON-LD document: the same as "
        "GET /ctdl/<ctid>."))
    def ctdl(self, info: Info) -> JSON:
        return JSON(ctdl.organization(self.model(), info.context.settings.public_base_url))

    def model(self) -> StakeholderModel:
        """Back to the repository's model, for the pure format mappings."""
        return StakeholderModel(
            id=self.id, slug=self.slug, name=self.name, groups=[g.value for g in self.groups],
            roles=[r.value for r in self.roles], stages=[s.value for s in self.stages],
            description=self.description, website=self.website, location=self.location,
            did=self.did, ctid=self.ctid, verification=self.verification.value,
            domainVerifiedAt=self.domain_verified_at, demo=self.demo,
            createdAt=self.created_at, updatedAt=self.updated_at)

    @strawberry.field(description="Its live API keys, newest first (prefixes, never the keys); "
                                  "null unless the caller owns it or is an administrator.")
    async def api_keys(self, info: Info) -> list[ApiKey] | None:
        if not policy.may_act_on(info.context.actor, self.id):
            return None
        return [ApiKey.from_model(m)
                for m in await info.context.loaders.api_keys_by_stakeholder.load(self.id)]

    @strawberry.field(description=(
        "This organization as an Open Badges 3.0 Profile (JSON-LD), the document served at "
        "its `id`, /ob3/profiles/<id>."))
    def open_badge_profile(self, info: Info) -> JSON:
        return JSON(ob3.profile_document(info.context.settings.public_base_url, self))

    @strawberry.field(description="Standards it supports.")
    def standards(self, info: Info) -> list[Standard]:
        return settled(info.context.loaders.standards_by_stakeholder, self.id,
                       lambda found: [Standard.from_model(m) for m in found])

    @strawberry.field(description="Credentials this stakeholder issues.")
    def credentials(self, info: Info, first: int | None = 20,
                    after: str | None = None) -> CredentialConnectionType:
        from api.types.credential import credential_connection
        return credential_connection(info, "by_issuer", self.id, first, after)

    @strawberry.field(description="Credentials this stakeholder accepts "
                                  "(for hiring, admission, licensing...).")
    def accepted_credentials(self, info: Info, first: int | None = 20,
                             after: str | None = None) -> CredentialConnectionType:
        from api.types.credential import credential_connection
        return credential_connection(info, "accepted_by", self.id, first, after)

    @strawberry.field(description="Its partnerships, optionally of one status.")
    async def partnerships(self, info: Info,
                           status: PartnershipStatus | None = None) -> list[PartnershipType]:
        from api.types.partnership import Partnership
        key = (self.id, status.value if status else None)
        found = await info.context.loaders.partnerships_by_stakeholder.load(key)
        return [Partnership.from_model(m) for m in found]

    @strawberry.field(description="The other members of this stakeholder's ACTIVE partnerships.")
    def partners(self, info: Info) -> list[Stakeholder]:
        return settled(info.context.loaders.partners_by_stakeholder, self.id,
                       lambda found: [Stakeholder.from_model(m) for m in found])

    @strawberry.field(description="Organizations it could partner with, best first, with reasons.")
    def suggested_partners(self, info: Info, first: int | None = 5) -> list[PartnerSuggestion]:
        count = suggestion_count(first, info.context.settings.max_page_size)
        return settled(info.context.loaders.suggestions_by_stakeholder, (self.id, count),
                       lambda found: [PartnerSuggestion(stakeholder=Stakeholder.from_model(node),
                                                        score=s.score, reasons=s.reasons)
                                      for node, s in found])


@strawberry.type(description="An API key, named by its prefix; revoke it with revokeApiKey.")
class ApiKey:
    prefix: str = strawberry.field(description="The key's first characters, e.g. lerk_AbCd1234.")
    label: str | None
    created_at: datetime
    last_used_at: datetime | None = strawberry.field(description=(
        "When it last made a request, to the quarter hour; null if never."))

    @classmethod
    def from_model(cls, m: ApiKeyModel) -> ApiKey:
        return cls(prefix=m.prefix, label=m.label, created_at=m.createdAt,
                   last_used_at=m.lastUsedAt)


def maybe(m: StakeholderModel | None) -> Stakeholder | None:
    return Stakeholder.from_model(m) if m is not None else None


@strawberry.type(description="A suggested partner, its score, and why.")
class PartnerSuggestion:
    stakeholder: Stakeholder
    score: float
    reasons: list[str] = strawberry.field(description=(
        "Why, in words a person reads: shared skills, complementary roles, common standards..."))


@strawberry.type(description="A page of stakeholders.")
class StakeholderConnection(Connection[Stakeholder]):
    """The generic Connection, named as the contract names it."""


def stakeholder_page(page: Page[StakeholderModel], count: CountFn) -> StakeholderConnection:
    return connection(StakeholderConnection, page, Stakeholder.from_model, count)


def stakeholder_connection(info: Info, relation: StakeholderRelation, parent_id: str,
                           first: int | None, after: str | None) -> StakeholderConnection:
    """A nested page of stakeholders under a parent (one batch query per level)."""
    loaders = info.context.loaders
    return nested_connection(info, StakeholderConnection, Stakeholder.from_model,
                             loaders.stakeholder_pages[relation],
                             loaders.stakeholder_counts[relation], parent_id, first, after)


@strawberry.input(description="Fields combine with AND; a list matches any of its values.")
class StakeholderFilter:
    groups: list[StakeholderGroup] | None = None
    roles: list[EcosystemRole] | None = None
    verification: list[VerificationStatus] | None = None
    standard_ids: list[strawberry.ID] | None = None
    text: str | None = strawberry.field(default=None, description=(
        "Words in the name, description or location; prefixes and small typos match."))

    def to_args(self) -> StakeholderFilterArgs:
        def values(items: list[StakeholderGroup] | list[EcosystemRole]
                   | list[VerificationStatus] | None) -> tuple[str, ...] | None:
            return tuple(i.value for i in items) if items is not None else None
        return StakeholderFilterArgs(
            groups=values(self.groups), roles=values(self.roles),
            verification=values(self.verification),
            standard_ids=tuple(self.standard_ids) if self.standard_ids is not None else None,
            text=self.text)
