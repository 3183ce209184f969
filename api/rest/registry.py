"""`GET /registry.json`: our verified issuers in the Digital Credentials Consortium's
registry format (`dcc-legacy`): `{"meta": {"created", "updated"}, "registry": {"<did>":
{"name", "url", "location"}}}`, so verifiers that read the DCC registries (their
issuer-registry-client) can add ours by its URL.

Listed: VERIFIED stakeholders, not hidden, not demo records, with a DID; every DID of
each (the declared one and the DCC import's). `location` is left out when unknown. The
body is cached by ETag (its hash) and Last-Modified (`meta.updated`); a conditional GET
that matches answers 304.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from api.gate import unavailable
from graph.db import Database
from graph.errors import DatabaseUnavailable
from graph.models import IssuerRegistryModel
from loaders import Loaders, trust

# Verifiers load it at start-up; five minutes keeps a suspension visible soon enough.
CACHE_CONTROL = "public, max-age=300"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def document(m: IssuerRegistryModel, now: datetime) -> dict[str, Any]:
    registry: dict[str, dict[str, str]] = {}
    for entry in m.entries:
        item = {"name": entry.name, "url": entry.url or "",
                **({"location": entry.location} if entry.location else {})}
        for did in entry.dids:
            registry.setdefault(did, item)  # a DID two records claim: the older one's
    updated = m.updated or now
    return {"meta": {"created": _stamp(m.created or updated), "updated": _stamp(updated)},
            "registry": registry}


def routes(db_holder: dict[str, Database]) -> list[Route]:
    async def registry_json(request: Request) -> Response:
        try:
            m = await trust.issuer_registry(Loaders(db_holder["db"], None))
        except DatabaseUnavailable:
            down = unavailable()
            return Response(down.body(), status_code=down.status, headers=down.headers,
                            media_type="application/json")
        now = datetime.now(UTC)
        body = orjson.dumps(document(m, now), option=orjson.OPT_INDENT_2)
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL,
                   "Last-Modified": format_datetime((m.updated or now).astimezone(UTC),
                                                    usegmt=True)}
        asked = request.headers.get("if-none-match", "")
        if etag in [tag.strip() for tag in asked.split(",")] or asked.strip() == "*":
            return Response(status_code=304, headers=headers)
        return Response(body, media_type="application/json", headers=headers)

    return [Route("/registry.json", registry_json, methods=["GET"])]
