"""The root Query type."""

from __future__ import annotations

import strawberry

from api.context import Info
from api.types.groups import StakeholderGroupInfo


@strawberry.type
class Query:
    @strawberry.field(description="The map's ten stakeholder groups, with definitions and actions.")
    async def stakeholder_groups(self, info: Info) -> list[StakeholderGroupInfo]:
        return [StakeholderGroupInfo.from_model(g) for g in await info.context.loaders.groups()]
