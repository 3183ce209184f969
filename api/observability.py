"""Operations: the access log, the request metrics, the request span, the Neo4j outage
tracker, and their setup (logging format, Prometheus endpoint, OTLP exporter).

`Observability` is the outermost ASGI middleware. For each request it takes or makes a
request id (`X-Request-Id`), continues a W3C `traceparent`, opens the request span, and
when the response is sent writes one access-log line and the metrics. What happened
inside is noted on a `RequestRecord` in a context variable: the GraphQL operation (by
`RequestObserver`, a schema extension) and every error's `extensions.code` (by
`note_codes`, from the app and the gate). Nothing of a request's body, variables or key
is logged or labelled: the operation name (bounded, see `OperationNames`), the code, and
the key's public prefix (`lerk_` + 8, what it is listed and revoked by).

See docs/operations.md.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from opentelemetry import propagate, trace
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    start_http_server,
)
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import SchemaExtension

from api.ratelimit import TrustedProxies
from graph.settings import Settings
from graph.telemetry import QueryTally, current_tally, tracer, tracing

access_log = logging.getLogger("lermap.access")
outage_log = logging.getLogger("lermap.neo4j")

REQUESTS = Counter("lermap_requests", "GraphQL requests by operation name and outcome code "
                   "(the first extensions.code, or OK)", ["operation", "code"])
REQUEST_SECONDS = Histogram(
    "lermap_request_seconds", "Time of one GraphQL request, from its first byte to its "
    "response", ["operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0))
ERRORS = Counter("lermap_errors", "GraphQL errors by extensions.code", ["code"])
OUTAGES = Counter("lermap_neo4j_outages", "Neo4j outages seen by requests (starts)")

# Paths probed every few seconds by balancers and scrapers: counted nowhere, not logged.
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
GRAPHQL_PATH = "/graphql"
REQUEST_ID = re.compile(r"[A-Za-z0-9._:/+=-]{1,128}")
KEY_PREFIX = re.compile(r"lerk_[A-Za-z0-9_-]{8}")


@dataclass(slots=True)
class RequestRecord:
    """What the layers inside tell the middleware about one request."""

    request_id: str
    operation: str | None = None
    operation_type: str | None = None
    codes: list[str] = field(default_factory=list)

    @property
    def code(self) -> str | None:
        return self.codes[0] if self.codes else None


current_request: ContextVar[RequestRecord | None] = ContextVar("current_request", default=None)


def note_codes(codes: Iterable[object]) -> None:
    """The `extensions.code` of each error of this request's response."""
    record = current_request.get()
    if record is not None:
        record.codes.extend(c if isinstance(c, str) else "UNKNOWN" for c in codes)


def current_request_id() -> str | None:
    record = current_request.get()
    return record.request_id if record is not None else None


class RequestObserver(SchemaExtension):
    """Tells the record the operation's name and type; puts the request id in
    `extensions.requestId`."""

    def on_operation(self) -> Iterator[None]:
        yield
        record = current_request.get()
        if record is None:
            return
        ctx = self.execution_context
        if ctx.graphql_document is None:  # a parse error: no operation to name
            return
        record.operation = ctx.operation_name
        try:
            record.operation_type = ctx.operation_type.value
        except RuntimeError:  # operationName names no operation in the document
            record.operation = None

    def get_results(self) -> dict[str, Any]:
        request_id = current_request_id()
        return {"requestId": request_id} if request_id is not None else {}


class OperationNames:
    """Operation names as metric labels: a client picks them, so at most `limit` distinct
    names are kept per process (later ones count as `other`), and only GraphQL names."""

    NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")

    def __init__(self, limit: int = 200) -> None:
        self.limit = limit
        self.seen: set[str] = set()

    def label(self, name: str | None) -> str:
        if name is None:
            return "anonymous"
        if name in self.seen:
            return name
        if len(self.seen) >= self.limit or not self.NAME.fullmatch(name):
            return "other"
        self.seen.add(name)
        return name


