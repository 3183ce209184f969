"""Migrations apply once, in order, and refuse an applied file that changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph import memo
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


async def test_a_rewritten_file_names_its_previous_checksum(db: Database,
                                                          tmp_path: Path) -> None:
    """A file rewritten to do the same thing lists what it was; a database that applied
    the earlier text is accepted and its record takes the new checksum. Listing some
    other checksum does not help."""
    copy = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, copy)
    first = sorted(copy.glob("V0001__*.cypher"))[0]
    original = discover(copy)[0].checksum
    first.write_text(first.read_text() + f"\n// previous checksum {'0' * 64}\n")
    with pytest.raises(MigrationError, match=first.name):
        await migrate(db, copy)
    first.write_text(first.read_text() + f"// previous checksum {original}\n")
    rewritten = discover(copy)[0].checksum
    try:
        assert await migrate(db, copy) == []
        recorded = {r["version"]: r["checksum"] for r in await db.read("migration/read_applied")}
        assert recorded[1] == rewritten
        assert await migrate(db, copy) == []
    finally:
        await db.write("migration/update_checksum", version=1, checksum=original)


async def test_new_migration_applies_once(db: Database, tmp_path: Path) -> None:
    copy = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, copy)
    (copy / "V9999__probe_index.cypher").write_text(
        "CREATE INDEX probe_index IF NOT EXISTS FOR (n:Probe) ON (n.x);\n")
    try:
        token = await memo.read_token(db)
        applied = await migrate(db, copy)
        assert [m.version for m in applied] == [9999]
        # Applied under running servers: their remembered answers go (graph/memo.py).
        renewed = await memo.read_token(db)
        assert renewed is not None and renewed != token
        assert await migrate(db, copy) == []
        assert await memo.read_token(db) == renewed  # nothing applied, nothing renewed
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


async def test_v0010_keeps_a_shared_ctid_with_the_oldest_credential(db: Database) -> None:
    """V0010's repair of CTIDs given twice, run on a probe label (the credentials' own
    constraint forbids the duplicates it repairs): the oldest holder keeps the CTID, each
    later one gets a fresh, distinct one; a CTID held once is not touched."""
    v0010 = next(m for m in discover() if m.version == 10)
    repair = v0010.statements()[0].replace(":Credential", ":CtidProbe")
    assert ":Credential" not in repair
    await db.driver.execute_query(
        "UNWIND $rows AS r CREATE (:CtidProbe {id: r[0], ctid: r[1], "
        "createdAt: datetime(r[2])})",
        {"rows": [["p3", "ce-shared", "2026-03-01T00:00:00Z"],
                  ["p1", "ce-shared", "2026-01-01T00:00:00Z"],
                  ["p2", "ce-shared", "2026-02-01T00:00:00Z"],
                  ["p0", "ce-alone", "2025-01-01T00:00:00Z"]]})
    try:
        await db.driver.execute_query(repair)
        result = await db.driver.execute_query(
            "MATCH (p:CtidProbe) RETURN p.id AS id, p.ctid AS ctid ORDER BY id")
        ctids = {r["id"]: r["ctid"] for r in result.records}
        assert ctids["p0"] == "ce-alone" and ctids["p1"] == "ce-shared"
        assert ctids["p2"].startswith("ce-") and ctids["p3"].startswith("ce-")
        assert len(set(ctids.values())) == 4
    finally:
        await db.driver.execute_query("MATCH (p:CtidProbe) DELETE p")
