"""The write side of the API layer's way into `graph/`: one method per mutation.

Built per request with the caller (`Actor`, or None without a valid key). Every
authenticated write first asks `_writer()`, which checks the key as it is at
that moment (revoked keys stop at once, even within one request), whether its
stakeholder may write (graph/policy.py), and the per-key rate limit.
Methods raise `graph.errors` exceptions, which mutations turn into payload errors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graph import (
    apikeys,
    credential_writes,
    domains,
    ob3_import,
    partnership_writes,
    policy,
    skill_writes,
    webhooks,
)
from graph import stakeholder_writes as sw
from graph.db import Database
from graph.errors import RateLimited, Unauthenticated
from graph.models import (
    Actor,
    CredentialInput,
    CredentialModel,
    DeliveryModel,
    PartnershipModel,
    Registration,
    SkillInput,
    SkillModel,
    StakeholderChanges,
    StakeholderModel,
    WebhookModel,
)


class Commands:
    """`write_allowed(actor)` is asked once per authenticated write (the per-key rate limit)."""

    def __init__(self, db: Database, actor: Actor | None, *,
                 write_allowed: Callable[[Actor], bool] | None = None,
                 domain_rules: domains.FetchRules | None = None,
                 webhook_rules: webhooks.UrlRules | None = None) -> None:
        self.db = db
        self.actor = actor
        self.write_allowed = write_allowed
        self.domain_rules = domain_rules or domains.FetchRules()
        self.webhook_rules = webhook_rules or webhooks.UrlRules()

    async def _writer(self, *, blocked_may: bool = False) -> Actor:
        """The caller, checked now. `blocked_may`: a rejected or suspended stakeholder may
        still do this (revoking its own keys only takes access away)."""
        if self.actor is None:
            raise Unauthenticated("send a valid API key as `Authorization: Bearer <key>`")
        actor = await apikeys.current(self.db, self.actor)
        if not blocked_may:
            policy.require_active(actor)
        if self.write_allowed is not None and not self.write_allowed(actor):
            raise RateLimited("too many writes with this key; try again later")
        return actor

    async def register_stakeholder(self, reg: Registration) -> tuple[StakeholderModel, str]:
        return await sw.register(self.db, reg)

    async def update_stakeholder(self, changes: StakeholderChanges) -> StakeholderModel:
        return await sw.update(self.db, await self._writer(), changes)

    async def rotate_api_key(self) -> str:
        return await apikeys.rotate(self.db, await self._writer())

    async def revoke_api_key(self, prefix: str) -> str:
        return await apikeys.revoke(self.db, await self._writer(blocked_may=True), prefix)

    async def revoke_all_api_keys(self, stakeholder_id: str) -> int:
        return await apikeys.revoke_all(self.db, await self._writer(), stakeholder_id)

    async def request_domain_verification(self, stakeholder_id: str) -> tuple[str, str]:
        return await domains.request(self.db, await self._writer(), stakeholder_id,
                                     self.domain_rules)

    async def verify_domain(self, stakeholder_id: str) -> StakeholderModel:
        return await domains.verify(self.db, await self._writer(), stakeholder_id,
                                    self.domain_rules)

    async def set_verification(self, stakeholder_id: str, status: str,
                               note: str | None) -> StakeholderModel:
        return await sw.set_verification(self.db, await self._writer(), stakeholder_id, status,
                                         note)

    async def add_credential(self, data: CredentialInput) -> CredentialModel:
        return await credential_writes.add(self.db, await self._writer(), data)

    async def update_credential(self, data: CredentialInput) -> CredentialModel:
        return await credential_writes.update(self.db, await self._writer(), data)

    async def remove_credential(self, id_: str) -> str:
        return await credential_writes.remove(self.db, await self._writer(), id_)

    async def accept_credential(self, credential_id: str) -> CredentialModel:
        return await credential_writes.accept(self.db, await self._writer(), credential_id)

    async def import_achievement(self, doc: Any, base_url: str) -> CredentialModel:
        """An Open Badges 3.0 achievement as the caller's credential (graph/ob3_import.py)."""
        return await ob3_import.import_achievement(self.db, await self._writer(), doc,
                                                   base_url)

    async def add_skill(self, data: SkillInput) -> SkillModel:
        return await skill_writes.add(self.db, await self._writer(), data)

    async def propose_partnership(self, partner_id: str, purpose: str | None) -> PartnershipModel:
        return await partnership_writes.propose(self.db, await self._writer(), partner_id,
                                                purpose)

    async def respond_to_partnership(self, id_: str, accept: bool) -> PartnershipModel:
        return await partnership_writes.respond(self.db, await self._writer(), id_, accept)

    async def end_partnership(self, id_: str) -> PartnershipModel:
        return await partnership_writes.end(self.db, await self._writer(), id_)

    # -- webhooks (graph/webhooks.py) --------------------------------------------
    async def create_webhook(self, url: str, types: list[str] | None
                             ) -> tuple[WebhookModel, str]:
        return await webhooks.create(self.db, await self._writer(), url, types,
                                     self.webhook_rules)

    async def rotate_webhook_secret(self, id_: str) -> tuple[WebhookModel, str]:
        return await webhooks.rotate(self.db, await self._writer(), id_)

    async def pause_webhook(self, id_: str, paused: bool) -> WebhookModel:
        return await webhooks.set_paused(self.db, await self._writer(), id_, paused)

    async def delete_webhook(self, id_: str) -> str:
        return await webhooks.delete(self.db, await self._writer(blocked_may=True), id_)

    async def webhooks(self) -> list[WebhookModel]:
        return await webhooks.of_owner(self.db, await self._reader())

    async def deliveries(self, id_: str, limit: int) -> list[DeliveryModel]:
        return await webhooks.deliveries(self.db, await self._reader(), id_, limit)

    async def _reader(self) -> Actor:
        if self.actor is None:
            raise Unauthenticated("send a valid API key as `Authorization: Bearer <key>`")
        return await apikeys.current(self.db, self.actor)


async def actor_for(db: Database, key: str) -> Actor | None:
    return await apikeys.actor_for(db, key)
