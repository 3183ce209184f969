"""What repositories return: plain pydantic models, never driver records.

GraphQL types in `api/types/` are built from these with `from_model`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, Literal

from neo4j.time import Date, DateTime, Time
from pydantic import BaseModel, ConfigDict, model_validator

NEO4J_TIMES = frozenset({DateTime, Date, Time})


class Model(BaseModel):
    model_config = ConfigDict(frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _native_times(cls, data: Any) -> Any:
        """neo4j.time values -> datetime's. Reads send timestamps as strings, so this is
        one pass over the record's values (a validator per field cost ~13 Python calls
        per record: 4% of a page of 20, measured)."""
        if isinstance(data, dict) and not NEO4J_TIMES.isdisjoint(map(type, data.values())):
            return {k: v.to_native() if type(v) in NEO4J_TIMES else v for k, v in data.items()}
        return data


class StakeholderGroupModel(Model):
    key: str
    name: str
    definition: str
    examples: str | None = None
    slug: str


class ActionModel(Model):
    id: str
    group: str
    stage: str | None = None
    area: str | None = None
    text: str
    position: int


class NamedModel(Model):
    """What a keyset page orders by (graph/pagination.py): name, then id."""

    id: str
    name: str


class StakeholderModel(NamedModel):
    slug: str
    groups: list[str] = []
    roles: list[str] = []
    stages: list[str] = []
    description: str | None = None
    website: str | None = None
    location: str | None = None
    did: str | None = None
    ctid: str | None = None  # minted at creation (V0010 for older records)
    verification: str = "PENDING"
    demo: bool = False
    source: str | None = None
    domainVerifiedAt: datetime | None = None
    createdAt: datetime
    updatedAt: datetime


class CredentialModel(NamedModel):
    description: str | None = None
    type: str
    url: str | None = None
    ctid: str | None = None
    issuerId: str
    demo: bool = False
    createdAt: datetime
    updatedAt: datetime


class SkillModel(NamedModel):
    description: str | None = None
    framework: str
    code: str | None = None
    uri: str | None = None
    altLabels: list[str] = []
    broaderId: str | None = None


class FieldOfEducationModel(Model):
    """An ISCED-F field of education (ESCO's knowledge groups; a skill's broader concept)."""

    id: str
    code: str
    name: str
    uri: str | None = None
    description: str | None = None


class StandardModel(Model):
    id: str
    name: str
    version: str | None = None
    url: str | None = None
    description: str | None = None


class PartnershipModel(Model):
    id: str
    status: str
    purpose: str | None = None
    proposedById: str
    memberIds: list[str]
    demo: bool = False
    createdAt: datetime
    updatedAt: datetime


class OccupationModel(Model):
    id: str
    code: str
    title: str
    description: str | None = None
    level: str
    broaderId: str | None = None


class CtdlCredentialModel(CredentialModel):
    """A credential with what its CTDL export names (graph/ctdl.py, graph/formats/ctdl.py)."""

    issuerCtid: str | None = None
    skills: list[SkillModel] = []
    occupations: list[OccupationModel] = []


class PartnerSuggestionModel(Model):
    stakeholderId: str
    score: float
    reasons: list[str]


class MapNodeModel(Model):
    id: str
    label: str
    kind: str
    groups: list[str] = []
    roles: list[str] = []
    stages: list[str] = []
    standardIds: list[str] = []


class MapEdgeModel(Model):
    source: str
    target: str
    kind: str


class AuditEventModel(Model):
    id: str
    recordId: str
    recordType: str
    action: str
    actorId: str | None = None
    actorAdmin: bool = False
    changes: list[str] = []
    note: str | None = None
    at: datetime


class ChangeModel(AuditEventModel):
    """An AuditEvent as the change feed shows it (graph/changes.py)."""

    sequence: int
    type: str
    stakeholderIds: list[str] = []


class WebhookModel(Model):
    id: str
    ownerId: str | None = None
    url: str
    types: list[str] | None = None
    status: str
    failures: int = 0
    createdAt: datetime


class DeliveryModel(Model):
    id: str
    webhookId: str
    sequence: int
    type: str
    recordId: str
    status: str
    attempts: int = 0
    lastStatus: int | None = None
    lastError: str | None = None
    lastAttemptAt: datetime | None = None
    nextAt: datetime | None = None


@dataclass(frozen=True)
class ChangePage:
    """Changes after a position of the feed; `end` is where the next page starts (past
    events this reader may not see, so a walk through them still moves on)."""

    items: list[ChangeModel]
    end: int
    has_next: bool


@dataclass(frozen=True)
class Actor:
    """Who is calling: a stakeholder's key, or an administrator's (rules: graph/policy.py)."""

    key_id: str
    stakeholder_id: str | None
    admin: bool
    verification: str | None = None  # the stakeholder's, when the key is a stakeholder's


class ApiKeyModel(Model):
    prefix: str
    label: str | None = None
    createdAt: datetime
    lastUsedAt: datetime | None = None


# -- list filters (each repository picks the query file that fits a filter) --

@dataclass(frozen=True)
class StakeholderFilter:
    groups: tuple[str, ...] | None = None
    roles: tuple[str, ...] | None = None
    verification: tuple[str, ...] | None = None
    standard_ids: tuple[str, ...] | None = None
    text: str | None = None


@dataclass(frozen=True)
class CredentialFilter:
    issuer_id: str | None = None
    types: tuple[str, ...] | None = None
    skill_ids: tuple[str, ...] | None = None
    text: str | None = None


@dataclass(frozen=True)
class SkillFilter:
    framework: str | None = None
    text: str | None = None


# Nested connections: each relation is a pair of files,
# cypher/<noun>/page_<relation>.cypher and count_<relation>.cypher.
StakeholderRelation = Literal["accepting", "by_standard", "in_group"]
CredentialRelation = Literal["by_issuer", "accepted_by", "by_skill", "by_occupation"]
# What a list query does: a page of rows, or their total.
Verb = Literal["page", "count"]


# -- arguments of the write commands --

@dataclass(frozen=True)
class Registration:
    name: str
    groups: list[str]
    website: str
    contact_email: str
    roles: list[str] | None = None
    stages: list[str] | None = None
    description: str | None = None
    location: str | None = None
    did: str | None = None
    standard_ids: list[str] | None = None


@dataclass(frozen=True)
class StakeholderChanges:
    id: str
    name: str | None = None
    groups: list[str] | None = None
    roles: list[str] | None = None
    stages: list[str] | None = None
    description: str | None = None
    website: str | None = None
    location: str | None = None
    standard_ids: list[str] | None = None

    def given(self) -> list[str]:
        return [f.name for f in fields(self)
                if f.name != "id" and getattr(self, f.name) is not None]


@dataclass(frozen=True)
class CredentialInput:
    """For add (name and type required) and update (id required, the rest optional)."""

    id: str | None = None
    name: str | None = None
    type: str | None = None
    description: str | None = None
    url: str | None = None
    ctid: str | None = None
    skill_ids: list[str] | None = None
    standard_ids: list[str] | None = None

    def given(self) -> list[str]:
        return [f.name for f in fields(self)
                if f.name != "id" and getattr(self, f.name) is not None]


@dataclass(frozen=True)
class SkillInput:
    name: str
    framework: str
    code: str | None = None
    uri: str | None = None
    description: str | None = None
    broader_id: str | None = None

    def given(self) -> list[str]:
        return [f.name for f in fields(self) if getattr(self, f.name) is not None]


# -- trust (graph/trust.py): answers for verifiers ---------------------------------

class VerificationEventModel(Model):
    """An audit event that set a stakeholder's verification (REGISTERED: PENDING)."""

    action: str
    at: datetime


