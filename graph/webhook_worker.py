"""The webhook outbox and its delivery worker.

Each round: (1) every endpoint's new changes (as its owner may see them, of its types)
become Delivery nodes in one transaction with the endpoint's place in the feed, so a
change is queued once and never lost to a restart; (2) due deliveries are claimed with a
lease in a transaction, so several workers (inside `lermap serve`, or `lermap webhooks
work`) never send the same attempt twice; (3) each is POSTed, signed per Standard
Webhooks, and its outcome recorded by the lease holder: delivered, or retried with
exponential backoff (or after the receiver's Retry-After). HTTP 410, or `max_failures`
failures in a row, disable the endpoint. Delivery is at least once: a receiver dedupes
by `webhook-id`, the same on every attempt of a change.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson
from standardwebhooks.webhooks import Webhook

from graph import changes, repo
from graph.db import Database
from graph.domains import Refused, pin
from graph.models import Actor
from graph.settings import Settings
from graph.telemetry import WEBHOOK_ATTEMPT_SECONDS, WEBHOOK_ATTEMPTS, WEBHOOK_FEED_LAG

log = logging.getLogger("lermap.webhooks")


@dataclass(frozen=True)
class WorkerConfig:
    allow_private: bool = False
    timeout_s: float = 10.0
    max_failures: int = 20
    lease_s: float = 60.0
    poll_s: float = 1.0
    retry_base_s: float = 5.0
    retry_max_s: float = 3600.0
    batch: int = 50


def config_from(settings: Settings) -> WorkerConfig:
    return WorkerConfig(
        allow_private=settings.webhooks_allow_private, timeout_s=settings.webhook_timeout_s,
        max_failures=settings.webhook_max_failures,
        # A lease shorter than an attempt could let a second worker send it again.
        lease_s=max(settings.webhook_lease_s, settings.webhook_timeout_s * 2),
        poll_s=settings.webhook_poll_s, retry_base_s=settings.webhook_retry_base_s,
        retry_max_s=settings.webhook_retry_max_s)


def backoff_s(attempt: int, config: WorkerConfig) -> float:
    return float(min(config.retry_base_s * 2 ** max(attempt - 1, 0), config.retry_max_s))


def retry_after_s(value: str | None, config: WorkerConfig) -> float | None:
    """The receiver's Retry-After (seconds or an HTTP date), at most retry_max_s."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(min(int(value), config.retry_max_s))
    with contextlib.suppress(TypeError, ValueError):
        when = email.utils.parsedate_to_datetime(value)
        return float(min(max((when - datetime.now(UTC)).total_seconds(), 0),
                         config.retry_max_s))
    return None


class Worker:
    def __init__(self, db: Database, config: WorkerConfig) -> None:
        self.db = db
        self.config = config
        self.id = f"worker-{uuid.uuid4()}"

    async def run(self, stop: asyncio.Event) -> None:
        """Rounds until `stop` is set; a failing round (Neo4j away) is logged and retried."""
        async with httpx.AsyncClient(timeout=self.config.timeout_s, follow_redirects=False,
                                     trust_env=False) as http:
            while not stop.is_set():
                busy = 0
                try:
                    busy = await self.round(http)
                except Exception:  # the worker must outlive any one failure
                    log.warning("webhook round failed; retrying", exc_info=True)
                if not busy:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), self.config.poll_s)

    async def round(self, http: httpx.AsyncClient) -> int:
        await self.enqueue()
        records = await self.db.write("webhooks/claim", worker=self.id,
                                      limit=self.config.batch, leaseS=self.config.lease_s)
        claimed = list(records[0]["rows"]) if records else []
        await asyncio.gather(*(self.deliver(http, d) for d in claimed))
        return len(claimed)

    async def enqueue(self) -> None:
        hooks = await repo.rows(self.db, "webhooks/read_active")
        head = await changes.latest(self.db) if hooks else 0
        lag = 0
        for hook in hooks:
            owner = hook["ownerId"]
            viewer = self.db.as_viewer(Actor(key_id="webhook", stakeholder_id=owner,
                                             admin=owner is None))
            page = await changes.page(viewer, hook["after"], 100, hook["types"])
            # Read up to the page's end; what lies beyond it waits for the next round.
            lag = max(lag, head - max(page.end, hook["after"]))
            if page.end == hook["after"]:
                continue
            items = [{"id": f"msg_{hook['id']}_{m.sequence}", "sequence": m.sequence,
                      "recordId": m.recordId, "type": m.type} for m in page.items]
            await self.db.write("webhooks/enqueue", id=hook["id"], items=items,
                                **{"from": hook["after"], "to": page.end})
        WEBHOOK_FEED_LAG.set(lag)


    async def deliver(self, http: httpx.AsyncClient, d: dict[str, Any]) -> None:
        now = datetime.now(UTC)
        payload = orjson.dumps({"type": d["type"], "timestamp": now.isoformat(),
                                "data": {"id": d["recordId"], "sequence": d["sequence"]}}
                               ).decode()
        signature = Webhook(d["secret"]).sign(d["id"], now, payload)
        headers = {"webhook-id": d["id"], "webhook-timestamp": str(int(now.timestamp())),
                   "webhook-signature": signature, "content-type": "application/json"}
        status: int | None = None
        error: str | None = None
        retry: float | None = None
        refused = False
        started = time.monotonic()
        try:
            # Resolved and checked here, and sent to the address checked (graph/domains.py
            # `pin`): a DNS answer that changes between check and connect reaches nothing.
            target = await pin(d["url"], allow_private=self.config.allow_private,
                               timeout_s=self.config.timeout_s)
            response = await http.post(target.url, content=payload,
                                       headers={**headers, "Host": target.host_header},
                                       extensions={"sni_hostname": target.sni_hostname})
            status = response.status_code
            retry = retry_after_s(response.headers.get("retry-after"), self.config)
        except Refused as exc:
            error, refused = str(exc), True
        except httpx.HTTPError as exc:
            error = type(exc).__name__
        delivered = status is not None and 200 <= status < 300
        WEBHOOK_ATTEMPTS.labels(
            "delivered" if delivered else "refused" if refused else "failed").inc()
        WEBHOOK_ATTEMPT_SECONDS.observe(time.monotonic() - started)
        if not delivered:
            log.info("webhook %s: attempt %d failed (%s) after %.2f s", d["id"], d["attempt"],
                     status or error, time.monotonic() - started)
        await self.db.write(
            "webhooks/record_attempt", id=d["id"], worker=self.id, attempt=d["attempt"],
            delivered=delivered, httpStatus=status, error=error,
            retryInS=None if delivered else (retry if retry is not None
                                             else backoff_s(d["attempt"], self.config)),
            disable=status == 410, maxFailures=self.config.max_failures)
