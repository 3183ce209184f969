"""Partner suggestions weigh shared skills by how rare they are (IDF-like), and are
computed from the graph, remembered only until it changes (test_suggestion_memo.py),
so they follow every write."""

from __future__ import annotations

import math
from typing import Any

import httpx

from graph import memo
from graph.db import Database
from graph.stakeholders import SUGGESTION_BOUNDS
from tests.helpers import gql, register, set_status

ADD = """mutation($i: AddCredentialInput!) { addCredential(input: $i) {
  credential { id } errors { code message } } }"""
SUGGEST = """query($id: ID!) { stakeholder(id: $id) {
  suggestedPartners(first: 20) { score reasons stakeholder { id } } } }"""


async def scalar(db: Database, query: str, **params: Any) -> Any:
    return (await db.driver.execute_query(query, params)).records[0][0]


async def add(client: httpx.AsyncClient, key: str, name: str, skills: list[str]) -> str:
    body = await gql(client, ADD, {"i": {"name": name, "type": "BADGE", "skillIds": skills}},
                     key=key)
    payload = body["data"]["addCredential"]
    assert payload["errors"] == [], payload["errors"]
    return str(payload["credential"]["id"])


async def suggestions(client: httpx.AsyncClient, stakeholder_id: str) -> dict[str, Any]:
    body = await gql(client, SUGGEST, {"id": stakeholder_id})
    return {s["stakeholder"]["id"]: s for s in body["data"]["stakeholder"]["suggestedPartners"]}


async def test_rare_shared_skill_outweighs_common_one_and_writes_count(
        client: httpx.AsyncClient, db: Database) -> None:
    rare, common = await scalar(
        db, "MATCH (k:Skill) WHERE NOT (k)<-[:EVIDENCES]-() "
            "WITH k ORDER BY k.id LIMIT 2 RETURN collect(k.id)")
    issuer = dict(groups=["CREDENTIALING_ORGANIZATIONS"], roles=["ISSUER"])
    me, my_key = await register(client, **issuer)
    rare_peer, rare_key = await register(client, **issuer)
    common_peer, common_key = await register(client, **issuer)
    _, filler_key = await register(client, **issuer)
    await add(client, my_key, "Mine", [rare, common])
    rare_credential = await add(client, rare_key, "Rare", [rare])
    await add(client, common_key, "Common", [common])
    for i in range(6):  # the common skill: evidenced by 8 credentials, the rare one by 2
        await add(client, filler_key, f"Filler {i}", [common])

    found = await suggestions(client, me["id"])
    total = await scalar(db, "MATCH (c:Credential) RETURN count(c)")
    # Same roles everywhere, no accepts, no standards: the score is the skill's weight.
    assert found[rare_peer["id"]]["score"] == round(math.log(total / 2), 3)
    assert found[common_peer["id"]]["score"] == round(math.log(total / 8), 3)
    ranked = list(found)
    assert ranked.index(rare_peer["id"]) < ranked.index(common_peer["id"])
    assert found[rare_peer["id"]]["reasons"] == ["shares 1 uncommon skill through credentials"]

    # Nothing stale is kept: removing the credential that linked them removes the suggestion.
    removed = await gql(client, "mutation($id: ID!) { removeCredential(id: $id) { errors "
                                "{ code } } }", {"id": rare_credential}, key=rare_key)
    assert removed["data"]["removeCredential"]["errors"] == []
    assert rare_peer["id"] not in await suggestions(client, me["id"])


