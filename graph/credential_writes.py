"""Issuing, changing, removing and accepting credentials."""

from __future__ import annotations

import uuid

from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from graph import audit, ctdl, normalize, policy, repo
from graph.db import Database
from graph.errors import Conflict, InvalidInput, NotFound, conflict_from
from graph.models import Actor, CredentialInput, CredentialModel
from graph.validation import Problems

CTID_TAKEN = "this CTID belongs to another record here; a CTID names one record"


async def _ctid_free(db: Database, ctid: str | None, own_id: str | None) -> None:
    """A given CTID that another stakeholder or credential holds is a CONFLICT on the field
    (the constraint of V0010 backs this up for credentials racing for one)."""
    if ctid is not None and await ctdl.holders(db, ctid) - {own_id}:
        raise Conflict(CTID_TAKEN, ["input", "ctid"])


async def _check(db: Database, data: CredentialInput, *, required: bool) -> CredentialInput:
    """The normalised input, or InvalidInput with every problem."""
    p = Problems()
    data = normalize.command(data, bad_urls=p.bad_urls)
    p.name(["input", "name"], data.name, required=required)
    p.text(["input", "description"], data.description, "description")
    p.url(["input", "url"], data.url)
    p.ctid(["input", "ctid"], data.ctid)
    p.known_ids(["input", "skillIds"], data.skill_ids,
                await repo.existing_ids(db, "skills/existing_ids", data.skill_ids), "skill")
    p.known_ids(["input", "standardIds"], data.standard_ids,
                await repo.existing_ids(db, "standards/existing_ids", data.standard_ids),
                "standard")
    if p:
        raise InvalidInput(p.items)
    return data


async def load(db: Database, id_: str, path: list[str]) -> CredentialModel:
    return await repo.load_or_not_found(db, "credentials/read_by_ids", CredentialModel, id_,
                                        path, "credential")


async def add(db: Database, actor: Actor, data: CredentialInput) -> CredentialModel:
    issuer = policy.require_stakeholder(actor, "issue credentials")
    data = await _check(db, data, required=True)
    await _ctid_free(db, data.ctid, None)
    new_id = str(uuid.uuid4())

    async def work(tx: AsyncManagedTransaction) -> CredentialModel:
        rows = await db.run_in_tx(
            tx, "credential_writes/create", id=new_id, issuerId=issuer,
            name=data.name, type=data.type, description=data.description,
            url=data.url, ctid=data.ctid, skillIds=data.skill_ids or [],
            standardIds=data.standard_ids or [])
        await audit.record(db, tx, actor, record_id=new_id, record_type="Credential",
                           action="ADDED", changes=data.given())
        return repo.to_model(CredentialModel, rows[0]["node"])

    try:
        return await db.write_tx("credential_writes/add", work)
    except ConstraintError as exc:  # two writers racing for one CTID
        raise conflict_from(exc, {"ctid": ["input", "ctid"]}, CTID_TAKEN) from exc


async def _owned(db: Database, actor: Actor, id_: str, path: list[str]) -> CredentialModel:
    credential = await load(db, id_, path)
    policy.require_owner(actor, credential.issuerId, "the credential's issuer", path)
    return credential


async def update(db: Database, actor: Actor, data: CredentialInput) -> CredentialModel:
    assert data.id is not None
    await _owned(db, actor, data.id, ["input", "id"])
    data = await _check(db, data, required=False)
    await _ctid_free(db, data.ctid, data.id)

    async def work(tx: AsyncManagedTransaction) -> CredentialModel:
        rows = await db.run_in_tx(
            tx, "credential_writes/update", id=data.id,
            name=data.name, type=data.type,
            description=data.description, url=data.url, ctid=data.ctid,
            skillIds=data.skill_ids, standardIds=data.standard_ids)
        await audit.record(db, tx, actor, record_id=str(data.id), record_type="Credential",
                           action="UPDATED", changes=data.given())
        row = repo.first_row(rows, NotFound(f"no credential with id {data.id!r}", ["input", "id"]))
        return repo.to_model(CredentialModel, row["node"])

    try:
        return await db.write_tx("credential_writes/update", work)
    except ConstraintError as exc:  # two writers racing for one CTID
        raise conflict_from(exc, {"ctid": ["input", "ctid"]}, CTID_TAKEN) from exc


