"""`GET /changes?after=&limit=&types=&stakeholderId=`: the change feed as JSON, for partners
without a GraphQL client. Same content, cursor and visibility as the `changes` query; an
API key (`Authorization: Bearer ...`) adds the caller's own private changes."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from api.gate import Refusal, unavailable
from api.rest import ActorOf
from graph.db import Database
from graph.errors import DatabaseUnavailable, GraphError
from graph.models import ChangeModel
from graph.pagination import encode_sequence
from graph.settings import Settings
from loaders import Loaders

PARAMETERS = {"after", "limit", "types", "stakeholderId"}


def _error(message: str, parameter: str) -> Response:
    """The same shape as the gate's refusals (api/gate.py), naming the parameter."""
    refusal = Refusal(400, "BAD_REQUEST", message, parameter)
    return Response(refusal.body(), status_code=400, media_type="application/json")


def _change(m: ChangeModel) -> dict[str, Any]:
    return {"sequence": m.sequence, "cursor": encode_sequence(m.sequence),
            "at": m.at.isoformat(), "type": m.type,
            "entity": {"id": m.recordId, "type": m.recordType},
            "fields": m.changes, **({"summary": m.note} if m.recordType == "Import" else {})}


def routes(settings: Settings, db_holder: dict[str, Database], actor_of: ActorOf
           ) -> list[Route]:
    async def changes(request: Request) -> Response:
        query = request.query_params
        for name in query:
            if name not in PARAMETERS:
                return _error(f"unknown parameter {name!r}; known: after, limit, types, "
                              "stakeholderId", name)
            if len(query.getlist(name)) > 1:
                return _error(f"give {name!r} once (types: comma-separated)", name)
        limit_text = query.get("limit", "100")
        if not limit_text.isascii() or not limit_text.isdigit():
            return _error(f"limit must be a whole number, got {limit_text[:40]!r}", "limit")
        types = [t for t in query["types"].split(",") if t] if "types" in query else None
        db = db_holder["db"]
        try:
            actor = await actor_of(request, db)
            page = await Loaders(db, actor).changes(
                query.get("after"), int(limit_text), types, query.get("stakeholderId"),
                settings.max_page_size, names=("after", "limit", "types"))
        except GraphError as exc:
            return _error(exc.message, exc.field[0] if exc.field else "?")
        except Refusal as refusal:  # the key's lookup found no database
            return Response(refusal.body(), status_code=refusal.status,
                            headers=refusal.headers, media_type="application/json")
        except DatabaseUnavailable:
            down = unavailable()
            return Response(down.body(), status_code=down.status,
                            headers=down.headers, media_type="application/json")
        end = encode_sequence(page.end) if page.end else query.get("after")
        body = {"changes": [_change(m) for m in page.items], "next": end,
                "hasMore": page.has_next}
        return Response(orjson.dumps(body), media_type="application/json")

    return [Route("/changes", changes, methods=["GET"])]
