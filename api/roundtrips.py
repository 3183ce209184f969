"""Reports the Cypher round trips of each operation in `extensions.roundtrips`.

On in development (and in the benchmark), off in production. Every query
made through `graph.db.Database` while the operation runs is counted, which
is how tests show that a request costs one query per nesting level.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from strawberry.extensions import SchemaExtension

from graph.db import RoundTrips, current_roundtrips


class RoundTripCounter(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        self._counter = RoundTrips()
        token = current_roundtrips.set(self._counter)
        try:
            yield
        finally:
            current_roundtrips.reset(token)

    def get_results(self) -> dict[str, Any]:
        return {"roundtrips": self._counter.count}
