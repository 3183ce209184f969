"""Mutation inputs, and their conversion to the write commands' arguments."""

from __future__ import annotations

import strawberry

from api.types.enums import CredentialType, EcosystemRole, Stage, StakeholderGroup
from graph.models import CredentialInput, Registration, SkillInput, StakeholderChanges


def _values(items: list[StakeholderGroup] | list[EcosystemRole] | list[Stage] | None
            ) -> list[str] | None:
    return [i.value for i in items] if items is not None else None


def _ids(items: list[strawberry.ID] | None) -> list[str] | None:
    return [str(i) for i in items] if items is not None else None


@strawberry.input(description="A new organization. `contactEmail` is kept private.")
class RegisterStakeholderInput:
    name: str
    groups: list[StakeholderGroup]
    roles: list[EcosystemRole] | None = None
    stages: list[Stage] | None = None
    description: str | None = None
    website: str = strawberry.field(description="Its http(s) website; one registration per host.")
    location: str | None = None
    did: str | None = None
    contact_email: str = strawberry.field(description="Never shown through the API.")
    standard_ids: list[strawberry.ID] | None = None

    def to_command(self) -> Registration:
        return Registration(name=self.name, groups=_values(self.groups) or [],
                            website=self.website, contact_email=self.contact_email,
                            roles=_values(self.roles), stages=_values(self.stages),
                            description=self.description, location=self.location, did=self.did,
                            standard_ids=_ids(self.standard_ids))


@strawberry.input(description="Fields left out (or null) stay as they are; lists replace.")
class UpdateStakeholderInput:
    id: strawberry.ID
    name: str | None = None
    groups: list[StakeholderGroup] | None = None
    roles: list[EcosystemRole] | None = None
    stages: list[Stage] | None = None
    description: str | None = None
    website: str | None = None
    location: str | None = None
    standard_ids: list[strawberry.ID] | None = None

    def to_command(self) -> StakeholderChanges:
        return StakeholderChanges(id=str(self.id), name=self.name, groups=_values(self.groups),
                                  roles=_values(self.roles), stages=_values(self.stages),
                                  description=self.description, website=self.website,
                                  location=self.location, standard_ids=_ids(self.standard_ids))


@strawberry.input
class AddCredentialInput:
    name: str
    type: CredentialType
    description: str | None = None
    url: str | None = None
    ctid: str | None = None
    skill_ids: list[strawberry.ID] | None = None
    standard_ids: list[strawberry.ID] | None = None

    def to_command(self) -> CredentialInput:
        return CredentialInput(name=self.name, type=self.type.value, description=self.description,
                               url=self.url, ctid=self.ctid, skill_ids=_ids(self.skill_ids),
                               standard_ids=_ids(self.standard_ids))


@strawberry.input(description="Fields left out (or null) stay as they are; lists replace.")
class UpdateCredentialInput:
    id: strawberry.ID
    name: str | None = None
    type: CredentialType | None = None
    description: str | None = None
    url: str | None = None
    ctid: str | None = None
    skill_ids: list[strawberry.ID] | None = None
    standard_ids: list[strawberry.ID] | None = None

    def to_command(self) -> CredentialInput:
        return CredentialInput(id=str(self.id), name=self.name,
                               type=self.type.value if self.type else None,
                               description=self.description, url=self.url, ctid=self.ctid,
                               skill_ids=_ids(self.skill_ids), standard_ids=_ids(self.standard_ids))


@strawberry.input
class AddSkillInput:
    name: str
    framework: str
    code: str | None = None
    uri: str | None = None
    description: str | None = None
    broader_id: strawberry.ID | None = None

    def to_command(self) -> SkillInput:
        return SkillInput(name=self.name, framework=self.framework, code=self.code, uri=self.uri,
                          description=self.description,
                          broader_id=str(self.broader_id) if self.broader_id else None)


@strawberry.input
class ProposePartnershipInput:
    partner_id: strawberry.ID
    purpose: str | None = None
