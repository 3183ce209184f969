"""Operations: metrics after a known mix of requests, a gateway's trace continued, the
access log (key prefix, never the key or a variable), request ids, one outage logged
once, and the drain on SIGTERM. Real ASGI app, real Neo4j."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import orjson
import pytest
from asgi_lifespan import LifespanManager
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client.parser import text_string_to_metric_families

from api.app import create_app
from api.observability import JsonFormatter, OperationNames, quiet_driver_logs
from graph.db import Database
from graph.local_neo4j import LocalNeo4j
from graph.settings import PROJECT_ROOT as ROOT
from graph.settings import Settings
from tests.helpers import connect, free_port, gql, register, served_process

GROUPS = "query Groups { stakeholderGroups { name } }"
NESTED = """query Nested($n: Int) { stakeholders(first: $n) { edges { node { name
  partners { id } } } } }"""


@contextlib.asynccontextmanager
async def app_client(settings: Settings, db: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, db)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app, client=("203.0.113.7", 4321))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


@pytest.fixture
async def observed(settings: Settings, local: LocalNeo4j, db: Database
                   ) -> AsyncIterator[httpx.AsyncClient]:
    """The app with /metrics on its public port and a registration limit of 1."""
    mine = settings.model_copy(update={"metrics_on_public_port": True,
                                       "register_rate_limit": 1})
    async with app_client(mine, connect(mine, local)) as http:
        yield http


async def scrape(client: httpx.AsyncClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = await client.get("/metrics")
    assert response.status_code == 200
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.text)
            for sample in family.samples}


def delta(before: dict[tuple[str, tuple[tuple[str, str], ...]], float],
          after: dict[tuple[str, tuple[tuple[str, str], ...]], float],
          name: str, **labels: str) -> float:
    key = (name, tuple(sorted(labels.items())))
    return after.get(key, 0.0) - before.get(key, 0.0)


async def test_metrics_count_a_known_mix_of_requests(observed: httpx.AsyncClient) -> None:
    before = await scrape(observed)
    for _ in range(3):
        await gql(observed, GROUPS)
    for _ in range(2):
        await gql(observed, "{ stakeholderGroups { name ", expect_errors=True)
    refused = await observed.post("/graphql", content=b"{}", headers={"content-type": "text/plain"})
    assert refused.status_code == 415
    await gql(observed, NESTED, {"n": 5})
    await register(observed)
    again = await gql(observed, "mutation($i: RegisterStakeholderInput!) { registerStakeholder("
                      "input: $i) { apiKey errors { code } } }",
                      {"i": {"name": "Over the limit", "groups": ["EMPLOYERS"],
                             "roles": ["VERIFIER"], "website": "https://over.test",
                             "contactEmail": "over@example.org"}}, expect_errors=True)
    assert "RATE_LIMITED" in orjson.dumps(again).decode()
    after = await scrape(observed)

    requests = "lermap_requests_total"
    assert delta(before, after, requests, operation="Groups", code="OK") == 3
    assert delta(before, after, requests, operation="anonymous",
                 code="GRAPHQL_PARSE_FAILED") == 2
    assert delta(before, after, requests, operation="anonymous",
                 code="UNSUPPORTED_MEDIA_TYPE") == 1
    assert delta(before, after, requests, operation="Nested", code="OK") == 1
    assert delta(before, after, "lermap_errors_total", code="GRAPHQL_PARSE_FAILED") == 2
    assert delta(before, after, "lermap_errors_total", code="UNSUPPORTED_MEDIA_TYPE") == 1
    assert delta(before, after, "lermap_request_seconds_count", operation="Groups") == 3
    assert delta(before, after, "lermap_rate_limited_total", limit="register") == 1
    # Neo4j time by cypher file, loader batches by loader: as many as were made.
    queries = {labels: after[(n, labels)] - before.get((n, labels), 0.0)
               for (n, labels) in after if n == "lermap_neo4j_query_seconds_count"}
    assert sum(queries.values()) >= 3 + 2  # three group lists, a page and its partners
    assert all(re.fullmatch(r"[a-z_]+/[a-z_0-9]+", dict(k)["query"])
               for k, v in queries.items() if v)
    batches = [k for (n, k) in after if n == "lermap_loader_batch_size_count"
               and after[(n, k)] > before.get((n, k), 0.0)]
    assert batches, "the nested query's partners came through a DataLoader"


def test_operation_labels_are_bounded() -> None:
    names = OperationNames(limit=2)
    assert [names.label(n) for n in ("A", "B", "C", "A", None, "no spaces!")] == \
        ["A", "B", "other", "A", "anonymous", "other"]


# -- traces -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider()
        trace.set_tracer_provider(provider)  # once per process: OpenTelemetry's rule
    processor = SimpleSpanProcessor(exporter)
    provider.add_span_processor(processor)
    yield exporter
    exporter.clear()
    processor.shutdown()  # the exporter stops keeping the spans of later tests


async def test_a_gateways_traceparent_is_continued(observed: httpx.AsyncClient,
                                                   spans: InMemorySpanExporter) -> None:
    trace_id, parent_id = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
    spans.clear()
    response = await observed.post(
        "/graphql", json={"query": NESTED, "variables": {"n": 4}},
        headers={"traceparent": f"00-{trace_id}-{parent_id}-01"})
    assert response.status_code == 200 and "errors" not in response.json()
    finished: list[ReadableSpan] = [s for s in spans.get_finished_spans()
                                    if s.context is not None
                                    and f"{s.context.trace_id:032x}" == trace_id]
    by_id = {s.context.span_id: s for s in finished if s.context is not None}
    root = next(s for s in finished if s.name == "query Nested")
    assert root.parent is not None and f"{root.parent.span_id:016x}" == parent_id
    assert root.kind == trace.SpanKind.SERVER

    def under_root(span: ReadableSpan) -> bool:
        while span.parent is not None and span.parent.span_id in by_id:
            span = by_id[span.parent.span_id]
        return span is root

    queries = [s for s in finished if s.name.startswith("neo4j ")]
    loaders = [s for s in finished if s.name.startswith("loader ")]
    assert len(queries) >= 2 and loaders
    assert all(under_root(s) for s in queries + loaders)
    assert all(s.attributes and s.attributes["db.query.file"] == s.name.removeprefix("neo4j ")
               for s in queries)
    # Names and attributes hold file and operation names, never the query or its values.
    for span in finished:
        text = span.name + repr(dict(span.attributes or {}))
        assert "stakeholders(first" not in text and "'n'" not in text


# -- the access log -----------------------------------------------------------------------

def access_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "lermap.access"]


async def test_the_log_line_holds_the_key_prefix_never_the_key_nor_a_value(
        observed: httpx.AsyncClient, admin_key: str, caplog: pytest.LogCaptureFixture) -> None:
    value = "a-variable-value-9f3e"
    caplog.set_level(logging.INFO, logger="lermap.access")
    response = await observed.post(
        "/graphql", json={"query": "query Lookup($s: String) { stakeholder(slug: $s) { id } }",
                          "variables": {"s": value}},
        headers={"authorization": f"Bearer {admin_key}"})
    assert response.status_code == 200
    [record] = access_records(caplog)
    line = JsonFormatter().format(record)
    fields = orjson.loads(line)
    assert fields["key"] == admin_key[:13] and fields["key"].startswith("lerk_")
    assert fields["operation"] == "Lookup" and fields["code"] == "OK"
    assert fields["status"] == 200 and fields["client"] == "203.0.113.7"
    assert fields["request_id"] == response.headers["x-request-id"]
    assert fields["duration_ms"] > 0
    assert admin_key not in line and admin_key[13:] not in line and value not in line

    caplog.clear()
    await observed.post("/graphql", json={"query": "{ __typename }"},
                        headers={"authorization": "Bearer hunter2-is-my-password"})
    [other] = access_records(caplog)
    line = JsonFormatter().format(other)
    assert orjson.loads(line)["key"] == "not-a-key" and "hunter2" not in line


async def test_request_ids_are_echoed_or_made(observed: httpx.AsyncClient) -> None:
    given = await observed.post("/graphql", json={"query": "{ __typename }"},
                                headers={"x-request-id": "gw-7f3a.19"})
    assert given.headers["x-request-id"] == "gw-7f3a.19"
    assert given.json()["extensions"]["requestId"] == "gw-7f3a.19"
    made = await observed.post("/graphql", json={"query": "{ __typename }"},
                               headers={"x-request-id": "not a token; " + "x" * 200})
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["x-request-id"])
    assert made.json()["extensions"]["requestId"] == made.headers["x-request-id"]
    # A refusal at the gate carries it too, as do the other paths.
    refused = await observed.post("/graphql", content=b"[1]",
                                  headers={"content-type": "application/json"})
    assert refused.status_code == 400
    assert refused.json()["extensions"]["requestId"] == refused.headers["x-request-id"]
    assert (await observed.get("/healthz")).headers["x-request-id"]


# -- an outage, logged once ---------------------------------------------------------------

class Gap:
    """A TCP relay to Neo4j that can be cut (every connection dropped, nothing accepted)
    and restored: an outage without stopping the test Neo4j."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()

    async def open(self) -> None:
        self.server = await asyncio.start_server(self._relay, "127.0.0.1", self.port)

    async def cut(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in list(self.writers):
            writer.close()
        await self.server.wait_closed()
        self.server = None

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        self.writers |= {writer, up_writer}

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            with contextlib.suppress(Exception):
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        self.writers -= {writer, up_writer}


async def test_an_outage_is_logged_once_and_its_end_once(
        settings: Settings, local: LocalNeo4j, db: Database,
        caplog: pytest.LogCaptureFixture) -> None:
    quiet_driver_logs()  # as `lermap serve` does
    gap = Gap(local.port)
    await gap.open()
    down = settings.model_copy(update={"request_timeout_s": 2.0})
    relayed = Database.connect(f"bolt://127.0.0.1:{gap.port}", "neo4j", local.password(),
                               down.neo4j_database, down.request_timeout_s)
    async with app_client(down, relayed) as http:
        await gql(http, GROUPS)
        await gap.cut()
        caplog.clear()
        caplog.set_level(logging.INFO)
        failing = 8
        responses = await asyncio.gather(*(
            http.post("/graphql", json={"query": GROUPS}) for _ in range(failing)))
        assert all(r.status_code == 503 for r in responses)
        noisy = [r for r in caplog.records if r.levelno >= logging.WARNING]
        started = [r for r in noisy if r.name == "lermap.neo4j"]
        assert len(started) == 1 and "unavailable" in started[0].getMessage()
        assert len(noisy) <= 2, [r.getMessage() for r in noisy]  # not one per request
        assert not any(r.exc_info for r in caplog.records)  # no traceback
        assert len(access_records(caplog)) == failing

        await gap.open()
        caplog.clear()
        await gql(http, GROUPS)
        await gql(http, GROUPS)
        ended = [r for r in caplog.records if r.name == "lermap.neo4j"]
        assert len(ended) == 1
        assert ended[0].__dict__["fields"]["failed_requests"] == failing
        await gap.cut()


# -- shutdown -----------------------------------------------------------------------------

def test_sigterm_drains_then_stops(local: LocalNeo4j, db: Database, tmp_path: Path) -> None:
    metrics_port = free_port()
    log = tmp_path / "serve.log"
    with served_process(local, log, SHUTDOWN_DRAIN_S="1.5", METRICS_PORT=str(metrics_port),
                        TIMEOUT_GRACEFUL_SHUTDOWN_S="5") as (url, proc):
        httpx.post(f"{url}/graphql", json={"query": GROUPS}, timeout=10)
        scraped = httpx.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=5).text
        assert 'lermap_requests_total{code="OK",operation="Groups"}' in scraped
        assert httpx.get(f"{url}/metrics", timeout=5).status_code == 404  # not public
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        # Draining: not ready, but still serving.
        ready = httpx.get(f"{url}/readyz", timeout=5)
        assert ready.status_code == 503 and ready.json()["status"] == "draining"
        served_meanwhile = httpx.post(f"{url}/graphql", json={"query": GROUPS}, timeout=10)
        assert served_meanwhile.status_code == 200
        proc.wait(timeout=15)
    text = log.read_text()
    assert "draining" in text and "Traceback" not in text
    lines = [orjson.loads(line) for line in text.splitlines() if line.startswith("{")]
    assert sum(1 for line in lines if line.get("logger") == "lermap.access") == 2


def test_several_processes_merge_in_the_multiproc_dir(tmp_path: Path) -> None:
    """PROMETHEUS_MULTIPROC_DIR: what two processes counted, one scrape reports."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    count = ("from api.observability import REQUESTS\n"
             "REQUESTS.labels('Groups', 'OK').inc()")
    for _ in range(2):
        subprocess.run([sys.executable, "-c", count], env=env, check=True, cwd=ROOT)  # noqa: S603 -- fixed argv
    scrape_it = ("from prometheus_client import generate_latest\n"
                 "from api.observability import metrics_registry\n"
                 "from graph.settings import Settings\n"
                 "print(generate_latest(metrics_registry(Settings())).decode())")
    text = subprocess.run([sys.executable, "-c", scrape_it], env=env, check=True, cwd=ROOT,  # noqa: S603 -- fixed argv
                          capture_output=True, text=True).stdout
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for family in text_string_to_metric_families(text) for s in family.samples}
    assert samples[("lermap_requests_total", (("code", "OK"), ("operation", "Groups")))] == 2
