"""The ASGI app: /graphql (API and GraphiQL), /healthz, /readyz, GraphiQL's assets, and
/metrics when the settings put it on the public port.

api/gate.py checks every /graphql request before Strawberry sees it; this module adds
what needs the request's meaning: the caller behind the key, the rate limits, and the
HTTP status of a response that the database's absence left empty. api/observability.py
wraps it all (request id, access log, metrics, request span).

On SIGTERM `lermap serve` calls `drain(app)` first: /readyz answers 503 while requests are
still served, so a balancer stops sending before the server stops listening.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections import Counter
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter, GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from api import graphiql, pages
from api.bookmarks import BadBookmark, causality_from
from api.context import Context
from api.gate import RETRY_AFTER_S, Refusal, RequestGate, unavailable
from api.observability import Observability, OutageTracker, metrics_endpoint, note_codes
from api.ratelimit import RateLimits, TrustedProxies
from api.rest import changes as rest_changes
from api.rest import ctdl as rest_ctdl
from api.rest import ob3 as rest_ob3
from api.rest import problem, refused
from api.rest import registry as rest_registry
from api.rest import trqp as rest_trqp
from api.schema import build_schema
from graph import domains, webhooks
from graph.db import Database, current_causality
from graph.errors import DatabaseTimeout, DatabaseUnavailable, InvalidArgument
from graph.models import Actor
from graph.settings import Settings
from graph.webhook_worker import Worker, config_from
from loaders import Loaders
from loaders.commands import Commands, actor_for

log = logging.getLogger("lermap.api")


class TextWebSocketAdapter(ASGIWebSocketAdapter):
    """graphql-transport-ws messages are text frames; our encode_json answers bytes (orjson)."""

    async def send_json(self, message: Mapping[str, object]) -> None:
        try:
            await self.ws.send_text(orjson.dumps(message).decode())
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc


class GraphQLApp(GraphQL[Context, None]):
    """Strawberry's ASGI view with our request context and GraphQL-shaped HTTP errors."""

    websocket_adapter_class = TextWebSocketAdapter

    def __init__(self, settings: Settings, db_holder: dict[str, Database],
                 limits: RateLimits) -> None:
        super().__init__(
            build_schema(settings), graphql_ide="graphiql",
            # Subscriptions: graphql-transport-ws only (the legacy graphql-ws protocol is
            # unmaintained), a connection must say hello within 10 s, and may hold only
            # a few subscriptions (each polls the feed).
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=timedelta(seconds=10),
            max_subscriptions_per_connection=settings.max_subscriptions_per_connection)
        self.sockets: Counter[str] = Counter()
        self.settings = settings
        self.db_holder = db_holder
        self.domain_rules = domains.FetchRules(
            url_template=settings.domain_verification_url,
            allow_private=settings.domain_verification_allow_private,
            timeout_s=settings.domain_verification_timeout_s,
            max_bytes=settings.domain_verification_max_bytes)
        self.webhook_rules = webhooks.UrlRules(allow_private=settings.webhooks_allow_private,
                                               timeout_s=settings.webhook_timeout_s)
        self.limits = limits
        self.proxies = TrustedProxies(settings.trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self._websocket(scope, receive, send)
            return
        # Strawberry's own __call__ answers its HTTP errors as plain text; ours are
        # GraphQL-shaped like every other error of this API.
        try:
            response = await self.run(Request(scope=scope, receive=receive))
        except HTTPException as exc:
            # What the gate lets through and Strawberry still refuses: a mutation over
            # GET, an operationName that names no operation.
            code = "METHOD_NOT_ALLOWED" if exc.status_code == 405 else "BAD_REQUEST"
            response = _refusal_response(Refusal(exc.status_code, code, exc.reason))
        except Refusal as refusal:
            response = _refusal_response(refusal)
        await response(scope, receive, send)

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Subscriptions: at most `max_websockets_per_client` open sockets per client
        (refused before the handshake completes: HTTP 403); the key, if sent in the
        upgrade's Authorization header, is the caller, as over HTTP."""
        client = self.proxies.client(scope) or "unknown"
        if self.sockets[client] >= self.settings.max_websockets_per_client:
            await send({"type": "websocket.close", "code": 1008})
            return
        self.sockets[client] += 1
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.sockets[client] -= 1
            if not self.sockets[client]:
                del self.sockets[client]

    def decode_json(self, data: str | bytes) -> object:
        # The gate checked the body with orjson; parsing it the same way keeps the two agreeing.
        return orjson.loads(data)

    def encode_json(self, data: object) -> bytes:
        # orjson: several times faster than json.dumps on large results.
        return orjson.dumps(data)

    def create_response(self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
                        sub_response: Response) -> Response:
        response = super().create_response(response_data, sub_response)
        if isinstance(response_data, dict) and "errors" in response_data:
            note_codes(_code(e) for e in response_data["errors"] or [])
        if isinstance(response_data, dict) and _only_unavailable(response_data):
            # Nothing could be answered: say so to caches, balancers and retrying clients.
            response.status_code = 503
            response.headers["retry-after"] = str(RETRY_AFTER_S)
        return response

    async def render_graphql_ide(self, request: Request) -> Response:
        # Our own page: every asset from this host (see api/graphiql.py).
        return graphiql.page()

    async def get_context(self, request: Request, response: Any) -> Context:  # type: ignore[override]  # narrower Request type
        db = self.db_holder["db"]
        # Read-your-writes (api/bookmarks.py): set before the key's lookup, which must see
        # a key that a registration through another process just made.
        try:
            current_causality.set(causality_from(request.headers))
        except BadBookmark as exc:
            raise Refusal(400, "BAD_REQUEST", str(exc), field="X-Neo4j-Bookmark") from exc
        actor = await self._actor(request, db)
        client = self.proxies.client(request.scope)
        limits = self.limits
        return Context(request=request, settings=self.settings, loaders=Loaders(db, actor),
                       commands=Commands(db, actor, write_allowed=limits.allow_write,
                                         domain_rules=self.domain_rules,
                                         webhook_rules=self.webhook_rules),
                       actor=actor,
                       registration_allowed=lambda: limits.allow_registration(client))

    @staticmethod
    async def _actor(request: Request, db: Database) -> Actor | None:
        """The caller behind `Authorization: Bearer <key>`; None without a valid key.

        Reads need no key, so a bad key is not an error here; mutations that
        need a caller answer UNAUTHENTICATED. The lookup runs before Strawberry's error
        handling, so its database faults are answered here (503, 504), not as a crash.
        """
        scheme, _, key = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            return None
        try:
            return await actor_for(db, key.strip())
        except DatabaseUnavailable as exc:
            # Logged once per outage, by api/observability.py's tracker, not per request.
            raise unavailable() from exc
        except DatabaseTimeout as exc:
            raise Refusal(504, "TIMEOUT", "The request took too long and was stopped.") from exc
        except InvalidArgument as exc:  # a bookmark Neo4j does not know (graph/db.py)
            raise Refusal(400, "BAD_REQUEST", exc.message, field="X-Neo4j-Bookmark") from exc


def _refusal_response(refusal: Refusal) -> Response:
    return Response(refusal.body(), status_code=refusal.status, headers=refusal.headers,
                    media_type="application/json")


def _only_unavailable(result: GraphQLHTTPResponse) -> bool:
    """No data at all (null, or every root field null), and every error SERVICE_UNAVAILABLE."""
    errors = result.get("errors") or []
    if not errors or any(_code(e) != "SERVICE_UNAVAILABLE" for e in errors):
        return False
    data = result.get("data")
    return data is None or all(value is None for value in data.values())


def _code(error: object) -> object:
    extensions = error.get("extensions") if isinstance(error, dict) else None
    return extensions.get("code") if isinstance(extensions, dict) else None


async def _database_fault(_: Request, exc: Exception) -> Response:
    """503 (Neo4j unavailable) or 504 (a transaction ran out of time) as RFC 9457 problem
    details, with Retry-After: for the plain REST routes (api/rest/)."""
    if isinstance(exc, DatabaseTimeout):
        return problem(504, "Gateway Timeout", "the graph database did not answer in time",
                       {"retry-after": str(RETRY_AFTER_S)})
    return refused(unavailable())


def create_app(settings: Settings, db: Database) -> Starlette:
    """The app over an already-configured (not yet necessarily reachable) Database.

    The driver connects lazily, so the app starts while Neo4j is down and
    /readyz says so; it recovers by itself when Neo4j comes back.
    """
    holder = {"db": db}
    limits = RateLimits(settings)
    outage = OutageTracker()
    draining = {"now": False}

    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(_: Request) -> Response:
        if draining["now"]:
            return JSONResponse({"status": "draining", "reason": "shutting down"},
                                status_code=503)
        try:
            await holder["db"].ping()
        except Exception as exc:  # any failure means "not ready"; the reason is for operators
            return JSONResponse({"status": "unavailable", "reason": f"neo4j: {type(exc).__name__}"},
                                status_code=503)
        outage.success()
        return JSONResponse({"status": "ready"})

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        # The schema, the routes and the imported modules live as long as the process:
        # moved out of the collector's sight, its full passes over them (110-175 ms, the
        # worst latencies of bench/hostile.py) are gone.
        gc.collect()
        gc.freeze()
        stop = asyncio.Event()
        worker = (asyncio.create_task(
            Worker(holder["db"], config_from(settings)).run(stop), name="webhook-worker")
            if settings.webhooks_worker else None)
        yield
        stop.set()
        if worker is not None:
            await worker
        await holder["db"].close()
        limits.close()

    graphql = GraphQLApp(settings, holder, limits)
    public_metrics = ([Route("/metrics", metrics_endpoint(settings))]
                      if settings.metrics_on_public_port else [])
    app = Starlette(
        # A REST route's Neo4j fault that the route did not answer itself is a 503 or 504
        # problem, never a 500 (GraphQL answers its own faults in its payload).
        exception_handlers={DatabaseUnavailable: _database_fault, DatabaseTimeout: _database_fault},
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            *public_metrics,
            *rest_changes.routes(settings, holder, GraphQLApp._actor),
            *rest_trqp.routes(settings, holder),
            *rest_registry.routes(holder),
            *rest_ob3.routes(settings, holder, GraphQLApp._actor),
            *rest_ctdl.routes(settings, holder, GraphQLApp._actor, limits),
            *pages.routes(),
            *graphiql.static_routes(),
        ],
        middleware=[Middleware(Observability, settings=settings, outage=outage),
                    Middleware(RequestGate, settings=settings)],
        lifespan=lifespan,
    )
    app.state.draining = draining
    return app


def drain(app: Starlette) -> None:
    """From now on /readyz answers 503; everything else is still served."""
    app.state.draining["now"] = True
