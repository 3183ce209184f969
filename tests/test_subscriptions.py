"""`subscription { changes }` over graphql-transport-ws, against `lermap serve`, with the
`gql` package's websockets transport (a real client): live changes arrive, and a client
that disconnects and resumes from its last cursor misses nothing; the key in the upgrade
request is the caller; a client may hold only so many sockets."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from gql import Client
from gql import gql as document
from gql.transport.exceptions import TransportConnectionFailed
from gql.transport.websockets import WebsocketsTransport
from websockets.exceptions import InvalidStatus

from graph.local_neo4j import LocalNeo4j
from tests.helpers import gql, register, served

SUBSCRIBE = document("""subscription($types: [ChangeType!], $after: String) {
  changes(types: $types, after: $after) { sequence cursor type recordId
    entity { __typename ... on Stakeholder { id description } } } }""")
UPDATE = """mutation($id: ID!, $d: String!) { updateStakeholder(input: {id: $id, description: $d}) {
  stakeholder { id } errors { message } } }"""
ENV = {"SUBSCRIPTION_POLL_S": "0.2", "WRITE_RATE_LIMIT": "100000",
       "REGISTER_RATE_LIMIT": "1000", "MAX_WEBSOCKETS_PER_CLIENT": "2"}


def transport(url: str, key: str | None = None) -> WebsocketsTransport:
    return WebsocketsTransport(url=url.replace("http://", "ws://") + "/graphql",
                               headers={"Authorization": f"Bearer {key}"} if key else None,
                               # graphql-transport-ws
                               subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL])


async def take(url: str, n: int, variables: dict[str, Any], key: str | None = None,
               started: asyncio.Event | None = None) -> list[dict[str, Any]]:
    """The first `n` changes of a subscription, then disconnects."""
    got: list[dict[str, Any]] = []
    async with Client(transport=transport(url, key)) as session:
        subscription = session.subscribe(SUBSCRIBE, variable_values=variables)
        task = asyncio.ensure_future(subscription.__anext__())
        await asyncio.sleep(0.5)  # subscribed (the server has read its starting point)
        if started:
            started.set()
        got.append((await asyncio.wait_for(task, 30))["changes"])
        while len(got) < n:
            got.append((await asyncio.wait_for(subscription.__anext__(), 30))["changes"])
        await subscription.aclose()
    return got


async def ready(started: asyncio.Event, client: asyncio.Task[Any]) -> None:
    """Until the client has subscribed; its error, if it failed first."""
    waiting = asyncio.create_task(started.wait())
    await asyncio.wait([waiting, client], timeout=30, return_when=asyncio.FIRST_COMPLETED)
    if client.done():
        client.result()
    assert started.is_set(), "the client did not subscribe within 30 s"


async def test_live_changes_then_resume_from_the_last_cursor_without_loss(
        local: LocalNeo4j, tmp_path: Path) -> None:
    with served(local, tmp_path / "serve.log", **ENV) as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            org, key = await register(http)
            variables = {"types": ["STAKEHOLDER_UPDATED"]}
            started = asyncio.Event()
            live = asyncio.create_task(take(url, 3, variables, started=started))
            await ready(started, live)
            for i in range(3):
                await gql(http, UPDATE, {"id": org["id"], "d": f"live {i}"}, key=key)
            first = await live
            # Disconnected: three more changes happen meanwhile.
            for i in range(3):
                await gql(http, UPDATE, {"id": org["id"], "d": f"missed {i}"}, key=key)
            resumed = await take(url, 3, {**variables, "after": first[-1]["cursor"]})
    changes = first + resumed
    assert [c["recordId"] for c in changes] == [org["id"]] * 6
    assert all(c["type"] == "STAKEHOLDER_UPDATED" for c in changes)
    sequences = [c["sequence"] for c in changes]
    assert sequences == sorted(set(sequences)), "each once, in order"
    assert changes[0]["entity"]["__typename"] == "Stakeholder"


async def test_the_key_is_the_caller_and_sockets_per_client_are_limited(
        local: LocalNeo4j, tmp_path: Path) -> None:
    with served(local, tmp_path / "serve.log", **ENV) as url:
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            _, key = await register(http)
            variables = {"types": ["API_KEYS_CHANGED"]}
            started = asyncio.Event()
            own = asyncio.create_task(take(url, 1, variables, key=key, started=started))
            anonymous: list[dict[str, Any]] = []

            async def watch() -> None:
                anonymous.extend(await take(url, 1, variables))

            watcher = asyncio.create_task(watch())
            await ready(started, own)
            # Two sockets are open from this client: a third is refused at the handshake.
            with pytest.raises(TransportConnectionFailed) as refused:
                async with Client(transport=transport(url)) as session:
                    await session.execute(document("{ __typename }"))
            cause = refused.value.__cause__
            assert isinstance(cause, InvalidStatus) and cause.response.status_code == 403
            rotated = await gql(http, "mutation { rotateApiKey { apiKey } }", key=key)
            assert rotated["data"]["rotateApiKey"]["apiKey"]
            (change,) = await own
            assert change["type"] == "API_KEYS_CHANGED"
            await asyncio.sleep(1)
            assert anonymous == [], "a private change reaches only its owner"
            watcher.cancel()
