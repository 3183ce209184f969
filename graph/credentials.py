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


# Nested connections: relation names; the queries are cypher/credentials/page_<relation>.cypher
# and count_<relation>.cypher (loaders/registry.py binds them).
NESTED = ("by_issuer", "accepted_by", "by_skill", "by_occupation")
