"""Occupation: SOC 2018 groups and O*NET-SOC occupations."""

from __future__ import annotations

import strawberry

from api.context import Info
from api.types.credential import CredentialConnection, credential_connection
from graph.models import OccupationModel


@strawberry.federation.type(keys=["id"], description=(
    "An occupation: a SOC 2018 group (MAJOR, MINOR, BROAD, DETAILED) or an O*NET-SOC "
    "occupation (ONET)."))
class Occupation:
    id: strawberry.ID
    code: str = strawberry.field(description="SOC code (15-1252) or O*NET-SOC code (15-1252.00).")
    title: str
    description: str | None
    level: str

    @classmethod
    def from_model(cls, m: OccupationModel) -> Occupation:
        return cls(id=strawberry.ID(m.id), code=m.code, title=m.title, description=m.description,
                   level=m.level)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Occupation | None:
        m = await info.context.loaders.occupations_by_id.load(id)
        return cls.from_model(m) if m is not None else None

    @strawberry.field(description="The SOC group it belongs to.")
    async def broader(self, info: Info) -> Occupation | None:
        m = await info.context.loaders.broader_occupation_by_occupation.load(self.id)
        return Occupation.from_model(m) if m is not None else None

    @strawberry.field(description="Occupations within it.")
    async def narrower(self, info: Info) -> list[Occupation]:
        found = await info.context.loaders.narrower_occupations_by_occupation.load(self.id)
        return [Occupation.from_model(m) for m in found]

    @strawberry.field(description="Credentials that lead to this occupation or one within it.")
    def credentials(self, info: Info, first: int | None = 20,
                          after: str | None = None) -> CredentialConnection:
        return credential_connection(info, "by_occupation", self.id, first, after)
