"""The map's ten groups and every stage's actions, exactly as the YAML has them."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from graph.db import Database
from graph.importers import ler_map
from tests.helpers import gql


def yaml_stage_actions(path: Path) -> dict[tuple[str, str], list[str]]:
    """Counted straight from the file, independently of the importer."""
    out: dict[tuple[str, str], list[str]] = {}
    for entry in yaml.safe_load(path.read_text())["stakeholders"]:
        for section in entry["sections"]:
            bullets = section["bullets"]
            bullets = bullets if isinstance(bullets, list) else [bullets]
            out[(entry["name"], section["title"].upper())] = [
                " ".join(html.unescape(b).split()) for b in bullets]
    return out


@pytest.fixture(scope="module")
def map_file(data_dir: Path) -> Path:
    return data_dir / "ler-map" / "stakeholders-list.yml"


async def test_ten_groups_with_every_stage_action(client: httpx.AsyncClient,
                                                  map_file: Path) -> None:
    expected = yaml_stage_actions(map_file)
    body = await gql(client, "{ stakeholderGroups { group name definition examples "
                             "actions { id stage text } } }")
    groups = body["data"]["stakeholderGroups"]
    assert len(groups) == 10
    assert len({g["group"] for g in groups}) == 10
    seen: dict[tuple[str, str], list[str]] = {}
    for group in groups:
        assert group["definition"]
        for action in group["actions"]:
            seen.setdefault((group["name"], action["stage"]), []).append(action["text"])
    names = {name for name, _ in expected}
    assert {g["name"] for g in groups} == names
    assert seen == expected


async def test_stage_argument_filters(client: httpx.AsyncClient, map_file: Path) -> None:
    expected = yaml_stage_actions(map_file)
    body = await gql(client,
                     "{ stakeholderGroups { name actions(stage: ADOPTING) { stage text } } }")
    for group in body["data"]["stakeholderGroups"]:
        assert {a["stage"] for a in group["actions"]} <= {"ADOPTING"}
        assert [a["text"] for a in group["actions"]] == expected[(group["name"], "ADOPTING")]


async def test_single_string_bullets_become_one_action(client: httpx.AsyncClient) -> None:
    """Governance's `gathering` area has `bullets:` as one string in the real file."""
    body = await gql(client,
                     "{ stakeholderGroups { group areaActions(area: GATHERING) { text } } }")
    governance = next(g for g in body["data"]["stakeholderGroups"] if g["group"] == "GOVERNANCE")
    assert len(governance["areaActions"]) == 1
    assert governance["areaActions"][0]["text"].startswith("Track credential exchange")


async def test_html_entities_are_decoded(client: httpx.AsyncClient) -> None:
    body = await gql(client, "{ stakeholderGroups { areaActions { text } } }")
    texts = [a["text"] for g in body["data"]["stakeholderGroups"] for a in g["areaActions"]]
    assert any("policy: integrity" in t for t in texts)
    assert not any("&colon;" in t for t in texts)


async def snapshot(db: Database) -> list[Any]:
    result = await db.driver.execute_query(
        "MATCH (g:StakeholderGroup) OPTIONAL MATCH (g)-[r:HAS_ACTION]->(a:Action) "
        "RETURN g {.*} AS g, a {.*} AS a, count(r) AS rels ORDER BY g.id, a.id")
    return [dict(r) for r in result.records]


async def test_second_import_changes_nothing(db: Database, map_file: Path) -> None:
    before = await snapshot(db)
    report = await ler_map.import_map(db, map_file)
    assert report.tallies["groups"].unchanged == 10
    assert report.changed == 0
    assert await snapshot(db) == before


def test_unknown_group_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "map.yml"
    bad.write_text("stakeholders:\n  - name: Pirates\n    url: pirates\n")
    with pytest.raises(ler_map.MapFileError, match="pirates"):
        ler_map.parse(bad)
