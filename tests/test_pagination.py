"""Keyset pagination: stable order, each node once (also under writes), bounds, cursors."""

from __future__ import annotations

import uuid

import httpx
import pytest

from graph.db import Database
from tests.helpers import gql

PAGE = """query($first: Int, $after: String) {
  stakeholders(first: $first, after: $after) {
    edges { cursor node { id name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""


async def walk(client: httpx.AsyncClient, first: int, on_page=None) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    seen, after, pages = [], None, 0
    while True:
        body = await gql(client, PAGE, {"first": first, "after": after})
        conn = body["data"]["stakeholders"]
        assert conn["pageInfo"]["hasPreviousPage"] is (after is not None)
        seen += [e["node"] for e in conn["edges"]]
        if conn["edges"]:
            assert conn["pageInfo"]["endCursor"] == conn["edges"][-1]["cursor"]
        pages += 1
        if on_page is not None:
            await on_page(pages)
        if not conn["pageInfo"]["hasNextPage"]:
            return seen
        after = conn["pageInfo"]["endCursor"]


async def all_stakeholders(db: Database) -> list[tuple[str, str]]:
    result = await db.driver.execute_query(
        "MATCH (s:Stakeholder) WHERE s.hidden IS NULL "  # what anyone may see (graph/policy.py)
        "RETURN s.name AS name, s.id AS id ORDER BY name, id")
    return [(r["name"], r["id"]) for r in result.records]


async def test_walk_sees_every_node_once_in_order(client: httpx.AsyncClient, db: Database) -> None:
    seen = await walk(client, first=7)
    assert [(n["name"], n["id"]) for n in seen] == await all_stakeholders(db)


async def test_walk_while_others_write(client: httpx.AsyncClient, db: Database) -> None:
    before = {i for _, i in await all_stakeholders(db)}
    tag = uuid.uuid4().hex[:8]

    async def write(page: int) -> None:
        # Between pages: one stakeholder sorts first (behind the cursor), one last.
        for name in (f"AAA {tag} {page}", f"zzz {tag} {page}"):
            await db.driver.execute_query(
                "CREATE (:Stakeholder {id: $id, slug: $id, name: $name, groups: [], roles: [], "
                "stages: [], verification: 'PENDING', createdAt: datetime(), "
                "updatedAt: datetime(), probe: $tag})",
                id=f"probe-{uuid.uuid4()}", name=name, tag=tag)

    try:
        seen = await walk(client, first=5, on_page=write)
    finally:
        await db.driver.execute_query("MATCH (s:Stakeholder {probe: $tag}) DELETE s", tag=tag)
    ids = [n["id"] for n in seen]
    assert len(ids) == len(set(ids)), "a node was seen twice"
    assert before <= set(ids), "a node that existed all along was missed"


@pytest.mark.parametrize("first", [101, -1])
async def test_first_out_of_range_is_bad_user_input(client: httpx.AsyncClient, first: int) -> None:
    body = await gql(client, PAGE, {"first": first}, expect_errors=True)
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "first" in error["message"]


async def test_nested_first_out_of_range_is_bad_user_input(client: httpx.AsyncClient) -> None:
    body = await gql(client, "{ stakeholders(first: 1) { edges { node { credentials(first: 500) "
                             "{ totalCount } } } } }", expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("after", ["garbage", "W10", "eyJhIjoxfQ", "!!!"])
async def test_malformed_cursor_is_bad_user_input(client: httpx.AsyncClient, after: str) -> None:
    body = await gql(client, PAGE, {"first": 5, "after": after}, expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["field"] == ["after"]


async def test_null_first_means_the_default(client: httpx.AsyncClient) -> None:
    body = await gql(client, PAGE, {"first": None})
    assert len(body["data"]["stakeholders"]["edges"]) == 20


async def test_total_count_runs_only_when_selected(client: httpx.AsyncClient, db: Database) -> None:
    without = await gql(client, "{ stakeholders(first: 3) { edges { node { id } } } }")
    with_count = await gql(client,
                           "{ stakeholders(first: 3) { totalCount edges { node { id } } } }")
    assert with_count["extensions"]["roundtrips"] == without["extensions"]["roundtrips"] + 1
    total = (await db.driver.execute_query(  # what anyone may see (graph/policy.py)
        "MATCH (s:Stakeholder) WHERE s.hidden IS NULL RETURN count(s) AS n")).records
    assert with_count["data"]["stakeholders"]["totalCount"] == total[0]["n"]
