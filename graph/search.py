"""Search across stakeholders, credentials and skills, and the whole-map view."""

from __future__ import annotations

from graph import repo
from graph.db import Database
from graph.models import (
    CredentialModel,
    MapEdgeModel,
    MapNodeModel,
    SkillModel,
    StakeholderModel,
)
from graph.text_query import lucene_query

MODELS: dict[str, type[StakeholderModel] | type[CredentialModel] | type[SkillModel]] = {
    "Stakeholder": StakeholderModel, "Credential": CredentialModel, "Skill": SkillModel}

Hit = tuple[float, StakeholderModel | CredentialModel | SkillModel]


async def search(db: Database, text: str, first: int) -> list[Hit]:
    query = lucene_query(text)
    if query is None or first == 0:
        return []
    records = await db.read("search/search", text=query, limit=first)
    return [(float(r["score"]), repo.to_model(MODELS[r["kind"]], r["node"])) for r in records]


async def ecosystem(db: Database, groups: list[str] | None, edge_kinds: list[str] | None = None
                    ) -> tuple[list[MapNodeModel], list[MapEdgeModel]]:
    """The map's nodes and edges; `edge_kinds` (None: all) leaves the other kinds unread."""
    records = await db.read("map/ecosystem", groups=groups, edgeKinds=edge_kinds)
    if not records:
        return [], []
    row = records[0]
    return ([MapNodeModel(**n) for n in row["nodes"]], [MapEdgeModel(**e) for e in row["edges"]])
