"""Credentials: lookups, filtered pages, and pages under a stakeholder, skill or occupation."""

from __future__ import annotations

from collections.abc import Sequence

from graph import repo
from graph.db import Database
from graph.models import CredentialFilter, CredentialModel
from graph.pagination import Page, PageRequest

M = CredentialModel


async def by_ids(db: Database, ids: Sequence[str]) -> dict[str, M]:
    return await repo.one_by_key(db, "credentials/read_by_ids", M, ids)


async def page(db: Database, flt: CredentialFilter, request: PageRequest) -> Page[M]:
    name, params = flt.query("page")
    return await repo.page(db, name, M, request, **params)


async def count(db: Database, flt: CredentialFilter) -> int:
    name, params = flt.query("count")
    return await repo.count(db, name, **params)


NESTED = {
    "by_issuer": ("credentials/page_by_issuer", "credentials/count_by_issuer"),
    "accepted_by": ("credentials/page_accepted_by", "credentials/count_accepted_by"),
    "by_skill": ("credentials/page_by_skill", "credentials/count_by_skill"),
    "by_occupation": ("credentials/page_by_occupation", "credentials/count_by_occupation"),
}


async def pages_by(db: Database, relation: str, keys: Sequence[str],
                   request: PageRequest) -> dict[str, Page[M]]:
    return await repo.pages_by_key(db, NESTED[relation][0], M, keys, request)


async def counts_by(db: Database, relation: str, keys: Sequence[str]) -> dict[str, int]:
    return await repo.counts_by_key(db, NESTED[relation][1], keys)
