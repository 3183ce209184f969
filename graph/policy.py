"""Who may do what, and who may see what: every authorization rule in one place.

Write modules call the `require_*` functions (each raises `Forbidden` with the
reason); GraphQL types ask the `may_*` predicates; read queries take
`visibility(actor)` as parameters, so Cypher applies the same rules to lists,
search, nested fields, `_entities` and the map without a second copy of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import unquote

import ada_url

from graph.errors import Forbidden
from graph.models import Actor

# Stakeholders in these states are seen only by themselves and administrators,
# and may not write (an administrator decided against them).
HIDDEN_STAKEHOLDER = ("REJECTED", "SUSPENDED")
# Partnerships not (yet) agreed by both sides are the members' business.
PRIVATE_PARTNERSHIP = ("PROPOSED", "DECLINED")
# Frameworks (and their URI spaces) that only their importers write.
IMPORTED_FRAMEWORKS = ("ESCO", "ONET", "SOC")
IMPORTED_URI_SPACES = (("data.europa.eu", "/esco/"),)


def visibility(actor: Actor | None) -> dict[str, Any]:
    """Parameters every read query takes. A stakeholder whose status is in
    HIDDEN_STAKEHOLDER carries `hidden: true` (and so do its credentials; see
    `hidden_flag`), seen only by itself (`$viewerId`) and administrators
    (`$seeAll`); a partnership in `$privateStatuses` only by its members."""
    return {"viewerId": actor.stakeholder_id if actor else None,
            "seeAll": actor is not None and actor.admin,
            "privateStatuses": list(PRIVATE_PARTNERSHIP)}


# What internal reads (a write checking a record, an import) see: everything.
EVERYTHING: dict[str, Any] = {"viewerId": None, "seeAll": True,
                              "privateStatuses": list(PRIVATE_PARTNERSHIP)}


def hidden_flag(verification: str) -> bool | None:
    """The `hidden` property for a stakeholder (and its credentials) in this state;
    None removes it, so `hidden IS NULL` is the cheap test of the common case."""
    return True if verification in HIDDEN_STAKEHOLDER else None


# -- predicates (reads) -------------------------------------------------------

def may_act_on(actor: Actor | None, stakeholder_id: str) -> bool:
    return actor is not None and (actor.admin or actor.stakeholder_id == stakeholder_id)


def is_member(actor: Actor | None, member_ids: Sequence[str]) -> bool:
    return actor is not None and (actor.admin or actor.stakeholder_id in member_ids)


def may_read_audit(actor: Actor | None, owner_ids: Sequence[str]) -> bool:
    """A record's audit trail: its owner (every member, for a partnership) or an administrator."""
    return is_member(actor, owner_ids)


def may_read_purpose(actor: Actor | None, member_ids: Sequence[str], status: str) -> bool:
    """A proposal's free text is between its members (and administrators) until the
    invitee accepts it; an agreed partnership's purpose is public, as the partnership is."""
    return status not in PRIVATE_PARTNERSHIP or is_member(actor, member_ids)


# -- requirements (writes) ----------------------------------------------------

def require_active(actor: Actor) -> None:
    """A stakeholder that was rejected or suspended keeps its keys but may not write."""
    if actor.verification in HIDDEN_STAKEHOLDER:
        raise Forbidden(f"this stakeholder is {actor.verification}; it may not write until an "
                        "administrator changes that")


def require_stakeholder(actor: Actor, what: str) -> str:
    """The caller's own stakeholder id; administrators' keys belong to none."""
    if actor.stakeholder_id is None:
        raise Forbidden(f"an administrator key belongs to no stakeholder and cannot {what}")
    return actor.stakeholder_id


def require_admin(actor: Actor, what: str, field: list[str] | None = None) -> None:
    if not actor.admin:
        raise Forbidden(f"only administrators may {what}", field)


def require_owner(actor: Actor, stakeholder_id: str, what: str, field: list[str]) -> None:
    if not may_act_on(actor, stakeholder_id):
        raise Forbidden(f"only {what} or an administrator may change it", field)


def require_member(actor: Actor, member_ids: Sequence[str], field: list[str]) -> None:
    if not is_member(actor, member_ids):
        raise Forbidden("only a member (or an administrator) may end a partnership", field)


def require_invitee(actor: Actor, invitee_id: str, field: list[str]) -> None:
    if actor.stakeholder_id != invitee_id:
        raise Forbidden("only the invited member may answer a proposal", field)


def require_own_framework(framework: str, uri: str | None) -> None:
    """ESCO, O*NET and SOC come from their publishers through the importers only."""
    if framework in IMPORTED_FRAMEWORKS:
        raise Forbidden(f"{framework} skills come only from the {framework} import; name "
                        "your own framework", ["input", "framework"])
    if uri is not None and _imported_uri(uri):
        raise Forbidden("this URI belongs to an imported framework; use your own",
                        ["input", "uri"])


def _imported_uri(uri: str) -> bool:
    """ESCO's URI space however it is spelled: any case or trailing dot in the host,
    percent-encoded letters in the path."""
    try:
        parsed = ada_url.URL(uri)
    except ValueError:
        return False
    host = str(parsed.hostname).rstrip(".").lower()
    path = unquote(str(parsed.pathname)).lower()
    return any(host == h and path.startswith(p) for h, p in IMPORTED_URI_SPACES)


def skill_namespace(actor: Actor) -> str:
    """Skills that stakeholders add are unique by code within their own namespace, so one
    organization's `CUSTOM:1` never collides with another's (or an import's)."""
    return actor.stakeholder_id or "admin"
