"""What the layers below the API report: Neo4j query time, DataLoader batch sizes, and
whether a request's queries reached the database.

The metrics are prometheus-client objects in its default registry (api/observability.py
serves them); the spans use OpenTelemetry's global tracer, a no-op until a tracer
provider is installed (`OTEL_EXPORTER_OTLP_ENDPOINT`, or a test's in-memory one). Labels
and attributes are query file names and loader names: a closed set, never a parameter.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass
from time import perf_counter

from opentelemetry import trace
from prometheus_client import Counter, Gauge, Histogram

QUERY_SECONDS = Histogram(
    "lermap_neo4j_query_seconds", "Time of one Neo4j query (or write transaction), "
    "by its cypher file", ["query"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
LOADER_BATCH_SIZE = Histogram(
    "lermap_loader_batch_size", "Keys in one DataLoader batch, by loader", ["loader"],
    buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000))

# Webhook delivery (graph/webhook_worker.py). `outcome`: delivered (2xx), failed (another
# status, or no answer), refused (the URL resolved to an address we do not send to).
WEBHOOK_ATTEMPTS = Counter(
    "lermap_webhook_attempts", "Webhook delivery attempts by outcome", ["outcome"])
WEBHOOK_ATTEMPT_SECONDS = Histogram(
    "lermap_webhook_attempt_seconds", "Time of one webhook delivery attempt",
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0))
# Feed lag: changes committed that the furthest-behind active endpoint has not had
# queued yet. With several workers each reports what it saw; a scrape keeps the largest.
WEBHOOK_FEED_LAG = Gauge(
    "lermap_webhook_feed_lag_changes", "Changes not yet queued for the furthest-behind "
    "active webhook endpoint, as of the worker's last round", multiprocess_mode="max")

# Partner suggestions (graph/memo.py): `outcome` remembered (the change token was the
# one read before the answer was computed) or computed (no answer, or an older token).
SUGGESTION_ANSWERS = Counter(
    "lermap_suggestion_answers", "Partner suggestion answers, remembered or computed",
    ["outcome"])

tracer = trace.get_tracer("lermap")


def tracing() -> bool:
    """Whether a tracer provider is installed: without one, no span is even begun (a no-op
    span still costs some 10 µs to open and close, per query and per request)."""
    return not isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider)


@dataclass
class QueryTally:
    """Queries of one request that Neo4j answered (the outage tracker's "it is back")."""

    ok: int = 0


current_tally: ContextVar[QueryTally | None] = ContextVar("current_tally", default=None)


@contextmanager
def query_span(name: str) -> Iterator[None]:
    """Times one query into QUERY_SECONDS, in a client span named by its file."""
    started = perf_counter()
    with tracer.start_as_current_span(
            f"neo4j {name}", kind=trace.SpanKind.CLIENT,
            attributes={"db.system": "neo4j", "db.query.file": name}) if tracing() \
            else nullcontext():
        try:
            yield
        finally:
            QUERY_SECONDS.labels(name).observe(perf_counter() - started)
    tally = current_tally.get()
    if tally is not None:
        tally.ok += 1


@contextmanager
def loader_span(name: str, size: int) -> Iterator[None]:
    """One DataLoader batch: its size into LOADER_BATCH_SIZE, its work in a span."""
    LOADER_BATCH_SIZE.labels(name).observe(size)
    if not tracing():
        yield
        return
    with tracer.start_as_current_span(f"loader {name}",
                                      attributes={"lermap.loader": name,
                                                  "lermap.batch_size": size}):
        yield
