"""PageInfo, the generic Connection and Edge, and the helpers that build them.

`Connection[Stakeholder]` is named `StakeholderConnection` in the schema (and
its edges `StakeholderEdge`), as the contract has them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.types.nodes import SelectedField

from api.errors import page_request
from api.lookahead import settled
from graph.pagination import Cursor, Page

E = TypeVar("E")
N = TypeVar("N")


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


@strawberry.type
class Edge(Generic[N]):
    cursor: str
    node: N


@strawberry.type(description="A page of a list in name order, with its cursors.")
class Connection(Generic[N]):
    edges: list[Edge[N]]
    page_info: PageInfo
    _count: strawberry.Private[CountFn]

    @strawberry.field(description="All matches, not just this page (computed only when asked).")
    async def total_count(self) -> int:
        return await self._count()


C = TypeVar("C", bound=Connection[Any])


def connection(cls: type[C], page: Page[Any], make_node: Callable[[Any], Any],
               count: CountFn) -> C:
    """A named connection (a subclass such as StakeholderConnection) of one page."""
    edges, info = page_parts(page, lambda cursor, m: Edge(cursor=cursor, node=make_node(m)))
    return cls(edges=edges, page_info=info, _count=count)


def _selections(info: Any) -> list[Any]:
    return [s for field in info.selected_fields for s in field.selections]


def wants_total(info: Any) -> bool:
    """Whether this connection field selects `totalCount` (then the count can run
    beside the page query instead of after it)."""
    return any(getattr(s, "name", None) == "totalCount" for s in _selections(info))


def wants_page(info: Any) -> bool:
    """False when the field selects nothing but `totalCount` (and `__typename`) as plain
    fields: then the page query is not run at all. A fragment may hide `edges`, so any
    fragment counts as wanting the page."""
    return not all(isinstance(s, SelectedField) and s.name in ("totalCount", "__typename")
                   for s in _selections(info))


async def page_and_total(info: Any, page: Callable[[], Awaitable[Page[Any]]],
                         count: CountFn) -> tuple[Page[Any], CountFn]:
    """The page (unless only the total is asked for), and a count function that is
    already running when it is wanted."""
    if not wants_page(info):
        total = await count()

        async def counted() -> int:
            return int(total)

        return Page(items=[], has_next=False, has_previous=False), counted
    if not wants_total(info):
        return await page(), count
    page_result, total = await asyncio.gather(page(), count())

    async def known() -> int:
        return int(total)

    return page_result, known


def nested_connection(info: Any, cls: type[C], make_node: Callable[[Any], Any],
                      pages: Any, counts: Any, parent_id: str, first: int | None,
                      after: str | None) -> C:
    """A nested page under a parent. The relation's page and count DataLoaders batch
    every parent of the level into one query each; the page is built at once when the
    parent's resolver prefetched it (api/lookahead.py), else awaited."""
    request = page_request(first, after, info.context.settings.max_page_size)
    return settled(pages, (parent_id, request),
                   lambda page: connection(cls, page, make_node, lambda: counts.load(parent_id)))
