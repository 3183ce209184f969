"""The partnership state machine.

    PROPOSED --(invitee accepts)--> ACTIVE --(any member ends)--> ENDED
    PROPOSED --(invitee declines)--> DECLINED

Every other transition is refused. At most one open (PROPOSED or ACTIVE)
partnership per pair, enforced by a uniqueness constraint.
"""

from __future__ import annotations

import uuid

from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from graph import audit, normalize, partnerships, policy
from graph.db import Database
from graph.errors import Conflict, InvalidInput, NotFound
from graph.models import Actor, PartnershipModel
from graph.stakeholder_writes import load as load_stakeholder
from graph.validation import Problems


def open_pair(a: str, b: str) -> str:
    return "|".join(sorted((a, b)))


async def load(db: Database, id_: str) -> PartnershipModel:
    found = (await partnerships.by_ids(db, [id_])).get(id_)
    if found is None:
        raise NotFound(f"no partnership with id {id_!r}", ["id"])
    return found


async def propose(db: Database, actor: Actor, partner_id: str,
                  purpose: str | None) -> PartnershipModel:
    me = policy.require_stakeholder(actor, "propose partnerships")
    if partner_id == me:
        raise InvalidInput([(["input", "partnerId"], "a stakeholder cannot partner with itself")])
    # As the caller sees them: a hidden stakeholder is nobody to propose to.
    await load_stakeholder(db.as_viewer(actor), partner_id, ["input", "partnerId"])
    p = Problems()
    purpose = normalize.multi_line(purpose) if purpose is not None else None
    p.text(["input", "purpose"], purpose, "purpose")
    if p:
        raise InvalidInput(p.items)
    new_id = str(uuid.uuid4())

    async def work(tx: AsyncManagedTransaction) -> PartnershipModel:
        rows = await db.run_in_tx(tx, "partnership_writes/create", id=new_id, proposerId=me,
                                  inviteeId=partner_id, purpose=purpose,
                                  openPair=open_pair(me, partner_id))
        await audit.record(db, tx, actor, record_id=new_id, record_type="Partnership",
                           action="PROPOSED")
        return partnerships.model(rows[0]["node"], rows[0]["members"])

    try:
        return await db.write_tx("partnership_writes/propose", work)
    except ConstraintError as exc:
        raise Conflict("an open partnership between you two already exists",
                       ["input", "partnerId"]) from exc


async def _transition(db: Database, actor: Actor, current: PartnershipModel, to: str,
                      action: str) -> PartnershipModel:
    async def work(tx: AsyncManagedTransaction) -> PartnershipModel | None:
        rows = await db.run_in_tx(tx, "partnership_writes/transition", id=current.id,
                                  **{"from": current.status, "to": to})
        if not rows:
            return None
        await audit.record(db, tx, actor, record_id=current.id, record_type="Partnership",
                           action=action, changes=["status"])
        return partnerships.model(rows[0]["node"], rows[0]["members"])

    moved = await db.write_tx(f"partnership_writes/{action.lower()}", work)
    if moved is None:
        raise Conflict("the partnership changed meanwhile; read it again", ["id"])
    return moved


async def respond(db: Database, actor: Actor, id_: str, accept: bool) -> PartnershipModel:
    current = await load(db.as_viewer(actor), id_)
    policy.require_invitee(actor, current.memberIds[-1], ["id"])
    if current.status != "PROPOSED":
        raise InvalidInput([(["id"], f"only a PROPOSED partnership can be answered; "
                                     f"this one is {current.status}")])
    to = "ACTIVE" if accept else "DECLINED"
    return await _transition(db, actor, current, to, "ACCEPTED" if accept else "DECLINED")


async def end(db: Database, actor: Actor, id_: str) -> PartnershipModel:
    current = await load(db.as_viewer(actor), id_)
    policy.require_member(actor, current.memberIds, ["id"])
    if current.status != "ACTIVE":
        raise InvalidInput([(["id"], f"only an ACTIVE partnership can be ended; "
                                     f"this one is {current.status}")])
    return await _transition(db, actor, current, "ENDED", "ENDED")
