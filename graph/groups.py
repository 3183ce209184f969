"""The map's stakeholder groups and their actions."""

from __future__ import annotations

from collections.abc import Sequence

from graph.db import Database
from graph.models import ActionModel, StakeholderGroupModel

STAGE_ORDER = {"DEVELOPING": 0, "ISSUING": 1, "USING": 2, "ADOPTING": 3}


async def all_groups(db: Database) -> list[StakeholderGroupModel]:
    records = await db.read("groups/read_all")
    return [StakeholderGroupModel(**r["group"]) for r in records]


async def actions_by_group(db: Database, keys: Sequence[str],
                           stage: str | None) -> dict[str, list[ActionModel]]:
    records = await db.read("groups/read_actions_by_group", keys=list(keys), stage=stage)
    out = {r["key"]: [ActionModel(**a) for a in r["actions"]] for r in records}
    for actions in out.values():  # the map's order: Developing, Issuing, Using, Adopting
        actions.sort(key=lambda a: (STAGE_ORDER[a.stage or ""], a.position))
    return out


async def area_actions_by_group(db: Database, keys: Sequence[str],
                                area: str | None) -> dict[str, list[ActionModel]]:
    records = await db.read("groups/read_areas_by_group", keys=list(keys), area=area)
    return {r["key"]: [ActionModel(**a) for a in r["actions"]] for r in records}
