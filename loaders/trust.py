"""Trust reads (graph/trust.py) for the API layer: the `issuerTrust` query, TRQP and
registry.json all come through here, so they share one rule."""

from __future__ import annotations

from datetime import datetime

from graph import trust
from graph.models import Actor, IssuerRegistryModel, IssuerTrustModel
from loaders.registry import Loaders


async def issuer_trust(loaders: Loaders, viewer: Actor | None, did: str,
                       credential_type: str | None = None,
                       at: datetime | None = None) -> IssuerTrustModel:
    return await trust.issuer_trust(loaders.db, viewer, did, credential_type, at)


async def issuer_registry(loaders: Loaders) -> IssuerRegistryModel:
    return await trust.registry(loaders.db)


def check_did(did: str, field: str) -> str:
    return trust.check_did(did, field)
