"""A multiplicative query cost limit, as a graphql-core validation rule.

Cost counts the objects a query may return: a field that pages (`first`)
multiplies what is under it by its page size, a plain list by LIST_FACTOR,
`_entities` by its number of representations. So `stakeholders(first: 100)
{ edges { node { credentials(first: 100) { ... } } } }` costs
100 + 100 x 100 = 10,100. Depth, aliases and tokens are limited by
Strawberry's own extensions; none of them multiplies, hence this rule.

Validation rules do not see variables, so the rule is made per operation by
`QueryCostLimiter` with that request's variables bound in.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
    value_from_ast,
)
from strawberry.extensions import SchemaExtension

LIST_FACTOR = 10


def _is_list(type_: Any) -> bool:
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


def _factor(field: FieldNode, field_def: Any, variables: dict[str, Any]) -> int:
    """How many objects each result of the parent may have under this field."""
    args = {a.name.value: a for a in field.arguments or ()}
    if "first" in field_def.args:
        arg = field_def.args["first"]
        value = (value_from_ast(args["first"].value, arg.type, variables)
                 if "first" in args else None)
        return max(int(value if value is not None else arg.default_value or 0), 1)
    if "representations" in args:
        reps = value_from_ast(args["representations"].value,
                              field_def.args["representations"].type, variables)
        return max(len(reps or []), 1)
    if _is_list(field_def.type) and field.name.value != "edges":
        # `edges` repeats its connection's `first`, already counted.
        return LIST_FACTOR
    return 1


def selection_cost(context: ValidationContext, selection_set: SelectionSetNode,
                   parent: GraphQLNamedType, multiplier: int, variables: dict[str, Any],
                   seen_fragments: frozenset[str] = frozenset()) -> int:
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value.startswith("__") or not isinstance(
                    parent, GraphQLObjectType | GraphQLInterfaceType):
                continue
            field_def = parent.fields.get(selection.name.value)
            if field_def is None:
                continue  # unknown fields are reported by the standard rules
            factor = _factor(selection, field_def, variables)
            count = multiplier * factor
            # `edges` lists the objects its connection already counted.
            if (factor > 1 or _is_list(field_def.type)) and selection.name.value != "edges":
                total += count
            if selection.selection_set is not None:
                total += selection_cost(context, selection.selection_set,
                                        get_named_type(field_def.type), count, variables,
                                        seen_fragments)
        elif isinstance(selection, InlineFragmentNode):
            inner = parent
            if selection.type_condition is not None:
                inner = context.schema.get_type(selection.type_condition.name.value) or parent
            total += selection_cost(context, selection.selection_set, inner, multiplier,
                                    variables, seen_fragments)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = context.get_fragment(name)
            if fragment is None or name in seen_fragments:
                continue  # cycles and unknown fragments are reported by the standard rules
            inner = context.schema.get_type(fragment.type_condition.name.value) or parent
            total += selection_cost(context, fragment.selection_set, inner, multiplier,
                                    variables, seen_fragments | {name})
    return total


def cost_rule(max_cost: int, variables: dict[str, Any],
              operation_name: str | None) -> type[ValidationRule]:
    """The rule for these variables; the same class for the same variables, so
    Strawberry's ValidationCache can reuse the validation of an identical request."""
    return _cost_rule(max_cost, json.dumps(variables, sort_keys=True, default=str),
                      operation_name)


@lru_cache(maxsize=1024)
def _cost_rule(max_cost: int, variables_json: str,
               operation_name: str | None) -> type[ValidationRule]:
    variables = json.loads(variables_json)

    class QueryCost(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            if operation_name and node.name and node.name.value != operation_name:
                return
            root = self.context.schema.get_root_type(node.operation)
            if root is None:
                return
            try:
                cost = selection_cost(self.context, node.selection_set, root, 1, variables)
            except (TypeError, ValueError):
                return  # malformed variables are reported by the standard rules
            if cost > max_cost:
                self.report_error(GraphQLError(
                    f"query cost {cost} is over the limit of {max_cost}; ask for smaller pages "
                    "(`first`) or fewer nested lists", node,
                    extensions={"code": "QUERY_TOO_COMPLEX", "cost": cost, "maxCost": max_cost}))

    return QueryCost


class QueryCostLimiter(SchemaExtension):
    """Adds the cost rule, bound to this operation's variables, to validation."""

    def __init__(self, max_cost: int) -> None:
        self.max_cost = max_cost

    def on_operation(self) -> Iterator[None]:
        ctx = self.execution_context
        rule = cost_rule(self.max_cost, ctx.variables or {}, ctx.operation_name)
        ctx.validation_rules = (*ctx.validation_rules, rule)
        yield