class TrustCandidateModel(Model):
    """A stakeholder holding a DID, and the history of its verification."""

    stakeholder: StakeholderModel
    fromRegistry: bool
    events: list[VerificationEventModel] = []


class ImportRunModel(Model):
    """A recorded run of a public data set's import (its IMPORT_COMPLETED audit event)."""

    id: str
    at: datetime
    summary: str | None = None


class TrustEvidenceModel(Model):
    credentials: list[CredentialModel] = []
    namesStandard: bool = False
    imports: list[ImportRunModel] = []


class IssuerTrustModel(Model):
    """One answer to "is this DID a known, trusted issuer (of this), at this time?"."""

    did: str
    known: bool
    trusted: bool
    status: str | None = None
    statusSince: datetime | None = None
    stakeholder: StakeholderModel | None = None  # None: unknown, or hidden from this caller
    credentialType: str | None = None
    credentialTypeKind: str | None = None  # CREDENTIAL_TYPE, STANDARD, UNKNOWN
    authorized: bool | None = None  # None: no credential type was asked about
    fromDccRegistry: bool = False
    credentials: list[CredentialModel] = []
    registryImports: list[ImportRunModel] = []
    at: datetime | None = None
    evaluatedAt: datetime
    message: str


class RegistryEntryModel(Model):
    id: str
    name: str
    url: str | None = None
    location: str | None = None
    dids: list[str]


class IssuerRegistryModel(Model):
    """registry.json's content: verified issuers with a DID, and when the list changed."""

    entries: list[RegistryEntryModel]
    created: datetime | None = None
    updated: datetime | None = None
