"""One Cypher round trip per nesting level, whatever the number of parents."""

from __future__ import annotations

import httpx

from tests.helpers import gql

DEEP = """query($n: Int) { stakeholders(first: $n) { edges { node { name
  credentials { edges { node { name skills { name } } } }
  acceptedCredentials { edges { node { id } } }
  partners { id }
  suggestedPartners { score stakeholder { name } } } } } }"""


async def roundtrips(client: httpx.AsyncClient, query: str, variables: dict[str, object]) -> int:
    body = await gql(client, query, variables)
    return int(body["extensions"]["roundtrips"])


async def test_round_trips_do_not_grow_with_the_page(client: httpx.AsyncClient) -> None:
    # 20, not more: each suggestedPartners costs 500 (api/cost.py), 50 would be refused.
    small = await roundtrips(client, DEEP, {"n": 5})
    large = await roundtrips(client, DEEP, {"n": 20})
    assert small == large
    # stakeholders, credentials, skills, acceptedCredentials, partners, and for
    # suggestedPartners the change token, then the ones not remembered (graph/memo.py)
    assert large <= 7


async def test_credentials_issuers_are_batched(client: httpx.AsyncClient) -> None:
    query = """query($n: Int) { credentials(first: $n) { edges { node {
      issuer { name standards { name } } acceptedBy { totalCount } } } } }"""
    assert await roundtrips(client, query, {"n": 3}) == await roundtrips(client, query, {"n": 22})


async def test_a_total_alone_runs_only_the_count(client: httpx.AsyncClient) -> None:
    """`totalCount` with nothing else selected skips the page query; a fragment, which
    may select `edges`, keeps it; the totals agree."""
    alone = await gql(client, "{ stakeholders(first: 1, filter: { groups: [EMPLOYERS] }) "
                              "{ totalCount __typename } }")
    assert alone["extensions"]["roundtrips"] == 1
    with_page = await gql(client, "{ stakeholders(first: 1, filter: { groups: [EMPLOYERS] }) "
                                  "{ totalCount edges { node { id } } } }")
    assert with_page["extensions"]["roundtrips"] == 2
    fragment = await gql(client, "{ stakeholders(first: 1, filter: { groups: [EMPLOYERS] }) "
                                 "{ ...T } } fragment T on StakeholderConnection { totalCount }")
    assert fragment["extensions"]["roundtrips"] == 2
    totals = {b["data"]["stakeholders"]["totalCount"] for b in (alone, with_page, fragment)}
    assert len(totals) == 1 and totals.pop() > 0
    for root in ("credentials", "skills"):
        body = await gql(client, f"{{ {root}(first: 1) {{ totalCount }} }}")
        assert body["extensions"]["roundtrips"] == 1 and body["data"][root]["totalCount"] > 0
