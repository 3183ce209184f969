"""The short paths for plain fields (api/execution.py) answer exactly as the general
path does: data, errors and their paths, on the real app and graph, and on a small
schema built to hit each case the short paths must hand back."""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from functools import partial
from typing import Any

import httpx
import pytest
import strawberry
from asgi_lifespan import LifespanManager
from strawberry.extensions import SchemaExtension
from strawberry.permission import BasePermission

import api.app
from api.app import create_app
from api.execution import direct_resolver, leaf_plan, shorten
from api.schema import build_schema
from graph.local_neo4j import LocalNeo4j
from graph.settings import Settings
from tests.helpers import connect, gql

# The real app: every field of the main types, nested lists, cursors, nulls, enums,
# dates, arguments given and defaulted, aliases, fragments and entities.
STAKEHOLDER = """id slug name groups roles stages description website location did ctid
  verification domainVerifiedAt demo createdAt updatedAt
  credentials(first: 3) { totalCount edges { cursor node { id name description type url
    ctid demo createdAt updatedAt skills { id name } standards { id name }
    issuer { id name } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
  some: credentials(first: 1) { edges { node { id } } }
  acceptedCredentials { totalCount }
  partners { id name groups }
  suggestedPartners(first: 2) { score reasons stakeholder { id name } }
  standards { id name }"""
DOCUMENTS = [
    f"{{ stakeholders(first: 15) {{ edges {{ cursor node {{ {STAKEHOLDER} }} }} }} }}",
    f"""{{ stakeholders(first: 5, filter: {{ groups: [EMPLOYERS] }}) {{ totalCount
        edges {{ node {{ ...S }} }} }} }} fragment S on Stakeholder {{ {STAKEHOLDER} }}""",
    "{ stakeholderGroups { group name definition examples actions { stage } "
    "stakeholders(first: 3) { edges { node { id name } } } } }",
    "{ skills(first: 10) { edges { node { id name } } pageInfo { endCursor } } }",
    "{ standards { id name } credentials(first: 10) { edges { node { id name type } } } }",
    '{ search(text: "data", first: 10) { score item { __typename ... on Stakeholder { id name } '
    "... on Credential { id name } ... on Skill { id name } } } }",
]