async def test_skills_above_the_cap_weigh_nothing(client: httpx.AsyncClient,
                                                   db: Database) -> None:
    """A skill evidenced by more than `skillCap` credentials neither finds nor scores."""
    cap = SUGGESTION_BOUNDS["skillCap"]
    skill = await scalar(db, "MATCH (k:Skill) WHERE NOT (k)<-[:EVIDENCES]-() "
                             "WITH k ORDER BY k.id SKIP 5 LIMIT 1 RETURN k.id")
    issuer = dict(groups=["CREDENTIALING_ORGANIZATIONS"], roles=["ISSUER"])
    me, my_key = await register(client, **issuer)
    other, other_key = await register(client, **issuer)
    await add(client, my_key, "Mine", [skill])
    await add(client, other_key, "Theirs", [skill])
    assert other["id"] in await suggestions(client, me["id"])
    # Make the skill common (bulk, as an import would): evidenced by cap + 1 credentials.
    await db.driver.execute_query(
        "MATCH (k:Skill {id: $skill}) UNWIND range(1, $n) AS i "
        "CREATE (:Credential {id: 'common-' + $skill + '-' + i, name: 'Common ' + i, "
        "type: 'BADGE'})-[:EVIDENCES]->(k)", {"skill": skill, "n": cap})
    # An import's run is a change in the feed; a write the feed does not number renews
    # the epoch, so remembered suggestions go (graph/memo.py).
    await memo.renew_epoch(db)
    try:
        assert other["id"] not in await suggestions(client, me["id"])
    finally:
        await db.driver.execute_query("MATCH (c:Credential) WHERE c.id STARTS WITH $p "
                                      "DETACH DELETE c", {"p": f"common-{skill}-"})
        await memo.renew_epoch(db)


FUSED = """query($id: ID!) { stakeholder(id: $id) { id name
  suggestedPartners(first: 3) { score reasons stakeholder { id } } } }"""
# A fragment is not looked into (api/lookahead.py): the stakeholder, then its suggestions.
APART = """query($id: ID!) { stakeholder(id: $id) { id name ...S } }
fragment S on Stakeholder { suggestedPartners(first: 3) { score reasons stakeholder { id } } }"""


async def test_a_stakeholder_and_its_suggestions_are_one_round_trip(
        client: httpx.AsyncClient, admin_key: str) -> None:
    issuer = dict(groups=["CREDENTIALING_ORGANIZATIONS"], roles=["ISSUER"])
    me, my_key = await register(client, **issuer)
    peer, peer_key = await register(client, **issuer)
    body = await gql(client, """mutation { addSkill(input: {name: "Fused suggestion skill",
        framework: "CUSTOM"}) { skill { id } errors { code } } }""", key=my_key)
    skill = body["data"]["addSkill"]["skill"]["id"]
    await add(client, my_key, "Fused mine", [skill])
    await add(client, peer_key, "Fused peer's", [skill])

    fused = await gql(client, FUSED, {"id": me["id"]})
    apart = await gql(client, APART, {"id": me["id"]})
    # Fused: the change token (graph/memo.py), then one statement for the stakeholder and
    # its suggestions. Apart: the stakeholder, then the token, which finds the suggestions
    # the fused request left in memory; asked again, fused is the token alone.
    assert fused["extensions"]["roundtrips"] == 2
    assert apart["extensions"]["roundtrips"] == 2
    assert (await gql(client, FUSED, {"id": me["id"]}))["extensions"]["roundtrips"] == 1
    assert fused["data"] == apart["data"]
    assert peer["id"] in [s["stakeholder"]["id"]
                          for s in fused["data"]["stakeholder"]["suggestedPartners"]]

    # Hidden (suspended): nobody else reads it, with or without its suggestions; it does.
    await set_status(client, admin_key, me["id"], "SUSPENDED")
    assert (await gql(client, FUSED, {"id": me["id"]}))["data"]["stakeholder"] is None
    own = await gql(client, FUSED, {"id": me["id"]}, key=my_key)
    assert own["data"]["stakeholder"]["id"] == me["id"]
    assert own["data"]["stakeholder"]["suggestedPartners"] \
        == fused["data"]["stakeholder"]["suggestedPartners"]
    # An argument the field refuses is still refused in its place, by its resolver.
    bad = await gql(client, FUSED.replace("first: 3", "first: -1"), {"id": peer["id"]},
                    expect_errors=True)
    assert [(e["path"], e["extensions"]["code"]) for e in bad["errors"]] == [
        (["stakeholder", "suggestedPartners"], "BAD_USER_INPUT")]


