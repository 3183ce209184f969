"""A write applies fully or leaves no trace: a fault injected between its statements
(inside the real Neo4j transaction) rolls everything back."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from graph.db import Database
from tests.helpers import REGISTER, gql, register, registration


async def snapshot(db: Database) -> dict[str, int]:
    result = await db.driver.execute_query("""
        CALL () { MATCH (n) RETURN count(n) AS nodes }
        CALL () { MATCH ()-[r]->() RETURN count(r) AS rels }
        CALL () { MATCH (a:AuditEvent) RETURN count(a) AS audit }
        RETURN nodes, rels, audit""")
    return dict(result.records[0])


@pytest.fixture
def fail_on_statement(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Makes the N-th statement run inside a write transaction raise."""
    def arm(n: int) -> list[str]:
        ran: list[str] = []
        original = Database.run_in_tx

        async def faulty(self: Database, tx: Any, name: str, /, **params: Any) -> Any:
            ran.append(name)
            if len(ran) == n:
                raise RuntimeError(f"injected fault before {name}")
            return await original(self, tx, name, **params)

        monkeypatch.setattr(Database, "run_in_tx", faulty)
        return ran
    return arm


async def test_registration_rolls_back(client: httpx.AsyncClient, db: Database,
                                       fail_on_statement: Any) -> None:
    before = await snapshot(db)
    ran = fail_on_statement(3)  # after the stakeholder is created, before its key
    body = await gql(client, REGISTER, {"input": registration()}, expect_errors=True)
    assert ran[:2] == ["stakeholder_writes/taken_slugs", "stakeholder_writes/create"]
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "injected" not in str(body)  # masked
    assert await snapshot(db) == before


async def test_partnership_proposal_rolls_back(client: httpx.AsyncClient, db: Database,
                                               fail_on_statement: Any) -> None:
    _, key = await register(client)
    other, _ = await register(client)
    before = await snapshot(db)
    fail_on_statement(2)  # after the partnership is created, before its audit event
    body = await gql(client, """mutation($p: ID!) { proposePartnership(input: {partnerId: $p}) {
        partnership { id } errors { code } } }""", {"p": other["id"]}, key=key,
                     expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert await snapshot(db) == before


async def test_key_rotation_rolls_back(client: httpx.AsyncClient, db: Database,
                                       fail_on_statement: Any) -> None:
    _, key = await register(client)
    fail_on_statement(2)  # after the old key is revoked, before the new one exists
    body = await gql(client, "mutation { rotateApiKey { apiKey errors { code } } }", key=key,
                     expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    me = await gql(client, "{ me { id } }", key=key)
    assert me["data"]["me"] is not None  # the old key was not revoked after all
