"""The whole-map view and cross-type search results."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.types.credential import Credential
from api.types.enums import EcosystemRole, Stage, StakeholderGroup
from api.types.skill import Skill
from api.types.stakeholder import Stakeholder
from graph.models import CredentialModel, MapEdgeModel, MapNodeModel, SkillModel, StakeholderModel


@strawberry.type(description="A node of the map: a stakeholder (kind STAKEHOLDER) or a "
                             "stakeholder group (kind GROUP).")
class MapNode:
    id: strawberry.ID
    label: str
    kind: str
    groups: list[StakeholderGroup]
    # What the map's filters need, so one request draws and filters the whole map.
    roles: list[EcosystemRole] = strawberry.field(
        description="A stakeholder's roles (empty for a group).")
    stages: list[Stage] = strawberry.field(
        description="The stages a stakeholder is active in (empty for a group).")
    standard_ids: list[strawberry.ID] = strawberry.field(
        description="Ids of the standards a stakeholder supports (empty for a group).")

    @classmethod
    def from_model(cls, m: MapNodeModel) -> MapNode:
        return cls(id=strawberry.ID(m.id), label=m.label, kind=m.kind,
                   groups=[StakeholderGroup(g) for g in m.groups],
                   roles=[EcosystemRole(r) for r in m.roles],
                   stages=[Stage(s) for s in m.stages],
                   standard_ids=[strawberry.ID(i) for i in m.standardIds])


@strawberry.type(description="An edge of the map: IN_GROUP (stakeholder -> group), PARTNERSHIP "
                             "(an ACTIVE one), CREDENTIAL_ACCEPTED (issuer -> a stakeholder that "
                             "accepts its credentials).")
class MapEdge:
    source: strawberry.ID
    target: strawberry.ID
    kind: str

    @classmethod
    def from_model(cls, m: MapEdgeModel) -> MapEdge:
        return cls(source=strawberry.ID(m.source), target=strawberry.ID(m.target), kind=m.kind)


@strawberry.type(description="Everything a map view needs in one request.")
class EcosystemGraph:
    nodes: list[MapNode]
    edges: list[MapEdge]


SearchItem = Annotated[Stakeholder | Credential | Skill,
                       strawberry.union("SearchItem", description="What search finds.")]


@strawberry.type(description="A search hit and its relevance (higher is better).")
class SearchResult:
    score: float
    item: SearchItem


def search_item(m: StakeholderModel | CredentialModel | SkillModel) -> SearchItem:
    if isinstance(m, StakeholderModel):
        return Stakeholder.from_model(m)
    if isinstance(m, CredentialModel):
        return Credential.from_model(m)
    return Skill.from_model(m)
