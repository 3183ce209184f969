"""The change feed: `changes(after, first, types, stakeholderId)`, each change with the
record it concerns (an entity a gateway can join, or what is left of a removed one)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from datetime import datetime
from enum import Enum
from typing import Annotated, cast

import strawberry

from api.context import Info
from api.errors import as_bad_input
from api.types.common import PageInfo
from api.types.credential import Credential
from api.types.entities import ENTITIES
from api.types.partnership import Partnership
from api.types.skill import Skill
from api.types.stakeholder import Stakeholder
from graph.models import ChangeModel, ChangePage
from graph.pagination import encode_sequence


@strawberry.enum(description="What a change did (graph/changes.py maps audit actions to these).")
class ChangeType(Enum):
    STAKEHOLDER_REGISTERED = "STAKEHOLDER_REGISTERED"
    STAKEHOLDER_UPDATED = "STAKEHOLDER_UPDATED"
    VERIFICATION_CHANGED = "VERIFICATION_CHANGED"
    DOMAIN_VERIFIED = "DOMAIN_VERIFIED"
    DOMAIN_VERIFICATION_REQUESTED = strawberry.enum_value(
        "DOMAIN_VERIFICATION_REQUESTED", description="Private: the stakeholder and administrators.")
    API_KEYS_CHANGED = strawberry.enum_value(
        "API_KEYS_CHANGED", description="Private: the stakeholder and administrators.")
    CREDENTIAL_ADDED = "CREDENTIAL_ADDED"
    CREDENTIAL_UPDATED = "CREDENTIAL_UPDATED"
    CREDENTIAL_REMOVED = "CREDENTIAL_REMOVED"
    CREDENTIAL_ACCEPTED = "CREDENTIAL_ACCEPTED"
    PARTNERSHIP_PROPOSED = "PARTNERSHIP_PROPOSED"
    PARTNERSHIP_ACTIVATED = "PARTNERSHIP_ACTIVATED"
    PARTNERSHIP_DECLINED = "PARTNERSHIP_DECLINED"
    PARTNERSHIP_ENDED = "PARTNERSHIP_ENDED"
    SKILL_ADDED = "SKILL_ADDED"
    IMPORT_COMPLETED = "IMPORT_COMPLETED"
    OTHER = "OTHER"


@strawberry.type(description="A record that is gone (or that this reader may no longer see): "
                             "its id and kind.")
class RemovedRecord:
    id: strawberry.ID
    record_type: str


@strawberry.type(description="One run of a public data set's import, summarised.")
class ImportRun:
    id: strawberry.ID
    source: str
    summary: str


ChangeEntity = Annotated[Stakeholder | Credential | Partnership | Skill | RemovedRecord | ImportRun,
                         strawberry.union("ChangeEntity")]
# The entity types a change can point at (a record of another type is shown removed).
ENTITY_TYPES = ("Stakeholder", "Credential", "Partnership", "Skill")


@strawberry.type(description="One change, in the feed's order.")
class Change:
    sequence: int = strawberry.field(description="Strictly increasing, without gaps in the feed.")
    at: datetime
    type: ChangeType
    record_id: strawberry.ID
    record_type: str = strawberry.field(description="Stakeholder, Credential, Partnership, "
                                                    "Skill or Import.")
    fields: list[str] = strawberry.field(description="Names of the fields that changed.")
    cursor: str = strawberry.field(description="Resume after this change (`after`).")
    _model: strawberry.Private[ChangeModel]

    @classmethod
    def from_model(cls, m: ChangeModel) -> Change:
        return cls(sequence=m.sequence, at=m.at, type=ChangeType(m.type),
                   record_id=strawberry.ID(m.recordId), record_type=m.recordType,
                   fields=m.changes, cursor=encode_sequence(m.sequence), _model=m)

    @strawberry.field(description="The record as it is now; a RemovedRecord when it is gone.")
    async def entity(self, info: Info) -> ChangeEntity:
        m = self._model
        if m.recordType == "Import":
            source = m.recordId.split(":")[1] if m.recordId.count(":") >= 2 else m.recordId
            return ImportRun(id=strawberry.ID(m.recordId), source=source, summary=m.note or "")
        if m.recordType in ENTITY_TYPES:  # read as `_entities` reads it (api/types/entities.py)
            loader, convert = ENTITIES[m.recordType]
            found = await getattr(info.context.loaders, loader).load(m.recordId)
            if found is not None:
                return cast(ChangeEntity, convert(found))
        return RemovedRecord(id=strawberry.ID(m.recordId),
                                                             record_type=m.recordType)


@strawberry.type
class ChangeEdge:
    cursor: str
    node: Change


@strawberry.type(description="A page of the change feed. Keep `pageInfo.endCursor` and ask "
                             "again with `after`: it moves on even past changes you may not see.")
class ChangeConnection:
    edges: list[ChangeEdge]
    page_info: PageInfo

    @classmethod
    def of(cls, page: ChangePage, after: str | None) -> ChangeConnection:
        edges = [ChangeEdge(cursor=encode_sequence(m.sequence), node=Change.from_model(m))
                 for m in page.items]
        end = encode_sequence(page.end) if page.end else after
        return cls(edges=edges, page_info=PageInfo(
            has_next_page=page.has_next, has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None, end_cursor=end))


async def changes_page(info: Info, after: str | None, first: int,
                       types: list[ChangeType] | None, stakeholder_id: str | None
                       ) -> ChangeConnection:
    with as_bad_input():
        page = await info.context.loaders.changes(
            after, first, [t.value for t in types] if types is not None else None,
            stakeholder_id, info.context.settings.max_page_size)
    return ChangeConnection.of(page, after)


@strawberry.type
class Subscription:
    @strawberry.subscription(description=(
        "Changes as they happen (graphql-transport-ws), of `types`, that the caller may see. "
        "`after`: a change's cursor to resume from after a disconnect (the changes missed "
        "meanwhile come first); without it, from now on."))
    async def changes(self, info: Info, types: list[ChangeType] | None = None,
                      after: str | None = None) -> AsyncGenerator[Change, None]:
        context = info.context
        names = [t.value for t in types] if types is not None else None
        with as_bad_input():
            cursor = after if after is not None else await context.loaders.latest_change()
            while True:
                # Fresh loaders each round: a socket lives long, and entities change.
                context.loaders = context.loaders.fresh()
                page = await context.loaders.changes(cursor, 100, names, None, 100)
                for m in page.items:
                    yield Change.from_model(m)
                cursor = encode_sequence(page.end) if page.end else cursor
                if not page.has_next:
                    await asyncio.sleep(context.settings.subscription_poll_s)
