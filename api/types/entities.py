"""The federation entities: for each, the DataLoader that reads it by id and how its
model becomes the GraphQL type. `_entities` (api/schema.py) reads a whole batch of
representations with one `load_many` per type, instead of one coroutine per
representation (each its own asyncio task in graphql-core)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from api.types.credential import Credential
from api.types.occupation import Occupation
from api.types.partnership import Partnership
from api.types.skill import Skill
from api.types.stakeholder import Stakeholder
from api.types.standard import Standard

ENTITIES: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "Stakeholder": ("stakeholders_by_id", Stakeholder.from_model),
    "Credential": ("credentials_by_id", Credential.from_model),
    "Skill": ("skills_by_id", Skill.from_model),
    "Standard": ("standards_by_id", Standard.from_model),
    "Partnership": ("partnerships_by_id", Partnership.from_model),
    "Occupation": ("occupations_by_id", Occupation.from_model),
}
