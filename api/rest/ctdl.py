"""CTDL (Credential Engine) export: `GET /ctdl/{ctid}`, one organization or credential, and
`GET /ctdl/graph`, everything the caller may see as one JSON-LD `@graph`, streamed.

Both answer `application/ld+json` (graph/formats/ctdl.py makes the documents). Without
an API key a reader sees what the public GraphQL reads show: records of rejected or
suspended stakeholders are not there (graph/policy.py); a key adds its own. A CTID that
is unknown, malformed or hidden from the caller is one and the same 404 (problem+json),
so the answer does not tell a hidden record from an absent one.

`/ctdl/graph` pages through Neo4j in CTID order (graph/ctdl.py) and writes each page's
documents as it gets them: the server holds one page, never the whole graph. It reads
every record, so it is bounded: EXPORT_RATE_LIMIT per client per EXPORT_RATE_WINDOW_S
(429), and MAX_EXPORTS_IN_FLIGHT streams at once in a process (503); both answer with
Retry-After. A stream holds its place until its last byte is sent or the client leaves.
"""

from __future__ import annotations

import logging
import math
from collections.abc import AsyncIterator, Callable
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from api.gate import Refusal, unavailable
from api.ratelimit import RateLimits, TrustedProxies
from api.rest import ActorOf, problem, refused
from graph import ctdl
from graph.db import Database
from graph.errors import DatabaseTimeout, DatabaseUnavailable
from graph.formats import ctdl as formats
from graph.models import StakeholderModel
from graph.settings import Settings
from graph.validation import CTID

log = logging.getLogger("lermap.ctdl")
MEDIA_TYPE = "application/ld+json"
# Which required properties of the Credential Registry's profile a document lacks
# (graph/formats/ctdl.py `registry_gaps`); absent when it has them all.
GAPS_HEADER = "ctdl-registry-missing"
# Seconds to wait when every export place is taken (a stream of the small graph: ~1 s).
BUSY_RETRY_AFTER_S = 10


def routes(settings: Settings, db_holder: dict[str, Database], actor_of: ActorOf,
           limits: RateLimits) -> list[Route]:
    base = settings.public_base_url
    proxies = TrustedProxies(settings.trusted_proxies)
    streams = {"open": 0}  # whole-graph streams being sent by this process

    async def reader(request: Request) -> Database:
        db = db_holder["db"]
        return db.as_viewer(await actor_of(request, db))

    async def one(request: Request) -> Response:
        ctid = request.path_params["ctid"]
        not_found = problem(404, "Not Found", f"no organization or credential with CTID "
                                               f"{ctid[:60]!r} here")
        if not CTID.match(ctid):
            return not_found
        try:
            record = await ctdl.by_ctid(await reader(request), ctid)
        except Refusal as refusal:  # the key's lookup found no database
            return refused(refusal)
        except DatabaseUnavailable:
            return refused(unavailable())
        if record is None:
            return not_found
        doc = (formats.organization(record, base) if isinstance(record, StakeholderModel)
               else formats.credential(record, base))
        gaps = formats.registry_gaps(doc)
        headers = {GAPS_HEADER: ", ".join(gaps)} if gaps else {}
        return Response(orjson.dumps(doc), media_type=MEDIA_TYPE, headers=headers)

    async def graph(request: Request) -> Response:
        if streams["open"] >= settings.max_exports_in_flight:
            return problem(503, "Service Unavailable",
                           f"{settings.max_exports_in_flight} exports of the whole graph are "
                           "being sent already; try again shortly",
                           {"Retry-After": str(BUSY_RETRY_AFTER_S)})
        if not limits.allow_export(proxies.client(request.scope) or "unknown"):
            return problem(429, "Too Many Requests",
                           f"at most {settings.export_rate_limit} exports of the whole graph "
                           f"per {settings.export_rate_window_s:g} s from one client",
                           {"Retry-After": str(math.ceil(settings.export_rate_window_s))})
        streams["open"] += 1

        def release() -> None:
            streams["open"] -= 1

        try:
            db = await reader(request)
            # The first page is read before the answer starts, so a database that is
            # down is a 503, not a 200 cut short.
            organizations = ctdl.organizations(db)
            first: list[StakeholderModel] = await anext(organizations, [])
        except Refusal as refusal:
            release()
            return refused(refusal)
        except DatabaseUnavailable:
            release()
            return refused(unavailable())
        except BaseException:  # a timeout (the app's handler answers it), a cancellation
            release()
            raise
        return _Held(_stream(db, base, first, organizations), release)

    return [Route("/ctdl/graph", graph, methods=["GET"]),
            Route("/ctdl/{ctid}", one, methods=["GET"])]


class _Held(StreamingResponse):
    """A stream that gives its export place back however it ends: sent, failed, or left
    by its client, even before its first byte."""

    def __init__(self, content: AsyncIterator[bytes], release: Callable[[], None]) -> None:
        super().__init__(content, media_type=MEDIA_TYPE)
        self.release = release

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.release()


async def _stream(db: Database, base: str, first: list[StakeholderModel],
                  organizations: AsyncIterator[list[StakeholderModel]]) -> AsyncIterator[bytes]:
    """The graph's JSON, a page of documents per chunk. A failure after the first byte
    cannot change the status any more: the document is left unterminated (a client's
    JSON parser refuses it) and the failure is logged."""
    yield b'{"@context":' + orjson.dumps(formats.CONTEXT) + b',"@graph":['
    started = False

    def chunk(docs: list[dict[str, Any]]) -> bytes:
        nonlocal started
        parts = []
        for doc in docs:
            parts.append((b"," if started else b"") + orjson.dumps(formats.in_graph(doc)))
            started = True
        return b"".join(parts)

    try:
        yield chunk([formats.organization(m, base) for m in first])
        async for page in organizations:
            yield chunk([formats.organization(m, base) for m in page])
        async for credentials in ctdl.credentials(db):
            yield chunk([formats.credential(m, base) for m in credentials])
    except (DatabaseUnavailable, DatabaseTimeout):
        log.warning("the CTDL graph export stopped: the database did not answer")
        return
    yield b"]}"
