"""PageInfo and the helpers that turn a `graph.pagination.Page` into a Connection."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry

from graph.pagination import Cursor, Page

E = TypeVar("E")


@strawberry.type(description="Where a page sits in its list. Cursors are opaque strings.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


def page_parts(page: Page[Any], make_edge: Callable[[str, Any], E]) -> tuple[list[E], PageInfo]:
    """Edges (each with its cursor) and PageInfo of one page."""
    cursors = [Cursor.of(item).encode() for item in page.items]
    edges = [make_edge(c, item) for c, item in zip(cursors, page.items, strict=True)]
    info = PageInfo(has_next_page=page.has_next, has_previous_page=page.has_previous,
                    start_cursor=cursors[0] if cursors else None,
                    end_cursor=cursors[-1] if cursors else None)
    return edges, info


CountFn = Callable[[], Awaitable[int]]
