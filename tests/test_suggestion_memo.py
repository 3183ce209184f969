"""Suggestions are remembered until the graph changes (graph/memo.py): a remembered answer
costs one small token read, and every write that could change an answer (in this process
or another) makes the next answer a fresh one."""

from __future__ import annotations

from typing import Any

import httpx
from prometheus_client import REGISTRY

from graph import memo
from graph.db import Database
from graph.local_neo4j import LocalNeo4j
from graph.memo import Memo
from graph.settings import Settings
from graph.stakeholders import _with_suggestions, with_suggestions
from tests.helpers import connect, gql, register, set_status
from tests.test_suggestions import add

SUGGEST = """query($id: ID!) { stakeholder(id: $id) { id name
  suggestedPartners(first: 10) { score reasons stakeholder { id name } } } }"""
ISSUER = dict(groups=["CREDENTIALING_ORGANIZATIONS"], roles=["ISSUER"])


def answered(outcome: str) -> float:
    """lermap_suggestion_answers_total{outcome} in this process (the app runs in it)."""
    return REGISTRY.get_sample_value("lermap_suggestion_answers_total",
                                     {"outcome": outcome}) or 0.0


async def answer(client: httpx.AsyncClient, stakeholder_id: str) -> tuple[list[Any], int]:
    body = await gql(client, SUGGEST, {"id": stakeholder_id})
    return body["data"]["stakeholder"]["suggestedPartners"], body["extensions"]["roundtrips"]


async def computed(db: Database, stakeholder_id: str) -> list[tuple[str, str, float, list[str]]]:
    """What the graph answers now, without any memory (as an anonymous caller)."""
    found = await _with_suggestions(db.as_viewer(None), [stakeholder_id], 10)
    return [(m.id, m.name, s.score, s.reasons) for m, s in found[stakeholder_id][1]]


def shaped(items: list[Any]) -> list[tuple[str, str, float, list[str]]]:
    return [(i["stakeholder"]["id"], i["stakeholder"]["name"], i["score"], i["reasons"])
            for i in items]


async def new_skill(client: httpx.AsyncClient, key: str, name: str) -> str:
    body = await gql(client, """mutation($n: String!) { addSkill(input: {name: $n,
        framework: "CUSTOM"}) { skill { id } errors { code } } }""", {"n": name}, key=key)
    return str(body["data"]["addSkill"]["skill"]["id"])


async def test_a_remembered_answer_is_one_token_read_and_every_write_renews_it(
        client: httpx.AsyncClient, db: Database, admin_key: str) -> None:
    me, my_key = await register(client, **ISSUER)
    peer, peer_key = await register(client, **ISSUER)
    skill = await new_skill(client, my_key, "Memo shared skill")
    mine = await add(client, my_key, "Memo mine", [skill])
    await add(client, peer_key, "Memo peer's", [skill])

    before = {o: answered(o) for o in ("remembered", "computed")}
    first, trips = await answer(client, me["id"])
    assert trips == 2  # the token, then the statement that ranks
    again, trips = await answer(client, me["id"])
    assert (again, trips) == (first, 1)  # the token only
    assert {o: answered(o) - before[o] for o in before} == {"remembered": 1, "computed": 1}
    assert peer["id"] in [i["stakeholder"]["id"] for i in first]

    _, newcomer_key = await register(client, **ISSUER)
    verifier, verifier_key = await register(client, groups=["EMPLOYERS"], roles=["VERIFIER"])
    newcomer_credential: list[str] = []

    async def newcomer_adds() -> None:
        newcomer_credential.append(await add(client, newcomer_key, "Memo newcomer's", [skill]))

    async def newcomer_removes() -> None:
        body = await gql(client, "mutation($id: ID!) { removeCredential(id: $id) { errors "
                                 "{ code } } }", {"id": newcomer_credential[0]}, key=newcomer_key)
        assert body["data"]["removeCredential"]["errors"] == []

    async def peer_renamed() -> None:
        body = await gql(client, """mutation($i: UpdateStakeholderInput!) {
            updateStakeholder(input: $i) { errors { code } } }""",
                         {"i": {"id": peer["id"], "name": f"{peer['name']} renamed"}},
                         key=peer_key)
        assert body["data"]["updateStakeholder"]["errors"] == []

    async def verifier_accepts() -> None:
        body = await gql(client, "mutation($c: ID!) { acceptCredential(credentialId: $c) { "
                                 "errors { code } } }", {"c": mine}, key=verifier_key)
        assert body["data"]["acceptCredential"]["errors"] == []

    async def peer_becomes_a_partner() -> None:
        body = await gql(client, """mutation($p: ID!) { proposePartnership(input: {
            partnerId: $p}) { partnership { id } } }""", {"p": peer["id"]}, key=my_key)
        proposed = body["data"]["proposePartnership"]["partnership"]["id"]
        await gql(client, """mutation($id: ID!) { respondToPartnership(id: $id, accept: true) {
            errors { code } } }""", {"id": proposed}, key=peer_key)

    async def verifier_suspended() -> None:
        await set_status(client, admin_key, verifier["id"], "SUSPENDED")

    before = shaped(first)
    for write in (newcomer_adds, newcomer_removes, peer_renamed, verifier_accepts,
                  peer_becomes_a_partner, verifier_suspended):
        await write()
        after, _ = await answer(client, me["id"])
        # Each write changes the answer, and the answer is the graph's, not memory's.
        assert shaped(after) == await computed(db, me["id"]), write.__name__
        assert shaped(after) != before, write.__name__
        before = shaped(after)


