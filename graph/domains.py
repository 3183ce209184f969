"""Domain control: a stakeholder proves it runs its website, as search consoles
and SaaS products ask their users to.

1. `request()` gives the owner a token (new each time; the last one counts).
2. The owner publishes it at https://<host>/.well-known/ler-map-verification.txt.
3. `verify()` fetches that file and, if it holds the token, sets `domainVerifiedAt`.

Imports merge only into records whose domain is verified, and changing the
website's host clears it (graph/stakeholder_writes.py). The fetch is made
from this server to an address a client chose, so it refuses private,
loopback and link-local addresses (unless a setting allows them, for tests
against a local server), connects to the address it checked (no second DNS lookup
to rebind), follows no redirects, and is bounded in time and size.
"""

from __future__ import annotations

import asyncio
import ipaddress
import secrets
import socket
from dataclasses import dataclass

import httpx
from neo4j import AsyncManagedTransaction

from graph import audit, policy, repo
from graph.db import Database
from graph.errors import InvalidInput
from graph.models import Actor, StakeholderModel
from graph.stakeholder_ids import domain_of

TOKEN_PREFIX = "ler-map-verification="  # noqa: S105 (a label, not a secret)


@dataclass(frozen=True)
class FetchRules:
    """Where and how the token file is fetched (from Settings)."""

    url_template: str = "https://{host}/.well-known/ler-map-verification.txt"
    allow_private: bool = False
    timeout_s: float = 5.0
    max_bytes: int = 4096


async def _owned(db: Database, actor: Actor, stakeholder_id: str) -> StakeholderModel:
    found = await repo.load_or_not_found(db, "stakeholders/read_by_ids", StakeholderModel,
                                         stakeholder_id, ["stakeholderId"], "stakeholder")
    policy.require_owner(actor, stakeholder_id, "this stakeholder's own key", ["stakeholderId"])
    return found


def token_url(rules: FetchRules, stakeholder: StakeholderModel) -> str:
    return rules.url_template.format(host=domain_of(stakeholder.website or ""))


async def request(db: Database, actor: Actor, stakeholder_id: str,
                  rules: FetchRules) -> tuple[str, str]:
    """A new token and the URL to publish it at."""
    stakeholder = await _owned(db, actor, stakeholder_id)
    token = TOKEN_PREFIX + secrets.token_urlsafe(24)

    async def work(tx: AsyncManagedTransaction) -> None:
        await db.run_in_tx(tx, "domains/set_token", id=stakeholder_id, token=token)
        await audit.record(db, tx, actor, record_id=stakeholder_id, record_type="Stakeholder",
                           action="DOMAIN_VERIFICATION_REQUESTED")

    await db.write_tx("domains/request", work)
    return token, token_url(rules, stakeholder)


async def verify(db: Database, actor: Actor, stakeholder_id: str,
                 rules: FetchRules) -> StakeholderModel:
    stakeholder = await _owned(db, actor, stakeholder_id)
    records = await db.read("domains/read_token", id=stakeholder_id)
    token = records[0]["token"] if records else None
    if not token:
        raise InvalidInput([(["stakeholderId"], "ask for a token first "
                                                "(requestDomainVerification)")])
    url = token_url(rules, stakeholder)
    body = await fetch(url, rules)
    if token not in body.split():
        raise InvalidInput([(["stakeholderId"], f"{url} does not hold the current token")])

    async def work(tx: AsyncManagedTransaction) -> StakeholderModel:
        rows = await db.run_in_tx(tx, "domains/mark_verified", id=stakeholder_id, token=token)
        await audit.record(db, tx, actor, record_id=stakeholder_id, record_type="Stakeholder",
                           action="DOMAIN_VERIFIED", changes=["domainVerifiedAt"])
        return repo.to_model(StakeholderModel, rows[0]["node"])

    return await db.write_tx("domains/verify", work)


async def fetch(url: str, rules: FetchRules) -> str:
    """The token file's text; InvalidInput (naming the reason) for anything else."""
    def refuse(reason: str) -> InvalidInput:
        return InvalidInput([(["stakeholderId"], f"could not read {url}: {reason}")])

    target = httpx.URL(url)
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(target.host, None,
                                                              type=socket.SOCK_STREAM)
    except OSError as exc:
        raise refuse("the host does not resolve") from exc
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not rules.allow_private and any(not a.is_global for a in addresses):
        raise refuse("the host resolves to a private or local address")
    # Connect to the address just checked, not to a second lookup's answer (which a
    # DNS server could change in between: "rebinding"); the name still goes in the
    # Host header and the TLS handshake, so the certificate is checked against it.
    pinned = target.copy_with(host=str(addresses[0]))
    headers = {"Accept": "text/plain", "Host": target.netloc.decode("ascii")}
    try:
        async with httpx.AsyncClient(timeout=rules.timeout_s, follow_redirects=False,
                                     trust_env=False) as client, \
                client.stream("GET", pinned, headers=headers,
                              extensions={"sni_hostname": target.host}) as response:
            if response.status_code != 200:
                raise refuse(f"HTTP {response.status_code}")
            body = b""
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > rules.max_bytes:
                    raise refuse(f"the file is over {rules.max_bytes} bytes")
    except httpx.HTTPError as exc:
        raise refuse(type(exc).__name__) from exc
    return body.decode("utf-8", errors="replace")
