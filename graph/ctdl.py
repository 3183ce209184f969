"""Reads behind the CTDL export (api/rest/ctdl.py): one record by CTID, and keyset pages
of every stakeholder and credential a reader may see, in CTID order. The mapping to
CTDL itself is pure and lives in graph/formats/ctdl.py."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TypeVar

from graph import repo
from graph.db import Database
from graph.models import CtdlCredentialModel, StakeholderModel

# Rows per page of the bulk export: big enough that the round trips do not dominate,
# small enough that one page's records are a few hundred kilobytes at most.
PAGE_SIZE = 500
# Below every CTID ('ce-...'), where a walk starts.
START = ""


async def holders(db: Database, ctid: str) -> set[str]:
    """Ids of the stakeholders and credentials that hold this CTID (any visibility)."""
    records = await db.read("ctdl/holder", ctid=ctid)
    return set(records[0]["ids"]) if records else set()


async def by_ctid(db: Database, ctid: str) -> StakeholderModel | CtdlCredentialModel | None:
    """The record with this CTID if the reader (`db.as_viewer`) may see it."""
    records = await db.read("ctdl/read_by_ctid", ctid=ctid)
    if not records:
        return None
    row = records[0]
    if row["stakeholders"]:
        return repo.to_model(StakeholderModel, row["stakeholders"][0])
    if row["credentials"]:
        return repo.to_model(CtdlCredentialModel, row["credentials"][0])
    return None


_Paged = TypeVar("_Paged", StakeholderModel, CtdlCredentialModel)


async def _pages(db: Database, name: str, model: type[_Paged], page_size: int | None
                 ) -> AsyncIterator[list[_Paged]]:
    """The records of query `name` the reader may see, in CTID order, a page at a time
    (only one page in memory)."""
    size = page_size or PAGE_SIZE
    after = START
    while True:
        records = await db.read(name, after=after, limit=size)
        page = [repo.to_model(model, n) for n in records[0]["nodes"]]
        if page:
            yield page
        if len(page) < size:
            return
        after = str(page[-1].ctid)


def organizations(db: Database, page_size: int | None = None
                  ) -> AsyncIterator[list[StakeholderModel]]:
    """Every stakeholder the reader may see, a page at a time."""
    return _pages(db, "ctdl/page_organizations", StakeholderModel, page_size)


def credentials(db: Database, page_size: int | None = None
                ) -> AsyncIterator[list[CtdlCredentialModel]]:
    """Every credential the reader may see, with what its export names, a page at a time."""
    return _pages(db, "ctdl/page_credentials", CtdlCredentialModel, page_size)