class OutageTracker:
    """A Neo4j outage, logged twice: when the first request fails for it, and when a
    request (or /readyz) reaches Neo4j again, with the count of failures in between."""

    def __init__(self) -> None:
        self.since: float | None = None
        self.failures = 0

    @property
    def down(self) -> bool:
        return self.since is not None

    def failure(self) -> None:
        if self.since is None:
            self.since = time.monotonic()
            OUTAGES.inc()
            outage_log.warning("neo4j unavailable: requests are answered 503 "
                               "SERVICE_UNAVAILABLE until it is back",
                               extra={"fields": {"event": "neo4j_outage_started"}})
        self.failures += 1

    def success(self) -> None:
        if self.since is None:
            return
        seconds = time.monotonic() - self.since
        outage_log.warning("neo4j is back after %.1f s; %d request(s) failed meanwhile",
                           seconds, self.failures,
                           extra={"fields": {"event": "neo4j_outage_ended",
                                             "outage_s": round(seconds, 3),
                                             "failed_requests": self.failures}})
        self.since, self.failures = None, 0


class Observability:
    """Pure ASGI middleware, outermost: request id, request span, access log, metrics."""

    def __init__(self, app: ASGIApp, *, settings: Settings, outage: OutageTracker) -> None:
        self.app = app
        self.outage = outage
        self.proxies = TrustedProxies(settings.trusted_proxies)
        self.names = OperationNames()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        record = RequestRecord(_request_id(headers))
        tally = QueryTally()
        status = 500
        header = (b"x-request-id", record.request_id.encode())

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", []), header]}
            await send(message)

        started = time.perf_counter()
        record_token = current_request.set(record)
        tally_token = current_tally.set(tally)
        path: str = scope["path"]
        try:
            if tracing():
                await self._traced(scope, receive, send_with_id, record, lambda: status)
            else:
                await self.app(scope, receive, send_with_id)
        finally:
            current_request.reset(record_token)
            current_tally.reset(tally_token)
            if path not in QUIET_PATHS:
                self._finished(scope, record, tally, status, time.perf_counter() - started)

    async def _traced(self, scope: Scope, receive: Receive, send: Send, record: RequestRecord,
                      status: Callable[[], int]) -> None:
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        path: str = scope["path"]
        with tracer.start_as_current_span(
                f"{scope['method']} {path}", context=_parent(headers),
                kind=trace.SpanKind.SERVER,
                attributes={"http.request.method": scope["method"], "url.path": path,
                            "lermap.request_id": record.request_id}) as span:
            try:
                await self.app(scope, receive, send)
            finally:
                span.set_attribute("http.response.status_code", status())
                if record.operation_type is not None:
                    span.update_name(f"{record.operation_type} {record.operation or 'anonymous'}")
                if record.code is not None:
                    span.set_attribute("lermap.outcome", record.code)

    def _finished(self, scope: Scope, record: RequestRecord, tally: QueryTally, status: int,
                  seconds: float) -> None:
        code = record.code or ("OK" if status < 400 else f"HTTP_{status}")
        if scope["path"] == GRAPHQL_PATH:
            operation = self.names.label(record.operation)
            REQUESTS.labels(operation, code).inc()
            REQUEST_SECONDS.labels(operation).observe(seconds)
            for each in record.codes:
                ERRORS.labels(each).inc()
            if "SERVICE_UNAVAILABLE" in record.codes:
                self.outage.failure()
            elif tally.ok:
                self.outage.success()
        if access_log.isEnabledFor(logging.INFO):
            access_log.info("request", extra={"fields": {
                "request_id": record.request_id, "method": scope["method"],
                "path": scope["path"], "operation": record.operation, "status": status,
                "code": code, "duration_ms": round(seconds * 1000, 2),
                "client": self._client(scope), "key": _key_prefix(scope["headers"]),
            }})


    def _client(self, scope: Scope) -> str:
        """The socket's peer; behind trusted proxies, the address they forwarded."""
        if self.proxies:
            return self.proxies.client(scope)
        peer = scope.get("client")
        return str(peer[0]) if peer else ""


