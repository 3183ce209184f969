"""The ASGI app: /graphql (API and GraphiQL), /healthz, /readyz."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL

from api import graphiql
from api.context import Context
from api.limits import RequestLimits
from api.ratelimit import SlidingWindow
from api.schema import build_schema
from graph import domains
from graph.db import Database
from graph.models import Actor
from graph.settings import Settings
from loaders import Loaders
from loaders.commands import Commands, actor_for

log = logging.getLogger("lermap.api")


class GraphQLApp(GraphQL[Context, None]):
    """Strawberry's ASGI view with our request context."""

    def __init__(self, settings: Settings, db_holder: dict[str, Database]) -> None:
        super().__init__(build_schema(settings), graphql_ide="graphiql")
        self.settings = settings
        self.db_holder = db_holder
        self.domain_rules = domains.FetchRules(
            url_template=settings.domain_verification_url,
            allow_private=settings.domain_verification_allow_private,
            timeout_s=settings.domain_verification_timeout_s,
            max_bytes=settings.domain_verification_max_bytes)
        self.registrations = SlidingWindow(settings.register_rate_limit,
                                           settings.register_rate_window_s)

    def encode_json(self, data: object) -> bytes:
        # orjson: several times faster than json.dumps on large results.
        return orjson.dumps(data)

    async def render_graphql_ide(self, request: Request) -> Response:
        # Our own page: every asset from this host (see api/graphiql.py).
        return graphiql.page()

    async def get_context(self, request: Request, response: Any) -> Context:  # type: ignore[override]  # narrower Request type
        db = self.db_holder["db"]
        actor = await self._actor(request, db)
        client = request.client.host if request.client else "unknown"
        return Context(request=request, settings=self.settings, loaders=Loaders(db, actor),
                       commands=Commands(db, actor, domain_rules=self.domain_rules), actor=actor,
                       registration_allowed=lambda: self.registrations.allow(client))

    @staticmethod
    async def _actor(request: Request, db: Database) -> Actor | None:
        """The caller behind `Authorization: Bearer <key>`; None without a valid key.

        Reads need no key, so a bad key is not an error here; mutations that
        need a caller answer UNAUTHENTICATED.
        """
        scheme, _, key = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            return None
        return await actor_for(db, key.strip())


def create_app(settings: Settings, db: Database) -> Starlette:
    """The app over an already-configured (not yet necessarily reachable) Database.

    The driver connects lazily, so the app starts while Neo4j is down and
    /readyz says so; it recovers by itself when Neo4j comes back.
    """
    holder = {"db": db}

    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(_: Request) -> Response:
        try:
            await holder["db"].ping()
        except Exception as exc:  # any failure means "not ready"; the reason is for operators
            return JSONResponse({"status": "unavailable", "reason": f"neo4j: {type(exc).__name__}"},
                                status_code=503)
        return JSONResponse({"status": "ready"})

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        await holder["db"].close()

    graphql = GraphQLApp(settings, holder)
    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            *graphiql.static_mounts(),
        ],
        middleware=[Middleware(RequestLimits, max_body=settings.max_body_bytes,
                               timeout_s=settings.request_timeout_s)],
        lifespan=lifespan,
    )
