"""docker-compose.yml: no Docker engine here, so its structure is checked instead."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from graph.local_neo4j import POM
from graph.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
    return doc


def test_neo4j_image_pinned_to_the_local_version(compose: dict[str, Any]) -> None:
    local_version = re.search(r"<neo4j.version>([^<]+)</neo4j.version>", POM.read_text())
    assert local_version is not None
    assert compose["services"]["neo4j"]["image"] == f"neo4j:{local_version[1]}-community"


def test_secrets_come_from_the_environment(compose: dict[str, Any]) -> None:
    neo4j_env = compose["services"]["neo4j"]["environment"]
    assert neo4j_env["NEO4J_AUTH"] == "neo4j/${NEO4J_PASSWORD:?set NEO4J_PASSWORD}"
    api_env = compose["services"]["api"]["environment"]
    assert api_env["NEO4J_PASSWORD"].startswith("${NEO4J_PASSWORD")
    assert api_env["NEO4J_URI"] == "bolt://neo4j:7687"


def test_services_have_health_checks_and_order(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert "healthcheck" in services["neo4j"]
    assert "/readyz" in " ".join(services["api"]["healthcheck"]["test"])
    assert services["api"]["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert services["api"]["build"] == "."
    assert (PROJECT_ROOT / "Dockerfile").is_file()


def test_data_lives_in_a_volume_and_ports_stay_on_loopback(compose: dict[str, Any]) -> None:
    assert "neo4j-data:/data" in compose["services"]["neo4j"]["volumes"]
    assert "neo4j-data" in compose["volumes"]
    for name in ("neo4j", "api"):
        for port in compose["services"][name]["ports"]:
            assert port.startswith("127.0.0.1:")


def test_every_setting_the_api_gets_is_a_real_setting(compose: dict[str, Any]) -> None:
    from graph.settings import Settings

    fields = {name.upper() for name in Settings.model_fields}
    for name in compose["services"]["api"]["environment"]:
        assert name in fields, name
