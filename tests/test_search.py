"""search(text): ranked, typo- and prefix-tolerant, and safe from Lucene syntax."""

from __future__ import annotations

import httpx
import pytest

from tests.helpers import gql

SEARCH = """query($text: String!, $first: Int) { search(text: $text, first: $first) {
  score item { __typename ... on Stakeholder { name } ... on Credential { name }
               ... on Skill { name } } } }"""


async def hits(client: httpx.AsyncClient, text: str,
               first: int = 10) -> list[tuple[str, str, float]]:
    body = await gql(client, SEARCH, {"text": text, "first": first})
    return [(h["item"]["__typename"], h["item"]["name"], h["score"])
            for h in body["data"]["search"]]


async def test_exact_name_ranks_first(client: httpx.AsyncClient) -> None:
    found = await hits(client, "Digital Credentials Consortium")
    assert found[0][:2] == ("Stakeholder", "Digital Credentials Consortium")
    scores = [s for _, _, s in found]
    assert scores == sorted(scores, reverse=True)


async def test_finds_all_three_kinds(client: httpx.AsyncClient) -> None:
    kinds = {k for k, _, _ in await hits(client, "digital", first=50)}
    assert kinds == {"Stakeholder", "Credential", "Skill"}


@pytest.mark.parametrize(("text", "expected"), [
    ("Comptia Secruity", "CompTIA Security+"),        # a transposition
    ("compita network", "CompTIA Network+"),          # a typo in the issuer's name
    ("firew", "implement a firewall"),                # a prefix
    ("Goodwil", "Goodwill Industries International"),  # prefix and typo
])
async def test_typos_and_prefixes(client: httpx.AsyncClient, text: str, expected: str) -> None:
    names = [n for _, n, _ in await hits(client, text, first=5)]
    assert expected in names


@pytest.mark.parametrize("text", [
    'title:"open" AND (badges OR', "C++", "*", "~", "\\", "a:b/c", '"unclosed', "NOT", "&& ||",
    "field:[* TO *]", "  ",
])
async def test_lucene_syntax_never_breaks_the_query(client: httpx.AsyncClient, text: str) -> None:
    body = await gql(client, SEARCH, {"text": text, "first": 5})
    assert isinstance(body["data"]["search"], list)


async def test_first_bounds(client: httpx.AsyncClient) -> None:
    assert len(await hits(client, "skills", first=3)) == 3
    body = await gql(client, SEARCH, {"text": "x", "first": 1000}, expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
