"""IssuerTrust: the verifier's answer about one DID (rules: graph/trust.py)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from api.context import Info
from api.errors import as_bad_input
from api.types.credential import Credential
from api.types.enums import VerificationStatus
from api.types.stakeholder import Stakeholder, maybe
from graph.models import ImportRunModel, IssuerTrustModel
from loaders import trust


@strawberry.enum(description="What a `credentialType` argument named.")
class CredentialTypeKind(Enum):
    CREDENTIAL_TYPE = strawberry.enum_value("CREDENTIAL_TYPE",
                                            description="A CredentialType value (BADGE...).")
    STANDARD = strawberry.enum_value("STANDARD", description="A standard's id or name.")
    UNKNOWN = strawberry.enum_value("UNKNOWN", description="Neither: nobody is authorized.")


@strawberry.type(description="A run of the DCC community registry import, recorded by the "
                             "graph (it records runs, not which entry each run wrote).")
class RegistryImport:
    id: strawberry.ID
    at: datetime
    summary: str | None

    @classmethod
    def from_model(cls, m: ImportRunModel) -> RegistryImport:
        return cls(id=strawberry.ID(m.id), at=m.at, summary=m.summary)


@strawberry.type(description="What an IssuerTrust answer rests on.")
class TrustEvidence:
    from_dcc_registry: bool = strawberry.field(description=(
        "The DID came from the DCC community registry import (else the stakeholder "
        "declared it)."))
    credentials: list[Credential] = strawberry.field(description=(
        "Credentials it issues that existed at `at` (the ones of `credentialType` when "
        "asked), at most 20, in name order."))
    registry_imports: list[RegistryImport] = strawberry.field(description=(
        "DCC registry import runs recorded between the record's creation and `at`, "
        "newest first, at most 20."))


@strawberry.type(description=(
    "Is this DID a known, verified issuer (of this credential type), at this time? "
    "`at` is evaluated on the verification history (the audit trail) and creation "
    "times; DIDs, groups and credentials are as they are now. A REJECTED or SUSPENDED "
    "stakeholder's record and evidence are null/empty for others than itself and "
    "administrators; its status is still given."))
class IssuerTrust:
    did: str
    known: bool = strawberry.field(description="A stakeholder held this DID at `at`.")
    trusted: bool = strawberry.field(description="It was VERIFIED at `at`.")
    status: VerificationStatus | None = strawberry.field(description=(
        "Its verification at `at`; null when unknown."))
    status_since: datetime | None = strawberry.field(description=(
        "Since when it has had that status (the event that set it, or the record's "
        "creation)."))
    stakeholder: Stakeholder | None = strawberry.field(description=(
        "Who it is; null when unknown or hidden from the caller."))
    credential_type: str | None = strawberry.field(description="The type asked about.")
    credential_type_kind: CredentialTypeKind | None
    authorized: bool | None = strawberry.field(description=(
        "Trusted, and issues a credential of `credentialType` (its CredentialType value, "
        "or conforming to a standard of that id or name) that existed at `at`; null when "
        "no type was asked about."))
    evidence: TrustEvidence | None = strawberry.field(description=(
        "Null when unknown or hidden from the caller."))
    at: datetime | None = strawberry.field(description="The time asked about; null: now.")
    evaluated_at: datetime
    message: str

    @classmethod
    def from_model(cls, m: IssuerTrustModel) -> IssuerTrust:
        shown = m.stakeholder is not None
        return cls(
            did=m.did, known=m.known, trusted=m.trusted,
            status=VerificationStatus(m.status) if m.status else None,
            status_since=m.statusSince, stakeholder=maybe(m.stakeholder),
            credential_type=m.credentialType,
            credential_type_kind=(CredentialTypeKind(m.credentialTypeKind)
                                  if m.credentialTypeKind else None),
            authorized=m.authorized,
            evidence=TrustEvidence(
                from_dcc_registry=m.fromDccRegistry,
                credentials=[Credential.from_model(c) for c in m.credentials],
                registry_imports=[RegistryImport.from_model(r) for r in m.registryImports],
            ) if shown else None,
            at=m.at, evaluated_at=m.evaluatedAt, message=m.message)


async def issuer_trust(info: Info, did: str, credential_type: str | None,
                       at: datetime | None) -> IssuerTrust:
    with as_bad_input():  # a malformed DID names the `did` argument
        m = await trust.issuer_trust(info.context.loaders, info.context.actor, did,
                                     credential_type, at)
    return IssuerTrust.from_model(m)

