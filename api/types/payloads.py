"""Mutation payloads: the result, or errors a client can act on (never a crash)."""

from __future__ import annotations

from collections.abc import Awaitable
from enum import Enum
from typing import TypeVar

import strawberry

from api.types.credential import Credential
from api.types.partnership import Partnership
from api.types.skill import Skill
from api.types.stakeholder import Stakeholder
from graph.errors import GraphError, InvalidInput

T = TypeVar("T")


@strawberry.enum(description="Why a mutation did not apply.")
class ErrorCode(Enum):
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    CONFLICT = "CONFLICT"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    RATE_LIMITED = "RATE_LIMITED"


@strawberry.type(description="An expected failure; `field` is the path of the input at fault.")
class UserError:
    code: ErrorCode
    message: str
    field: list[str] | None = None


async def attempt(call: Awaitable[T]) -> tuple[T | None, list[UserError]]:
    """Run a command; expected failures become UserErrors, anything else propagates."""
    try:
        return await call, []
    except InvalidInput as exc:
        return None, [UserError(code=ErrorCode.INVALID, message=m, field=f)
                      for f, m in exc.problems]
    except GraphError as exc:
        return None, [UserError(code=ErrorCode(exc.code), message=exc.message, field=exc.field)]


@strawberry.type
class RegisterStakeholderPayload:
    stakeholder: Stakeholder | None
    api_key: str | None = strawberry.field(description="Shown once; only a hash is stored.")
    errors: list[UserError]


@strawberry.type
class StakeholderPayload:
    stakeholder: Stakeholder | None
    errors: list[UserError]


@strawberry.type
class ApiKeyPayload:
    api_key: str | None = strawberry.field(description="Shown once; the old key stops working.")
    errors: list[UserError]


@strawberry.type
class DomainVerificationPayload:
    token: str | None = strawberry.field(description="Publish this line in the file at `url`.")
    url: str | None = strawberry.field(description="Where verifyDomain will look for it.")
    errors: list[UserError]


@strawberry.type
class RevokeApiKeyPayload:
    revoked_prefix: str | None = strawberry.field(description="The key that stopped working.")
    errors: list[UserError]


@strawberry.type
class RevokeApiKeysPayload:
    revoked_count: int | None = strawberry.field(description="How many keys stopped working.")
    errors: list[UserError]


@strawberry.type
class CredentialPayload:
    credential: Credential | None
    errors: list[UserError]


@strawberry.type
class RemovePayload:
    removed_id: strawberry.ID | None
    errors: list[UserError]


@strawberry.type
class SkillPayload:
    skill: Skill | None
    errors: list[UserError]


@strawberry.type
class PartnershipPayload:
    partnership: Partnership | None
    errors: list[UserError]
