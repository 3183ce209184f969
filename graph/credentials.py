"""Credentials: lookups, filtered pages, and pages under a stakeholder, skill or occupation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, get_args

from graph import repo
from graph.db import Database
from graph.models import CredentialFilter, CredentialModel, CredentialRelation, Verb
from graph.pagination import Page, PageRequest
from graph.text_query import lucene_query

M = CredentialModel


async def by_ids(db: Database, ids: Sequence[str]) -> dict[str, M]:
    return await repo.one_by_key(db, "credentials/read_by_ids", M, ids)


def query(verb: Verb, flt: CredentialFilter) -> tuple[str, dict[str, Any]]:
    """The full-text index when there are words to search for, else the name index."""
    text = lucene_query(flt.text, ["filter", "text"]) if flt.text else None
    params = {"issuerId": flt.issuer_id,
              "types": list(flt.types) if flt.types is not None else None,
              "skillIds": list(flt.skill_ids) if flt.skill_ids is not None else None,
              "text": text}
    return f"credentials/{verb}_{'by_text' if text else 'all'}", params


async def page(db: Database, flt: CredentialFilter, request: PageRequest) -> Page[M]:
    name, params = query("page", flt)
    return await repo.page(db, name, M, request, **params)


async def count(db: Database, flt: CredentialFilter) -> int:
    name, params = query("count", flt)
    return await repo.count(db, name, **params)


# Nested connections (loaders/registry.py binds each relation's page and count files).
NESTED: tuple[CredentialRelation, ...] = get_args(CredentialRelation)
