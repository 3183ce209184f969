"""Lookups and filtered lists use indexes: EXPLAIN the repository's own Cypher."""

from __future__ import annotations

from typing import Any

import pytest

from graph import cypher
from graph.db import Database

SCANS = {"AllNodesScan", "NodeByLabelScan"}


def operators(plan: dict[str, Any]) -> set[str]:
    ops = {plan["operatorType"].split("@")[0]}
    for child in plan.get("children", []):
        ops |= operators(child)
    return ops


async def plan_of(db: Database, name: str, **params: Any) -> set[str]:
    result = await db.driver.execute_query("EXPLAIN " + cypher.text(name), params)
    return operators(result.summary.plan)


@pytest.mark.parametrize(("name", "params", "seek"), [
    ("stakeholders/read_by_ids", {"ids": ["x"]}, "NodeUniqueIndexSeek"),
    ("stakeholders/read_by_slug", {"slug": "x"}, "NodeUniqueIndexSeek"),
    ("credentials/read_by_ids", {"ids": ["x"]}, "NodeUniqueIndexSeek"),
    ("skills/read_by_ids", {"ids": ["x"]}, "NodeUniqueIndexSeek"),
    ("occupations/read_by_code", {"codes": ["x"]}, "NodeIndexSeek"),
    ("credentials/page_by_issuer", {"keys": ["x"], "after": None, "limit": 5},
     "NodeIndexSeek"),
    ("stakeholders/page_in_group", {"keys": ["x"], "after": None, "limit": 5},
     "NodeUniqueIndexSeek"),
    ("stakeholders/page_all", {"after": None, "limit": 5, "groups": None, "roles": None,
                               "verification": None, "standardIds": None}, "NodeIndexSeekByRange"),
    ("credentials/page_all", {"after": None, "limit": 5, "issuerId": None, "types": None,
                              "skillIds": None}, "NodeIndexSeekByRange"),
    ("skills/page_all", {"after": None, "limit": 5, "framework": None}, "NodeIndexSeekByRange"),
])
async def test_index_seek_not_scan(db: Database, name: str, params: dict[str, Any],
                                   seek: str) -> None:
    ops = await plan_of(db, name, **params)
    assert not ops & SCANS, f"{name} scans: {sorted(ops)}"
    assert any(op.startswith(seek) for op in ops), f"{name}: {sorted(ops)}"


async def test_text_filters_use_the_fulltext_index(db: Database) -> None:
    ops = await plan_of(db, "stakeholders/page_by_text", text="x", after=None, limit=5,
                        groups=None, roles=None, verification=None, standardIds=None)
    assert "ProcedureCall" in ops and not ops & SCANS


async def test_issuer_page_reads_the_index_in_order(db: Database) -> None:
    """No full sort of an issuer's credentials: the composite index gives the order."""
    ops = await plan_of(db, "credentials/page_by_issuer", keys=["x"], after=None, limit=5)
    assert "PartialTop" in ops and "Top" not in ops, sorted(ops)
