"""Answers for verifiers: is a DID a known, verified issuer, of what, at what time; and
the list of verified issuers that registry.json publishes.

One rule, used by the `issuerTrust` query, TRQP (api/rest/trqp.py) and registry.json:

- **known**: some stakeholder holds the DID, as the one it declared (`did`) or as one of
  the DCC community registry's (`dids`, written by graph/importers/dcc_registry.py), and
  its record existed at `at`.
- **status** at `at`: set by the last audit event at or before `at` that set its
  verification (VERIFICATION_<S>: S; an update of name or site that asks for
  verification again: PENDING). With none before `at`, the state it was created in:
  PENDING for a registration (REGISTERED), VERIFIED for the DCC import's and the demo
  seed's records (they leave no event); a record without any such event is in its
  current state since it was created. `statusSince`: that event's time, or the creation's.
- **trusted**: status VERIFIED.
- **authorized** for a credential type: trusted, and it issues, among credentials created
  at or before `at`, one whose `type` is that CredentialType value, or one conforming
  to a standard with that id or name (any case).

`at` is evaluated on what the graph keeps a history of: verification (the audit trail)
and creation times. DIDs, groups and credentials are as they are now (a credential
removed since `at` is gone; one added after `at` does not count).

Hidden stakeholders (graph/policy.py: REJECTED, SUSPENDED) are seen only by themselves
and administrators. A verifier still needs to learn that such a DID must not be trusted,
so others get `known: true`, `trusted: false` and the status, but neither the record
nor the evidence.
"""

from __future__ import annotations

from datetime import UTC, datetime

from graph import policy, repo
from graph.db import Database
from graph.errors import InvalidArgument
from graph.models import (
    Actor,
    CredentialModel,
    ImportRunModel,
    IssuerRegistryModel,
    IssuerTrustModel,
    RegistryEntryModel,
    StakeholderModel,
    TrustCandidateModel,
    TrustEvidenceModel,
    VerificationEventModel,
)
from graph.validation import DID

# The CredentialType enum's values (api/types/enums.py; a test keeps the two equal).
CREDENTIAL_TYPES = ("BADGE", "CERTIFICATE", "CERTIFICATION", "LICENSE", "DEGREE", "DIPLOMA",
                    "APPRENTICESHIP", "COURSE", "ASSESSMENT", "MICROCREDENTIAL", "OTHER")
MAX_DID = 2048
# Credentials and import runs listed as evidence, at most.
EVIDENCE_LIMIT = 20
# When several stakeholders claim one DID (a registrant may type anyone's), the answer is
# about the one an administrator decided most about: a verified record first, then one
# that was stopped (a verifier must hear of it), then a pending claim, then a rejected one.
_PREFERENCE = {"VERIFIED": 0, "SUSPENDED": 1, "PENDING": 2, "REJECTED": 3}


def check_did(did: str, field: str = "did") -> str:
    """The DID, or InvalidArgument naming `field` when it is not W3C DID syntax."""
    if len(did) > MAX_DID or not DID.fullmatch(did):
        raise InvalidArgument(f"`{field}` must be a DID (did:<method>:<method-specific-id>, "
                              f"at most {MAX_DID} characters), got {did[:80]!r}", [field])
    return did


def status_at(candidate: TrustCandidateModel, at: datetime | None
              ) -> tuple[str, datetime] | None:
    """(verification, since when) at `at` (None: now); None if the record did not exist."""
    s = candidate.stakeholder
    if at is not None and s.createdAt > at:
        return None
    events = candidate.events
    # The state it was created in: a registration's PENDING (its REGISTERED event is
    # written a moment after the record); the import's and the seed's VERIFIED, which
    # leave no event; with no event at all, the state it is in.
    registered = bool(events) and events[0].action == "REGISTERED"
    initial = "PENDING" if registered else "VERIFIED" if events else s.verification
    history = [(s.createdAt, initial)] + [(e.at, _status_of(e)) for e in events
                                          if e.action != "REGISTERED"]
    status, since = initial, s.createdAt
    for moment, state in history:
        if at is None or moment <= at:
            status, since = state, moment
    return status, since


def _status_of(event: VerificationEventModel) -> str:
    if event.action.startswith("VERIFICATION_"):
        return event.action.removeprefix("VERIFICATION_")
    return "PENDING"  # an update of name or site that asks for verification again


