"""schema.graphql matches the code, and the code keeps every name of the contract."""

from __future__ import annotations

import pytest
from graphql import GraphQLArgument, GraphQLSchema, find_breaking_changes, value_from_ast_untyped
from graphql import build_schema as parse_sdl
from graphql.type import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLObjectType,
    GraphQLUnionType,
)

from api.schema import build_schema
from graph.settings import PROJECT_ROOT, Settings

CONTRACT = PROJECT_ROOT.parent / "shared" / "design" / "contract.graphql"


@pytest.fixture(scope="module")
def ours() -> GraphQLSchema:
    return build_schema(Settings())._schema


@pytest.fixture(scope="module")
def contract() -> GraphQLSchema:
    return parse_sdl(CONTRACT.read_text())


def default_of(arg: GraphQLArgument) -> object:
    """An SDL-built schema keeps defaults as AST; decode them to compare."""
    node = arg.ast_node.default_value if arg.ast_node else None
    return value_from_ast_untyped(node) if node is not None else None


def test_committed_schema_is_the_codes_schema() -> None:
    committed = (PROJECT_ROOT / "schema.graphql").read_text()
    assert committed == build_schema(Settings()).as_str() + "\n", \
        "schema.graphql is stale: run `make schema` and commit it"


def test_no_breaking_change_against_the_contract(contract: GraphQLSchema,
                                                 ours: GraphQLSchema) -> None:
    changes = [f"{c.type.name}: {c.description}" for c in find_breaking_changes(contract, ours)]
    assert changes == []


def test_every_contract_name_exists_as_written(contract: GraphQLSchema,
                                               ours: GraphQLSchema) -> None:
    missing = []
    for name, ctype in contract.type_map.items():
        if name.startswith("__"):
            continue
        otype = ours.type_map.get(name)
        if otype is None or not isinstance(otype, type(ctype)):
            missing.append(name)
            continue
        if isinstance(ctype, GraphQLObjectType | GraphQLInputObjectType):
            for field_name, cfield in ctype.fields.items():
                ofield = otype.fields.get(field_name)  # type: ignore[union-attr]
                if ofield is None or str(ofield.type) != str(cfield.type):
                    missing.append(f"{name}.{field_name}: {cfield.type}")
                    continue
                for arg_name, carg in getattr(cfield, "args", {}).items():
                    oarg = ofield.args.get(arg_name)
                    if oarg is None or str(oarg.type) != str(carg.type) \
                            or oarg.default_value != default_of(carg):
                        missing.append(f"{name}.{field_name}({arg_name})")
        elif isinstance(ctype, GraphQLEnumType):
            missing += [f"{name}.{v}" for v in ctype.values if v not in otype.values]  # type: ignore[union-attr]
        elif isinstance(ctype, GraphQLUnionType):
            members = {t.name for t in otype.types}  # type: ignore[union-attr]
            missing += [f"{name} | {t.name}" for t in ctype.types if t.name not in members]
    assert missing == []


def test_entities_are_keyed_by_id() -> None:
    sdl = (PROJECT_ROOT / "schema.graphql").read_text()
    for entity in ("Stakeholder", "Credential", "Skill", "Standard", "Partnership"):
        assert f'type {entity} @key(fields: "id")' in sdl
