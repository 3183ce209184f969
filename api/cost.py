"""Query analysis, request pass: the cost and `_entities` representations of the
operation that runs, from its variables coerced as execution will coerce them.

Cost counts the objects a query may return: a field that pages (`first`) multiplies
what is under it by its page size, a plain list by LIST_FACTOR, `_entities` by its
number of representations. So `stakeholders(first: 100) { edges { node {
credentials(first: 100) { ... } } } }` costs 100 + 100 x 100 = 10,100.

Cost is linear in the multiplier above it, so each fragment is costed once, at
multiplier 1, and scaled where it is spread: linear in the document. Nothing here is
cached: it depends on the variables (`api/analysis.py` has the per-document part).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    Undefined,
    get_named_type,
    value_from_ast,
)
from graphql.execution.values import get_variable_values

from api.analysis import DocumentFacts, Limits, fragments_by_position, spreads
from api.errors import refusal

LIST_FACTOR = 10

# JSON readers (JavaScript's above all) keep integers exact up to 2^53 - 1.
_JSON_SAFE = (1 << 53) - 1

@dataclass(frozen=True, slots=True)
class Load:
    """Objects a selection set may return, and `_entities` representations it resolves."""

    cost: int = 0
    representations: int = 0

    def plus(self, other: Load, times: int = 1) -> Load:
        return Load(self.cost + times * other.cost,
                    self.representations + times * other.representations)


NO_LOAD = Load()


def _is_list(type_: Any) -> bool:
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


def _argument(node: FieldNode, field_def: GraphQLField, name: str,
              variables: dict[str, Any]) -> Any:
    """The argument's value as execution will see it: variables already coerced with
    their defaults; the argument's own default when not given (or null)."""
    given = next((a for a in node.arguments or () if a.name.value == name), None)
    arg = field_def.args[name]
    value = Undefined if given is None else value_from_ast(given.value, arg.type, variables)
    if value is Undefined or value is None:
        value = arg.default_value
    return None if value is Undefined else value


# Fields whose work does not show in their page size: a suggestion ranks every candidate
# (a fan-out through shared credentials, skills and standards); the map reads the whole
# graph. Each call costs this much on top of what it lists, so a page of 100 stakeholders
# with their suggestions, or 30 aliased maps, is over the default limit.
# `changes` reads up to graph/changes.py's SCAN (500) events to find a page of those the
# reader may see.
# `issuerTrust` runs two reads, the second over every credential of the issuer (its
# evidence lists are at most 20 long, twice LIST_FACTOR). An Achievement reads what
# `issuer`, `skills`, `standards` and `occupations` would.
HEAVY_FIELDS = {"suggestedPartners": 500, "ecosystemMap": 5_000, "changes": 500,
                "issuerTrust": 50, "openBadgeAchievement": 3 * LIST_FACTOR}


def _field_load(node: FieldNode, field_def: GraphQLField, variables: dict[str, Any]
                ) -> tuple[int, Load]:
    """How many results per parent result (the multiplier below), and this field's load."""
    name = node.name.value
    if "first" in field_def.args:
        first = _argument(node, field_def, "first", variables)
        factor = max(int(first or 0), 1)
    elif "representations" in field_def.args:
        representations = _argument(node, field_def, "representations", variables)
        count = len(representations) if isinstance(representations, list) else 0
        return max(count, 1), Load(max(count, 1), count)
    elif _is_list(field_def.type) and name != "edges":
        factor = LIST_FACTOR
    else:
        factor = 1
    # `edges` lists the objects its connection already counted.
    counted = (factor > 1 or _is_list(field_def.type)) and name != "edges"
    return factor, Load((factor if counted else 0) + HEAVY_FIELDS.get(name, 0))


