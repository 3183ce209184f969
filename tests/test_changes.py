"""The change feed: `changes` (GraphQL) and GET /changes, their order, their visibility,
imports' summaries, removed records, and the feed under 20 concurrent writers."""

from __future__ import annotations

import asyncio
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.db import Database
from graph.local_neo4j import LocalNeo4j
from graph.migrations import discover
from tests.helpers import gql, register, served

CHANGES = """query($after: String, $first: Int, $types: [ChangeType!], $sid: ID) {
  changes(after: $after, first: $first, types: $types, stakeholderId: $sid) {
    edges { cursor node { sequence at type recordId recordType fields
      entity { __typename
        ... on Stakeholder { id name } ... on Credential { id name }
        ... on Partnership { id status } ... on RemovedRecord { id recordType }
        ... on ImportRun { id source summary } } } }
    pageInfo { hasNextPage endCursor } } }"""
ADD_CREDENTIAL = """mutation($name: String!) { addCredential(input: {name: $name, type: BADGE}) {
  credential { id } errors { message } } }"""
UPDATE = """mutation($id: ID!, $d: String!) { updateStakeholder(input: {id: $id, description: $d}) {
  stakeholder { id } errors { message } } }"""


async def walk(client: httpx.AsyncClient, *, key: str | None = None, first: int = 100,
               **variables: Any) -> list[dict[str, Any]]:
    """Every change the caller may see, from the start, a page at a time."""
    seen: list[dict[str, Any]] = []
    after = None
    while True:
        body = await gql(client, CHANGES, {"after": after, "first": first, **variables}, key=key)
        conn = body["data"]["changes"]
        seen += [e["node"] for e in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            return seen
        assert conn["pageInfo"]["endCursor"] != after, "the cursor must move on"
        after = conn["pageInfo"]["endCursor"]


def of(changes: list[dict[str, Any]], record_id: str) -> list[str]:
    return [c["type"] for c in changes if c["recordId"] == record_id]


async def test_changes_are_ordered_and_without_gaps_for_administrators(
        client: httpx.AsyncClient, admin_key: str) -> None:
    await register(client)
    changes = await walk(client, key=admin_key, first=37)
    sequences = [c["sequence"] for c in changes]
    assert sequences == list(range(1, len(sequences) + 1))


async def test_each_import_run_is_one_summarised_change(client: httpx.AsyncClient) -> None:
    imports = await walk(client, types=["IMPORT_COMPLETED"])
    sources = {c["entity"]["source"] for c in imports}
    assert {"esco", "onet", "dcc-registry", "ler-map"} <= sources
    assert all(c["entity"]["__typename"] == "ImportRun" and "created" in c["entity"]["summary"]
               for c in imports)
    # One per run: the session imported each data set once, in four of the feed's changes.
    everything = await walk(client)
    assert len([c for c in everything if c["recordType"] == "Import"]) == len(imports)


async def test_a_stakeholders_changes_name_it_and_removed_records_stay_representable(
        client: httpx.AsyncClient) -> None:
    org, key = await register(client)
    body = await gql(client, ADD_CREDENTIAL, {"name": "Feed badge"}, key=key)
    credential = body["data"]["addCredential"]["credential"]["id"]
    await gql(client, UPDATE, {"id": org["id"], "d": "changed"}, key=key)
    await gql(client, "mutation($id: ID!) { removeCredential(id: $id) { removedId } }",
              {"id": credential}, key=key)
    mine = await walk(client, sid=org["id"])
    assert [(c["type"], c["recordId"]) for c in mine] == [
        ("STAKEHOLDER_REGISTERED", org["id"]), ("CREDENTIAL_ADDED", credential),
        ("STAKEHOLDER_UPDATED", org["id"]), ("CREDENTIAL_REMOVED", credential)]
    assert mine[0]["entity"] == {"__typename": "Stakeholder", "id": org["id"],
                                 "name": org["name"]}
    assert mine[1]["entity"] == {"__typename": "RemovedRecord", "id": credential,
                                 "recordType": "Credential"}
    assert mine[2]["fields"] == ["description"]
    only = await walk(client, sid=org["id"], types=["CREDENTIAL_REMOVED"])
    assert [c["recordId"] for c in only] == [credential]


async def test_anonymous_readers_see_public_changes_owners_and_admins_their_private_ones(
        client: httpx.AsyncClient, admin_key: str) -> None:
    a, a_key = await register(client)
    b, b_key = await register(client)
    rotated = await gql(client, "mutation { rotateApiKey { apiKey } }", key=a_key)
    a_key = rotated["data"]["rotateApiKey"]["apiKey"]  # the old key is revoked
    body = await gql(client, """mutation($p: ID!) { proposePartnership(input: {partnerId: $p}) {
        partnership { id } errors { message } } }""", {"p": b["id"]}, key=a_key)
    proposal = body["data"]["proposePartnership"]["partnership"]["id"]

    anonymous = of(await walk(client, sid=a["id"]), a["id"]) + \
        of(await walk(client, sid=a["id"]), proposal)
    assert anonymous == ["STAKEHOLDER_REGISTERED"]  # no key change, no pending proposal
    assert of(await walk(client, sid=a["id"], key=b_key), a["id"]) == ["STAKEHOLDER_REGISTERED"]
    own = await walk(client, sid=a["id"], key=a_key)
    assert of(own, a["id"]) == ["STAKEHOLDER_REGISTERED", "API_KEYS_CHANGED"]
    assert of(own, proposal) == ["PARTNERSHIP_PROPOSED"]
    assert of(await walk(client, sid=a["id"], key=b_key), proposal) == ["PARTNERSHIP_PROPOSED"]
    admin = await walk(client, sid=a["id"], key=admin_key)
    assert of(admin, a["id"]) == ["STAKEHOLDER_REGISTERED", "API_KEYS_CHANGED"]

    # A suspended stakeholder's changes leave the public feed, all of them.
    await gql(client, """mutation($id: ID!) { setVerification(stakeholderId: $id,
        status: SUSPENDED) { errors { message } } }""", {"id": a["id"]}, key=admin_key)
    assert await walk(client, sid=a["id"]) == []
    assert of(await walk(client, sid=a["id"], key=a_key), a["id"]) == [
        "STAKEHOLDER_REGISTERED", "API_KEYS_CHANGED", "VERIFICATION_CHANGED"]
    # As it was (other tests count the stakeholders everyone sees), and back in the feed.
    await gql(client, """mutation($id: ID!, $s: VerificationStatus!) { setVerification(
        stakeholderId: $id, status: $s) { errors { message } } }""",
              {"id": a["id"], "s": a["verification"]}, key=admin_key)
    assert of(await walk(client, sid=a["id"]), a["id"]) == [
        "STAKEHOLDER_REGISTERED", "VERIFICATION_CHANGED", "VERIFICATION_CHANGED"]


async def test_bad_arguments_name_the_argument(client: httpx.AsyncClient) -> None:
    for variables, field in [({"after": "not-a-cursor"}, ["after"]),
                             ({"first": 101}, ["first"]), ({"first": -1}, ["first"])]:
        body = await gql(client, CHANGES, variables, expect_errors=True)
        (error,) = body["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert error["extensions"]["field"] == field, error


async def test_rest_feed_has_the_same_content_as_graphql(client: httpx.AsyncClient) -> None:
    graphql = await walk(client, first=50)
    rest: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        response = await client.get("/changes", params={"limit": "50",
                                                        **({"after": after} if after else {})})
        assert response.status_code == 200
        body = response.json()
        rest += body["changes"]
        if not body["hasMore"]:
            break
        after = body["next"]
    assert [(c["sequence"], c["type"], c["entity"]["id"]) for c in rest] == \
        [(c["sequence"], c["type"], c["recordId"]) for c in graphql]
    typed = (await client.get("/changes", params={"types": "IMPORT_COMPLETED"})).json()
    assert {c["type"] for c in typed["changes"]} == {"IMPORT_COMPLETED"}


@pytest.mark.parametrize(("query", "parameter"), [
    ("limit=abc", "limit"), ("limit=1000", "limit"), ("types=NOPE", "types"),
    ("after=%25%25", "after"), ("colour=red", "colour"), ("limit=1&limit=2", "limit")])
async def test_rest_errors_name_the_parameter(client: httpx.AsyncClient, query: str,
                                              parameter: str) -> None:
    response = await client.get(f"/changes?{query}")
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["extensions"]["field"] == parameter, error


async def test_migration_numbers_existing_events_in_time_order(db: Database) -> None:
    """V0008 on events written before the feed: numbered after the newest, by `at`."""
    tag = uuid.uuid4().hex
    await db.driver.execute_query(
        """UNWIND [[2, 'b'], [0, 'a'], [5, 'c']] AS row
           CREATE (:AuditEvent {id: $tag + row[1], recordId: $tag, recordType: 'Stakeholder',
                   action: 'UPDATED', actorAdmin: true, changes: [],
                   at: datetime('2020-01-01T00:00:00Z') + duration({minutes: row[0]})})""",
        tag=tag)
    (migration,) = [m for m in discover() if m.version == 8]
    async with db.driver.session(database=db.database) as session:
        for statement in migration.statements():
            await (await session.run(statement)).consume()
    records, _, _ = await db.driver.execute_query(
        """MATCH (e:AuditEvent {recordId: $tag}) RETURN e.id AS id, e.sequence AS sequence,
           e.type AS type, e.stakeholderIds AS ids ORDER BY e.sequence""", tag=tag)
    assert [r["id"] for r in records] == [tag + "a", tag + "b", tag + "c"]
    first = records[0]["sequence"]
    assert [r["sequence"] for r in records] == [first, first + 1, first + 2]
    assert {r["type"] for r in records} == {"STAKEHOLDER_UPDATED"}
    assert records[0]["ids"] == [tag]
    latest, _, _ = await db.driver.execute_query(
        "MATCH (k:ChangeCounter {id: 'feed'}) RETURN k.value AS v")
    assert latest[0]["v"] == first + 2


async def test_twenty_concurrent_writers_each_acknowledged_write_once_in_order_no_gaps(
        local: LocalNeo4j, admin_key: str, tmp_path: Path) -> None:
    """20 writers for 10 s against `lermap serve`, a reader tailing meanwhile, then a walk
    from the start: every acknowledged write exactly once, in sequence order, no gaps."""
    with served(local, tmp_path / "serve.log", WRITE_RATE_LIMIT="1000000",
                REGISTER_RATE_LIMIT="1000") as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            writers = [await register(http) for _ in range(20)]
            acked_credentials: list[str] = []
            failures: list[str] = []
            acked_updates: dict[str, int] = {}
            attempted_updates: dict[str, int] = {}
            stop = time.monotonic() + 10

            async def write(org: dict[str, Any], key: str) -> None:
                n = 0
                while time.monotonic() < stop:
                    n += 1
                    try:
                        if n % 2:
                            body = await gql(http, ADD_CREDENTIAL, {"name": f"c {n}"}, key=key,
                                             expect_errors=True)
                            made = (body.get("data") or {}).get("addCredential") or {}
                            if made.get("credential"):
                                acked_credentials.append(made["credential"]["id"])
                            else:
                                failures.append(str(body)[:300])
                        else:
                            attempted_updates[org["id"]] = attempted_updates.get(org["id"], 0) + 1
                            body = await gql(http, UPDATE, {"id": org["id"], "d": f"d {n}"},
                                             key=key, expect_errors=True)
                            if ((body.get("data") or {}).get("updateStakeholder") or {}
                                    ).get("stakeholder"):
                                acked_updates[org["id"]] = acked_updates.get(org["id"], 0) + 1
                    except httpx.TransportError:
                        pass  # not acknowledged: may or may not have landed

            tailed: list[int] = []

            async def tail() -> None:
                after = None
                while time.monotonic() < stop + 1:
                    body = await gql(http, CHANGES, {"after": after, "first": 100},
                                     key=admin_key)
                    conn = body["data"]["changes"]
                    tailed.extend(e["node"]["sequence"] for e in conn["edges"])
                    after = conn["pageInfo"]["endCursor"]
                    await asyncio.sleep(0.05)

            await asyncio.gather(tail(), *(write(org, key) for org, key in writers))
            changes = await walk(http, key=admin_key)

    sequences = [c["sequence"] for c in changes]
    assert sequences == list(range(1, len(sequences) + 1)), "in order, without gaps"
    # The tailing reader, reading while they wrote, saw an unbroken run too.
    assert tailed == list(range(tailed[0], tailed[0] + len(tailed)))
    added = [c["recordId"] for c in changes if c["type"] == "CREDENTIAL_ADDED"]
    assert len(acked_credentials) > 20, failures[:5]
    for credential in acked_credentials:
        assert added.count(credential) == 1
    for org, _ in writers:
        updates = of(changes, org["id"]).count("STAKEHOLDER_UPDATED")
        assert acked_updates.get(org["id"], 0) <= updates <= attempted_updates.get(org["id"], 0)
    print(f"\n{len(failures)} failed writes, e.g. {failures[:3]}; "
          f"{len(acked_credentials)} credentials and {sum(acked_updates.values())} updates "
          f"acknowledged in 10 s by 20 writers; the feed holds {len(sequences)} changes")
