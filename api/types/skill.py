"""Skill (a federation entity), its connection and filter, and fields of education."""

from __future__ import annotations

import strawberry

from api.context import Info
from api.types.common import Connection, CountFn, connection
from api.types.credential import CredentialConnection, credential_connection
from graph.models import FieldOfEducationModel, SkillModel
from graph.models import SkillFilter as SkillFilterArgs
from graph.pagination import Page


@strawberry.type(description=(
    "An ISCED-F field of education (UNESCO's ISCED 2013 fields, e.g. 0613 \"software and "
    "applications development and analysis\"): ESCO groups knowledge by them, and places "
    "some skills under one."))
class FieldOfEducation:
    id: strawberry.ID = strawberry.field(description="`isced-f:` and the code.")
    code: str = strawberry.field(description="The ISCED-F code, e.g. 0613.")
    name: str
    uri: str | None
    description: str | None

    @classmethod
    def from_model(cls, m: FieldOfEducationModel) -> FieldOfEducation:
        return cls(id=strawberry.ID(m.id), code=m.code, name=m.name, uri=m.uri,
                   description=m.description)


@strawberry.federation.type(keys=["id"], description=(
    "A skill, from a framework such as ESCO, or one an organization defined."))
class Skill:
    id: strawberry.ID
    name: str
    description: str | None
    framework: str = strawberry.field(description="ESCO, ONET, OSN_RSD, LIGHTCAST, CUSTOM...")
    code: str | None
    uri: str | None
    alt_labels: list[str] = strawberry.field(description="Other names for the skill.")

    @classmethod
    def from_model(cls, m: SkillModel) -> Skill:
        return cls(id=strawberry.ID(m.id), name=m.name, description=m.description,
                   framework=m.framework, code=m.code, uri=m.uri, alt_labels=m.altLabels)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Skill | None:
        m = await info.context.loaders.skills_by_id.load(id)
        return cls.from_model(m) if m is not None else None

    @strawberry.field(description=(
        "The broader skill or skill group: the first of `broaderSkills`."))
    async def broader(self, info: Info) -> Skill | None:
        m = await info.context.loaders.broader_skill_by_skill.load(self.id)
        return Skill.from_model(m) if m is not None else None

    @strawberry.field(description=(
        "Every broader skill or skill group, in the framework's order (ESCO lists several "
        "for many skills)."))
    async def broader_skills(self, info: Info) -> list[Skill]:
        return [Skill.from_model(m)
                for m in await info.context.loaders.broader_skills_by_skill.load(self.id)]

    @strawberry.field(description=(
        "Fields of education the framework places this skill under, in its order."))
    async def fields_of_education(self, info: Info) -> list[FieldOfEducation]:
        return [FieldOfEducation.from_model(m)
                for m in await info.context.loaders.fields_of_education_by_skill.load(self.id)]

    @strawberry.field(description="Narrower skills.")
    async def narrower(self, info: Info) -> list[Skill]:
        return [Skill.from_model(m)
                for m in await info.context.loaders.narrower_skills_by_skill.load(self.id)]

    @strawberry.field(description="Credentials that evidence this skill.")
    def credentials(self, info: Info, first: int | None = 20,
                          after: str | None = None) -> CredentialConnection:
        return credential_connection(info, "by_skill", self.id, first, after)


@strawberry.type(description="A page of skills.")
class SkillConnection(Connection[Skill]):
    """The generic Connection, named as the contract names it."""


def skill_page(page: Page[SkillModel], count: CountFn) -> SkillConnection:
    return connection(SkillConnection, page, Skill.from_model, count)


@strawberry.input(description="Fields combine with AND.")
class SkillFilter:
    framework: str | None = None
    text: str | None = strawberry.field(default=None, description=(
        "Words in the name, other names or description; prefixes and small typos match."))

    def to_args(self) -> SkillFilterArgs:
        return SkillFilterArgs(framework=self.framework, text=self.text)