def _request_id(headers: list[tuple[bytes, bytes]]) -> str:
    """The gateway's id when it is a sane token, so its logs and ours line up; else ours."""
    for name, value in headers:
        if name == b"x-request-id":
            text = value.decode("latin-1")
            if REQUEST_ID.fullmatch(text):
                return text
            break
    return uuid.uuid4().hex


def _parent(headers: list[tuple[bytes, bytes]]) -> Any:
    """The caller's trace context (W3C traceparent), or None: a new trace."""
    if not any(name == b"traceparent" for name, _ in headers):
        return None
    return propagate.extract({name.decode("latin-1"): value.decode("latin-1")
                              for name, value in headers})


def _key_prefix(headers: list[tuple[bytes, bytes]]) -> str | None:
    """`lerk_` and the 8 characters keys are listed by; never more of a key, and nothing
    of a credential that is not shaped like one of ours."""
    value = next((v for k, v in headers if k == b"authorization"), None)
    if value is None:
        return None
    scheme, _, token = value.decode("latin-1").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return "not-bearer"
    prefix = token[:13]
    return prefix if KEY_PREFIX.fullmatch(prefix) else "not-a-key"


# -- setup --------------------------------------------------------------------------------

class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the record's fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


class PlainFormatter(logging.Formatter):
    """`LEVEL logger: message key=value ...` for a terminal."""

    def __init__(self) -> None:
        super().__init__("%(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        fields = getattr(record, "fields", None)
        if fields:
            text += " " + " ".join(f"{k}={v}" for k, v in fields.items() if v is not None)
        return text


def configure_logging(settings: Settings, level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if settings.log_format == "json" else PlainFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    quiet_driver_logs()


def quiet_driver_logs() -> None:
    """The driver's own lines that repeat per query or per connection, out.

    On an empty graph every query warns of labels that do not exist yet; during an outage
    every transaction warns of its retries and every pooled connection logs its death. The
    faults reach us as exceptions anyway: the outage tracker reports them, once.
    """
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    logging.getLogger("neo4j.io").setLevel(logging.CRITICAL)


def metrics_registry(settings: Settings) -> CollectorRegistry:
    """This process's metrics, or with PROMETHEUS_MULTIPROC_DIR every process's, merged."""
    if settings.prometheus_multiproc_dir is None:
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(  # type: ignore[no-untyped-call]  # untyped upstream
        registry, path=str(settings.prometheus_multiproc_dir))
    return registry


def metrics_endpoint(settings: Settings) -> Any:
    registry = metrics_registry(settings)

    async def metrics(_: Request) -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return metrics


def start_metrics_server(settings: Settings) -> None:
    """The metrics on their own port (a daemon thread), away from the public one."""
    if not settings.metrics_port:
        return
    try:
        start_http_server(settings.metrics_port, addr=settings.metrics_host,
                          registry=metrics_registry(settings))
    except OSError as exc:
        raise SystemExit(f"the metrics port {settings.metrics_host}:{settings.metrics_port} "
                         f"is taken ({exc.strerror}); set METRICS_PORT to a free one, or 0 "
                         "for none") from exc


def configure_tracing(settings: Settings) -> None:
    """An OTLP/HTTP exporter when an endpoint is set; otherwise spans stay no-ops."""
    if settings.otel_exporter_otlp_endpoint is None:
        return
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    endpoint = settings.otel_exporter_otlp_endpoint.rstrip("/")
    if not endpoint.endswith("/v1/traces"):
        endpoint += "/v1/traces"
    provider = TracerProvider(resource=Resource.create(
        {"service.name": settings.otel_service_name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    trace.set_tracer_provider(provider)

