"""The federation-enabled Strawberry schema, its limits and its extensions."""

from __future__ import annotations

from typing import Any, cast

import strawberry
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
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
    """Federation schema whose `_entities` refuses oversized batches and malformed
    representations.

    Each representation resolves through the type's DataLoader, so a batch
    costs one query per type; the cap bounds what one request can ask for.
    `_Any` lets a caller send any JSON; Strawberry's resolver assumes an object whose
    `__typename` names an entity and whose other keys are the entity's `resolve_reference`
    arguments, and anything else failed inside it as INTERNAL_SERVER_ERROR.
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
        return super().entities_resolver(info, [self._representation(r) for r in representations])

    def _representation(self, value: object) -> FederationAny:
        """`{"__typename": <an entity>, "id": <string or integer>}`; other keys are dropped."""
        typename = value.get("__typename") if isinstance(value, dict) else None
        type_ = self.schema_converter.type_map.get(typename) if isinstance(typename, str) else None
        origin = getattr(getattr(type_, "definition", None), "origin", None)
        key = value.get("id") if isinstance(value, dict) else None
        if not hasattr(origin, "resolve_reference") or isinstance(key, bool) \
                or not isinstance(key, (str, int)):
            raise bad_input("each representation is an object with the `__typename` of an "
                            "entity and its `id`", ["representations"])
        return cast(FederationAny, {"__typename": typename, "id": str(key)})


def build_schema(settings: Settings) -> Schema:
    """Limits are extensions, built per request from the settings (factories, not instances).

    Strawberry's depth and alias limiters each make a new validation rule class
    per instance, which would defeat the ValidationCache; their rule classes are
    made once here and added to every request by one AddValidationRules.
    """
    limit_rules = [
        *QueryDepthLimiter(max_depth=settings.max_query_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
    ]
    extensions: list[Any] = [
        MaskUnexpectedErrors,  # first, so that it sees every error of the others
        # Partners send the same operations over and over: validate each once. (The
        # ParserCache extension is left out: parse errors it raises skip the error
        # extension, so a token-limit refusal lost its code; parsing is cheap anyway.)
        lambda: ValidationCache(maxsize=1024),
        lambda: AddValidationRules(limit_rules),
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
