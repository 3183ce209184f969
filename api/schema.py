"""The federation-enabled Strawberry schema and its extensions."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.federation.schema import FederationAny
from strawberry.types import Info

from api.errors import MaskUnexpectedErrors, bad_input
from api.roundtrips import RoundTripCounter
from api.types.query import Query
from graph.settings import Settings


class Schema(strawberry.federation.Schema):
    """Federation schema whose `_entities` refuses oversized batches.

    Each representation resolves through the type's DataLoader, so a batch
    costs one query per type; the cap bounds what one request can ask for.
    """

    def __init__(self, *args: Any, max_entities: int, **kwargs: Any) -> None:
        self.max_entities = max_entities
        super().__init__(*args, **kwargs)

    # The annotations must stay FederationAny: strawberry builds `_entities` from them.
    def entities_resolver(self, info: Info, representations: list[FederationAny]
                          ) -> list[FederationAny]:
        if len(representations) > self.max_entities:
            raise bad_input(f"at most {self.max_entities} representations per request, "
                            f"got {len(representations)}", ["representations"])
        return super().entities_resolver(info, representations)


def build_schema(settings: Settings) -> Schema:
    extensions: list[type[SchemaExtension]] = [MaskUnexpectedErrors]
    if settings.reports_roundtrips:
        extensions.append(RoundTripCounter)
    return Schema(
        query=Query,
        max_entities=settings.max_entities_batch,
        extensions=extensions,
    )
