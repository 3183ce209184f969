"""The change feed: the audit trail in sequence order, as each reader may see it.

graph/audit.py numbers every AuditEvent in its write's own transaction from one
ChangeCounter node (cypher/audit/record.cypher): the counter's lock is held until
commit, so events commit in sequence order and a rolled-back write leaves no gap.
A reader still walks only the unbroken run of numbers after its cursor: Neo4j reads
committed data while it scans, so an event may show before the one just below it
commits, and reading past that hole would skip it. A hole older than SETTLE_S can't be
filled by a transaction any more (none runs that long), and is stepped over.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph import repo
from graph.db import Database
from graph.errors import InvalidArgument
from graph.models import ChangeModel, ChangePage
from graph.pagination import decode_sequence

SETTLE_S = 60
# Events read per page, visible or not: a page costs at most this much whoever reads it.
SCAN = 500

# (record type, audit action) -> feed type; `private`: only the stakeholders concerned
# and administrators see it (keys, a pending domain check).
_TYPES: dict[tuple[str, str], str] = {
    ("Stakeholder", "REGISTERED"): "STAKEHOLDER_REGISTERED",
    ("Stakeholder", "UPDATED"): "STAKEHOLDER_UPDATED",
    ("Stakeholder", "DOMAIN_VERIFIED"): "DOMAIN_VERIFIED",
    ("Stakeholder", "DOMAIN_VERIFICATION_REQUESTED"): "DOMAIN_VERIFICATION_REQUESTED",
    ("Stakeholder", "KEY_ROTATED"): "API_KEYS_CHANGED",
    ("Stakeholder", "KEY_REVOKED"): "API_KEYS_CHANGED",
    ("Stakeholder", "KEYS_REVOKED"): "API_KEYS_CHANGED",
    ("Credential", "ADDED"): "CREDENTIAL_ADDED",
    ("Credential", "UPDATED"): "CREDENTIAL_UPDATED",
    ("Credential", "REMOVED"): "CREDENTIAL_REMOVED",
    ("Credential", "ACCEPTED"): "CREDENTIAL_ACCEPTED",
    ("Partnership", "PROPOSED"): "PARTNERSHIP_PROPOSED",
    ("Partnership", "ACCEPTED"): "PARTNERSHIP_ACTIVATED",
    ("Partnership", "DECLINED"): "PARTNERSHIP_DECLINED",
    ("Partnership", "ENDED"): "PARTNERSHIP_ENDED",
    ("Skill", "ADDED"): "SKILL_ADDED",
    ("Import", "COMPLETED"): "IMPORT_COMPLETED",
}
PRIVATE_TYPES = frozenset({"API_KEYS_CHANGED", "DOMAIN_VERIFICATION_REQUESTED"})
TYPES = (*dict.fromkeys(_TYPES.values()), "VERIFICATION_CHANGED", "OTHER")


def feed_type(record_type: str, action: str) -> str:
    if record_type == "Stakeholder" and action.startswith("VERIFICATION_"):
        return "VERIFICATION_CHANGED"
    return _TYPES.get((record_type, action), "OTHER")


def check_types(types: Sequence[str] | None, field: str = "types") -> list[str] | None:
    if types is None:
        return None
    unknown = sorted(set(types) - set(TYPES))
    if unknown:
        raise InvalidArgument(f"unknown change types: {', '.join(unknown)}; known: "
                              f"{', '.join(TYPES)}", [field])
    return list(types)


# -- reads --------------------------------------------------------------------------

async def read(db: Database, after: str | None, first: int, types: Sequence[str] | None,
               stakeholder_id: str | None, max_first: int,
               names: tuple[str, str, str] = ("after", "first", "types")) -> ChangePage:
    """`page` from a request's arguments, each checked (`names`: how the request calls
    them, for the errors)."""
    if first < 0 or first > max_first:
        raise InvalidArgument(f"`{names[1]}` must be between 0 and {max_first}, got {first}",
                              [names[1]])
    return await page(db, decode_sequence(after, names[0]), first,
                      check_types(types, names[2]), stakeholder_id)


async def page(db: Database, after: int, first: int, types: Sequence[str] | None = None,
               stakeholder_id: str | None = None) -> ChangePage:
    """Up to `first` changes after sequence `after` that `db`'s viewer may see."""
    rows: list[dict[str, Any]] = await repo.rows(
        db, "changes/read_window", after=after, scan=SCAN, settleS=SETTLE_S,
        types=list(types) if types is not None else None, stakeholderId=stakeholder_id)
    items: list[ChangeModel] = []
    end = after
    for row in rows:
        if row["sequence"] != end + 1 and not row["settled"]:
            # A number below this one is not committed yet: stop before the hole.
            return ChangePage(items, end, True)
        if row["node"] is not None:
            if len(items) == first:
                return ChangePage(items, end, True)
            items.append(repo.to_model(ChangeModel, row["node"]))
        end = row["sequence"]
    return ChangePage(items, end, len(rows) == SCAN)


async def latest(db: Database) -> int:
    """The sequence of the newest event (0 when there is none)."""
    records = await db.read("changes/read_latest")
    return int(records[0]["sequence"]) if records else 0
