"""The federation-enabled Strawberry schema, its limits and its extensions."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.federation.schema import FederationAny
from strawberry.schema.config import StrawberryConfig
from strawberry.types import Info

from api.cost import QueryCostLimiter
from api.errors import MaskUnexpectedErrors, bad_input
from api.roundtrips import RoundTripCounter
from api.types.mutation import Mutation
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
    """Limits are extensions, built per request from the settings (factories, not instances)."""
    extensions: list[Any] = [
        MaskUnexpectedErrors,
        lambda: QueryDepthLimiter(max_depth=settings.max_query_depth),
        lambda: MaxAliasesLimiter(max_alias_count=settings.max_aliases),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: QueryCostLimiter(max_cost=settings.max_query_cost),
    ]
    if settings.reports_roundtrips:
        extensions.append(RoundTripCounter)
    config = StrawberryConfig(
        # Suggestions ("did you mean ...?") help developers and map the schema for others.
        disable_field_suggestions=settings.environment != "development")
    return Schema(query=Query, mutation=Mutation, max_entities=settings.max_entities_batch,
                  extensions=extensions, config=config)


__all__ = ["Schema", "SchemaExtension", "build_schema"]
