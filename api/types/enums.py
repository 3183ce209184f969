"""The contract's enums. Values are stored in the graph as the same strings."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="The ten stakeholder groups of the LER Ecosystem Map.")
class StakeholderGroup(Enum):
    LEARNERS_AND_EARNERS = "LEARNERS_AND_EARNERS"
    EMPLOYERS = "EMPLOYERS"
    CREDENTIALING_ORGANIZATIONS = "CREDENTIALING_ORGANIZATIONS"
    LER_TECHNOLOGY_PROVIDERS = "LER_TECHNOLOGY_PROVIDERS"
    HR_SYSTEMS = "HR_SYSTEMS"
    CAREER_NAVIGATORS = "CAREER_NAVIGATORS"
    SUPPORTING_SYSTEMS = "SUPPORTING_SYSTEMS"
    GOVERNANCE = "GOVERNANCE"
    FUNDERS = "FUNDERS"
    DATA_STANDARDS_ORGANIZATIONS = "DATA_STANDARDS_ORGANIZATIONS"


@strawberry.enum(description="The map's four stages of LER adoption.")
class Stage(Enum):
    DEVELOPING = "DEVELOPING"
    ISSUING = "ISSUING"
    USING = "USING"
    ADOPTING = "ADOPTING"


@strawberry.enum(description="The map's four action areas: how a group moves the ecosystem.")
class ActionArea(Enum):
    PROMOTING = "PROMOTING"
    BUILDING = "BUILDING"
    GATHERING = "GATHERING"
    SUPPORTING = "SUPPORTING"


@strawberry.enum(description="What an organization does with LERs.")
class EcosystemRole(Enum):
    ISSUER = "ISSUER"
    VERIFIER = "VERIFIER"
    WALLET_PROVIDER = "WALLET_PROVIDER"
    REGISTRY = "REGISTRY"


@strawberry.enum(description="Whether the map's administrators have checked a registration.")
class VerificationStatus(Enum):
    PENDING = "PENDING"
    VERIFIED = "VERIFIED"
    REJECTED = "REJECTED"
    SUSPENDED = "SUSPENDED"


@strawberry.enum(description="PROPOSED -> ACTIVE or DECLINED; ACTIVE -> ENDED.")
class PartnershipStatus(Enum):
    PROPOSED = "PROPOSED"
    ACTIVE = "ACTIVE"
    DECLINED = "DECLINED"
    ENDED = "ENDED"


@strawberry.enum(description="The kind of credential.")
class CredentialType(Enum):
    BADGE = "BADGE"
    CERTIFICATE = "CERTIFICATE"
    CERTIFICATION = "CERTIFICATION"
    LICENSE = "LICENSE"
    DEGREE = "DEGREE"
    DIPLOMA = "DIPLOMA"
    APPRENTICESHIP = "APPRENTICESHIP"
    COURSE = "COURSE"
    ASSESSMENT = "ASSESSMENT"
    MICROCREDENTIAL = "MICROCREDENTIAL"
    OTHER = "OTHER"


@strawberry.enum(description="The kinds of edge `ecosystemMap` draws.")
class MapEdgeKind(Enum):
    IN_GROUP = "IN_GROUP"
    PARTNERSHIP = "PARTNERSHIP"
    CREDENTIAL_ACCEPTED = "CREDENTIAL_ACCEPTED"
