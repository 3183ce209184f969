"""The write side of the API layer's way into `graph/`: one method per mutation.

Built per request with the caller (`Actor`, or None without a valid key).
Methods raise `graph.errors` exceptions, which mutations turn into payload errors.
"""

from __future__ import annotations

from collections.abc import Callable

from graph import apikeys, credential_writes, partnership_writes, skill_writes
from graph import stakeholder_writes as sw
from graph.db import Database
from graph.errors import RateLimited, Unauthenticated
from graph.models import (
    Actor,
    CredentialInput,
    CredentialModel,
    PartnershipModel,
    Registration,
    SkillInput,
    SkillModel,
    StakeholderChanges,
    StakeholderModel,
)


class Commands:
    """`write_allowed(actor)` is asked once per authenticated write (the per-key rate limit)."""

    def __init__(self, db: Database, actor: Actor | None, *,
                 write_allowed: Callable[[Actor], bool] | None = None) -> None:
        self.db = db
        self.actor = actor
        self.write_allowed = write_allowed

    def _caller(self) -> Actor:
        if self.actor is None:
            raise Unauthenticated("send a valid API key as `Authorization: Bearer <key>`")
        if self.write_allowed is not None and not self.write_allowed(self.actor):
            raise RateLimited("too many writes with this key; try again later")
        return self.actor

    async def register_stakeholder(self, reg: Registration) -> tuple[StakeholderModel, str]:
        return await sw.register(self.db, reg)

    async def update_stakeholder(self, changes: StakeholderChanges) -> StakeholderModel:
        return await sw.update(self.db, self._caller(), changes)

    async def rotate_api_key(self) -> str:
        return await apikeys.rotate(self.db, self._caller())

    async def set_verification(self, stakeholder_id: str, status: str,
                               note: str | None) -> StakeholderModel:
        return await sw.set_verification(self.db, self._caller(), stakeholder_id, status, note)

    async def add_credential(self, data: CredentialInput) -> CredentialModel:
        return await credential_writes.add(self.db, self._caller(), data)

    async def update_credential(self, data: CredentialInput) -> CredentialModel:
        return await credential_writes.update(self.db, self._caller(), data)

    async def remove_credential(self, id_: str) -> str:
        return await credential_writes.remove(self.db, self._caller(), id_)

    async def accept_credential(self, credential_id: str) -> CredentialModel:
        return await credential_writes.accept(self.db, self._caller(), credential_id)

    async def add_skill(self, data: SkillInput) -> SkillModel:
        return await skill_writes.add(self.db, self._caller(), data)

    async def propose_partnership(self, partner_id: str, purpose: str | None) -> PartnershipModel:
        return await partnership_writes.propose(self.db, self._caller(), partner_id, purpose)

    async def respond_to_partnership(self, id_: str, accept: bool) -> PartnershipModel:
        return await partnership_writes.respond(self.db, self._caller(), id_, accept)

    async def end_partnership(self, id_: str) -> PartnershipModel:
        return await partnership_writes.end(self.db, self._caller(), id_)


async def actor_for(db: Database, key: str) -> Actor | None:
    return await apikeys.actor_for(db, key)
