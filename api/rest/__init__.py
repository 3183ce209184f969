"""Plain Starlette routes that call the same loaders (and so the same rules) as GraphQL.

What the document routes (ob3, ctdl) share: how a caller is found, and their errors as
RFC 9457 (formerly 7807) problem details.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import orjson
from starlette.requests import Request
from starlette.responses import Response

from api.gate import Refusal
from graph.db import Database
from graph.models import Actor

# The caller of a request (its API key), as the GraphQL endpoint finds it.
ActorOf = Callable[[Request, Database], Awaitable[Actor | None]]
PROBLEM = "application/problem+json"


def problem(status: int, title: str, detail: str,
            headers: dict[str, str] | None = None) -> Response:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return Response(orjson.dumps(body), status_code=status, headers=headers,
                    media_type=PROBLEM)


def refused(refusal: Refusal) -> Response:
    """A refusal from the edge (a bad key, Neo4j unavailable) as a problem."""
    return problem(refusal.status, refusal.code, refusal.message, refusal.headers)
