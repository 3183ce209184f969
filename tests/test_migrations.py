"""Migrations apply once, in order, and refuse an applied file that changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.db import Database
from graph.migrations import MIGRATIONS_DIR, MigrationError, discover, migrate


async def test_second_run_applies_nothing(db: Database) -> None:
    assert await migrate(db) == []


async def test_every_file_is_recorded_with_its_checksum(db: Database) -> None:
    records = await db.read("migration/read_applied")
    recorded = {r["version"]: r["checksum"] for r in records}
    for migration in discover():
        assert recorded[migration.version] == migration.checksum


async def test_changed_applied_migration_is_refused_by_name(db: Database, tmp_path: Path) -> None:
    copy = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, copy)
    first = sorted(copy.glob("V0001__*.cypher"))[0]
    first.write_text(first.read_text() + "\n// edited after it was applied\n")
    with pytest.raises(MigrationError, match=first.name):
        await migrate(db, copy)


async def test_new_migration_applies_once(db: Database, tmp_path: Path) -> None:
    copy = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, copy)
    (copy / "V9999__probe_index.cypher").write_text(
        "CREATE INDEX probe_index IF NOT EXISTS FOR (n:Probe) ON (n.x);\n")
    try:
        applied = await migrate(db, copy)
        assert [m.version for m in applied] == [9999]
        assert await migrate(db, copy) == []
        indexes = await db.driver.execute_query(
            "SHOW INDEXES YIELD name WHERE name = 'probe_index' RETURN name")
        assert len(indexes.records) == 1
    finally:
        await db.driver.execute_query("DROP INDEX probe_index IF EXISTS")
        await db.driver.execute_query("MATCH (m:Migration {version: 9999}) DELETE m")


def test_badly_named_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "0001_constraints.cypher").write_text("RETURN 1;")
    with pytest.raises(MigrationError, match=r"0001_constraints\.cypher"):
        discover(tmp_path)


async def test_constraints_exist(db: Database) -> None:
    result = await db.driver.execute_query(
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type "
        "WHERE type = 'UNIQUENESS' RETURN labelsOrTypes[0] AS label, properties[0] AS prop")
    unique = {(r["label"], r["prop"]) for r in result.records}
    for label in ("Stakeholder", "Credential", "Skill", "Standard", "Partnership",
                  "StakeholderGroup", "Action", "ApiKey"):
        assert (label, "id") in unique
    assert ("Stakeholder", "slug") in unique
