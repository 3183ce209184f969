"""The per-request cost of the instrumentation (api/observability.py, graph/telemetry.py).

    PYTHONPATH=. python -m bench.overhead [--requests 2000] [--rounds 5]

In process (httpx's ASGI transport, no sockets), `{ __typename }` (no Neo4j query, so
what is measured is the HTTP and GraphQL path around it), sequentially, in three setups:

- off: the app without the Observability middleware (no request id, access log, request
  metrics or request span);
- on: the app as served by default (JSON access line to /dev/null, metrics, no-op spans);
- on+traces: the same with an OpenTelemetry SDK tracer provider recording every span
  (a batch processor and an exporter that drops them, as an OTLP export would run).

Rounds alternate between the setups; the median round of each is reported.
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
from api.observability import JsonFormatter, Observability
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


async def per_request_us(instrumented: bool, requests: int) -> float:
    async with LifespanManager(app(instrumented)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            for _ in range(50):  # warm-up: imports, caches
                await http.post("/graphql", json=BODY)
            started = time.perf_counter()
            for _ in range(requests):
                response = await http.post("/graphql", json=BODY)
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, response.text
    return elapsed / requests * 1e6


def log_to_nowhere() -> None:
    """The access line is formatted as in production, and written to /dev/null."""
    handler = logging.StreamHandler(open(os.devnull, "w"))  # open for the whole run
    handler.setFormatter(JsonFormatter())
    logging.getLogger().handlers[:] = [handler]
    logging.getLogger().setLevel(logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)


async def main(args: argparse.Namespace) -> None:
    results: dict[str, list[float]] = {"off": [], "on": [], "on+traces": []}
    provider = TracerProvider()
    provider.add_span_processor(BatchSpanProcessor(Dropped()))
    for _ in range(args.rounds):
        results["off"].append(await per_request_us(False, args.requests))
        results["on"].append(await per_request_us(True, args.requests))
    trace.set_tracer_provider(provider)  # once per process: the traced rounds come last
    for _ in range(args.rounds):
        results["on+traces"].append(await per_request_us(True, args.requests))
    provider.shutdown()
    off = statistics.median(results["off"])
    for name, rounds in results.items():
        median = statistics.median(rounds)
        print(f"{name:10} {median:7.1f} µs/request (median of {args.rounds} rounds of "
              f"{args.requests}; rounds {', '.join(f'{r:.0f}' for r in rounds)})"
              + (f"  +{median - off:.1f} µs ({(median - off) / off:+.1%})"
                 if name != "off" else ""))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    log_to_nowhere()
    asyncio.run(main(parser.parse_args()))