async def test_active_partners_and_hidden_records_are_never_suggested(
        client: httpx.AsyncClient, admin_key: str) -> None:
    issuer = dict(groups=["CREDENTIALING_ORGANIZATIONS"], roles=["ISSUER"])
    me, my_key = await register(client, **issuer)
    partner, partner_key = await register(client, **issuer)
    hidden, hidden_key = await register(client, **issuer)
    other, other_key = await register(client, **issuer)
    body = await gql(client, """mutation { addSkill(input: {name: "Partnered skill",
        framework: "CUSTOM"}) { skill { id } } }""", key=my_key)
    skill = body["data"]["addSkill"]["skill"]["id"]
    for key, name in ((my_key, "Mine"), (partner_key, "Partner's"), (hidden_key, "Hidden's"),
                      (other_key, "Other's")):
        await add(client, key, f"{name} partnered badge", [skill])
    assert {partner["id"], hidden["id"], other["id"]} <= set(await suggestions(client, me["id"]))

    proposal = await gql(client, """mutation($p: ID!) { proposePartnership(input: {
        partnerId: $p}) { partnership { id } errors { code } } }""", {"p": partner["id"]},
                         key=my_key)
    proposed = proposal["data"]["proposePartnership"]["partnership"]["id"]
    # A proposal is not a partnership yet: still suggested.
    assert partner["id"] in await suggestions(client, me["id"])
    await gql(client, """mutation($id: ID!) { respondToPartnership(id: $id, accept: true) {
        errors { code } } }""", {"id": proposed}, key=partner_key)
    await set_status(client, admin_key, hidden["id"], "SUSPENDED")

    found = await suggestions(client, me["id"])
    assert partner["id"] not in found and hidden["id"] not in found
    assert other["id"] in found
    assert me["id"] not in await suggestions(client, partner["id"])


async def test_a_role_bonus_lifts_a_lower_base_into_a_short_list(
        client: httpx.AsyncClient) -> None:
    """Roles are read only for candidates that can still reach the top `first`
    (cypher/stakeholders/read_suggestions.cypher): a candidate below the best base
    whose complementary role lifts it above must still come first, and a short list
    is the head of a longer one."""
    issuer = dict(groups=["CREDENTIALING_ORGANIZATIONS"], roles=["ISSUER"])
    me, my_key = await register(client, **issuer)
    same_role, same_key = await register(client, **issuer)
    verifier, verifier_key = await register(client, groups=["EMPLOYERS"], roles=["VERIFIER"])
    third, third_key = await register(client, **issuer)
    rarer, commoner = [], []
    for name, target in (("Pruning rarer skill", rarer), ("Pruning commoner skill", commoner)):
        body = await gql(client, """mutation($n: String!) { addSkill(input: {name: $n,
            framework: "CUSTOM"}) { skill { id } errors { code } } }""", {"n": name},
                         key=my_key)
        target.append(body["data"]["addSkill"]["skill"]["id"])
    await add(client, my_key, "Pruning mine", rarer + commoner)
    await add(client, same_key, "Pruning same role", rarer)       # df 2: the best base
    await add(client, verifier_key, "Pruning verifier", commoner)  # df 3: a lower base...
    await add(client, third_key, "Pruning third", commoner)        # ...that +2 lifts above

    longer = (await gql(client, SUGGEST, {"id": me["id"]}))["data"]["stakeholder"]
    ranked = [s["stakeholder"]["id"] for s in longer["suggestedPartners"]]
    assert ranked == [verifier["id"], same_role["id"], third["id"]]
    assert "an issuer and a verifier" in longer["suggestedPartners"][0]["reasons"]
    for first in (1, 2, 3):
        short = await gql(client, SUGGEST.replace("first: 20", f"first: {first}"),
                          {"id": me["id"]})
        assert short["data"]["stakeholder"]["suggestedPartners"] \
            == longer["suggestedPartners"][:first]