@pytest.fixture(scope="session")
async def general_client(settings: Settings, local: LocalNeo4j
                         ) -> AsyncIterator[httpx.AsyncClient]:
    """The same app with every field on the general path."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(api.app, "build_schema", partial(build_schema, short_paths=False))
        app = create_app(settings, connect(settings, local))
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


def _without_request_id(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != "extensions"}


async def test_the_app_answers_as_on_the_general_path(
        client: httpx.AsyncClient, general_client: httpx.AsyncClient) -> None:
    for document in DOCUMENTS:
        short = await gql(client, document)
        general = await gql(general_client, document)
        assert short == {**general, "extensions": short["extensions"]}, document
    first = await gql(client, DOCUMENTS[0])
    assert len(first["data"]["stakeholders"]["edges"]) == 15


async def test_entities_and_errors_answer_as_on_the_general_path(
        client: httpx.AsyncClient, general_client: httpx.AsyncClient) -> None:
    page = await gql(client, "{ stakeholders(first: 3) { edges { node { id } } } }")
    ids = [e["node"]["id"] for e in page["data"]["stakeholders"]["edges"]]
    entities = ("query($r: [_Any!]!) { _entities(representations: $r) "
                "{ ... on Stakeholder { id name groups createdAt } } }")
    variables = {"r": [{"__typename": "Stakeholder", "id": i} for i in [*ids, "nobody"]]}
    short = await gql(client, entities, variables)
    assert short["data"]["_entities"][-1] is None and short["data"]["_entities"][0]["name"]
    assert _without_request_id(short) == _without_request_id(
        await gql(general_client, entities, variables))
    for bad in ("{ stakeholders(first: 2) { edges { node { credentials(first: -1) "
                "{ totalCount } } } } }",
                "{ stakeholders(first: 2) { edges { node { suggestedPartners(first: 1000) "
                "{ score } } } } }"):
        short = await gql(client, bad, expect_errors=True)
        assert short["errors"]
        assert _without_request_id(short) == _without_request_id(
            await gql(general_client, bad, expect_errors=True))


def test_the_app_schema_takes_the_short_paths() -> None:
    schema = build_schema(Settings())._schema
    stakeholder = schema.type_map["Stakeholder"].fields  # type: ignore[attr-defined]
    assert leaf_plan(stakeholder["name"]) and leaf_plan(stakeholder["groups"])
    assert leaf_plan(stakeholder["partners"]) is None  # a list of objects
    # Replaced by direct calls: the nested lists `b_filtered_list` asks for 50 times.
    assert stakeholder["credentials"].resolve.__name__ == "resolve"
    assert stakeholder["partners"].resolve.__name__ == "resolve"
    # The filter is an input object: Strawberry's wrapper builds it.
    assert schema.query_type.fields["stakeholders"].resolve.__name__ != "resolve"  # type: ignore[union-attr]


# A small schema with each case the short paths must hand back to the general path.

@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Deny(BasePermission):
    message = "not for you"

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        return False


@strawberry.input
class Range:
    low: int


@strawberry.type
class Thing:
    name: str
    nickname: str | None
    colour: Colour
    colours: list[Colour]
    maybe_colours: list[Colour | None] | None
    count: int
    when: datetime

    @strawberry.field
    def echo(self, info: strawberry.Info, text: str = "hi", times: int | None = 2,
             root: strawberry.Parent[Any] = None) -> str:
        assert root is self and info.field_name == "echo"
        return f"{self.name}:{text * (times or 1)}"

    @strawberry.field
    async def later(self, text: str) -> str:
        return text.upper()

    @strawberry.field
    def tint(self, colour: Colour = Colour.RED) -> Colour:
        return colour

    @strawberry.field
    def above(self, range: Range) -> bool:
        return self.count > range.low

    @strawberry.field(permission_classes=[Deny])  # type: ignore[untyped-decorator]
    def secret(self) -> str:
        return "shh"

    @strawberry.field
    def fails(self, text: str = "x") -> str:
        raise ValueError(f"no {text}")


GOOD = Thing(name="a", nickname=None, colour=Colour.BLUE, colours=[Colour.RED],
             maybe_colours=[None, Colour.BLUE], count=3, when=datetime(2026, 1, 2, tzinfo=UTC))
def bad_things() -> list[Thing]:
    """Each breaks one leaf field in its own way (new each time: one is an iterator)."""
    return [
    Thing(name=None, nickname="n", colour=Colour.RED, colours=[], maybe_colours=None,  # type: ignore[arg-type]
          count=1, when=GOOD.when),
    # A one-pass iterable with a bad item: read twice, it would be empty the second time.
    Thing(name="c", nickname=None, colour=Colour.RED, colours=[],
          maybe_colours=(c for c in [Colour.RED, "green"]), count=1, when=GOOD.when),  # type: ignore[arg-type]
    Thing(name="b", nickname=None, colour="green", colours=[Colour.RED, None],  # type: ignore[arg-type, list-item]
          maybe_colours="RED", count="many", when="yesterday"),  # type: ignore[arg-type]
    Thing(name=ValueError("boom"), nickname=3.5, colour=Colour.BLUE,  # type: ignore[arg-type]
          colours=None, maybe_colours=[7], count=2**40, when=GOOD.when),  # type: ignore[arg-type, list-item]
    ]


@strawberry.type
class Query:
    @strawberry.field
    def things(self) -> list[Thing | None]:
        return [GOOD, *bad_things()]


class Shout(SchemaExtension):
    """An extension that resolves fields: every string comes back upper-case."""

    def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        value = _next(root, info, *args, **kwargs)
        return value.upper() if isinstance(value, str) else value


LEAVES = "name nickname colour colours maybeColours count when"
SMALL = [  # each leaf alone (a null in a non-null field nulls its thing, and stops it)
    *(f"{{ things {{ {leaf} }} }}" for leaf in LEAVES.split()),
    f"{{ things {{ {LEAVES} }} }}",
    "{ things { name echo e2: echo(text: \"yo\", times: null) e3: echo(times: 3) "
    "later(text: \"up\") tint t2: tint(colour: BLUE) above(range: { low: 2 }) } }",
    "{ things { name secret } }",
    "{ things { fails f2: fails(text: \"y\") } }",
]


def _pair(**kwargs: Any) -> tuple[strawberry.Schema, strawberry.Schema]:
    short = strawberry.Schema(query=Query, **kwargs)
    shorten(short)
    return short, strawberry.Schema(query=Query, **kwargs)


@pytest.fixture(params=[[], [Shout]], ids=["plain", "resolve-extension"])
def schemas(request: pytest.FixtureRequest) -> Iterator[tuple[strawberry.Schema,
                                                               strawberry.Schema]]:
    yield _pair(extensions=request.param)


async def test_each_case_answers_as_on_the_general_path(
        schemas: tuple[strawberry.Schema, strawberry.Schema]) -> None:
    short, general = schemas
    broken = set()
    for document in SMALL:
        mine, theirs = await short.execute(document), await general.execute(document)
        assert mine.data == theirs.data, document
        assert [(e.message, e.path) for e in mine.errors or []] \
            == [(e.message, e.path) for e in theirs.errors or []], document
        broken |= {[p for p in e.path or [] if isinstance(p, str)][-1]
                   for e in mine.errors or []}
    # The bad things did break, each leaf field somewhere (nickname's 3.5 is a String).
    assert broken >= set(LEAVES.split()) - {"nickname"} | {"secret", "fails"}
    leaves = await short.execute(SMALL[len(LEAVES.split())])
    assert leaves.data is not None and leaves.data["things"][0]["colours"] == ["RED"]
    # A null in a non-null field nulls its thing; a bad item of a nullable list only itself.
    assert [t is None for t in leaves.data["things"][1:]] == [True, False, True, True]


def test_only_plain_fields_are_shortened() -> None:
    short, _ = _pair()
    fields = short._schema.query_type.fields["things"].type.of_type.of_type.fields  # type: ignore[union-attr]
    assert all(leaf_plan(fields[name]) for name in LEAVES.split())
    for name in ("echo", "later"):  # plain scalar arguments: direct calls
        assert fields[name].resolve.__name__ == "resolve"
    for name in ("tint", "above", "secret"):  # an enum, an input, a permission class
        assert direct_resolver(fields[name], short.config) is None
        assert fields[name].resolve.__name__ != "resolve"
