"""Query analysis, document pass: depth, aliases, root mutations and expanded size,
in time linear in the document (`api/cost.py` is the request pass: cost, `_entities`).

Fragments are analysed once each, in dependency order, and a spread adds its
fragment's figures: twenty fragments each spreading the next one twice cost forty
steps, not the million an expansion would. None of this needs the schema or the
variables, so it is cached per document (`api/schema.py`).

`api/schema.py` runs these refusals before graphql-core's validation: its
overlapping-fields rule compares pairs of same-named fields and of spreads, so a
document within the token limit may still keep it busy for seconds. The expanded
size (`selections`, by memo) and then the pairs (`merge_pairs`, by a walk that the
first bound keeps short) bound that work.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionNode,
    SelectionSetNode,
)

from api.errors import refusal
from graph.settings import Settings

# graphql-core's OverlappingFieldsCanBeMerged rule compares every pair of fields that
# answer at one response path, and every pair of fragments spread into one selection
# set (a pair of spreads costs it about four pairs of fields). Measured on this schema
# (a shared 2-core machine): 5,000 pairs validate in 20-60 ms; a binary tree of
# same-named fields 8 levels deep, 2,300 tokens, is 76,000 pairs and 0.9-1.4 s.
# Ordinary queries have a few dozen (`id` from each of a few fragments, say);
# GraphiQL's introspection query has none.
MAX_MERGE_PAIRS = 5_000
SPREAD_PAIR_WEIGHT = 4

# Counts saturate here: a number past every limit needs no more precision, and a
# fan-out of fragments would otherwise grow it exponentially (in bits, cheaply, but why).
_SATURATED = 1 << 40


def _sat(value: int) -> int:
    return value if value < _SATURATED else _SATURATED


@dataclass(frozen=True, slots=True)
class Limits:
    max_depth: int
    max_aliases: int
    max_selections: int
    max_mutations: int
    max_cost: int
    max_entities: int
    max_merge_pairs: int = MAX_MERGE_PAIRS
    hide_suggestions: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        # Fragments save typing; they may not make a document bigger than one written
        # out within the token limit could be.
        return cls(max_depth=settings.max_query_depth, max_aliases=settings.max_aliases,
                   max_selections=settings.max_tokens,
                   max_mutations=settings.max_mutations_per_request,
                   max_cost=settings.max_query_cost, max_entities=settings.max_entities_batch,
                   hide_suggestions=settings.environment != "development")


# ---------------------------------------------------------------- document pass


@dataclass(frozen=True, slots=True)
class Shape:
    """A selection set's figures with its fragments expanded, each fragment's computed
    once (memo): `selections` counts fields, spreads and inline fragments."""

    selections: int = 0
    aliases: int = 0
    depth: int = 0
    root_fields: int = 0


EMPTY = Shape()


@dataclass(frozen=True, slots=True)
class OperationFacts:
    kind: OperationType
    depth: int
    aliases: int
    root_fields: int


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """Numbers only (no names, no nodes): a cached entry stays small whatever the text."""

    operations: tuple[OperationFacts, ...]
    selections: int      # every definition counted once, fragments expanded in it
    merge_pairs: int | None   # None: not counted, the document is too large already
    # Positions in `document.definitions` of the fragments, each after those it spreads.
    fragment_order: tuple[int, ...]


def spreads(selection_set: SelectionSetNode) -> Iterator[str]:
    """The names of the fragments spread in a selection set, at any depth."""
    for selection in selection_set.selections:
        if isinstance(selection, FragmentSpreadNode):
            yield selection.name.value
        elif isinstance(selection, InlineFragmentNode):
            yield from spreads(selection.selection_set)
        elif isinstance(selection, FieldNode) and selection.selection_set is not None:
            yield from spreads(selection.selection_set)


def fragments_by_position(document: DocumentNode) -> dict[int, FragmentDefinitionNode]:
    return {i: d for i, d in enumerate(document.definitions)
            if isinstance(d, FragmentDefinitionNode)}


def fragment_order(document: DocumentNode) -> tuple[int, ...]:
    """The fragments in dependency order, by an explicit-stack depth-first walk.

    A chain of fragments may be far longer than Python's recursion limit. A spread
    that closes a cycle is skipped (the standard rules report cycles), so the
    fragment it names counts as empty there. Of two fragments with one name (the
    rules report that too) the last is the one spreads refer to.
    """
    fragments = fragments_by_position(document)
    index = {f.name.value: i for i, f in fragments.items()}
    edges = {i: [index[name] for name in spreads(fragments[i].selection_set) if name in index]
             for i in index.values()}
    order: list[int] = []
    seen: set[int] = set()
    for root in edges:
        if root in seen:
            continue
        seen.add(root)
        stack = [(root, iter(edges[root]))]
        while stack:
            at, pending = stack[-1]
            following = next((i for i in pending if i not in seen), None)
            if following is None:
                stack.pop()
                order.append(at)
            else:
                seen.add(following)
                stack.append((following, iter(edges[following])))
    return tuple(order)


def _field_shape(node: FieldNode, memo: Mapping[str, Shape]) -> Shape:
    introspection = node.name.value.startswith("__")
    alias = int(node.alias is not None)
    if node.selection_set is None:
        return Shape(selections=1, aliases=alias, root_fields=int(not introspection))
    sub = _shape(node.selection_set, memo)
    # As Strawberry's depth limiter did, introspection adds no depth: GraphiQL's is deep
    # (graphql-core's MaxIntrospectionDepthRule bounds it).
    return Shape(selections=_sat(1 + sub.selections), aliases=_sat(alias + sub.aliases),
                 depth=0 if introspection else 1 + sub.depth,
                 root_fields=int(not introspection))


def _selection_shape(selection: SelectionNode, memo: Mapping[str, Shape]) -> Shape:
    if isinstance(selection, FieldNode):
        return _field_shape(selection, memo)
    if isinstance(selection, InlineFragmentNode):
        inner = _shape(selection.selection_set, memo)
    elif isinstance(selection, FragmentSpreadNode):
        # Unknown fragments and spreads closing a cycle count as empty: the rules report them.
        inner = memo.get(selection.name.value, EMPTY)
    else:
        return EMPTY
    return replace(inner, selections=_sat(1 + inner.selections))


def _shape(selection_set: SelectionSetNode, memo: Mapping[str, Shape]) -> Shape:
    parts = [_selection_shape(s, memo) for s in selection_set.selections]
    return Shape(selections=_sat(sum(p.selections for p in parts)),
                 aliases=_sat(sum(p.aliases for p in parts)),
                 depth=max((p.depth for p in parts), default=0),
                 root_fields=_sat(sum(p.root_fields for p in parts)))


def _pairs(count: int) -> int:
    return count * (count - 1) // 2


def merge_pairs(roots: list[SelectionSetNode],
                fragments: Mapping[str, FragmentDefinitionNode]) -> int:
    """The comparisons the overlapping-fields rule may make, for these selection sets.

    Walks the fields by response path, fragments expanded: call it only once the
    expanded size is known to be bounded. Explicit stacks, since the spreads may
    chain deeper than Python recurses. Within one merged set a fragment is expanded
    once, as the rule and execution do, which also stops at cycles.
    """
    total = 0
    paths = [[root] for root in roots]
    while paths:
        by_name: dict[str, list[FieldNode]] = {}
        pending, spread = paths.pop(), set[str]()
        while pending:
            for selection in pending.pop().selections:
                if isinstance(selection, FieldNode):
                    name = (selection.alias or selection.name).value
                    by_name.setdefault(name, []).append(selection)
                elif isinstance(selection, InlineFragmentNode):
                    pending.append(selection.selection_set)
                elif (isinstance(selection, FragmentSpreadNode)
                      and selection.name.value not in spread):
                    spread.add(selection.name.value)
                    if (fragment := fragments.get(selection.name.value)) is not None:
                        pending.append(fragment.selection_set)
        total += SPREAD_PAIR_WEIGHT * _pairs(len(spread))
        for same in by_name.values():
            total += _pairs(len(same))
            if below := [f.selection_set for f in same if f.selection_set is not None]:
                paths.append(below)
    return _sat(total)


def analyse_document(document: DocumentNode, max_selections: int) -> DocumentFacts:
    """The document-only figures; linear in the document, whatever its fragments.

    The merge pairs need a walk of the expansion, so they are counted only when the
    expansion is within `max_selections`.
    """
    order = fragment_order(document)
    fragments = fragments_by_position(document)
    memo: dict[str, Shape] = {}
    for i in order:
        memo[fragments[i].name.value] = _shape(fragments[i].selection_set, memo)
    # Validation visits every definition, once each, used or not, duplicated or not.
    shapes = list(memo.values())
    operations = []
    ordered = set(order)
    for i, definition in enumerate(document.definitions):
        if isinstance(definition, FragmentDefinitionNode) and i not in ordered:
            shapes.append(_shape(definition.selection_set, memo))
        elif isinstance(definition, OperationDefinitionNode):
            shape = _shape(definition.selection_set, memo)
            shapes.append(shape)
            operations.append(OperationFacts(
                kind=definition.operation, depth=shape.depth, aliases=shape.aliases,
                root_fields=shape.root_fields))
    selections = _sat(sum(s.selections for s in shapes))
    pairs = None
    if selections <= max_selections:
        roots = [d.selection_set for d in document.definitions
                 if isinstance(d, OperationDefinitionNode | FragmentDefinitionNode)]
        pairs = merge_pairs(roots, {f.name.value: f for f in fragments.values()})
    return DocumentFacts(operations=tuple(operations), selections=selections,
                         merge_pairs=pairs, fragment_order=order)


def document_refusals(facts: DocumentFacts, limits: Limits) -> list[GraphQLError]:
    """What makes the document too big to validate or run, whatever its variables."""
    errors = []
    for op in facts.operations:
        if op.depth > limits.max_depth:
            errors.append(refusal(
                f"the operation is {op.depth} levels deep; the limit is {limits.max_depth}",
                "QUERY_TOO_DEEP", depth=op.depth, maxDepth=limits.max_depth))
        if op.aliases > limits.max_aliases:
            errors.append(refusal(
                f"{op.aliases} aliases found (fragments counted each time they are "
                f"spread). Allowed: {limits.max_aliases}",
                "TOO_MANY_ALIASES", aliases=op.aliases, maxAliases=limits.max_aliases))
        if op.kind is OperationType.MUTATION and op.root_fields > limits.max_mutations:
            errors.append(refusal(
                f"{op.root_fields} mutations in one request; the limit is "
                f"{limits.max_mutations}: send them in several requests",
                "TOO_MANY_MUTATIONS", mutations=op.root_fields,
                maxMutations=limits.max_mutations))
    if facts.selections > limits.max_selections:
        errors.append(refusal(
            f"the document is too large once its fragments are expanded: "
            f"{facts.selections} selections, at most {limits.max_selections}",
            "QUERY_TOO_LARGE", selections=facts.selections,
            maxSelections=limits.max_selections))
    elif facts.merge_pairs is not None and facts.merge_pairs > limits.max_merge_pairs:
        errors.append(refusal(
            f"the document repeats fields or fragments too often: {facts.merge_pairs} "
            f"field pairs to compare, at most {limits.max_merge_pairs}",
            "QUERY_TOO_LARGE", mergePairs=facts.merge_pairs,
            maxMergePairs=limits.max_merge_pairs))
    return errors
