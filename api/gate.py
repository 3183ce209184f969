"""The request gate: one pure ASGI middleware that checks every /graphql request before
Strawberry sees it, and bounds its size and time.

What passes: GET or POST. A POST is `Content-Type: application/json` (charset UTF-8 if
given), at most MAX_BODY_BYTES of UTF-8 JSON (orjson: no invalid UTF-8, no lone surrogate
escapes, no NaN/Infinity, numbers in range), holding an object with `query` a string,
`operationName` a string or null, `variables` and `extensions` objects or null, of bounded
depth and size. A GET carries the same parts in its query string (`variables` and
`extensions` as JSON text), or nothing at all when a browser asks for GraphiQL. Anything
else is answered here, with a GraphQL-shaped body naming the part at fault:

    {"errors": [{"message": "...", "extensions": {"code": "BAD_REQUEST", "field": "variables"}}]}

(400 BAD_REQUEST or PERSISTED_QUERY_NOT_SUPPORTED, 405 METHOD_NOT_ALLOWED, 413
REQUEST_TOO_LARGE, 415 UNSUPPORTED_MEDIA_TYPE, 504 TIMEOUT.)

The response of /graphql is held here until it is complete and only then sent. That is
what makes the time limit safe: a request cut off by it has sent nothing yet, so it gets a
whole 504 instead of half a response and a closed connection. Nothing escapes this
middleware as an exception either: an ASGI app that raises makes uvicorn close the
connection (after Starlette's 500), and the client's next request on that kept-alive
connection is reset. Strawberry answers /graphql with one body (no streaming transport is
enabled), so holding it costs nothing more than the body itself.

Every response, on every path, gets `X-Content-Type-Options: nosniff`.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import orjson
from starlette.datastructures import QueryParams
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.observability import current_request_id, note_codes
from graph.settings import Settings

log = logging.getLogger("lermap.api")

GRAPHQL_PATH = "/graphql"
# Seconds a client should wait before trying again when the database is unavailable.
RETRY_AFTER_S = 5
NOSNIFF = (b"x-content-type-options", b"nosniff")


class Refusal(Exception):
    """A request answered at the edge, with a GraphQL-shaped error body."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers or {}

    def body(self) -> bytes:
        """The error, with the request id; building it notes the code for the access log
        (every refusal is answered through here, at the gate or in api/app.py)."""
        extensions: dict[str, str] = {"code": self.code}
        if self.field is not None:
            extensions["field"] = self.field
        note_codes([self.code])
        response: dict[str, Any] = {"errors": [{"message": self.message,
                                                "extensions": extensions}]}
        request_id = current_request_id()
        if request_id is not None:
            response["extensions"] = {"requestId": request_id}
        return orjson.dumps(response)

    def messages(self) -> list[Message]:
        body = self.body()
        headers = [(b"content-type", b"application/json"),
                   (b"content-length", str(len(body)).encode()),
                   *((k.lower().encode("latin-1"), v.encode("latin-1"))
                     for k, v in self.headers.items())]
        return [{"type": "http.response.start", "status": self.status, "headers": headers},
                {"type": "http.response.body", "body": body}]


def unavailable(message: str = "The graph database is unavailable; try again shortly."
                ) -> Refusal:
    return Refusal(503, "SERVICE_UNAVAILABLE", message,
                   headers={"retry-after": str(RETRY_AFTER_S)})


def _bad(field: str, message: str) -> Refusal:
    return Refusal(400, "BAD_REQUEST", message, field)


class _ClientGone(Exception):
    """The client disconnected before its body arrived: nobody to answer."""


# -- the checks (pure; each raises Refusal) -----------------------------------------------

