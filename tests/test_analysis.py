"""Query analysis: hostile documents are refused before validation, linearly, with a code.

The first tests go through the real ASGI app; the rest are unit tests of the analysis
functions on small documents (they need no database).
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import Any

import httpx
from graphql import GraphQLSchema, OperationDefinitionNode, get_variable_values, parse
from strawberry.schema.schema import validate_document

import api
from api.analysis import Limits, analyse_document, fragment_order
from api.cost import request_load, request_refusals
from api.schema import DocumentCache, build_schema
from graph.db import Database
from graph.settings import Settings
from tests.helpers import register


async def post(client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None,
               key: str | None = None) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}},
                                 headers=headers)
    assert response.status_code != 500
    body: dict[str, Any] = response.json()
    return body


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


def doubling(levels: int, leaf: str) -> str:
    """Fragments each spreading the next one twice: the leaf appears 2^levels times."""
    fragments = [f"fragment F{i} on Stakeholder {{ ...F{i + 1} ...F{i + 1} }}"
                 for i in range(levels)]
    fragments.append(f"fragment F{levels} on Stakeholder {{ {leaf} }}")
    return '{ stakeholder(id: "x") { ...F0 } } ' + " ".join(fragments)


# -- through the app -----------------------------------------------------------------

async def test_fragment_fan_out_is_refused(client: httpx.AsyncClient) -> None:
    # Twenty fragments, 2^19 leaves; the old validation: ~1 s at 16, 4x for every two more.
    query = doubling(19, "id name")
    assert len(query) < 1000
    body = await post(client, query)
    assert body["data"] is None
    assert codes(body) == ["QUERY_TOO_LARGE"]
    assert body["errors"][0]["extensions"]["selections"] > 5000


def binary_tree(levels: int) -> str:
    """Two same-named fields at every level: graphql-core compares every pair of fields
    answering at one path, 4^levels of them, though the document has 2^levels fields."""
    inner = "id"
    for _ in range(levels):
        inner = f"broader {{ {inner} }} broader {{ {inner} }}"
    return f'{{ skill(id: "x") {{ {inner} }} }}'


async def test_repeated_fields_are_refused(client: httpx.AsyncClient) -> None:
    assert "errors" not in await post(client, binary_tree(3))
    body = await post(client, binary_tree(8))   # validation alone took ~0.9 s
    assert codes(body) == ["QUERY_TOO_LARGE"]
    assert body["errors"][0]["extensions"]["mergePairs"] > 5000


async def test_refusals_come_before_validation(settings: Settings, monkeypatch: Any) -> None:
    def validate(*_: Any) -> list[Any]:
        raise AssertionError("the standard rules saw a refused document")

    monkeypatch.setattr("api.schema.validate_document", validate)
    schema = build_schema(settings)
    for query in (doubling(19, "id"), binary_tree(8), doubling(3, "a: id b: id c: id d: id")):
        result = await schema.execute(query)
        assert result.errors and result.errors[0].extensions, query


async def test_aliases_in_fragments_count_once_per_spread(client: httpx.AsyncClient,
                                                          settings: Settings) -> None:
    ok = await post(client, doubling(3, "a: id b: name c: slug"))           # 8 x 3 = 24
    assert "errors" not in ok
    body = await post(client, doubling(3, "a: id b: name c: slug d: website"))  # 8 x 4
    assert codes(body) == ["TOO_MANY_ALIASES"]
    assert body["errors"][0]["extensions"]["aliases"] == 32 > settings.max_aliases


async def test_cost_reads_variable_defaults(client: httpx.AsyncClient,
                                            settings: Settings) -> None:
    # Two levels cost 100 + 100 x 100 = 10,100: allowed, and now costed (unit test below).
    two = """query($n: Int = 100) { stakeholders(first: $n) { edges { node {
      credentials(first: $n) { edges { node { id } } } } } } }"""
    assert "errors" not in await post(client, two)
    three = """query($n: Int = 100) { stakeholders(first: $n) { edges { node {
      credentials(first: $n) { edges { node { acceptedBy(first: $n) { edges { node { id }
      } } } } } } } } }"""
    body = await post(client, three)
    assert body["data"] is None and codes(body) == ["QUERY_TOO_COMPLEX"]
    assert body["errors"][0]["extensions"]["cost"] == 100 + 100 ** 2 + 100 ** 3
    assert body["errors"][0]["extensions"]["maxCost"] == settings.max_query_cost


async def test_entities_cap_counts_every_representation(client: httpx.AsyncClient) -> None:
    reps = [{"__typename": "Stakeholder", "id": f"s{i}"} for i in range(300)]
    body = await post(client, """query($r: [_Any!]!) {
      a: _entities(representations: $r) { __typename }
      b: _entities(representations: $r) { __typename } }""", {"r": reps})
    assert body["data"] is None and codes(body) == ["BAD_USER_INPUT"]
    error = body["errors"][0]
    assert error["extensions"]["field"] == ["representations"]
    assert "600" in error["message"] and "500" in error["message"]


async def test_too_many_mutations_are_refused_and_nothing_is_written(
        client: httpx.AsyncClient, db: Database, settings: Settings) -> None:
    _, key = await register(client)
    count = "MATCH (c:Credential) RETURN count(c) AS n"
    before = (await db.driver.execute_query(count)).records[0]["n"]
    adds = " ".join(f"a{i}: addCredential(input: $i) {{ credential {{ id }} }}"
                    for i in range(settings.max_mutations_per_request + 1))
    body = await post(client, f"mutation($i: AddCredentialInput!) {{ {adds} }}",
                      {"i": {"name": "Eleven Times", "type": "BADGE"}}, key)
    assert body["data"] is None and codes(body) == ["TOO_MANY_MUTATIONS"]
    assert body["errors"][0]["extensions"]["maxMutations"] == settings.max_mutations_per_request
    after = (await db.driver.execute_query(count)).records[0]["n"]
    assert after == before


async def test_large_unused_variables_are_not_kept(settings: Settings) -> None:
    """Nothing is cached per set of variables: one entry per document, however many
    different (large) variable objects come with it."""
    documents = DocumentCache(settings.max_tokens)
    schema = build_schema(settings, documents)
    for i in range(3):
        variables = {f"v{j}": f"{i}" * 1000 for j in range(300)}
        result = await schema.execute("{ __typename }", variable_values=variables)
        assert result.errors is None
    assert len(documents) == 1


async def test_a_document_is_validated_once(settings: Settings, monkeypatch: Any) -> None:
    calls = []

    def counting(*args: Any) -> Any:
        calls.append(1)
        return validate_document(*args)

    monkeypatch.setattr("api.schema.validate_document", counting)
    schema = build_schema(settings)
    for n in (1, 2, 3):  # one document, other variables each time (no context: no data)
        await schema.execute("query($n: Int) { stakeholders(first: $n) { totalCount } }",
                             variable_values={"n": n})
    assert len(calls) == 1


def test_no_module_level_cache_in_the_api() -> None:
    """The old cost rule kept a class per set of variables in an lru_cache; no module of
    `api` holds a functools cache now (the document cache is per schema)."""
    for module_info in pkgutil.walk_packages(api.__path__, "api."):
        module = importlib.import_module(module_info.name)
        cached = [name for name, value in vars(module).items()
                  if hasattr(value, "cache_info") and getattr(value, "__module__", "") ==
                  module.__name__]
        assert cached == [], f"{module.__name__}: {cached}"


# -- the analysis functions ------------------------------------------------------------

@cache
def graphql_schema() -> GraphQLSchema:
    return build_schema(Settings())._schema


def facts(query: str) -> Any:
    return analyse_document(parse(query, no_location=True), max_selections=5000)


def test_depth_as_before_introspection_ignored() -> None:
    assert facts("{ a }").operations[0].depth == 0
    assert facts("{ a { b { c } } }").operations[0].depth == 2
    assert facts("{ a { ...F } } fragment F on T { b { c { d } } }").operations[0].depth == 3
    assert facts("{ a { ... on T { b { c } } } }").operations[0].depth == 2
    assert facts("{ __schema { types { fields { name } } } }").operations[0].depth == 0


def test_aliases_and_fields_count_each_spread() -> None:
    found = facts("{ a { ...F ...F ...G } } fragment F on T { p: b q: c } "
                  "fragment G on T { ...F }")
    assert found.operations[0].aliases == 6     # F twice, G (= F) once: three times two
    # The operation: a, two spreads of F (1 + 2 each), G (1 + a spread of F); then F, G.
    assert found.selections == (1 + 2 * 3 + 4) + 2 + 3


def test_fan_out_is_counted_by_memo_not_expansion() -> None:
    found = facts(doubling(30, "id"))           # 2^30 leaves: a walk would never end
    assert found.selections > 2 ** 30
    assert found.merge_pairs is None            # not walked: too large already
    assert found.operations[0].depth == 1


def test_merge_pairs_count_fields_by_response_path() -> None:
    assert facts("{ a a a }").merge_pairs == 3
    assert facts("{ b { a } b { a a } c { a } }").merge_pairs == 1 + 3  # b, then b.a
    assert facts("{ x: a y: a }").merge_pairs == 0
    assert facts("{ x ...F } fragment F on Query { x }").merge_pairs == 1
    # Fragments spread into one set are compared pairwise; one spread twice is one.
    assert facts("{ ...A ...B ...A } fragment A on Query { id } fragment B on Query { id }"
                 ).merge_pairs == 4 * 1 + 1
    assert facts(binary_tree(8)).merge_pairs > 5000


def test_cycles_and_unknown_fragments_end() -> None:
    found = facts("{ a { ...A ...Nope } } fragment A on T { x ...B } fragment B on T { y ...A }")
    # B = y + a spread of A that closes the cycle (2); A = x + ...B (4); the operation 7.
    assert found.selections == 7 + 4 + 2
    assert found.merge_pairs is not None and found.merge_pairs < 50   # the walk ended
    assert facts("fragment A on T { ...A } { a { ...A } }").selections == 3 + 1


def test_a_long_chain_of_fragments_needs_no_recursion() -> None:
    chain = "{ a { ...F0 } } " + " ".join(f"fragment F{i} on T {{ ...F{i + 1} }}"
                                           for i in range(5000)) + " fragment F5000 on T { b }"
    document = parse(chain, no_location=True)
    order = fragment_order(document)
    assert len(order) == 5001
    assert order[0] == len(document.definitions) - 1 and order[-1] == 1   # F5000 first
    assert analyse_document(document, 5000).operations[0].depth == 1


def test_root_fields_of_a_mutation() -> None:
    found = facts("mutation { a b __typename ...M ... on Mutation { c } } "
                  "fragment M on Mutation { d e }")
    assert found.operations[0].root_fields == 5


def load(query: str, variables: dict[str, Any] | None = None) -> tuple[int, int]:
    """(cost, representations) of the document's one operation."""
    document = parse(query)
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    coerced = get_variable_values(graphql_schema(), operation.variable_definitions or (),
                                  variables or {})
    assert not isinstance(coerced, list), coerced
    found = request_load(graphql_schema(), document, operation, coerced.coerced,
                         analyse_document(document, 5000).fragment_order)
    return found.cost, found.representations


