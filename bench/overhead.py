"""The per-request cost of the instrumentation (api/observability.py, graph/telemetry.py).

    PYTHONPATH=. python -m bench.overhead [--requests 2000] [--rounds 5]

In process (httpx's ASGI transport, no sockets), `{ __typename }` (no Neo4j query, so
what is measured is the HTTP and GraphQL path around it), sequentially, two apps side by side:

- off: the app without the Observability middleware (no request id, access log, request
  metrics or request span);
- on: the app as served by default (JSON access line to /dev/null, metrics).

First without a tracer provider (the default: no spans), then with an OpenTelemetry SDK
provider recording every span (a batch processor and an exporter that drops them, as an
OTLP export would run). Slices of 100 requests alternate between the two apps. On a shared
machine the whole-request figures move by ±10 % from round to round, so the middleware's
own cost is measured apart too: 20,000 calls of it around an ASGI app that answers at once.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import socket
import statistics
import time
from collections.abc import Sequence
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult

from api.app import create_app
from api.observability import JsonFormatter, Observability, OutageTracker
from graph.db import Database
from graph.settings import Settings

BODY = {"query": "{ __typename }"}


class Dropped(SpanExporter):
    def export(self, spans: Sequence[Any]) -> SpanExportResult:
        return SpanExportResult.SUCCESS


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def app(instrumented: bool) -> Any:
    settings = Settings(environment="production", neo4j_uri="bolt://unused")
    # `{ __typename }` never reaches Neo4j: a driver over a closed port is enough.
    db = Database.connect(f"bolt://127.0.0.1:{closed_port()}", "neo4j", "unused", "neo4j")
    made = create_app(settings, db)
    if not instrumented:
        made.user_middleware = [m for m in made.user_middleware if m.cls is not Observability]
    return made


async def paired_us(requests: int, slice_: int = 100) -> tuple[float, float]:
    """(off, on) µs per request, in slices of `slice_` taken in turn from both apps, so
    that the other work of a shared machine weighs on both alike."""
    async with LifespanManager(app(False)) as off, LifespanManager(app(True)) as on:
        clients = [httpx.AsyncClient(transport=httpx.ASGITransport(app=m.app),
                                     base_url="http://bench") for m in (off, on)]
        spent = [0.0, 0.0]
        for http in clients:
            for _ in range(50):  # warm-up: imports, caches
                await http.post("/graphql", json=BODY)
        for _ in range(requests // slice_):
            for which, http in enumerate(clients):
                started = time.perf_counter()
                for _ in range(slice_):
                    response = await http.post("/graphql", json=BODY)
                spent[which] += time.perf_counter() - started
                assert response.status_code == 200, response.text
        for http in clients:
            await http.aclose()
    return spent[0] / requests * 1e6, spent[1] / requests * 1e6


async def middleware_only_us(calls: int = 20_000) -> tuple[float, float]:
    """(bare app, app inside Observability): µs per call."""
    async def bare(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: Any) -> None:
        pass

    scope = {"type": "http", "method": "POST", "path": "/graphql", "query_string": b"",
             "client": ("127.0.0.1", 5000),
             "headers": [(b"content-type", b"application/json"),
                         (b"authorization", b"Bearer lerk_abcdefgh_and_the_rest")]}
    wrapped = Observability(bare, settings=Settings(), outage=OutageTracker())
    timings = []
    for target in (bare, wrapped):
        started = time.perf_counter()
        for _ in range(calls):
            await target(scope, receive, send)
        timings.append((time.perf_counter() - started) / calls * 1e6)
    return timings[0], timings[1]


def log_to_nowhere() -> None:
    """The access line is formatted as in production, and written to /dev/null."""
    handler = logging.StreamHandler(open(os.devnull, "w"))  # open for the whole run
    handler.setFormatter(JsonFormatter())
    logging.getLogger().handlers[:] = [handler]
    logging.getLogger().setLevel(logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)


async def main(args: argparse.Namespace) -> None:
    runs = [await middleware_only_us() for _ in range(3)]
    costs = sorted(wrapped - bare for bare, wrapped in runs)
    print(f"middleware alone: {costs[1]:.1f} µs/request (median of 3 runs of 20,000 calls; "
          f"{', '.join(f'{c:.1f}' for c in costs)})")
    for label in ("no tracer provider", "SDK tracer provider, spans dropped by the exporter"):
        if label.startswith("SDK"):
            provider = TracerProvider()
            provider.add_span_processor(BatchSpanProcessor(Dropped()))
            trace.set_tracer_provider(provider)  # once per process: so it comes second
        pairs = [await paired_us(args.requests) for _ in range(args.rounds)]
        offs, ons = [p[0] for p in pairs], [p[1] for p in pairs]
        extra = statistics.median(on - off for off, on in pairs)
        print(f"{label}: off {statistics.median(offs):.0f} µs/request, on "
              f"{statistics.median(ons):.0f} µs/request; on - off, median of {args.rounds} "
              f"paired rounds of {args.requests}: {extra:+.0f} µs "
              f"({extra / statistics.median(offs):+.1%}); rounds: "
              + ", ".join(f"{on - off:+.0f}" for off, on in pairs))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    log_to_nowhere()
    asyncio.run(main(parser.parse_args()))
