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


# -- the `scale` profile: replicas, Redis, a load balancer ---------------------------------

SCALE = ("migrate", "redis", "api-scaled", "lb")


def test_scale_profile_has_replicas_redis_and_a_balancer(compose: dict[str, Any]) -> None:
    services = compose["services"]
    for name in SCALE:
        assert services[name]["profiles"] == ["scale"], name
    assert "profiles" not in services["api"] and "profiles" not in services["neo4j"]
    api = services["api-scaled"]
    assert api["deploy"]["replicas"] >= 2
    assert api["command"][:3] == ["lermap", "serve", "--no-migrate"]
    assert int(api["command"][api["command"].index("--workers") + 1]) >= 2
    assert "ports" not in api                      # reached through the balancer only
    assert services["migrate"]["command"] == ["lermap", "migrate"]
    assert api["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert api["depends_on"]["redis"]["condition"] == "service_healthy"
    assert services["lb"]["depends_on"]["api-scaled"]["condition"] == "service_healthy"
    for port in services["lb"]["ports"]:
        assert port.startswith("127.0.0.1:")
    # Pinned images, as the Neo4j one is.
    for name in ("redis", "lb"):
        assert re.fullmatch(r"[a-z]+:\d+\.\d+\.\d+-alpine", services[name]["image"]), name


def test_scaled_replicas_share_redis_and_trust_only_the_balancer(
        compose: dict[str, Any]) -> None:
    from graph.settings import Settings

    services = compose["services"]
    env = services["api-scaled"]["environment"]
    fields = {name.upper() for name in Settings.model_fields}
    assert set(env) <= fields
    assert env["RATE_LIMIT_STORAGE_URL"] == "redis://redis:6379/0"
    assert "redis" in services
    balancer = services["lb"]["networks"]["scale"]["ipv4_address"]
    assert env["TRUSTED_PROXIES"] == balancer
    subnet = compose["networks"]["scale"]["ipam"]["config"][0]["subnet"]
    import ipaddress

    assert ipaddress.ip_address(balancer) in ipaddress.ip_network(subnet)
    # The same database as the single API, the same Neo4j image.
    assert env["NEO4J_URI"] == services["api"]["environment"]["NEO4J_URI"]
    assert env["NEO4J_PASSWORD"] == services["api"]["environment"]["NEO4J_PASSWORD"]


def test_the_balancer_probes_readyz_on_the_replicas(compose: dict[str, Any]) -> None:
    lb = compose["services"]["lb"]
    source, target = lb["volumes"][0].split(":")[:2]
    assert target == "/usr/local/etc/haproxy/haproxy.cfg"
    config = (PROJECT_ROOT / source).read_text()
    lines = [line.split("#")[0].strip() for line in config.splitlines()]
    env = compose["services"]["api-scaled"]["environment"]
    assert "option httpchk GET /readyz" in lines
    assert "http-check expect status 200" in lines
    assert "option forwardfor" in lines
    servers = [line for line in lines if line.startswith("server-template ")]
    assert servers == [f"server-template api 8 api-scaled:{env['PORT']}"]
    binds = [line for line in lines if line.startswith("bind ")]
    published = lb["ports"][0].rsplit(":", 1)[1]
    assert binds == [f"bind :{published}"]
    # A draining replica leaves the rotation within its drain: probes x failures < drain.
    check = next(line for line in lines if line.startswith("default-server "))
    inter = float(re.search(r"inter (\d+(?:\.\d+)?)s", check)[1])  # type: ignore[index]
    fall = int(re.search(r"fall (\d+)", check)[1])  # type: ignore[index]
    assert inter * fall < float(env["SHUTDOWN_DRAIN_S"])
