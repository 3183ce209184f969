"""The one settings class. Nothing else in the project reads os.environ."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_data_dir() -> Path | None:
    shared = PROJECT_ROOT.parent / "shared" / "data"
    return shared if shared.is_dir() else None


class Settings(BaseSettings):
    """Read from the environment (and a git-ignored `.env`, if present)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # Neo4j. With neo4j_uri unset, the project's managed local Neo4j is used.
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str = "neo4j"

    # The managed local Neo4j (see graph/local_neo4j.py).
    lermap_neo4j_home: Path = PROJECT_ROOT / ".neo4j"
    lermap_neo4j_port: int = 7687
    lermap_neo4j_instance: str = "dev"
    java_home: Path | None = None

    # HTTP.
    host: str = "127.0.0.1"
    port: int = 8000
    environment: Literal["development", "production"] = "development"
    # Where the public reaches this deployment (no trailing slash): the base of the stable
    # URLs in exported documents (Open Badges 3.0 ids, CTDL, registry.json) and of the
    # did:web that names us as a trust registry.
    public_base_url: str = "http://127.0.0.1:8000"
    # Our authority id in TRQP answers; unset: did:web of public_base_url's host.
    trust_authority_id: str | None = None

    # Public data sets imported by `make run` (ESCO, O*NET, the map, DCC registry).
    lermap_data_dir: Path | None = Field(default_factory=_default_data_dir)

    # `extensions.roundtrips` in every response; unset: on in development only.
    report_roundtrips: bool | None = None

    # Per-request limits.
    request_timeout_s: float = 10.0
    max_body_bytes: int = 1_000_000
    max_page_size: int = 100
    max_entities_batch: int = 500
    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    max_query_cost: int = 20_000
    max_mutations_per_request: int = 10

    # Webhooks (graph/webhooks.py, graph/webhook_worker.py). Endpoints on private or
    # loopback addresses are refused unless allowed (tests allow them).
    webhooks_allow_private: bool = False
    # The delivery worker runs inside `lermap serve` unless this is off (then run
    # `lermap webhooks work` beside it).
    webhooks_worker: bool = True
    webhook_timeout_s: float = 10.0
    # Failures in a row after which an endpoint is disabled (HTTP 410 disables at once).
    webhook_max_failures: int = 20
    # A claimed delivery is another worker's to retry after this long (> the timeout).
    webhook_lease_s: float = 60.0
    webhook_poll_s: float = 1.0
    webhook_retry_base_s: float = 5.0
    webhook_retry_max_s: float = 3600.0

    # Subscriptions (graphql-transport-ws on /graphql): open sockets per client (IP),
    # subscriptions per socket, and how often each looks for new changes.
    max_websockets_per_client: int = 10
    max_subscriptions_per_connection: int = 5
    subscription_poll_s: float = 1.0

    # registerStakeholder: at most this many per client (IP) per window.
    register_rate_limit: int = 10
    register_rate_window_s: float = 3600.0

    # GET /ctdl/graph streams every record the caller may see: at most this many per
    # client (IP) per window, and this many streams at once in a process.
    export_rate_limit: int = Field(default=20, ge=1)
    export_rate_window_s: float = Field(default=3600.0, gt=0)
    max_exports_in_flight: int = Field(default=2, ge=1)

    # The HTTP edge (api/gate.py, api/ratelimit.py).
    # `variables` and `extensions`: nesting depth and number of JSON values (containers
    # and scalars). 10,000 leaves room for a full `_entities` batch (3 values each).
    max_variables_depth: int = 20
    max_variables_values: int = 10_000
    # Writes per stakeholder (all its keys; an admin key on its own) per window; every
    # authenticated mutation field counts one.
    write_rate_limit: int = 600
    write_rate_window_s: float = 3600.0
    # Where rate-limit counters live: `memory://` (this process) or a Redis URL
    # (`redis://127.0.0.1:6379/0`) that several API processes share.
    rate_limit_storage_url: str = "memory://"
    # Proxies whose X-Forwarded-For is believed (IPs or CIDR networks, comma-separated in
    # the environment). None by default: the client is the socket's peer.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_proxies(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_are_addresses(cls, value: list[str]) -> list[str]:
        # A typo here would silently trust nobody (or the wrong host): refuse it at start.
        for item in value:
            ipaddress.ip_network(item, strict=False)
        return value

    @field_validator("public_base_url")
    @classmethod
    def _base_url_is_http(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("public_base_url must start with https:// or http://")
        return value.rstrip("/")

    # Operations (api/observability.py, docs/operations.md).
    # Log lines: one JSON object per line, or plain text for a terminal.
    log_format: Literal["json", "plain"] = "json"
    # Prometheus metrics on their own port, started by `lermap serve` (0: none), and on
    # the public port at /metrics only when asked.
    metrics_port: int = 9464
    metrics_host: str = "127.0.0.1"
    metrics_on_public_port: bool = False
    # Several processes: prometheus-client writes its samples here (it reads the same
    # variable itself) and the scrape merges them; set it to an empty folder before start.
    prometheus_multiproc_dir: Path | None = None
    # Traces: exported over OTLP/HTTP to this URL (`http://collector:4318`); unset: none.
    otel_exporter_otlp_endpoint: str | None = None
    otel_service_name: str = "lermap-api"
    # Shutdown on SIGTERM: /readyz answers 503 for `shutdown_drain_s` while requests are
    # still served (the balancer stops sending), then uvicorn stops accepting and waits at
    # most `timeout_graceful_shutdown_s` for requests in flight; then the driver closes.
    shutdown_drain_s: float = 5.0
    timeout_graceful_shutdown_s: float = 20.0
    # How long an idle keep-alive connection stays open. uvicorn's own 5 s equals the idle
    # expiry of common clients (httpx's pool), so a client could reuse a connection the
    # server was closing that instant: a read error on an idempotent request (seen once in
    # 1,299 requests of the mixed benchmark at concurrency 64). Longer than the clients' and
    # the balancers' idle timeouts (60 s is common), as servers behind them should be.
    keep_alive_s: float = Field(default=65.0, gt=0)
    # GraphQL requests one process executes at once; more wait in arrival order, within
    # the request's time (api/gate.py).
    max_in_flight: int = Field(default=16, ge=1)

    # Domain verification: where the token file is fetched from ({host}: the website's
    # host), and whether private/loopback addresses may be fetched (tests only).
    domain_verification_url: str = "https://{host}/.well-known/ler-map-verification.txt"
    domain_verification_allow_private: bool = False
    domain_verification_timeout_s: float = 5.0
    domain_verification_max_bytes: int = 4096

    @property
    def reports_roundtrips(self) -> bool:
        if self.report_roundtrips is not None:
            return self.report_roundtrips
        return self.environment == "development"

    @property
    def authority_id(self) -> str:
        """did:web of the public host (a port is percent-encoded, as did:web says)."""
        if self.trust_authority_id:
            return self.trust_authority_id
        host = self.public_base_url.split("://", 1)[-1].split("/", 1)[0]
        return "did:web:" + host.replace(":", "%3A")

    @property
    def uses_local_neo4j(self) -> bool:
        return self.neo4j_uri is None