async def test_another_process_write_is_seen_by_this_process_memory(
        client: httpx.AsyncClient, settings: Settings, local: LocalNeo4j) -> None:
    """Two drivers are two processes' memories: a write through the API (the client's
    driver) makes the other's remembered answer go, because the token moved."""
    me, my_key = await register(client, **ISSUER)
    peer, peer_key = await register(client, **ISSUER)
    skill = await new_skill(client, my_key, "Memo other process skill")
    await add(client, my_key, "Other process mine", [skill])
    other = connect(settings, local).as_viewer(None)
    try:
        remembered = await with_suggestions(other, [me["id"]], 10)
        assert [m.id for m, _ in remembered[me["id"]][1]] == []
        assert await with_suggestions(other, [me["id"]], 10) == remembered  # from memory
        await add(client, peer_key, "Other process peer's", [skill])
        fresh = await with_suggestions(other, [me["id"]], 10)
        assert [m.id for m, _ in fresh[me["id"]][1]] == [peer["id"]]
    finally:
        await other.driver.close()


async def test_a_write_the_feed_does_not_number_renews_the_epoch(
        client: httpx.AsyncClient, db: Database) -> None:
    """The seed and restores write without feed events; `renew_epoch` makes every
    process forget. (The direct write below stands for them.)"""
    me, my_key = await register(client, **ISSUER)
    peer, peer_key = await register(client, **ISSUER)
    skill = await new_skill(client, my_key, "Memo epoch skill")
    await add(client, my_key, "Epoch mine", [skill])
    await add(client, peer_key, "Epoch peer's", [skill])
    first, _ = await answer(client, me["id"])
    assert [i["stakeholder"]["id"] for i in first] == [peer["id"]]
    await db.driver.execute_query("MATCH (:Stakeholder {id: $id})-[r:ISSUES]->() DELETE r",
                                  {"id": peer["id"]})
    await memo.renew_epoch(db)
    after, trips = await answer(client, me["id"])
    assert (after, trips) == ([], 2)


async def test_without_an_epoch_nothing_is_remembered(client: httpx.AsyncClient,
                                                      db: Database) -> None:
    me, _ = await register(client, **ISSUER)
    await db.driver.execute_query("MATCH (k:ChangeCounter {id: 'feed'}) REMOVE k.epoch")
    try:
        assert await memo.read_token(db) is None
        for _ in range(2):
            _, trips = await answer(client, me["id"])
            assert trips == 2
    finally:
        await memo.renew_epoch(db)
    assert await memo.read_token(db) is not None


def test_memory_is_bounded_timed_and_keyed_by_token() -> None:
    now = [0.0]
    remembered: Memo[str] = Memo(capacity=2, ttl_s=60, clock=lambda: now[0])
    remembered.put("a", ("e", 1), "A")
    remembered.put("b", ("e", 1), "B")
    assert remembered.get("a", ("e", 1)) == "A"  # "a" is now the most recently used
    remembered.put("c", ("e", 1), "C")
    assert len(remembered) == 2 and remembered.get("b", ("e", 1)) is None
    assert remembered.get("a", ("e", 2)) is None  # another token: gone
    assert remembered.get("a", ("e", 1)) is None
    assert remembered.get("c", ("f", 1)) is None  # another epoch, same number: gone
    remembered.put("d", ("e", 1), "D")
    now[0] = 60.5
    assert remembered.get("d", ("e", 1)) is None  # older than ttl_s
    remembered.put("e", None, "E")
    assert len(remembered) == 0  # no token, nothing kept


def test_no_room_keeps_nothing() -> None:
    remembered: Memo[str] = Memo(capacity=0, ttl_s=60)
    remembered.put("a", ("e", 1), "A")
    assert remembered.get("a", ("e", 1)) is None


def test_memory_is_bounded_by_weight_not_count() -> None:
    """Large answers (`first: 100`) must not hold as much room as small ones would."""
    remembered: Memo[list[int]] = Memo(capacity=10, ttl_s=60, weigh=len)
    remembered.put("small", ("e", 1), [1, 2])
    remembered.put("large", ("e", 1), list(range(7)))
    assert remembered.weight == 9 and len(remembered) == 2
    remembered.put("another", ("e", 1), [1, 2, 3])  # 12 > 10: the oldest goes
    assert remembered.get("small", ("e", 1)) is None and remembered.weight == 10
    remembered.put("large", ("e", 1), [1])  # a key put again counts once
    assert remembered.weight == 4
    remembered.put("huge", ("e", 1), list(range(11)))  # heavier than all: not kept
    assert remembered.get("huge", ("e", 1)) is None and remembered.weight == 4