@dataclass
class _Costing:
    schema: GraphQLSchema
    variables: dict[str, Any]
    memo: dict[str, Load] = field(default_factory=dict)

    def unit_load(self, selection_set: SelectionSetNode, parent: GraphQLNamedType) -> Load:
        """The load of a selection set under one parent result."""
        total = NO_LOAD
        for selection in selection_set.selections:
            total = total.plus(self._selection(selection, parent))
        return total

    def _selection(self, selection: SelectionNode, parent: GraphQLNamedType) -> Load:
        if isinstance(selection, FieldNode):
            return self._field(selection, parent)
        if isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            inner = self.schema.get_type(condition.name.value) if condition else None
            return self.unit_load(selection.selection_set, inner or parent)
        if isinstance(selection, FragmentSpreadNode):
            return self.memo.get(selection.name.value, NO_LOAD)
        return NO_LOAD

    def _field(self, node: FieldNode, parent: GraphQLNamedType) -> Load:
        if node.name.value.startswith("__") or not isinstance(
                parent, GraphQLObjectType | GraphQLInterfaceType):
            return NO_LOAD
        field_def = parent.fields.get(node.name.value)
        if field_def is None:
            return NO_LOAD
        factor, load = _field_load(node, field_def, self.variables)
        if node.selection_set is None:
            return load
        below = self.unit_load(node.selection_set, get_named_type(field_def.type))
        return load.plus(below, factor)


def _reachable(operation: OperationDefinitionNode,
               fragments: Mapping[str, FragmentDefinitionNode]) -> set[str]:
    found: set[str] = set()
    pending = list(spreads(operation.selection_set))
    while pending:
        name = pending.pop()
        if name in fragments and name not in found:
            found.add(name)
            pending.extend(spreads(fragments[name].selection_set))
    return found


def request_load(schema: GraphQLSchema, document: DocumentNode,
                 operation: OperationDefinitionNode, variables: dict[str, Any],
                 order: tuple[int, ...]) -> Load:
    """The operation's load with these coerced variables; each fragment costed once,
    in `order` (`DocumentFacts.fragment_order`: each after the fragments it spreads).

    A fragment's fields are those of its type condition, so its cost does not depend
    on where it is spread. Only fragments this operation reaches are costed: another
    operation's fragments may use variables this one does not define.
    """
    by_position = fragments_by_position(document)
    reachable = _reachable(operation, {f.name.value: f for f in by_position.values()})
    costing = _Costing(schema, variables)
    for i in order:
        fragment = by_position[i]
        name = fragment.name.value
        condition = schema.get_type(fragment.type_condition.name.value)
        if name in reachable and condition is not None:
            costing.memo[name] = costing.unit_load(fragment.selection_set, condition)
    root = schema.get_root_type(operation.operation)
    return costing.unit_load(operation.selection_set, root) if root else NO_LOAD


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((op for op in operations if op.name and op.name.value == name), None)


def request_refusals(schema: GraphQLSchema, document: DocumentNode, facts: DocumentFacts,
                     operation_name: str | None, variables: object, limits: Limits
                     ) -> list[GraphQLError]:
    """Variables coerced as execution will coerce them, then the cost and the batch."""
    operation = _operation(document, operation_name)
    if operation is None:
        return [refusal("could not tell which operation to run; name it with operationName",
                        "GRAPHQL_VALIDATION_FAILED")]
    if variables is not None and not isinstance(variables, dict):
        return [refusal("variables must be a JSON object", "BAD_USER_INPUT")]
    coerced = get_variable_values(schema, operation.variable_definitions or (),
                                  variables or {}, max_errors=50,
                                  hide_suggestions=limits.hide_suggestions)
    if isinstance(coerced, list):
        return coerced  # what execution would answer; `with_code` gives them a code
    load = request_load(schema, document, operation, coerced.coerced, facts.fragment_order)
    errors = []
    if load.representations > limits.max_entities:
        errors.append(refusal(
            f"at most {limits.max_entities} representations per request, "
            f"got {load.representations}", "BAD_USER_INPUT", field=["representations"]))
    if load.cost > limits.max_cost:
        errors.append(refusal(
            f"query cost {load.cost} is over the limit of {limits.max_cost}; ask for smaller "
            "pages (`first`) or fewer nested lists", "QUERY_TOO_COMPLEX",
            cost=min(load.cost, _JSON_SAFE), maxCost=limits.max_cost))
    return errors
