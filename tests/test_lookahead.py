"""Look-ahead (api/lookahead.py): a page's resolver loads the nested lists its nodes
select, and the nested resolvers answer from them. The answers must be exactly those of
the plain path (fragments are not looked into, so they take it)."""

from __future__ import annotations

import httpx

from tests.helpers import gql

NODE = """id name
  credentials(first: $n) { totalCount edges { cursor node { id name
    skills { id } issuer { id } } } pageInfo { hasNextPage endCursor } }
  first: credentials(first: 1) { edges { node { id } } }
  partners { id name } standards { id }"""
PLAIN = f"""query($n: Int) {{ stakeholders(first: 30) {{ edges {{ node {{ {NODE} }} }} }} }}"""
FRAGMENT = f"""query($n: Int) {{ stakeholders(first: 30) {{ edges {{ node {{ ...N }} }} }} }}
fragment N on Stakeholder {{ {NODE} }}"""


async def test_prefetched_answers_equal_the_plain_path(client: httpx.AsyncClient) -> None:
    for n in (None, 2, 5):
        plain = await gql(client, PLAIN, {"n": n})
        fragment = await gql(client, FRAGMENT, {"n": n})
        assert plain["data"] == fragment["data"]
        nodes = [e["node"] for e in plain["data"]["stakeholders"]["edges"]]
        assert any(node["credentials"]["edges"] for node in nodes)
        for node in nodes:  # the aliased field has its own arguments
            assert len(node["first"]["edges"]) <= 1
            assert len(node["credentials"]["edges"]) <= (n or 20)
        # No more round trips than levels: the look-ahead batches as the loaders do.
        assert plain["extensions"]["roundtrips"] <= fragment["extensions"]["roundtrips"]


async def test_a_bad_nested_argument_is_reported_in_its_place(
        client: httpx.AsyncClient) -> None:
    body = await gql(client, "{ stakeholders(first: 3) { edges { node { id "
                             "credentials(first: -1) { totalCount } } } } }", expect_errors=True)
    errors = body["errors"]
    assert errors and all(e["extensions"]["code"] == "BAD_USER_INPUT" for e in errors)
    assert errors[0]["path"][-1] == "credentials"
    assert errors[0]["extensions"]["field"] == ["first"]


async def test_one_stakeholder_and_its_credentials_skills(client: httpx.AsyncClient) -> None:
    page = await gql(client, "{ stakeholders(first: 50) { edges { node { slug "
                             "credentials { totalCount } } } } }")
    slug = max(page["data"]["stakeholders"]["edges"],
               key=lambda e: e["node"]["credentials"]["totalCount"])["node"]["slug"]
    fields = "credentials { edges { node { id skills { id name } } } }"
    plain = await gql(client, f"query($slug: String) {{ stakeholder(slug: $slug) {{ {fields} }} }}",
                      {"slug": slug})
    fragment = await gql(client, "query($slug: String) { stakeholder(slug: $slug) { ...F } } "
                                 f"fragment F on Stakeholder {{ {fields} }}", {"slug": slug})
    assert plain["data"] == fragment["data"]
    assert plain["data"]["stakeholder"]["credentials"]["edges"]