async def remove(db: Database, actor: Actor, id_: str) -> str:
    await _owned(db, actor, id_, ["id"])

    async def work(tx: AsyncManagedTransaction) -> str:
        await db.run_in_tx(tx, "credential_writes/remove", id=id_)
        await audit.record(db, tx, actor, record_id=id_, record_type="Credential",
                           action="REMOVED")
        return id_

    return await db.write_tx("credential_writes/remove", work)


async def accept(db: Database, actor: Actor, credential_id: str) -> CredentialModel:
    acceptor = policy.require_stakeholder(actor, "accept credentials")
    # As the caller sees it: a hidden issuer's credential is not there for others.
    await load(db.as_viewer(actor), credential_id, ["credentialId"])

    async def work(tx: AsyncManagedTransaction) -> CredentialModel:
        rows = await db.run_in_tx(tx, "credential_writes/accept", stakeholderId=acceptor,
                                  credentialId=credential_id)
        row = repo.first_row(rows, NotFound(f"no credential with id {credential_id!r}",
                                            ["credentialId"]))
        if row["created"]:
            await audit.record(db, tx, actor, record_id=credential_id, record_type="Credential",
                               action="ACCEPTED", changes=["acceptedBy"])
        return repo.to_model(CredentialModel, row["node"])

    return await db.write_tx("credential_writes/accept", work)


# -- other ways in (graph/ob3_import.py): the same checks and statements as add/update --

async def check(db: Database, data: CredentialInput, *, required: bool) -> CredentialInput:
    """The checks add and update run, for a caller that maps its own input first."""
    return await _check(db, data, required=required)


async def save_import(db: Database, actor: Actor, data: CredentialInput, *,
                      source_id: str | None, occupation_ids: list[str]) -> CredentialModel:
    """Create (`data.id` None) or update the caller's credential from an imported document:
    add's or update's statement, then the source id (None: keep the one it has) and the
    occupations, in one transaction. `data` has been through `check`."""
    issuer = policy.require_stakeholder(actor, "import credentials")
    if data.id is not None:
        await _owned(db, actor, data.id, ["json", "id"])
    new = data.id is None
    id_ = str(uuid.uuid4()) if data.id is None else data.id

    async def work(tx: AsyncManagedTransaction) -> CredentialModel:
        common = {"name": data.name, "type": data.type, "description": data.description,
                  "url": data.url, "ctid": data.ctid}
        if new:
            await db.run_in_tx(tx, "credential_writes/create", id=id_, issuerId=issuer,
                               skillIds=data.skill_ids or [],
                               standardIds=data.standard_ids or [], **common)
        else:
            await db.run_in_tx(tx, "credential_writes/update", id=id_,
                               skillIds=data.skill_ids, standardIds=data.standard_ids,
                               **common)
        rows = await db.run_in_tx(tx, "credential_writes/set_import", id=id_,
                                  sourceId=source_id, occupationIds=occupation_ids)
        await audit.record(db, tx, actor, record_id=id_, record_type="Credential",
                           action="ADDED" if new else "UPDATED",
                           changes=[*data.given(), "occupations"])
        row = repo.first_row(rows, NotFound(f"no credential with id {id_!r}", ["json", "id"]))
        return repo.to_model(CredentialModel, row["node"])

    try:
        return await db.write_tx("credential_writes/save_import", work)
    except ConstraintError as exc:  # the same achievement imported twice at once
        raise Conflict("this achievement is being imported already; read your credentials "
                       "and try again", ["json", "id"]) from exc
