"""Open Badges 3.0 documents built from the per-request loaders, for the REST routes
(api/rest/ob3.py) and the GraphQL fields alike: each look-up is one batch query shared
with every other record of the request, so a page of credentials costs four queries,
not four per credential."""

from __future__ import annotations

import asyncio
from typing import Any

from graph.formats import ob3
from graph.models import CredentialModel
from loaders.registry import Loaders


async def achievement(loaders: Loaders, base: str, credential: CredentialModel
                      ) -> dict[str, Any]:
    issuer, skills, standards, occupations = await asyncio.gather(
        loaders.stakeholders_by_id.load(credential.issuerId),
        loaders.skills_by_credential.load(credential.id),
        loaders.standards_by_credential.load(credential.id),
        loaders.occupations_by_credential.load(credential.id))
    if issuer is None:  # a credential is seen only with its issuer; a missing one is a fault
        raise LookupError(f"credential {credential.id} has no issuer")
    return ob3.achievement(base, credential, issuer, skills, standards, occupations)


async def achievement_by_id(loaders: Loaders, base: str, credential_id: str
                            ) -> dict[str, Any] | None:
    """None when the caller may not see the credential, or there is none."""
    credential = await loaders.credentials_by_id.load(credential_id)
    return await achievement(loaders, base, credential) if credential is not None else None


async def profile_by_id(loaders: Loaders, base: str, stakeholder_id: str
                        ) -> dict[str, Any] | None:
    found = await loaders.stakeholders_by_id.load(stakeholder_id)
    return ob3.profile_document(base, found) if found is not None else None
