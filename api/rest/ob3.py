"""`GET /ob3/profiles/{id}` and `GET /ob3/achievements/{id}`: a stakeholder as an Open
Badges 3.0 Profile and a credential as an Achievement (graph/formats/ob3.py), as
`application/ld+json`. These URLs are the documents' own `id`s.

Reads go through the same loaders as the GraphQL fields, as the caller sees them
(graph/policy.py): a hidden record is not there for an anonymous reader, so it answers
404 like an unknown id. Errors are RFC 9457 (formerly 7807) problem documents.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from api.gate import Refusal, unavailable
from api.rest import ActorOf, problem, refused
from graph.db import Database
from graph.errors import DatabaseUnavailable
from graph.settings import Settings
from loaders import Loaders, ob3

JSON_LD = "application/ld+json"


def routes(settings: Settings, db_holder: dict[str, Database], actor_of: ActorOf
           ) -> list[Route]:
    base = settings.public_base_url

    async def answer(request: Request, what: str,
                     read: Callable[[Loaders, str], Awaitable[dict[str, Any] | None]]
                     ) -> Response:
        id_ = request.path_params["id"]
        db = db_holder["db"]
        try:
            doc = await read(Loaders(db, await actor_of(request, db)), id_)
        except Refusal as refusal:  # the key's lookup found no database
            return refused(refusal)
        except DatabaseUnavailable:
            return refused(unavailable())
        if doc is None:
            return problem(404, "Not Found", f"no {what} with id {id_!r}")
        return Response(orjson.dumps(doc), media_type=JSON_LD)

    async def profile(request: Request) -> Response:
        return await answer(request, "stakeholder",
                            lambda loaders, id_: ob3.profile_by_id(loaders, base, id_))

    async def achievement(request: Request) -> Response:
        return await answer(request, "credential",
                            lambda loaders, id_: ob3.achievement_by_id(loaders, base, id_))

    return [Route("/ob3/profiles/{id}", profile, methods=["GET"]),
            Route("/ob3/achievements/{id}", achievement, methods=["GET"])]
