"""StakeholderGroupInfo and Action: the map's reference content."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from api.context import Info
from api.types.enums import ActionArea, Stage, StakeholderGroup
from graph.models import ActionModel, StakeholderGroupModel

if TYPE_CHECKING:
    from api.types.stakeholder import StakeholderConnection

StakeholderConnectionType = Annotated["StakeholderConnection",
                                      strawberry.lazy("api.types.stakeholder")]


@strawberry.type(description="One of the map's actions: what a group can do at a stage.")
class Action:
    id: strawberry.ID
    group: StakeholderGroup
    stage: Stage
    text: str

    @classmethod
    def from_model(cls, m: ActionModel) -> Action:
        return cls(id=strawberry.ID(m.id), group=StakeholderGroup(m.group),
                   stage=Stage(m.stage), text=m.text)


@strawberry.type(description="An item of one of the map's action areas for a group.")
class AreaAction:
    id: strawberry.ID
    group: StakeholderGroup
    area: ActionArea
    text: str

    @classmethod
    def from_model(cls, m: ActionModel) -> AreaAction:
        return cls(id=strawberry.ID(m.id), group=StakeholderGroup(m.group),
                   area=ActionArea(m.area), text=m.text)


@strawberry.type(description="A stakeholder group of the map, with its definition and actions.")
class StakeholderGroupInfo:
    group: StakeholderGroup
    name: str
    definition: str
    examples: str | None

    @classmethod
    def from_model(cls, m: StakeholderGroupModel) -> StakeholderGroupInfo:
        return cls(group=StakeholderGroup(m.key), name=m.name, definition=m.definition,
                   examples=m.examples)

    @strawberry.field(description="The group's actions, in stage order; `stage` picks one stage.")
    async def actions(self, info: Info, stage: Stage | None = None) -> list[Action]:
        key = (self.group.value, stage.value if stage else None)
        return [Action.from_model(a) for a in await info.context.loaders.actions_by_group.load(key)]

    @strawberry.field(description="The group's action areas (promoting, building, gathering, "
                                  "supporting); `area` picks one.")
    async def area_actions(self, info: Info, area: ActionArea | None = None) -> list[AreaAction]:
        key = (self.group.value, area.value if area else None)
        loaded = await info.context.loaders.area_actions_by_group.load(key)
        return [AreaAction.from_model(a) for a in loaded]

    @strawberry.field(description="Stakeholders in this group, in name order.")
    def stakeholders(self, info: Info, first: int | None = 20,
                           after: str | None = None) -> StakeholderConnectionType:
        from api.types.stakeholder import stakeholder_connection
        return stakeholder_connection(info, "in_group", self.group.value, first, after)
