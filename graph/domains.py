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
import functools
import ipaddress
import secrets
import socket
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
from neo4j import AsyncManagedTransaction

from graph import audit, policy, repo
from graph.db import Database
from graph.errors import Conflict, InvalidInput
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
        rows = await db.run_in_tx(tx, "domains/mark_verified", id=stakeholder_id, token=token,
                                  domain=domain_of(stakeholder.website or ""))
        row = repo.first_row(rows, Conflict("the record's website or token changed during the "
                                            "check; ask for a new token", ["stakeholderId"]))
        await audit.record(db, tx, actor, record_id=stakeholder_id, record_type="Stakeholder",
                           action="DOMAIN_VERIFIED", changes=["domainVerifiedAt"])
        return repo.to_model(StakeholderModel, row["node"])

    return await db.write_tx("domains/verify", work)


# IPv6 ranges that carry an IPv4 address (NAT64, IPv4-compatible): `is_global` says yes
# to them, but they reach whatever IPv4 address they embed.
_EMBEDDING = [ipaddress.ip_network(n) for n in ("64:ff9b::/96", "64:ff9b:1::/48", "::/96")]
# Lookups for verifyDomain run on threads of their own: a name server that never answers
# must not hold the threads the Neo4j driver resolves its own addresses with.
_RESOLVER = ThreadPoolExecutor(max_workers=2, thread_name_prefix="verify-dns")


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped.is_global
        if any(address in net for net in _EMBEDDING):
            return False
    return address.is_global


async def _resolve(host: str, timeout_s: float) -> list[tuple[Any, ...]]:
    loop = asyncio.get_running_loop()
    lookup = loop.run_in_executor(_RESOLVER, functools.partial(
        socket.getaddrinfo, host, None, type=socket.SOCK_STREAM))
    return list(await asyncio.wait_for(lookup, timeout_s))


@dataclass(frozen=True)
class Pinned:
    """A URL whose host is replaced by the address just checked, with what a request to it
    needs to still name the host: the Host header and the TLS server name."""

    url: httpx.URL
    host_header: str
    sni_hostname: str


class Refused(Exception):
    """The URL's host does not resolve, or resolves to a private or local address."""


async def pin(url: str, *, allow_private: bool, timeout_s: float) -> Pinned:
    """Resolve once, check every address, and connect to the first one checked.

    Connecting by name would resolve a second time, and a DNS server could answer
    differently in between ("rebinding") with a private address. The name still goes in
    the Host header and the TLS handshake, so the certificate is checked against it.
    Used by verifyDomain's fetch and by webhook deliveries.
    """
    target = httpx.URL(url)
    # The ASCII (punycode) form, as stored: Python's own IDNA codec would turn `faß.de`
    # into `fass.de`, another domain, for DNS and for the certificate check.
    host = target.raw_host.decode("ascii")
    try:
        infos = await _resolve(host, timeout_s)
    except (OSError, TimeoutError) as exc:
        raise Refused("the host does not resolve") from exc
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses or (not allow_private and any(not _public(a) for a in addresses)):
        raise Refused("the host resolves to a private or local address")
    return Pinned(target.copy_with(host=str(addresses[0])), target.netloc.decode("ascii"), host)


async def fetch(url: str, rules: FetchRules) -> str:
    """The token file's text; InvalidInput (naming the reason) for anything else."""
    def refuse(reason: str) -> InvalidInput:
        return InvalidInput([(["stakeholderId"], f"could not read {url}: {reason}")])

    try:
        target = await pin(url, allow_private=rules.allow_private, timeout_s=rules.timeout_s)
    except Refused as exc:
        raise refuse(str(exc)) from exc
    headers = {"Accept": "text/plain", "Host": target.host_header}
    try:
        async with httpx.AsyncClient(timeout=rules.timeout_s, follow_redirects=False,
                                     trust_env=False) as client, \
                client.stream("GET", target.url, headers=headers,
                              extensions={"sni_hostname": target.sni_hostname}) as response:
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
