"""Shorter paths through Strawberry and graphql-core for plain fields.

Most of a response is plain fields, and graphql-core and Strawberry run each of them
through the general machinery. `shorten(schema)` gives two kinds of plain field a
shorter path, made once per schema, each taken only where it does exactly what the
general path does:

Plain leaf fields: an attribute read straight off an object (a stakeholder's `id`,
`name`, `groups`). graphql-core builds a resolve info for each, checks for arguments,
calls Strawberry's basic resolver (which calls `getattr`), asks whether the result is
awaitable, and completes it through the non-null, list and leaf checks. The `Executor`
below reads the attribute as Strawberry does and coerces it with the type's own
`coerce_output_value`, as graphql-core's `complete_leaf_value` does, when the field has
no resolver function, field extension or permission class, no schema extension
resolves fields (`resolve`, graphql-core's middleware), and its type is a scalar or an
enum, or a list of them, nullable or not. What it cannot complete plainly (a null where
the type forbids one, an exception, a value the type refuses, a list held as anything
but a list or tuple: an iterator cannot be read twice) goes back to graphql-core's own
path, which reads the attribute again and reports the error in its usual words.

Plain resolver functions: a stakeholder's `credentials(first: 20)`, say, which
`b_filtered_list` calls 50 times a request. Strawberry's wrapper builds its Info,
converts each argument (a walk through its type even for an `Int`), applies field
extensions and exception handlers, and chains partials before it calls the function.
When the field has no extension and no exception handler, and its arguments are plain
scalars (`Int`, `Float`, `String`, `Boolean`, `ID`, nullable or not, which Strawberry
passes on unchanged), the field's resolve function becomes a direct call with the same
Info, the same arguments under their Python names, and the same parent.

Together they take a tenth of the Python function calls out of a request, and a seventh
out of `b_filtered_list` (docs/performance.md). Anything unusual keeps the general path.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any

import strawberry
from graphql import (
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    is_leaf_type,
)
from graphql.pyutils import Path, Undefined
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.base import StrawberryOptional
from strawberry.types.field import StrawberryField

FALLBACK = object()  # "not plainly": graphql-core's own path decides
Complete = Callable[[Any], Any]  # an attribute's value -> its response value, or FALLBACK
LeafPlan = tuple[Callable[[Any], Any], Complete]  # (read the attribute, complete it)


def shorten(schema: strawberry.Schema) -> None:
    """Give `schema`'s plain fields their shorter paths (see the module's text)."""
    shorten_resolvers(schema._schema, schema.config)
    schema.execution_context_class = executor_for(schema._schema)


def _fields(schema: GraphQLSchema) -> Iterable[tuple[GraphQLObjectType, str, GraphQLField]]:
    """Every field of the schema's object types, subscriptions' aside (theirs map events)
    and introspection's (graphql-core's own)."""
    for type_ in schema.type_map.values():
        if isinstance(type_, GraphQLObjectType) and not type_.name.startswith("__") \
                and type_ is not schema.subscription_type:
            for name, field in type_.fields.items():
                yield type_, name, field


def _strawberry_field(field: GraphQLField) -> StrawberryField | None:
    found = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    return found if isinstance(found, StrawberryField) else None


# Plain leaf fields

def _leaf(type_: Any) -> Complete:
    coerce = type_.coerce_output_value

    def complete(value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, Exception):
            return FALLBACK
        try:
            coerced = coerce(value)
        except Exception:  # graphql-core reports it, in its words
            return FALLBACK
        return FALLBACK if coerced is None or coerced is Undefined else coerced

    return complete


def _non_null(inner: Complete) -> Complete:
    def complete(value: Any) -> Any:
        done = inner(value)
        return FALLBACK if done is None else done

    return complete


def _list(inner: Complete) -> Complete:
    def complete(value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, (list, tuple)):  # an iterator could not be read again
            return FALLBACK
        done = []
        for item in value:
            if (item_done := inner(item)) is FALLBACK:
                return FALLBACK
            done.append(item_done)
        return done

    return complete


def completer(type_: GraphQLOutputType) -> Complete | None:
    """How a value of `type_` completes without graphql-core's general path; None when
    the type holds objects."""
    if isinstance(type_, GraphQLNonNull):
        inner = completer(type_.of_type)
        return _non_null(inner) if inner is not None else None
    if isinstance(type_, GraphQLList):
        inner = completer(type_.of_type)
        return _list(inner) if inner is not None else None
    return _leaf(type_) if is_leaf_type(type_) else None


def leaf_plan(field: GraphQLField) -> LeafPlan | None:
    """The short path of a plain leaf field, or None."""
    strawberry_field = _strawberry_field(field)
    resolve = field.resolve
    if strawberry_field is None or not strawberry_field.is_basic_field or field.args \
            or getattr(resolve, "__name__", "") != "_get_basic_result":  # Strawberry's own
        return None
    complete = completer(field.type)
    if complete is None:
        return None

    def read(source: Any) -> Any:  # what `_get_basic_result` does
        return strawberry_field.get_result(source, info=None, args=[], kwargs={})

    return read, complete


def executor_for(schema: GraphQLSchema) -> type[StrawberryGraphQLCoreExecutionContext]:
    """Strawberry's execution context, with the short path for the schema's plain leaf
    fields."""
    plans = {(type_.name, name): plan for type_, name, field in _fields(schema)
             if (plan := leaf_plan(field)) is not None}

    class Executor(StrawberryGraphQLCoreExecutionContext):
        def execute_field(self, parent_type: GraphQLObjectType, source: Any,
                          field_details_list: Any, path: Path, position_context: Any) -> Any:
            node = field_details_list[0].node
            found = plans.get((parent_type.name, node.name.value))
            # (Strawberry always passes a middleware manager; it holds nothing unless a
            # schema extension implements `resolve`.)
            middleware = self.middleware_manager
            if found is not None and (middleware is None or not middleware.middlewares):
                read, complete = found
                try:
                    value = complete(read(source))
                except Exception:
                    value = FALLBACK
                if value is not FALLBACK:
                    return value
            return super().execute_field(parent_type, source, field_details_list, path,
                                         position_context)

    return Executor


# Plain resolver functions

PLAIN_ARGUMENTS = (int, float, str, bool, strawberry.ID)


def _plain_argument(type_: Any) -> bool:
    if isinstance(type_, StrawberryOptional):
        type_ = type_.of_type
    return any(type_ is plain for plain in PLAIN_ARGUMENTS)


def _wrapper_applies_nothing(field: GraphQLField, strawberry_field: StrawberryField) -> bool:
    """Whether `field.resolve` is Strawberry's wrapper with nothing to apply but the
    argument conversion: no field extension (permission classes are one) and no
    exception handler (read from the wrapper itself; when it cannot be read, assume one)."""
    resolve = field.resolve
    if resolve is None or getattr(resolve, "__name__", "") not in ("_resolver", "_async_resolver"):
        return False
    handlers = inspect.getclosurevars(resolve).nonlocals.get("field_exception_handlers")
    return handlers == () and not strawberry_field.extensions


def direct_resolver(field: GraphQLField, config: StrawberryConfig) -> Callable[..., Any] | None:
    """A resolve function that calls the field's resolver function as Strawberry's
    wrapper would, or None when the wrapper has something to do."""
    strawberry_field = _strawberry_field(field)
    if strawberry_field is None or strawberry_field.base_resolver is None \
            or not _wrapper_applies_nothing(field, strawberry_field) \
            or not all(_plain_argument(a.type) for a in strawberry_field.arguments):
        return None
    resolver = strawberry_field.base_resolver
    if not callable(resolver.wrapped_func):
        return None  # Strawberry's wrapper reports it
    function = resolver.wrapped_func
    python_names = {config.name_converter.from_argument(a): a.python_name
                    for a in strawberry_field.arguments}
    takes_self = resolver.self_parameter is not None
    given_source = [p.name for p in (resolver.parent_parameter, resolver.root_parameter) if p]
    info_name = resolver.info_parameter.name if resolver.info_parameter else None
    info_class = config.info_class

    def resolve(source: Any, info: Any, **arguments: Any) -> Any:
        kwargs = {python_names[name]: value for name, value in arguments.items()}
        for name in given_source:
            kwargs[name] = source
        if info_name is not None:
            kwargs[info_name] = info_class(_raw_info=info, _field=strawberry_field)
        return function(source, **kwargs) if takes_self else function(**kwargs)

    return resolve


def shorten_resolvers(schema: GraphQLSchema, config: StrawberryConfig) -> int:
    """Replace Strawberry's wrapper by a direct call wherever it has nothing to do;
    returns how many fields changed."""
    changed = 0
    for _type, _name, field in _fields(schema):
        if (direct := direct_resolver(field, config)) is not None:
            field.resolve = direct
            changed += 1
    return changed


__all__ = ["direct_resolver", "executor_for", "leaf_plan", "shorten", "shorten_resolvers"]