def check_json_tree(value: object, field: str, *, max_depth: int, max_values: int) -> None:
    """`value` nests at most `max_depth` containers and holds at most `max_values` values.

    Level by level, without recursion, stopping at the first excess: the check itself must
    not be what a deep or wide document exhausts. (`type() is` suffices: orjson makes plain
    dicts and lists, and this walk is a cost every request with variables pays.)
    """
    if type(value) is not dict and type(value) is not list:
        return
    level: list[Any] = [value]
    depth = count = 1
    while level:
        if depth > max_depth:
            raise _bad(field, f"`{field}` nests deeper than {max_depth} levels")
        below: list[Any] = []
        for item in level:
            children = item.values() if type(item) is dict else item
            count += len(children)
            if count > max_values:
                raise _bad(field, f"`{field}` holds more than {max_values} values")
            for child in children:  # a plain loop: twice as fast as a generator here
                if type(child) is dict or type(child) is list:
                    below.append(child)
        level = below
        depth += 1


def check_operation(data: dict[str, Any], *, max_depth: int, max_values: int) -> None:
    """The parts of one GraphQL request, as the GraphQL-over-HTTP spec and Strawberry
    (without batching or persisted queries) accept them."""
    extensions = data.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        raise _bad("extensions", "`extensions` must be an object or null")
    query = data.get("query")
    if query is None:
        if isinstance(extensions, dict) and "persistedQuery" in extensions:
            # Apollo clients read this message or code and send the full query instead.
            raise Refusal(400, "PERSISTED_QUERY_NOT_SUPPORTED", "PersistedQueryNotSupported",
                          "extensions")
        raise _bad("query", "`query` is required: the GraphQL document as a string")
    if not isinstance(query, str):
        raise _bad("query", "`query` must be a string")
    operation = data.get("operationName")
    if operation is not None and not isinstance(operation, str):
        raise _bad("operationName", "`operationName` must be a string or null")
    variables = data.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise _bad("variables", "`variables` must be an object or null")
    check_json_tree(variables, "variables", max_depth=max_depth, max_values=max_values)
    check_json_tree(extensions, "extensions", max_depth=max_depth, max_values=max_values)


def parse_json(raw: bytes | str, field: str) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        # orjson's message names the fault and its position, nothing of ours.
        raise _bad(field, f"`{field}` is not valid JSON: {exc}") from exc


def media_type(value: str) -> tuple[str, dict[str, str]]:
    """`type/subtype; name=value ...`, lower-cased; a malformed header gives ("", {})."""
    kind, _, rest = value.partition(";")
    params: dict[str, str] = {}
    for part in rest.split(";"):
        if not part.strip():
            continue
        name, eq, val = part.partition("=")
        if not eq or not name.strip():
            return "", {}
        params[name.strip().lower()] = val.strip().strip('"').lower()
    return kind.strip().lower(), params


def check_content_type(headers: list[tuple[bytes, bytes]]) -> None:
    value = next((v for k, v in headers if k == b"content-type"), None)
    kind, params = media_type(value.decode("latin-1")) if value is not None else ("", {})
    if kind != "application/json":
        raise Refusal(415, "UNSUPPORTED_MEDIA_TYPE",
                      "POST a JSON body with `Content-Type: application/json`", "content-type")
    if params.get("charset", "utf-8") not in ("utf-8", "utf8"):
        raise Refusal(415, "UNSUPPORTED_MEDIA_TYPE", "the body must be UTF-8", "content-type")


def wants_graphiql(params: QueryParams, headers: list[tuple[bytes, bytes]]) -> bool:
    """Strawberry's own rule for serving the IDE: a GET without `query` that accepts HTML."""
    accept = next((v for k, v in headers if k == b"accept"), b"").decode("latin-1")
    return params.get("query") is None and ("text/html" in accept or "*/*" in accept)


# -- the middleware ---------------------------------------------------------------------

