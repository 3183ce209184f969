"""API keys: made once, shown once, stored as a hash; the caller behind a key;
listing and revoking keys by their prefix."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence

from neo4j import AsyncManagedTransaction

from graph import audit, policy, repo
from graph.db import Database
from graph.errors import Conflict, InvalidInput, NotFound, Unauthenticated
from graph.models import Actor, ApiKeyModel, StakeholderModel

# A recognizable prefix lets secret scanners find leaked keys.
PREFIX = "lerk_"
# What a key is listed and revoked by: `lerk_` and 8 random characters (48 bits),
# enough to tell a holder's keys apart, useless to guess the rest.
SHOWN = len(PREFIX) + 8


def hash_key(key: str) -> str:
    # SHA-256, not a password hash (bcrypt, argon2): a key is 256 random bits,
    # so there is no dictionary to try and brute force is out of reach; a slow
    # hash would add its cost to every request and buy nothing. The hash is
    # deterministic, so the key is found by an index seek on it.
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return PREFIX + secrets.token_urlsafe(32)  # 32 bytes = 256 bits


async def create_in_tx(db: Database, tx: AsyncManagedTransaction, *, stakeholder_id: str | None,
                       admin: bool, label: str | None = None) -> str:
    """A new key inside a write transaction; returns the plaintext (shown once)."""
    key = new_key()
    await db.run_in_tx(tx, "apikeys/create", id=str(uuid.uuid4()), hash=hash_key(key),
                       prefix=key[:SHOWN], admin=admin, label=label,
                       stakeholderId=stakeholder_id)
    return key


async def actor_for(db: Database, key: str) -> Actor | None:
    """The caller behind a key; None when the key is unknown or revoked."""
    if not key.startswith(PREFIX) or not key.isascii():
        return None
    records = await db.read("apikeys/read_caller", hash=hash_key(key))
    if not records:
        return None
    r = records[0]
    if r["stale"]:
        await db.write("apikeys/touch", id=r["keyId"])
    return Actor(key_id=r["keyId"], stakeholder_id=r["stakeholderId"], admin=bool(r["admin"]),
                 verification=r["verification"])


async def current(db: Database, actor: Actor) -> Actor:
    """The caller as it is now: a mutation checks its key as it runs, because an
    earlier mutation of the same request (or another request) may have revoked it,
    or an administrator may have suspended its stakeholder since the request began."""
    records = await db.read("apikeys/read_state", id=actor.key_id)
    if not records or records[0]["revoked"]:
        raise Unauthenticated("this API key has been revoked")
    return Actor(key_id=actor.key_id, stakeholder_id=actor.stakeholder_id, admin=actor.admin,
                 verification=records[0]["verification"])


async def by_stakeholder(db: Database, keys: Sequence[str]) -> dict[str, list[ApiKeyModel]]:
    return await repo.lists_by_key(db, "apikeys/read_by_stakeholder", ApiKeyModel, keys)


async def create_admin_key(db: Database, label: str) -> str:
    async def work(tx: AsyncManagedTransaction) -> str:
        return await create_in_tx(db, tx, stakeholder_id=None, admin=True, label=label)
    return await db.write_tx("apikeys/create_admin", work)


async def rotate(db: Database, actor: Actor) -> str:
    """A new key for the same holder; the old one is revoked in the same transaction.

    The revocation must hit exactly the caller's key: if it was revoked meanwhile
    (a concurrent rotation), the transaction fails and no second key is made.
    """
    async def work(tx: AsyncManagedTransaction) -> str:
        if len(await db.run_in_tx(tx, "apikeys/revoke", id=actor.key_id)) != 1:
            raise Conflict("this key was revoked meanwhile; no new key was made")
        key = await create_in_tx(db, tx, stakeholder_id=actor.stakeholder_id, admin=actor.admin,
                                 label="rotated")
        if actor.stakeholder_id is not None:
            await audit.record(db, tx, actor, record_id=actor.stakeholder_id,
                               record_type="Stakeholder", action="KEY_ROTATED")
        return key
    return await db.write_tx("apikeys/rotate", work)


async def revoke(db: Database, actor: Actor, prefix: str) -> str:
    """Revokes one key by its prefix: one of the caller's stakeholder's keys (any key,
    for an administrator). Returns the prefix revoked."""
    prefix = prefix.strip()
    if not prefix.startswith(PREFIX) and not prefix.startswith("legacy-"):
        raise InvalidInput([(["prefix"], "a key prefix looks like lerk_AbCd1234 "
                                         "(see me { apiKeys { prefix } })")])

    async def work(tx: AsyncManagedTransaction) -> str:
        rows = await db.run_in_tx(tx, "apikeys/revoke_by_prefix", prefix=prefix,
                                  admin=actor.admin, stakeholderId=actor.stakeholder_id)
        if len(rows) != 1:  # none (not yours, or already revoked); never more (unique prefix)
            raise NotFound(f"no live key of yours with prefix {prefix!r}", ["prefix"])
        owner = rows[0]["stakeholderId"]
        if owner is not None:
            await audit.record(db, tx, actor, record_id=owner, record_type="Stakeholder",
                               action="KEY_REVOKED", note=prefix)
        return prefix
    return await db.write_tx("apikeys/revoke_one", work)


async def revoke_all(db: Database, actor: Actor, stakeholder_id: str) -> int:
    """Administrators: every key of a stakeholder (a leak, a takeover). Returns how many."""
    policy.require_admin(actor, "revoke all of a stakeholder's keys", ["stakeholderId"])
    await repo.load_or_not_found(db, "stakeholders/read_by_ids", StakeholderModel, stakeholder_id,
                                 ["stakeholderId"], "stakeholder")

    async def work(tx: AsyncManagedTransaction) -> int:
        rows = await db.run_in_tx(tx, "apikeys/revoke_all", stakeholderId=stakeholder_id)
        n = int(rows[0]["n"])
        await audit.record(db, tx, actor, record_id=stakeholder_id, record_type="Stakeholder",
                           action="KEYS_REVOKED", note=f"{n} keys")
        return n
    return await db.write_tx("apikeys/revoke_all", work)
