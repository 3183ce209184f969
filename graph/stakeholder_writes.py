"""Registering and maintaining stakeholders, and verifying them (administrators)."""

from __future__ import annotations

from typing import Any

from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from graph import apikeys, audit, normalize, policy, repo
from graph.db import Database
from graph.errors import InvalidInput, conflict_from
from graph.models import Actor, Registration, StakeholderChanges, StakeholderModel
from graph.stakeholder_ids import domain_of, free_slug, slugify, stakeholder_id
from graph.validation import Problems

CONFLICT_FIELDS = {"domain": ["input", "website"], "id": ["input", "website"]}
CONFLICT_MESSAGE = "a stakeholder with this website is already registered"
# Two writers may pick the same free slug at once; the constraint refuses one,
# which then looks again. Bounded: a name taken this often in a moment is an attack.
SLUG_ATTEMPTS = 3


async def _check_common(db: Database, p: Problems, *, name: str | None, website: str | None,
                        description: str | None, location: str | None,
                        groups: list[str] | None, standard_ids: list[str] | None,
                        required: bool) -> None:
    p.name(["input", "name"], name, required=required)
    p.url(["input", "website"], website, required=required)
    p.text(["input", "description"], description, "description")
    p.text(["input", "location"], location, "location")
    p.non_empty(["input", "groups"], groups, "stakeholder group")
    known = await repo.existing_ids(db, "standards/existing_ids", standard_ids)
    p.known_ids(["input", "standardIds"], standard_ids, known, "standard")


async def load(db: Database, id_: str, path: list[str]) -> StakeholderModel:
    return await repo.load_or_not_found(db, "stakeholders/read_by_ids", StakeholderModel, id_,
                                        path, "stakeholder")


async def _slug_in_tx(db: Database, tx: AsyncManagedTransaction, name: str, id_: str) -> str:
    base = slugify(name)
    rows = await db.run_in_tx(tx, "stakeholder_writes/taken_slugs", base=base, id=id_)
    return free_slug(base, set(rows[0]["slugs"]))


async def _write_with_slug(db: Database, name: str, work: Any) -> Any:
    """Runs a write whose slug was chosen inside it, again if a concurrent writer took it."""
    for attempt in range(SLUG_ATTEMPTS):
        try:
            return await db.write_tx(name, work)
        except ConstraintError as exc:
            if "`slug`" not in str(exc) or attempt == SLUG_ATTEMPTS - 1:
                raise conflict_from(exc, CONFLICT_FIELDS, CONFLICT_MESSAGE) from exc
    raise AssertionError("unreachable")


async def register(db: Database, reg: Registration) -> tuple[StakeholderModel, str]:
    """A new PENDING stakeholder and its API key (plaintext, to be shown once)."""
    p = Problems()
    reg = normalize.command(reg, bad_urls=p.bad_urls)
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
            tx, "stakeholder_writes/create", id=new_id,
            slug=await _slug_in_tx(db, tx, reg.name, new_id), name=reg.name,
            website=reg.website, domain=domain, groups=reg.groups, roles=reg.roles or [],
            stages=reg.stages or [], description=reg.description, location=reg.location,
            did=reg.did, contactEmail=reg.contact_email, standardIds=reg.standard_ids or [])
        key = await apikeys.create_in_tx(db, tx, stakeholder_id=new_id, admin=False,
                                         label="registration")
        await audit.record(db, tx, None, record_id=new_id, record_type="Stakeholder",
                           action="REGISTERED")
        return repo.to_model(StakeholderModel, rows[0]["node"]), key

    result: tuple[StakeholderModel, str] = await _write_with_slug(
        db, "stakeholder_writes/register", work)
    return result


async def update(db: Database, actor: Actor, changes: StakeholderChanges) -> StakeholderModel:
    current = await load(db, changes.id, ["input", "id"])
    policy.require_owner(actor, changes.id, "this stakeholder's own key", ["input", "id"])
    p = Problems()
    changes = normalize.command(changes, bad_urls=p.bad_urls)
    await _check_common(db, p, name=changes.name, website=changes.website,
                        description=changes.description, location=changes.location,
                        groups=changes.groups, standard_ids=changes.standard_ids, required=False)
    if p:
        raise InvalidInput(p.items)
    domain = domain_of(changes.website) if changes.website else None
    # Who a verified record is, is its name and its site: an administrator's (and the
    # domain's) verification was of those, so changing them asks for it again.
    moved = domain is not None and domain != domain_of(current.website or "")
    renamed = changes.name is not None and changes.name != current.name
    reverify = (moved or renamed) and current.verification == "VERIFIED"
    changed = changes.given() + (["verification"] if reverify else []) \
        + (["domainVerifiedAt"] if moved else [])

    async def work(tx: AsyncManagedTransaction) -> StakeholderModel:
        slug = await _slug_in_tx(db, tx, changes.name, changes.id) if changes.name else None
        rows = await db.run_in_tx(
            tx, "stakeholder_writes/update", id=changes.id, name=changes.name, slug=slug,
            website=changes.website, domain=domain, groups=changes.groups,
            roles=changes.roles, stages=changes.stages, description=changes.description,
            location=changes.location, standardIds=changes.standard_ids,
            moved=moved, reverify=reverify)
        await audit.record(db, tx, actor, record_id=changes.id, record_type="Stakeholder",
                           action="UPDATED", changes=changed,
                           note="verification back to PENDING" if reverify else None)
        return repo.to_model(StakeholderModel, rows[0]["node"])

    result: StakeholderModel = await _write_with_slug(db, "stakeholder_writes/update", work)
    return result


async def set_verification(db: Database, actor: Actor, stakeholder_id_: str, status: str,
                           note: str | None) -> StakeholderModel:
    policy.require_admin(actor, "set verification", ["stakeholderId"])
    await load(db, stakeholder_id_, ["stakeholderId"])
    p = Problems()
    note = normalize.one_line(note) if note is not None else None
    p.text(["note"], note, "note")
    if p:
        raise InvalidInput(p.items)

    async def work(tx: AsyncManagedTransaction) -> StakeholderModel:
        rows = await db.run_in_tx(tx, "stakeholder_writes/set_verification",
                                  id=stakeholder_id_, status=status,
                                  hidden=policy.hidden_flag(status))
        await audit.record(db, tx, actor, record_id=stakeholder_id_, record_type="Stakeholder",
                           action=f"VERIFICATION_{status}", changes=["verification"], note=note)
        return repo.to_model(StakeholderModel, rows[0]["node"])

    return await db.write_tx("stakeholder_writes/set_verification", work)
