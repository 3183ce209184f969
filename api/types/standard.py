"""Standard (a federation entity): Open Badges, CLR, Verifiable Credentials..."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from api.context import Info
from graph.models import StandardModel

if TYPE_CHECKING:
    from api.types.stakeholder import StakeholderConnection

StakeholderConnectionType = Annotated["StakeholderConnection",
                                      strawberry.lazy("api.types.stakeholder")]


@strawberry.federation.type(keys=["id"], description="A data or credential standard.")
class Standard:
    id: strawberry.ID
    name: str
    version: str | None
    url: str | None
    description: str | None

    @classmethod
    def from_model(cls, m: StandardModel) -> Standard:
        return cls(id=strawberry.ID(m.id), name=m.name, version=m.version, url=m.url,
                   description=m.description)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Standard | None:
        m = await info.context.loaders.standards_by_id.load(id)
        return cls.from_model(m) if m is not None else None

    @strawberry.field(description="Stakeholders that support this standard.")
    def adopters(self, info: Info, first: int | None = 20,
                       after: str | None = None) -> StakeholderConnectionType:
        from api.types.stakeholder import stakeholder_connection
        return stakeholder_connection(info, "by_standard", self.id, first, after)
