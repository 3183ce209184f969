"""The federation-enabled Strawberry schema and its extensions."""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaskErrors

from api.types.query import Query


def build_schema() -> strawberry.federation.Schema:
    return strawberry.federation.Schema(
        query=Query,
        extensions=[MaskErrors],
    )


schema = build_schema()
