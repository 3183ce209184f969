"""What tests share besides fixtures: a GraphQL call, registrations, a Database."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from graph.db import Database
from graph.local_neo4j import LocalNeo4j
from graph.settings import Settings


def connect(settings: Settings, local: LocalNeo4j) -> Database:
    return Database.connect(local.uri, "neo4j", local.password(), settings.neo4j_database,
                            settings.request_timeout_s)


async def gql(client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None,
              *, key: str | None = None, expect_errors: bool = False) -> dict[str, Any]:
    """POST a GraphQL request; fails the test on top-level errors unless expected."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}},
                                 headers=headers)
    body: dict[str, Any] = response.json()
    if not expect_errors:
        assert "errors" not in body, body["errors"]
    return body


REGISTER = """mutation($input: RegisterStakeholderInput!) { registerStakeholder(input: $input) {
  apiKey stakeholder { id slug name verification groups website updatedAt }
  errors { code message field } } }"""


def registration(**overrides: Any) -> dict[str, Any]:
    """A valid registration input with a unique name and website."""
    tag = uuid.uuid4().hex[:10]
    return {"name": f"Test Org {tag}", "groups": ["EMPLOYERS"], "roles": ["VERIFIER"],
            "website": f"https://{tag}.test", "contactEmail": f"ops+{tag}@example.org",
            **overrides}


async def register(client: httpx.AsyncClient, **overrides: Any) -> tuple[dict[str, Any], str]:
    """Registers a stakeholder; returns (stakeholder, api key)."""
    body = await gql(client, REGISTER, {"input": registration(**overrides)})
    payload = body["data"]["registerStakeholder"]
    assert payload["errors"] == [], payload["errors"]
    return payload["stakeholder"], payload["apiKey"]