def limits(**overrides: Any) -> Limits:
    values: dict[str, Any] = {"max_depth": 12, "max_aliases": 30, "max_selections": 5000,
                              "max_mutations": 10, "max_cost": 20_000, "max_entities": 500}
    return Limits(**{**values, **overrides})


def test_cost_model_is_unchanged() -> None:
    assert load("""{ stakeholders(first: 100) { edges { node {
      credentials(first: 100) { edges { node { id } } } } } } }""") == (10_100, 0)
    # Plain lists count LIST_FACTOR each; `first` left out means its default, 20.
    assert load("""{ stakeholders { edges { node { partners { partners { id } } } } } }"""
                ) == (20 + 200 + 2000, 0)


def test_cost_through_fragments_and_inline_fragments() -> None:
    query = """query($n: Int = 100) { stakeholders(first: 10) { edges { node { ...C } } } }
      fragment C on Stakeholder { credentials(first: $n) { edges { node {
        ... on Credential { acceptedBy(first: 2) { edges { node { id } } } } } } } }"""
    assert load(query) == (10 + 10 * 100 + 10 * 100 * 2, 0)


def test_cost_counts_representations() -> None:
    query = """query($r: [_Any!]!) { a: _entities(representations: $r) { __typename }
      b: _entities(representations: $r) { ... on Stakeholder { partners { id } } } }"""
    reps = [{"__typename": "Stakeholder", "id": f"s{i}"} for i in range(3)]
    assert load(query, {"r": reps}) == (3 + 3 + 3 * 10, 6)
    document = parse(query)
    errors = request_refusals(graphql_schema(), document, analyse_document(document, 5000), None,
                              {"r": reps}, limits(max_entities=5))
    assert [(e.extensions or {}).get("code") for e in errors] == ["BAD_USER_INPUT"]


