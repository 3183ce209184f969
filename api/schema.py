"""The federation-enabled Strawberry schema, its limits and its extensions."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import strawberry
from graphql import DocumentNode, GraphQLError, parse
from strawberry.extensions import MaxTokensLimiter, SchemaExtension
from strawberry.federation.schema import FederationAny
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import validate_document
from strawberry.types import ExecutionContext, Info

from api.analysis import DocumentFacts, Limits, analyse_document, document_refusals
from api.bookmarks import BookmarkReporter
from api.cost import request_refusals
from api.errors import MaskUnexpectedErrors, bad_input
from api.execution import shorten
from api.observability import RequestObserver
from api.roundtrips import RoundTripCounter
from api.types.change import Subscription
from api.types.entities import ENTITIES
from api.types.mutation import Mutation
from api.types.query import Query
from graph.settings import Settings

log = logging.getLogger("lermap.api")


@dataclass
class CachedDocument:
    facts: DocumentFacts
    # The validation rule sets this document passed (rules are the same classes for
    # every request, so the tuple is a stable key).
    valid_for: set[tuple[type, ...]] = field(default_factory=set)


class DocumentCache:
    """Per-document facts, least recently used first out.

    Keyed by the SHA-256 of the document's text, so an entry is a few hundred bytes
    whatever the document's size (a 5,000-token document's AST is ~2 MB), and never
    by variables: anything computed from variables is computed per request.
    """

    # Parsed documents are kept only for short texts (a partner's query is a few hundred
    # characters): an AST is ~100 times its text, so 256 x 2,000 characters bound it.
    PARSED_MAX_CHARS = 2000
    PARSED_MAXSIZE = 256

    def __init__(self, max_selections: int, maxsize: int = 1024) -> None:
        self.max_selections = max_selections
        self.maxsize = maxsize
        self._entries: OrderedDict[bytes, CachedDocument] = OrderedDict()
        self._parsed: OrderedDict[str, DocumentNode] = OrderedDict()

    def parsed(self, text: str) -> DocumentNode | None:
        """The text's document if it is short and parses, from the cache after the first
        time; None otherwise, and Strawberry parses (and reports errors) as usual."""
        if len(text) > self.PARSED_MAX_CHARS or len(text) > self.max_selections:
            return None  # (a text of at most max_tokens characters has at most as many tokens)
        document = self._parsed.get(text)
        if document is None:
            try:
                document = parse(text)
            except GraphQLError:
                return None
            self._parsed[text] = document
            if len(self._parsed) > self.PARSED_MAXSIZE:
                self._parsed.popitem(last=False)
        else:
            self._parsed.move_to_end(text)
        return document

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, text: str | None, document: DocumentNode) -> CachedDocument:
        if text is None:  # a pre-parsed document: nothing to key on
            return CachedDocument(analyse_document(document, self.max_selections))
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
        entry = self._entries.get(key)
        if entry is None:
            facts = analyse_document(document, self.max_selections)
            entry = self._entries[key] = CachedDocument(facts)
            if len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)
        else:
            self._entries.move_to_end(key)
        return entry


class QueryAnalysis(SchemaExtension):
    """Depth, aliases, size, mutations, cost and `_entities`, checked around validation.

    Runs in `on_validate` before `yield`, where Strawberry lets an extension answer
    for validation: errors left in `pre_execution_errors` are returned as the
    response, and Strawberry's own validation is skipped. So the linear analysis
    refuses a document before graphql-core's (super-linear) rules ever see it, a
    document passes those rules once however often it is sent (it replaces
    Strawberry's ValidationCache, which keys on the ~2 MB AST), and the cost, which
    needs the variables, is computed per request from the coerced variables.
    """

    def __init__(self, limits: Limits, cache: DocumentCache) -> None:
        self.limits = limits
        self.cache = cache

    def on_parse(self) -> Iterator[None]:
        # Setting the document here skips Strawberry's own parse of the same text.
        ctx = self.execution_context
        if ctx.query is not None and ctx.graphql_document is None:
            ctx.graphql_document = self.cache.parsed(ctx.query)
        yield

    def on_validate(self) -> Iterator[None]:
        self.execution_context.pre_execution_errors = self._check()
        yield

    def _check(self) -> list[GraphQLError]:
        ctx = self.execution_context
        document = ctx.graphql_document
        assert document is not None  # Strawberry parses before it validates
        cached = self.cache.get(ctx.query, document)
        if refusals := document_refusals(cached.facts, self.limits):
            return refusals
        rules = tuple(ctx.validation_rules)
        if rules not in cached.valid_for:
            if errors := validate_document(ctx.schema._schema, document, rules):
                return errors
            cached.valid_for.add(rules)
        return request_refusals(ctx.schema._schema, document, cached.facts,
                                ctx.operation_name, ctx.variables, self.limits)


class Schema(strawberry.federation.Schema):
    """The federation schema, with three changes.

    `_entities` checks each representation: `_Any` lets a caller send any JSON, and
    Strawberry's resolver assumes an object whose `__typename` names an entity and whose
    other keys are `resolve_reference` arguments; anything else failed inside it as
    INTERNAL_SERVER_ERROR. (How many there may be is counted for the whole request by
    api/cost.py.) Each representation resolves through its type's DataLoader, so a
    batch costs one query per type.

    And Strawberry no longer logs every error at ERROR level: refusals are the client's
    business (a hostile client would fill the log), and MaskUnexpectedErrors logs what is
    ours, once, at the level it deserves.

    And plain fields take shorter paths through Strawberry and graphql-core
    (api/execution.py).
    """

    def __init__(self, *args: Any, short_paths: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if short_paths:
            shorten(self)

    # The annotations must stay FederationAny: strawberry builds `_entities` from them.
    def entities_resolver(self, info: Info, representations: list[FederationAny]
                          ) -> list[FederationAny]:
        checked = [self._representation(i, r) for i, r in enumerate(representations)]
        if all(r["__typename"] in ENTITIES for r in checked):  # type: ignore[index]
            # (graphql-core awaits what a resolver returns; the annotation is Strawberry's.)
            return cast(list[FederationAny], self._batched_entities(info, checked))
        return super().entities_resolver(info, checked)

    async def _batched_entities(self, info: Info, checked: list[Any]) -> list[Any]:
        """One `load_many` per entity type, side by side; then plain objects, so
        graphql-core completes the list without a task per item."""
        indices: dict[str, list[int]] = {}
        for i, r in enumerate(checked):
            indices.setdefault(r["__typename"], []).append(i)
        loaders = info.context.loaders

        async def one_type(typename: str, at: list[int]) -> list[tuple[int, Any]]:
            loader, convert = ENTITIES[typename]
            found = await getattr(loaders, loader).load_many([checked[i]["id"] for i in at])
            return [(i, convert(m) if m is not None else None) for i, m in zip(at, found,
                                                                                strict=True)]

        results: list[Any] = [None] * len(checked)
        for pairs in await asyncio.gather(*(one_type(t, at) for t, at in indices.items())):
            for i, value in pairs:
                results[i] = value
        return results

    def _representation(self, index: int, value: object) -> FederationAny:
        """`{"__typename": <an entity>, "id": <string or integer>}`, nothing else."""
        typename = value.get("__typename") if isinstance(value, dict) else None
        type_ = self.schema_converter.type_map.get(typename) if isinstance(typename, str) else None
        origin = getattr(getattr(type_, "definition", None), "origin", None)
        key = value.get("id") if isinstance(value, dict) else None
        if not hasattr(origin, "resolve_reference") or isinstance(key, bool) \
                or not isinstance(key, (str, int)) or not isinstance(value, dict) \
                or set(value) != {"__typename", "id"}:
            raise bad_input("each representation is an object with the `__typename` of an "
                            "entity and its `id`, and nothing else",
                            ["representations", str(index)])
        return cast(FederationAny, {"__typename": typename, "id": str(key)})

    def process_errors(self, errors: list[GraphQLError],
                       execution_context: ExecutionContext | None = None) -> None:
        for error in errors:
            log.debug("request error: %s", error.message)


def build_schema(settings: Settings, documents: DocumentCache | None = None, *,
                 short_paths: bool = True) -> strawberry.federation.Schema:
    """Extensions are built per request from the settings (factories, not instances);
    the document cache is one per schema, shared by its requests. `short_paths=False`
    keeps every field on the general path (tests compare the two)."""
    limits = Limits.from_settings(settings)
    documents = documents if documents is not None else DocumentCache(limits.max_selections)
    extensions: list[Any] = [
        MaskUnexpectedErrors,  # first, so that it sees every error of the others
        # (Strawberry's ParserCache is left out: parse errors it raises skip the error
        # extension, so a token-limit refusal lost its code; parsing is cheap anyway.)
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: QueryAnalysis(limits, documents),
        RequestObserver,  # the operation's name for the access log; extensions.requestId
        BookmarkReporter,  # extensions.bookmark after a write (api/bookmarks.py)
    ]
    if settings.reports_roundtrips:
        extensions.append(RoundTripCounter)
    config = StrawberryConfig(
        # Suggestions ("did you mean ...?") help developers and map the schema for others.
        disable_field_suggestions=settings.environment != "development")
    return Schema(query=Query, mutation=Mutation, subscription=Subscription,
                  extensions=extensions, config=config, short_paths=short_paths)


__all__ = ["DocumentCache", "QueryAnalysis", "Schema", "SchemaExtension", "build_schema"]
