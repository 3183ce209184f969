"""API keys: made once, shown once, stored as a hash; and the caller behind a key."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from neo4j import AsyncManagedTransaction

from graph.db import Database
from graph.models import Actor

# A recognizable prefix lets secret scanners find leaked keys.
PREFIX = "lerk_"


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
                       admin=admin, label=label, stakeholderId=stakeholder_id)
    return key


async def actor_for(db: Database, key: str) -> Actor | None:
    """The caller behind a key; None when the key is unknown or revoked."""
    if not key.startswith(PREFIX):
        return None
    records = await db.read("apikeys/read_caller", hash=hash_key(key))
    if not records:
        return None
    r = records[0]
    return Actor(key_id=r["keyId"], stakeholder_id=r["stakeholderId"], admin=bool(r["admin"]))


async def create_admin_key(db: Database, label: str) -> str:
    async def work(tx: AsyncManagedTransaction) -> str:
        return await create_in_tx(db, tx, stakeholder_id=None, admin=True, label=label)
    return await db.write_tx("apikeys/create_admin", work)


async def rotate(db: Database, actor: Actor) -> str:
    """A new key for the same holder; the old one is revoked in the same transaction."""
    async def work(tx: AsyncManagedTransaction) -> str:
        await db.run_in_tx(tx, "apikeys/revoke", id=actor.key_id)
        return await create_in_tx(db, tx, stakeholder_id=actor.stakeholder_id, admin=actor.admin,
                                  label="rotated")
    return await db.write_tx("apikeys/rotate", work)
