"""Who the client is, and the rate limits on registrations (per client) and writes (per key).

Client identity: the socket's peer, unless that peer is a configured trusted proxy
(`TRUSTED_PROXIES`); then the right-most address of X-Forwarded-For that is not a trusted
proxy (each proxy appends the address it saw, so what is left of the first untrusted hop
may be forged by the client). IPv6 clients count per /64, the block one subscriber gets.

The counters live in a `limits` storage: this process's memory by default, or Redis
(`RATE_LIMIT_STORAGE_URL`) so that several API processes share one budget. Both expire
old windows, so the state stays bounded by the clients of the last two windows. When Redis
fails, the process counts in its own memory for a few seconds and then tries Redis again:
a limit is still applied and no request fails because of the limiter.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import time
from collections.abc import Iterable
from urllib.parse import urlsplit

import redis
from limits import RateLimitItem, RateLimitItemPerSecond
from limits.storage import MemoryStorage, RedisStorage, Storage, storage_from_string
from limits.strategies import SlidingWindowCounterRateLimiter
from prometheus_client import Counter
from redis.backoff import NoBackoff
from redis.retry import Retry
from starlette.types import Scope

from graph.models import Actor
from graph.settings import Settings

log = logging.getLogger("lermap.api")

# A shared store that failed is left alone this long before it is tried again.
STORAGE_RETRY_S = 5.0
# The limit is asked from inside a resolver, synchronously (the Commands hook is a plain
# callable), so a Redis call blocks the event loop: it must fail fast, not hang.
REDIS_TIMEOUT_S = 0.25
# A forwarded "address" that is not an IP is kept as text, cut to this length.
MAX_LITERAL = 64
IPV6_CLIENT_PREFIX = 64

REFUSED = Counter("lermap_rate_limited", "Requests refused by a rate limit, by limit "
                  "(register, write, export)", ["limit"])


class TrustedProxies:
    """The networks whose X-Forwarded-For is believed."""

    def __init__(self, proxies: Iterable[str]) -> None:
        self.networks = [ipaddress.ip_network(p, strict=False) for p in proxies]

    def __bool__(self) -> bool:
        return bool(self.networks)

    def trusts(self, host: str) -> bool:
        address = _address(host)
        return address is not None and any(address in net for net in self.networks)

    def client(self, scope: Scope) -> str:
        """The rate-limit identity of the client behind this request."""
        peer = scope.get("client")
        host = peer[0] if peer else ""
        if self and self.trusts(host):
            forwarded = _forwarded_for(scope)
            # Right to left: the first hop that is not one of ours is the client as our
            # outermost proxy saw it. All trusted: the left-most is the origin.
            untrusted = [h for h in reversed(forwarded) if not self.trusts(h)]
            if untrusted:
                host = untrusted[0]
            elif forwarded:
                host = forwarded[0]
        return _bucket(host)


def _forwarded_for(scope: Scope) -> list[str]:
    values = [value.decode("latin-1") for name, value in scope.get("headers", [])
              if name == b"x-forwarded-for"]
    hosts = [_strip_port(part.strip()) for value in values for part in value.split(",")]
    return [h for h in hosts if h]


def _strip_port(value: str) -> str:
    """`1.2.3.4:5678` -> `1.2.3.4`; `[::1]:80` -> `::1`; anything else stays as it is."""
    if value.startswith("["):
        end = value.find("]")
        return value[1:end] if end > 0 else value
    if value.count(":") == 1:
        return value.split(":", 1)[0]
    return value


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _bucket(host: str) -> str:
    address = _address(host)
    if address is None:
        return host[:MAX_LITERAL] or "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(address)


def _per(limit: int, window_s: float) -> RateLimitItem:
    # limits counts whole seconds; a fractional window rounds up (never more lenient).
    return RateLimitItemPerSecond(limit, max(1, math.ceil(window_s)), namespace="LERMAP")


def open_storage(url: str) -> Storage:
    """A limits storage for `url`. Redis gets short timeouts and no retries (see above)."""
    scheme = urlsplit(url).scheme
    if scheme in ("redis", "rediss"):
        pool = redis.ConnectionPool.from_url(
            url, socket_timeout=REDIS_TIMEOUT_S, socket_connect_timeout=REDIS_TIMEOUT_S,
            retry=Retry(NoBackoff(), 0))
        return RedisStorage(url, connection_pool=pool)
    storage = storage_from_string(url)
    if not isinstance(storage, Storage):  # the async variants need an async caller
        raise ValueError(f"RATE_LIMIT_STORAGE_URL: {scheme}:// is not a synchronous storage")
    return storage


class RateLimits:
    """Registrations and whole-graph exports per client, writes per stakeholder, from
    the settings."""

    def __init__(self, settings: Settings) -> None:
        self.registrations = _per(settings.register_rate_limit, settings.register_rate_window_s)
        self.writes = _per(settings.write_rate_limit, settings.write_rate_window_s)
        self.exports = _per(settings.export_rate_limit, settings.export_rate_window_s)
        self.storage = open_storage(settings.rate_limit_storage_url)
        self.shared = not isinstance(self.storage, MemoryStorage)
        self.limiter = SlidingWindowCounterRateLimiter(self.storage)
        # Used only while the shared store is failing.
        self.fallback = (SlidingWindowCounterRateLimiter(MemoryStorage()) if self.shared
                         else self.limiter)
        self.retry_shared_at = 0.0

    def allow_registration(self, client: str) -> bool:
        return self._hit(self.registrations, "register", client)

    def allow_export(self, client: str) -> bool:
        """A whole-graph export (`GET /ctdl/graph`) for this client."""
        return self._hit(self.exports, "export", client)

    def allow_write(self, actor: Actor) -> bool:
        # Per stakeholder, not per key: a rotated key must not bring a fresh budget.
        return self._hit(self.writes, "write", actor.stakeholder_id or actor.key_id)

    def _hit(self, item: RateLimitItem, kind: str, who: str) -> bool:
        allowed = self._allowed(item, kind, who)
        if not allowed:
            REFUSED.labels(kind).inc()
        return allowed

    def _allowed(self, item: RateLimitItem, kind: str, who: str) -> bool:
        if not self.shared:
            return self.limiter.hit(item, kind, who)
        if time.monotonic() >= self.retry_shared_at:
            try:
                return self.limiter.hit(item, kind, who)
            except Exception as exc:  # any failure of the store: count locally for a while
                self.retry_shared_at = time.monotonic() + STORAGE_RETRY_S
                log.warning("rate-limit storage failed (%s); counting in this process for "
                            "%g s", type(exc).__name__, STORAGE_RETRY_S)
        return self.fallback.hit(item, kind, who)

    def close(self) -> None:
        if isinstance(self.storage, RedisStorage):
            self.storage.storage.close()
