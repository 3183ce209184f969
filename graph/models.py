"""What repositories return: plain pydantic models, never driver records.

GraphQL types in `api/types/` are built from these with `from_model`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator


class Model(BaseModel):
    model_config = ConfigDict(frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _native_time(cls, value: Any) -> Any:
        # neo4j.time.DateTime -> datetime.datetime
        to_native = getattr(value, "to_native", None)
        return to_native() if callable(to_native) else value


class StakeholderGroupModel(Model):
    key: str
    name: str
    definition: str
    examples: str | None = None
    slug: str


class ActionModel(Model):
    id: str
    group: str
    stage: str | None = None
    area: str | None = None
    text: str
    position: int


class StakeholderModel(Model):
    id: str
    slug: str
    name: str
    groups: list[str] = []
    roles: list[str] = []
    stages: list[str] = []
    description: str | None = None
    website: str | None = None
    location: str | None = None
    did: str | None = None
    verification: str = "PENDING"
    demo: bool = False
    source: str | None = None
    createdAt: datetime
    updatedAt: datetime


class CredentialModel(Model):
    id: str
    name: str
    description: str | None = None
    type: str
    url: str | None = None
    ctid: str | None = None
    issuerId: str
    demo: bool = False
    createdAt: datetime
    updatedAt: datetime


class SkillModel(Model):
    id: str
    name: str
    description: str | None = None
    framework: str
    code: str | None = None
    uri: str | None = None
    altLabels: list[str] = []
    broaderId: str | None = None


class StandardModel(Model):
    id: str
    name: str
    version: str | None = None
    url: str | None = None
    description: str | None = None


class PartnershipModel(Model):
    id: str
    status: str
    purpose: str | None = None
    proposedById: str
    memberIds: list[str]
    demo: bool = False
    createdAt: datetime
    updatedAt: datetime


class OccupationModel(Model):
    id: str
    code: str
    title: str
    description: str | None = None
    level: str
    broaderId: str | None = None


class PartnerSuggestionModel(Model):
    stakeholderId: str
    score: float
    reasons: list[str]


class MapNodeModel(Model):
    id: str
    label: str
    kind: str
    groups: list[str] = []


class MapEdgeModel(Model):
    source: str
    target: str
    kind: str