class RequestGate:
    """Pure ASGI middleware; /graphql is checked, bounded and held, other paths pass."""

    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.app = app
        self.max_body = settings.max_body_bytes
        self.timeout_s = settings.request_timeout_s
        self.max_depth = settings.max_variables_depth
        self.max_values = settings.max_variables_values
        # At most this many GraphQL requests execute at once; the others wait their turn
        # in arrival order (asyncio's Semaphore is FIFO). One process shares one core among
        # all the requests it runs: 64 at once made each of a write's several awaits queue
        # behind all of them, and its tail reached the timeout (bench/mixed.py); in order,
        # a request waits for the ones before it and then runs with few others.
        self.in_flight = asyncio.Semaphore(settings.max_in_flight)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
        elif scope["path"] != GRAPHQL_PATH:
            await self._pass(scope, receive, send)
        else:
            await self._graphql(scope, receive, send)

    async def _pass(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def send_nosniff(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = _with_nosniff(message)
            await send(message)

        try:
            await self.app(scope, receive, send_nosniff)
        except Exception:  # see the module docstring: never let uvicorn close the connection
            log.exception("unhandled error on %s", scope["path"])
            if not started:
                await _send(send, Refusal(500, "INTERNAL_SERVER_ERROR", "Unexpected error.")
                            .messages())

    async def _graphql(self, scope: Scope, receive: Receive, send: Send) -> None:
        held: list[Message] = []
        complete = False

        async def hold(message: Message) -> None:
            nonlocal complete
            held.append(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                complete = True

        try:
            async with asyncio.timeout(self.timeout_s):
                scope, receive = await self._admit(scope, receive)
                async with self.in_flight:
                    await self.app(scope, receive, hold)
        except _ClientGone:
            return
        except Refusal as refusal:
            held, complete = refusal.messages(), True
        except TimeoutError:
            held, complete = Refusal(504, "TIMEOUT", f"the request took longer than "
                                     f"{self.timeout_s:g} s").messages(), True
        except Exception:  # see the module docstring; a whole response already held stands
            log.exception("unhandled error on /graphql")
        if not complete:
            held = Refusal(500, "INTERNAL_SERVER_ERROR", "Unexpected error.").messages()
        await _send(send, held)

    async def _admit(self, scope: Scope, receive: Receive) -> tuple[Scope, Receive]:
        """Checks the request; returns what the app should see (the body replayed)."""
        method = scope["method"]
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        if method == "GET":
            self._check_get(QueryParams(scope["query_string"]), headers)
            return scope, receive
        if method != "POST":
            raise Refusal(405, "METHOD_NOT_ALLOWED", "use GET or POST", "method",
                          headers={"allow": "GET, POST"})
        check_content_type(headers)
        body = await self._read_body(headers, receive)
        data = parse_json(body, "body")
        if not isinstance(data, dict):
            raise _bad("body", "the body must be a JSON object: "
                               '{"query": ..., "variables": {...}}')
        check_operation(data, max_depth=self.max_depth, max_values=self.max_values)
        # Strawberry reads the same body again; its content type is the plain one we checked.
        scope = {**scope, "headers": [
            (k, b"application/json" if k == b"content-type" else v) for k, v in headers]}
        return scope, _replay(body, receive)

    def _check_get(self, params: QueryParams, headers: list[tuple[bytes, bytes]]) -> None:
        if wants_graphiql(params, headers):
            return
        # Strawberry reads the last value of a repeated parameter, as QueryParams does.
        data: dict[str, Any] = {"query": params.get("query"),
                                "operationName": params.get("operationName")}
        for part in ("variables", "extensions"):
            text = params.get(part)
            if text is not None:
                data[part] = parse_json(text, part)
        check_operation(data, max_depth=self.max_depth, max_values=self.max_values)

    async def _read_body(self, headers: list[tuple[bytes, bytes]], receive: Receive) -> bytes:
        length = next((v for k, v in headers if k == b"content-length"), None)
        if length is not None and length.isdigit() and int(length) > self.max_body:
            raise self._too_large()
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _ClientGone
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:  # a chunked body without Content-Length
                raise self._too_large()
            chunks.append(chunk)
            if not message.get("more_body"):
                return b"".join(chunks)

    def _too_large(self) -> Refusal:
        return Refusal(413, "REQUEST_TOO_LARGE", f"the request body is over "
                       f"{self.max_body} bytes", "body")


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: the client's disconnect, when it comes

    return replay


def _with_nosniff(message: Message) -> Message:
    headers = list(message.get("headers", []))
    if not any(k.lower() == NOSNIFF[0] for k, _ in headers):
        headers.append(NOSNIFF)
    return {**message, "headers": headers}


async def _send(send: Send, messages: list[Message]) -> None:
    for message in messages:
        await send(_with_nosniff(message) if message["type"] == "http.response.start"
                   else message)
