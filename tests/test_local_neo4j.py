"""The managed local Neo4j: idempotent start, status, authentication."""

from __future__ import annotations

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from graph.local_neo4j import LocalNeo4j, LocalNeo4jError


def test_start_while_running_is_a_no_op(local: LocalNeo4j) -> None:
    pid = local.pid()
    assert local.start() is False
    assert local.pid() == pid
    assert "ready" in local.status()


def test_password_is_required(local: LocalNeo4j) -> None:
    with GraphDatabase.driver(local.uri, auth=("neo4j", "not-the-password")) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_password_file_is_private(local: LocalNeo4j) -> None:
    assert local.password_file.stat().st_mode & 0o077 == 0


def test_port_taken_by_another_program_is_reported(local: LocalNeo4j) -> None:
    other = LocalNeo4j(home=local.home, instance="probe-port-clash", port=local.port)
    with pytest.raises(LocalNeo4jError, match="in use"):
        other.start()