def test_default_variables_are_applied() -> None:
    query = """query($n: Int = 100) { stakeholders(first: $n) { edges { node {
      credentials(first: $n) { edges { node { id } } } } } } }"""
    document = parse(query)
    errors = request_refusals(graphql_schema(), document, analyse_document(document, 5000), None,
                              {}, limits(max_cost=10_099))
    assert [(e.extensions or {}).get("cost") for e in errors] == [10_100]


def test_variables_that_do_not_coerce_are_refused() -> None:
    document = parse("query($n: Int) { stakeholders(first: $n) { edges { node { id } } } }")
    errors = request_refusals(graphql_schema(), document, analyse_document(document, 5000), None,
                              {"n": "many"}, limits())
    assert len(errors) == 1 and "$n" in errors[0].message
    errors = request_refusals(graphql_schema(), document, analyse_document(document, 5000), None,
                              ["not", "an", "object"], limits())
    assert [(e.extensions or {}).get("code") for e in errors] == ["BAD_USER_INPUT"]


async def test_short_documents_are_parsed_once_long_ones_every_time(settings: Settings,
                                                                    monkeypatch: Any) -> None:
    """Short texts are parsed once (a partner's query, asked again and again); a text over
    the cache's bound is parsed by Strawberry each time and not kept; a syntax error is
    reported as usual, never cached."""
    calls: list[str] = []

    def counting(text: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(text)
        return parse(text, *args, **kwargs)

    monkeypatch.setattr("api.schema.parse", counting)
    documents = DocumentCache(settings.max_tokens)
    schema = build_schema(settings, documents)
    for _ in range(3):
        assert (await schema.execute("{ __typename }")).errors is None
    assert calls == ["{ __typename }"]
    long = "{ __typename }\n# " + "a long comment " * 200
    assert len(long) > DocumentCache.PARSED_MAX_CHARS
    for _ in range(2):
        assert (await schema.execute(long)).errors is None
    assert long not in calls and len(documents._parsed) == 1
    broken = await schema.execute("{ __typename")
    assert broken.errors and "Syntax Error" in broken.errors[0].message
    assert "{ __typename" not in documents._parsed
