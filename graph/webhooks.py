"""Webhook endpoints per Standard Webhooks: register, rotate, list, pause, delete, and
the recent deliveries (the outbox and its worker: graph/webhook_worker.py).

An endpoint belongs to the stakeholder whose key made it (administrators' endpoints to
nobody, and see every change); it gets the changes its owner may see, of its `types`.
The `whsec_` secret is answered once, when made or rotated, and never read back.
"""

from __future__ import annotations

import base64
import ipaddress
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from graph import policy, repo
from graph.changes import check_types
from graph.db import Database
from graph.domains import _public, _resolve
from graph.errors import Forbidden, InvalidInput, NotFound
from graph.models import Actor, DeliveryModel, WebhookModel

STATUSES = ("ACTIVE", "PAUSED", "DISABLED")


@dataclass(frozen=True)
class UrlRules:
    allow_private: bool = False
    timeout_s: float = 5.0


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


async def check_url(url: str, rules: UrlRules, field: list[str]) -> str:
    """An absolute https URL (http too where private addresses are allowed) whose host
    resolves to public addresses only, unless the rules allow private ones."""
    def refuse(reason: str) -> InvalidInput:
        return InvalidInput([(field, reason)])

    if len(url) > 2000:
        raise refuse("the URL is over 2,000 characters")
    try:
        target = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise refuse("not a URL") from exc
    schemes = ("https", "http") if rules.allow_private else ("https",)
    if target.scheme not in schemes or not target.host:
        raise refuse(f"the URL must be absolute, {' or '.join(schemes)}")
    if target.userinfo:
        raise refuse("the URL must not carry a user name or password")
    host = target.raw_host.decode("ascii")
    try:
        infos = await _resolve(host, rules.timeout_s)
    except (OSError, TimeoutError) as exc:
        raise refuse("the host does not resolve") from exc
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not rules.allow_private and any(not _public(a) for a in addresses):
        raise refuse("the host resolves to a private or local address")
    return str(target)


async def create(db: Database, actor: Actor, url: str, types: Sequence[str] | None,
                 rules: UrlRules) -> tuple[WebhookModel, str]:
    policy.require_active(actor)
    checked_types = check_types(types, "types")
    checked_url = await check_url(url.strip(), rules, ["url"])
    secret = new_secret()
    records = await db.write("webhooks/create", id=str(uuid.uuid4()),
                             ownerId=actor.stakeholder_id, url=checked_url,
                             types=checked_types, secret=secret)
    return repo.to_model(WebhookModel, records[0]["node"]), secret


async def _own(db: Database, actor: Actor, id_: str) -> WebhookModel:
    found = await repo.load_or_not_found(db, "webhooks/read_by_ids", WebhookModel, id_,
                                         ["id"], "webhook")
    if not (actor.admin or (found.ownerId is not None
                            and found.ownerId == actor.stakeholder_id)):
        # As if it were not there: others' endpoints are none of the caller's business.
        raise NotFound(f"no webhook with id {id_!r}", ["id"])
    return found


async def rotate(db: Database, actor: Actor, id_: str) -> tuple[WebhookModel, str]:
    await _own(db, actor, id_)
    secret = new_secret()
    records = await db.write("webhooks/set_secret", id=id_, secret=secret)
    return repo.to_model(WebhookModel, repo.first_row(records, NotFound(
        f"no webhook with id {id_!r}", ["id"]))["node"]), secret


async def set_paused(db: Database, actor: Actor, id_: str, paused: bool) -> WebhookModel:
    await _own(db, actor, id_)
    records = await db.write("webhooks/set_status", id=id_,
                             status="PAUSED" if paused else "ACTIVE")
    return repo.to_model(WebhookModel, repo.first_row(records, NotFound(
        f"no webhook with id {id_!r}", ["id"]))["node"])


async def delete(db: Database, actor: Actor, id_: str) -> str:
    await _own(db, actor, id_)
    await db.write("webhooks/delete", id=id_)
    return id_


async def of_owner(db: Database, actor: Actor) -> list[WebhookModel]:
    if not actor.admin and actor.stakeholder_id is None:
        raise Forbidden("this key belongs to no stakeholder")
    found = await repo.rows(db, "webhooks/read_by_owner",
                            ownerId=None if actor.admin else actor.stakeholder_id)
    return [repo.to_model(WebhookModel, r) for r in found]


async def deliveries(db: Database, actor: Actor, id_: str, limit: int) -> list[DeliveryModel]:
    await _own(db, actor, id_)
    found = await repo.rows(db, "webhooks/read_deliveries", id=id_, limit=limit)
    return [repo.to_model(DeliveryModel, r) for r in found]
