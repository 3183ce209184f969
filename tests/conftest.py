"""Fixtures: a dedicated local Neo4j ("test" instance, port 7688), loaded once.

The test instance holds nothing else, so the session starts by emptying it.
Tests that write make their own records and compare against what the graph
itself says, not against numbers written into the test.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager

from api.app import create_app
from graph import apikeys
from graph.db import Database
from graph.importers import registry
from graph.local_neo4j import LocalNeo4j
from graph.migrations import migrate
from graph.seed import seed_demo
from graph.settings import PROJECT_ROOT, Settings
from tests.helpers import connect

DATA = PROJECT_ROOT.parent / "shared" / "data"
# Fixtures that start or use the test Neo4j: a test that needs one (even indirectly) is
# marked `neo4j`, so `pytest -m "not neo4j"` runs the pure tests in seconds, without Java.
NEO4J_FIXTURES = {"local", "db", "client", "admin_key"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if NEO4J_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.neo4j)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    assert DATA.is_dir(), f"the shared data folder is missing: {DATA}"
    return DATA


@pytest.fixture(scope="session")
def settings() -> Settings:
    # Tests register many stakeholders; the rate limit has its own test and app.
    # LERMAP_TEST_INSTANCE / LERMAP_TEST_PORT let two checkouts test side by side.
    return Settings(neo4j_uri=None,
                    lermap_neo4j_instance=os.environ.get("LERMAP_TEST_INSTANCE", "test"),
                    lermap_neo4j_port=int(os.environ.get("LERMAP_TEST_PORT", "7688")),
                    environment="development", register_rate_limit=100_000,
                    webhooks_allow_private=True,
                    # No delivery worker in the session's app: tests that deliver run their own.
                    webhooks_worker=False)


@pytest.fixture(scope="session")
def local(settings: Settings) -> Iterator[LocalNeo4j]:
    neo = LocalNeo4j(home=settings.lermap_neo4j_home, instance=settings.lermap_neo4j_instance,
                     port=settings.lermap_neo4j_port)
    started = neo.start()
    yield neo
    if started:  # leave a Neo4j that was already running (a developer's) as it was
        neo.stop()


@pytest.fixture(scope="session")
async def db(settings: Settings, local: LocalNeo4j, data_dir: Path) -> AsyncIterator[Database]:
    database = connect(settings, local)
    await database.driver.execute_query("MATCH (n) WHERE NOT n:Migration DETACH DELETE n")
    await migrate(database)
    for source, paths in registry.default_paths(data_dir).items():
        await registry.run(database, source, paths)
    await seed_demo(database)
    yield database
    await database.close()


@pytest.fixture(scope="session")
async def client(settings: Settings, local: LocalNeo4j, db: Database
                 ) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, connect(settings, local))
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


@pytest.fixture(scope="session")
async def admin_key(db: Database) -> str:
    return await apikeys.create_admin_key(db, "tests")
