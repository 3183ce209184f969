"""The root Mutation type. Expected failures are returned in `errors`, never raised."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from api.context import Info
from api.types.credential import Credential
from api.types.enums import VerificationStatus
from api.types.inputs import (
    AddCredentialInput,
    AddSkillInput,
    ProposePartnershipInput,
    RegisterStakeholderInput,
    UpdateCredentialInput,
    UpdateStakeholderInput,
)
from api.types.partnership import Partnership
from api.types.payloads import (
    ApiKeyPayload,
    CredentialPayload,
    DomainVerificationPayload,
    ErrorCode,
    PartnershipPayload,
    RegisterStakeholderPayload,
    RemovePayload,
    RevokeApiKeyPayload,
    RevokeApiKeysPayload,
    SkillPayload,
    StakeholderPayload,
    UserError,
    attempt,
)
from api.types.skill import Skill
from api.types.stakeholder import maybe
from api.types.webhook import WebhookMutations


@strawberry.type
class Mutation(WebhookMutations):
    @strawberry.mutation(description="Open to anyone: a new stakeholder starts PENDING and gets "
                                     "its API key.")
    async def register_stakeholder(self, info: Info,
                                   input: RegisterStakeholderInput) -> RegisterStakeholderPayload:
        if not info.context.registration_allowed():
            return RegisterStakeholderPayload(stakeholder=None, api_key=None, errors=[UserError(
                code=ErrorCode.RATE_LIMITED,
                message="too many registrations from this client; try again later")])
        result, errors = await attempt(
            info.context.commands.register_stakeholder(input.to_command()))
        if result is None:
            return RegisterStakeholderPayload(stakeholder=None, api_key=None, errors=errors)
        stakeholder, key = result
        return RegisterStakeholderPayload(stakeholder=maybe(stakeholder), api_key=key, errors=[])

    @strawberry.mutation(description="Change your own record (administrators: any record).")
    async def update_stakeholder(self, info: Info,
                                 input: UpdateStakeholderInput) -> StakeholderPayload:
        m, errors = await attempt(info.context.commands.update_stakeholder(input.to_command()))
        return StakeholderPayload(stakeholder=maybe(m), errors=errors)

    @strawberry.mutation(description="A new API key for the caller; the old one stops working.")
    async def rotate_api_key(self, info: Info) -> ApiKeyPayload:
        key, errors = await attempt(info.context.commands.rotate_api_key())
        return ApiKeyPayload(api_key=key, errors=errors)

    @strawberry.mutation(description="Revoke one of your keys by its prefix (see "
                                     "`me { apiKeys { prefix } }`); administrators: any key.")
    async def revoke_api_key(self, info: Info, prefix: str) -> RevokeApiKeyPayload:
        revoked, errors = await attempt(info.context.commands.revoke_api_key(prefix))
        return RevokeApiKeyPayload(revoked_prefix=revoked, errors=errors)

    @strawberry.mutation(description="Administrators only: revoke every key of a stakeholder.")
    async def revoke_all_api_keys(self, info: Info,
                                  stakeholder_id: strawberry.ID) -> RevokeApiKeysPayload:
        n, errors = await attempt(info.context.commands.revoke_all_api_keys(str(stakeholder_id)))
        return RevokeApiKeysPayload(revoked_count=n, errors=errors)

    @strawberry.mutation(description="The caller becomes the issuer.")
    async def add_credential(self, info: Info, input: AddCredentialInput) -> CredentialPayload:
        m, errors = await attempt(info.context.commands.add_credential(input.to_command()))
        return CredentialPayload(credential=Credential.from_model(m) if m else None, errors=errors)

    @strawberry.mutation(description=(
        "Your credential from an Open Badges 3.0 Achievement, bare or as the "
        "`credentialSubject.achievement` of an OpenBadgeCredential: created, or updated when "
        "its `id` is one of your credentials' /ob3/achievements/ URLs or an achievement you "
        "imported before. Alignments name skills (ESCO URI as targetUrl), occupations "
        "(targetType ext:Occupation, SOC or O*NET-SOC code as targetCode) and standards "
        "(targetType ext:Standard). Every problem is an error at its JSON path "
        "(`field`: [\"json\", ...]); nothing is written when there is one."))
    async def import_achievement(self, info: Info, json: JSON) -> CredentialPayload:
        m, errors = await attempt(info.context.commands.import_achievement(
            json, info.context.settings.public_base_url))
        return CredentialPayload(credential=Credential.from_model(m) if m else None, errors=errors)

    @strawberry.mutation(description="Only the issuer (or an administrator).")
    async def update_credential(self, info: Info,
                                input: UpdateCredentialInput) -> CredentialPayload:
        m, errors = await attempt(info.context.commands.update_credential(input.to_command()))
        return CredentialPayload(credential=Credential.from_model(m) if m else None, errors=errors)

    @strawberry.mutation(description="Only the issuer (or an administrator); its acceptances go "
                                     "with it.")
    async def remove_credential(self, info: Info, id: strawberry.ID) -> RemovePayload:
        removed, errors = await attempt(info.context.commands.remove_credential(str(id)))
        return RemovePayload(removed_id=strawberry.ID(removed) if removed else None, errors=errors)

    @strawberry.mutation(description="The caller declares that it accepts this credential "
                                     "(idempotent).")
    async def accept_credential(self, info: Info,
                                credential_id: strawberry.ID) -> CredentialPayload:
        m, errors = await attempt(info.context.commands.accept_credential(str(credential_id)))
        return CredentialPayload(credential=Credential.from_model(m) if m else None, errors=errors)

    @strawberry.mutation(description="A skill the imported frameworks lack; unique by framework "
                                     "and code, and by URI.")
    async def add_skill(self, info: Info, input: AddSkillInput) -> SkillPayload:
        m, errors = await attempt(info.context.commands.add_skill(input.to_command()))
        return SkillPayload(skill=Skill.from_model(m) if m else None, errors=errors)

    @strawberry.mutation(description="Propose a partnership to another stakeholder.")
    async def propose_partnership(self, info: Info,
                                  input: ProposePartnershipInput) -> PartnershipPayload:
        m, errors = await attempt(info.context.commands.propose_partnership(
            str(input.partner_id), input.purpose))
        return PartnershipPayload(partnership=Partnership.from_model(m) if m else None,
                                  errors=errors)

    @strawberry.mutation(description="Only the invited member may answer.")
    async def respond_to_partnership(self, info: Info, id: strawberry.ID,
                                     accept: bool) -> PartnershipPayload:
        m, errors = await attempt(info.context.commands.respond_to_partnership(str(id), accept))
        return PartnershipPayload(partnership=Partnership.from_model(m) if m else None,
                                  errors=errors)

    @strawberry.mutation(description="Any member may end an ACTIVE partnership.")
    async def end_partnership(self, info: Info, id: strawberry.ID) -> PartnershipPayload:
        m, errors = await attempt(info.context.commands.end_partnership(str(id)))
        return PartnershipPayload(partnership=Partnership.from_model(m) if m else None,
                                  errors=errors)

    @strawberry.mutation(description="A token to publish on your website, to prove you run it.")
    async def request_domain_verification(self, info: Info, stakeholder_id: strawberry.ID
                                          ) -> DomainVerificationPayload:
        found, errors = await attempt(
            info.context.commands.request_domain_verification(str(stakeholder_id)))
        token, url = found if found else (None, None)
        return DomainVerificationPayload(token=token, url=url, errors=errors)

    @strawberry.mutation(description="Fetches the token from your website and, if it is there, "
                                     "marks the domain verified.")
    async def verify_domain(self, info: Info, stakeholder_id: strawberry.ID) -> StakeholderPayload:
        m, errors = await attempt(info.context.commands.verify_domain(str(stakeholder_id)))
        return StakeholderPayload(stakeholder=maybe(m), errors=errors)

    @strawberry.mutation(description="Administrators only.")
    async def set_verification(self, info: Info, stakeholder_id: strawberry.ID,
                               status: VerificationStatus,
                               note: str | None = None) -> StakeholderPayload:
        m, errors = await attempt(info.context.commands.set_verification(
            str(stakeholder_id), status.value, note))
        return StakeholderPayload(stakeholder=maybe(m), errors=errors)
