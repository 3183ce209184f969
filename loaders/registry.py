"""The per-request set of DataLoaders, named `<things>_by_<key>`."""

from __future__ import annotations

from functools import partial

from graph import groups
from graph.db import Database
from graph.models import ActionModel, StakeholderGroupModel
from loaders.batch import by_key_and_arg


class Loaders:
    """One instance per request: its caches must not outlive the request.

    Attributes are DataLoaders for nested fields; methods are the root-level
    reads. Together they are the API layer's only way into `graph/`.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self.actions_by_group = by_key_and_arg(
            partial(groups.actions_by_group, db), default=list[ActionModel])
        self.area_actions_by_group = by_key_and_arg(
            partial(groups.area_actions_by_group, db), default=list[ActionModel])

    async def groups(self) -> list[StakeholderGroupModel]:
        return await groups.all_groups(self.db)
