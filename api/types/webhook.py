"""Webhook endpoints (Standard Webhooks): createWebhook, rotateWebhookSecret, pauseWebhook,
deleteWebhook; `webhooks` and `deliveries(webhookId)` for their owner."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.context import Info
from api.errors import bad_input
from api.types.change import ChangeType
from api.types.payloads import UserError, attempt
from graph.models import DeliveryModel, WebhookModel


@strawberry.type(description="An endpoint that receives the changes its owner may see.")
class Webhook:
    id: strawberry.ID
    url: str
    types: list[ChangeType] | None = strawberry.field(description="null: every type.")
    status: str = strawberry.field(description="ACTIVE, PAUSED or DISABLED (HTTP 410, or "
                                               "too many failures in a row).")
    consecutive_failures: int
    created_at: datetime

    @classmethod
    def from_model(cls, m: WebhookModel) -> Webhook:
        return cls(id=strawberry.ID(m.id), url=m.url,
                   types=[ChangeType(t) for t in m.types] if m.types is not None else None,
                   status=m.status, consecutive_failures=m.failures, created_at=m.createdAt)


@strawberry.type(description="One change's delivery to an endpoint, and how its attempts went.")
class Delivery:
    id: strawberry.ID = strawberry.field(description="The `webhook-id` header: the same on "
                                                     "every attempt.")
    sequence: int
    type: ChangeType
    record_id: strawberry.ID
    status: str = strawberry.field(description="PENDING, DELIVERED or FAILED.")
    attempts: int
    last_http_status: int | None
    last_error: str | None
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None

    @classmethod
    def from_model(cls, m: DeliveryModel) -> Delivery:
        return cls(id=strawberry.ID(m.id), sequence=m.sequence, type=ChangeType(m.type),
                   record_id=strawberry.ID(m.recordId), status=m.status, attempts=m.attempts,
                   last_http_status=m.lastStatus, last_error=m.lastError,
                   last_attempt_at=m.lastAttemptAt,
                   next_attempt_at=m.nextAt if m.status == "PENDING" else None)


@strawberry.type
class WebhookPayload:
    webhook: Webhook | None
    secret: str | None = strawberry.field(description="`whsec_...`: shown once, when made or "
                                                      "rotated.")
    errors: list[UserError]


@strawberry.type
class DeleteWebhookPayload:
    deleted_id: strawberry.ID | None
    errors: list[UserError]


def _payload(result: tuple[WebhookModel, str] | WebhookModel | None,
             errors: list[UserError]) -> WebhookPayload:
    if isinstance(result, tuple):
        return WebhookPayload(webhook=Webhook.from_model(result[0]), secret=result[1],
                              errors=errors)
    return WebhookPayload(webhook=Webhook.from_model(result) if result else None, secret=None,
                          errors=errors)


@strawberry.type
class WebhookMutations:
    @strawberry.mutation(description="Register an endpoint for the changes you may see "
                                     "(of `types`; null: all), from now on. Answers its "
                                     "signing secret, once.")
    async def create_webhook(self, info: Info, url: str,
                             types: list[ChangeType] | None = None) -> WebhookPayload:
        return _payload(*await attempt(info.context.commands.create_webhook(
            url, [t.value for t in types] if types is not None else None)))

    @strawberry.mutation(description="A new signing secret; the old one stops signing at once.")
    async def rotate_webhook_secret(self, info: Info, id: strawberry.ID) -> WebhookPayload:
        return _payload(*await attempt(info.context.commands.rotate_webhook_secret(str(id))))

    @strawberry.mutation(description="Pause (changes are kept for later) or resume an endpoint; "
                                     "resuming also re-enables a disabled one.")
    async def pause_webhook(self, info: Info, id: strawberry.ID,
                            paused: bool = True) -> WebhookPayload:
        return _payload(*await attempt(info.context.commands.pause_webhook(str(id), paused)))

    @strawberry.mutation(description="Delete an endpoint and its pending deliveries.")
    async def delete_webhook(self, info: Info, id: strawberry.ID) -> DeleteWebhookPayload:
        deleted, errors = await attempt(info.context.commands.delete_webhook(str(id)))
        return DeleteWebhookPayload(
            deleted_id=strawberry.ID(deleted) if deleted else None, errors=errors)


@strawberry.type
class WebhookQueries:
    @strawberry.field(description="Your webhook endpoints (administrators: every one).")
    async def webhooks(self, info: Info) -> list[Webhook]:
        # graph's errors (no key: UNAUTHENTICATED) keep their codes (api/errors.py).
        return [Webhook.from_model(m) for m in await info.context.commands.webhooks()]

    @strawberry.field(description="An endpoint's recent deliveries, newest change first.")
    async def deliveries(self, info: Info, webhook_id: strawberry.ID,
                         first: int = 20) -> list[Delivery]:
        limit = info.context.settings.max_page_size
        if first < 0 or first > limit:
            raise bad_input(f"`first` must be between 0 and {limit}, got {first}", ["first"])
        found = await info.context.commands.deliveries(str(webhook_id), first)
        return [Delivery.from_model(m) for m in found]
