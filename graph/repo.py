"""Shapes every repository shares: batch lookups, batch lists, batch pages, counts.

Each takes a query name (a file under cypher/) and returns plain models keyed
by the ids asked for, so loaders can answer `[found.get(k) for k in keys]`.
The queries answer with one record holding a list (`rows`, or `nodes` for a
page): the driver's Python cost is per record, so 50 rows in one record cost
a third of 50 records (bench/README.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from neo4j.graph import Node
from pydantic import BaseModel

from graph.db import Database
from graph.errors import NotFound
from graph.models import NamedModel
from graph.pagination import Page, PageRequest

M = TypeVar("M", bound=BaseModel)
P = TypeVar("P", bound=NamedModel)  # what pages hold: ordered by (name, id)


def to_model(model: type[M], node: Node | dict[str, Any], **extra: Any) -> M:
    return model.model_validate({**dict(node), **extra})


async def rows(db: Database, query: str, **params: Any) -> list[dict[str, Any]]:
    """The `rows` list of a query that answers with one record."""
    records = await db.read(query, **params)
    return list(records[0]["rows"]) if records else []


async def one_by_key(db: Database, query: str, model: type[M], ids: Sequence[str],
                     **params: Any) -> dict[str, M]:
    """Rows of (id, node) -> {id: model}; ids without a row are left out."""
    found = await rows(db, query, ids=list(ids), keys=list(ids), **params)
    return {str(r.get("id", r.get("key"))): to_model(model, r["node"])
            for r in found if r["node"] is not None}


async def lists_by_key(db: Database, query: str, model: type[M], keys: Sequence[str],
                       **params: Any) -> dict[str, list[M]]:
    """Rows of (key, items) -> {key: [model]}."""
    found = await rows(db, query, keys=list(keys), **params)
    return {r["key"]: [to_model(model, n) for n in r["items"]] for r in found}


async def pages_by_key(db: Database, query: str, model: type[P], keys: Sequence[str],
                       request: PageRequest) -> dict[str, Page[P]]:
    """A page per parent key, one query for all of them."""
    lists = await lists_by_key(db, query, model, keys, **request.params())
    return {k: Page.from_rows(lists.get(k, []), request) for k in keys}


async def counts_by_key(db: Database, query: str, keys: Sequence[str]) -> dict[str, int]:
    return {r["key"]: r["n"] for r in await rows(db, query, keys=list(keys))}


async def page(db: Database, query: str, model: type[P], request: PageRequest,
               **params: Any) -> Page[P]:
    records = await db.read(query, **request.params(), **params)
    nodes = records[0]["nodes"] if records else []
    return Page.from_rows([to_model(model, n) for n in nodes], request)


async def count(db: Database, query: str, **params: Any) -> int:
    records = await db.read(query, **params)
    return int(records[0]["n"])


# -- what the write modules share ------------------------------------------------

async def existing_ids(db: Database, query: str, ids: Sequence[str] | None) -> set[str]:
    """Which of these ids exist (the query answers with one record: `ids`)."""
    if not ids:
        return set()
    records = await db.read(query, ids=list(ids))
    return set(records[0]["ids"]) if records else set()


def first_row(rows: Sequence[Any], gone: Exception) -> Any:
    """The row a write's MATCH found; `gone` when a concurrent write removed the record
    between the check and the write (the transaction then writes nothing)."""
    if not rows:
        raise gone
    return rows[0]


async def load_or_not_found(db: Database, query: str, model: type[M], id_: str,
                            path: list[str], what: str) -> M:
    """One record by id for a write to check, or NotFound naming the input at fault."""
    found = (await one_by_key(db, query, model, [id_])).get(id_)
    if found is None:
        raise NotFound(f"no {what} with id {id_!r}", path)
    return found
