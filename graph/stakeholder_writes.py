"""Registering and maintaining stakeholders, and verifying them (administrators)."""

from __future__ import annotations

from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from graph import apikeys, audit, repo
from graph.db import Database
from graph.errors import Forbidden, InvalidInput, NotFound, conflict_from
from graph.models import Actor, Registration, StakeholderChanges, StakeholderModel
from graph.stakeholder_ids import domain_of, slugify, stakeholder_id
from graph.validation import Problems

CONFLICT_FIELDS = {"slug": ["input", "name"], "domain": ["input", "website"],
                   "id": ["input", "website"]}
CONFLICT_MESSAGE = "a stakeholder with this website or name is already registered"


async def existing_ids(db: Database, query: str, ids: list[str] | None) -> set[str]:
    if not ids:
        return set()
    records = await db.read(query, ids=ids)
    return set(records[0]["ids"]) if records else set()


async def _check_common(db: Database, p: Problems, *, name: str | None, website: str | None,
                        description: str | None, location: str | None,
                        groups: list[str] | None, standard_ids: list[str] | None,
                        required: bool) -> None:
    p.name(["input", "name"], name, required=required)
    p.url(["input", "website"], website, required=required)
    p.text(["input", "description"], description, "description")
    p.text(["input", "location"], location, "location")
    p.non_empty(["input", "groups"], groups, "stakeholder group")
    known = await existing_ids(db, "standards/existing_ids", standard_ids)
    p.known_ids(["input", "standardIds"], standard_ids, known, "standard")


async def register(db: Database, reg: Registration) -> tuple[StakeholderModel, str]:
    """A new PENDING stakeholder and its API key (plaintext, to be shown once)."""
    p = Problems()
    await _check_common(db, p, name=reg.name, website=reg.website, description=reg.description,
                        location=reg.location, groups=reg.groups, standard_ids=reg.standard_ids,
                        required=True)
    p.email(["input", "contactEmail"], reg.contact_email)
    p.did(["input", "did"], reg.did)
    if p:
        raise InvalidInput(p.items)
    domain = domain_of(reg.website)
    new_id = stakeholder_id(domain)

    async def work(tx: AsyncManagedTransaction) -> tuple[StakeholderModel, str]:
        rows = await db.run_in_tx(
            tx, "stakeholder_writes/create", id=new_id, slug=slugify(reg.name),
            name=reg.name.strip(), website=reg.website.strip(), domain=domain,
            groups=list(dict.fromkeys(reg.groups)), roles=list(dict.fromkeys(reg.roles or [])),
            stages=list(dict.fromkeys(reg.stages or [])), description=reg.description,
            location=reg.location, did=reg.did, contactEmail=reg.contact_email.strip(),
            standardIds=reg.standard_ids or [])
        key = await apikeys.create_in_tx(db, tx, stakeholder_id=new_id, admin=False,
                                         label="registration")
        await audit.record(db, tx, None, record_id=new_id, record_type="Stakeholder",
                           action="REGISTERED")
        return repo.to_model(StakeholderModel, rows[0]["node"]), key

    try:
        return await db.write_tx("stakeholder_writes/register", work)
    except ConstraintError as exc:
        raise conflict_from(exc, CONFLICT_FIELDS, CONFLICT_MESSAGE) from exc


async def load(db: Database, id_: str, path: list[str]) -> StakeholderModel:
    found = (await repo.one_by_key(db, "stakeholders/read_by_ids", StakeholderModel, [id_])).get(id_)
    if found is None:
        raise NotFound(f"no stakeholder with id {id_!r}", path)
    return found


async def update(db: Database, actor: Actor, changes: StakeholderChanges) -> StakeholderModel:
    await load(db, changes.id, ["input", "id"])
    if not actor.may_act_on(changes.id):
        raise Forbidden("only this stakeholder's own key or an administrator may change it",
                        ["input", "id"])
    p = Problems()
    await _check_common(db, p, name=changes.name, website=changes.website,
                        description=changes.description, location=changes.location,
                        groups=changes.groups, standard_ids=changes.standard_ids, required=False)
    if p:
        raise InvalidInput(p.items)

    async def work(tx: AsyncManagedTransaction) -> StakeholderModel:
        rows = await db.run_in_tx(
            tx, "stakeholder_writes/update", id=changes.id,
            name=changes.name.strip() if changes.name else None,
            slug=slugify(changes.name) if changes.name else None,
            website=changes.website.strip() if changes.website else None,
            domain=domain_of(changes.website) if changes.website else None,
            groups=changes.groups, roles=changes.roles, stages=changes.stages,
            description=changes.description, location=changes.location,
            standardIds=changes.standard_ids)
        await audit.record(db, tx, actor, record_id=changes.id, record_type="Stakeholder",
                           action="UPDATED", changes=changes.given())
        return repo.to_model(StakeholderModel, rows[0]["node"])

    try:
        return await db.write_tx("stakeholder_writes/update", work)
    except ConstraintError as exc:
        raise conflict_from(exc, CONFLICT_FIELDS, CONFLICT_MESSAGE) from exc


async def set_verification(db: Database, actor: Actor, stakeholder_id_: str, status: str,
                           note: str | None) -> StakeholderModel:
    if not actor.admin:
        raise Forbidden("only administrators may set verification", ["stakeholderId"])
    await load(db, stakeholder_id_, ["stakeholderId"])
    p = Problems()
    p.text(["note"], note, "note")
    if p:
        raise InvalidInput(p.items)

    async def work(tx: AsyncManagedTransaction) -> StakeholderModel:
        rows = await db.run_in_tx(tx, "stakeholder_writes/set_verification",
                                  id=stakeholder_id_, status=status)
        await audit.record(db, tx, actor, record_id=stakeholder_id_, record_type="Stakeholder",
                           action=f"VERIFICATION_{status}", changes=["verification"], note=note)
        return repo.to_model(StakeholderModel, rows[0]["node"])

    return await db.write_tx("stakeholder_writes/set_verification", work)