async def candidates(db: Database, did: str) -> list[TrustCandidateModel]:
    records = await db.read("trust/read_by_did", did=did)
    return [TrustCandidateModel(stakeholder=repo.to_model(StakeholderModel, r["node"]),
                                fromRegistry=r["fromRegistry"],
                                events=[VerificationEventModel.model_validate(e)
                                        for e in r["events"]])
            for r in records]


async def evidence(db: Database, stakeholder_id: str, credential_type: str | None,
                   at: datetime | None) -> TrustEvidenceModel:
    records = await db.read("trust/read_evidence", id=stakeholder_id,
                            credentialType=credential_type, at=at, limit=EVIDENCE_LIMIT)
    if not records:
        return TrustEvidenceModel()
    r = records[0]
    return TrustEvidenceModel(
        credentials=[repo.to_model(CredentialModel, c) for c in r["credentials"]],
        namesStandard=r["namesStandard"],
        imports=[ImportRunModel.model_validate(i) for i in r["imports"]])


def _choose(found: list[tuple[TrustCandidateModel, tuple[str, datetime]]]
            ) -> tuple[TrustCandidateModel, tuple[str, datetime]] | None:
    ranked = sorted(found, key=lambda f: (_PREFERENCE.get(f[1][0], 9),
                                          f[0].stakeholder.createdAt, f[0].stakeholder.id))
    return ranked[0] if ranked else None


async def issuer_trust(db: Database, viewer: Actor | None, did: str,
                       credential_type: str | None = None,
                       at: datetime | None = None) -> IssuerTrustModel:
    """The answer for `did` (checked: InvalidArgument naming `did`), as `viewer` may see it."""
    check_did(did)
    now = datetime.now(UTC)
    if at is not None and at.tzinfo is None:
        at = at.replace(tzinfo=UTC)  # a DateTime without offset is read as UTC
    when = f" at {at.isoformat()}" if at is not None else ""
    base = {"did": did, "credentialType": credential_type, "at": at, "evaluatedAt": now}
    found = [(c, st) for c in await candidates(db, did)
             if (st := status_at(c, at)) is not None]
    chosen = _choose(found)
    if chosen is None:
        return IssuerTrustModel(**base, known=False, trusted=False,
                                authorized=False if credential_type is not None else None,
                                message=f"{did} is not a known issuer{when}")
    candidate, (status, since) = chosen
    s = candidate.stakeholder
    trusted = status == "VERIFIED"
    state = {"known": True, "trusted": trusted, "status": status, "statusSince": since}
    if status in policy.HIDDEN_STAKEHOLDER and not policy.may_act_on(viewer, s.id):
        return IssuerTrustModel(
            **base, **state, authorized=False if credential_type is not None else None,
            message=f"{did} belongs to a stakeholder that is {status}{when}: do not trust it")
    ev = await evidence(db, s.id, credential_type, at)
    kind = authorized = None
    message = (f"{s.name} is {status}{when}" if trusted
               else f"{s.name} is {status}{when}, not a verified issuer")
    if credential_type is not None:
        kind = ("CREDENTIAL_TYPE" if credential_type in CREDENTIAL_TYPES
                else "STANDARD" if ev.namesStandard else "UNKNOWN")
        issues = bool(ev.credentials)
        authorized = trusted and issues
        if kind == "UNKNOWN":
            message += (f"; {credential_type!r} is neither a credential type "
                        f"({', '.join(CREDENTIAL_TYPES)}) nor a standard's id or name")
        elif not issues:
            message += f"; it issues no credential of {credential_type!r}{when}"
        else:
            message += f"; it issues {len(ev.credentials)}" \
                       f"{'+' if len(ev.credentials) == EVIDENCE_LIMIT else ''} " \
                       f"credential(s) of {credential_type!r}"
    return IssuerTrustModel(**base, **state, stakeholder=s, credentialTypeKind=kind,
                            authorized=authorized, fromDccRegistry=candidate.fromRegistry,
                            credentials=ev.credentials, registryImports=ev.imports,
                            message=message)


async def registry(db: Database) -> IssuerRegistryModel:
    """Verified, visible, non-demo stakeholders with a DID (every DID of each)."""
    records = await db.read("trust/read_registry")
    r = records[0]
    return IssuerRegistryModel(
        entries=[RegistryEntryModel.model_validate(e) for e in r["entries"]],
        created=r["created"], updated=r["updated"])
