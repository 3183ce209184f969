"""Backup and restore: the session's graph (every public data set, the demo seed, keys and
audit events made here, and a probe node holding every kind of property value) written by
`graph/backup.py`, restored into a second, fresh local Neo4j, and compared node by node and
relationship by relationship.

The second instance (`<test instance>-restore`, port LERMAP_TEST_RESTORE_PORT, by default
the test port + 10: 7698, as the benchmark's has 7689) starts from an empty data folder in
a thread while the session's graph loads, and is stopped at the end.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from graph import memo
from graph.backup import BackupError, backup, check, restore
from graph.db import Database
from graph.local_neo4j import LocalNeo4j
from graph.settings import PROJECT_ROOT, Settings
from tests.helpers import connect, register

pytestmark = pytest.mark.neo4j

# Every node and relationship as comparable values: labels or type, every property with
# Cypher's own type name, zoned temporals in Cypher's text (the driver reads `Z` and
# `[UTC]` alike), other values as the driver reads them. Independent of graph/backup.py.
NODES = """MATCH (n)
RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props,
       [k IN keys(n) | [k, valueType(n[k])]] AS types,
       [k IN keys(n) WHERE valueType(n[k]) CONTAINS 'ZONED'
        | [k, CASE WHEN valueType(n[k]) STARTS WITH 'LIST' THEN [x IN n[k] | toString(x)]
                   ELSE toString(n[k]) END]] AS zoned"""
RELATIONSHIPS = """MATCH (a)-[r]->(b)
RETURN type(r) AS type, elementId(a) AS start, elementId(b) AS end, properties(r) AS props,
       [k IN keys(r) | [k, valueType(r[k])]] AS types,
       [k IN keys(r) WHERE valueType(r[k]) CONTAINS 'ZONED'
        | [k, CASE WHEN valueType(r[k]) STARTS WITH 'LIST' THEN [x IN r[k] | toString(x)]
                   ELSE toString(r[k]) END]] AS zoned"""

# A node and a relationship with every kind of value a property can hold.
PROBE = """
CREATE (p:BackupProbe:Extra {id: $id,
  zulu: datetime('2026-03-29T01:30:00.123456789Z'),
  utc: datetime('2026-03-29T01:30:00.123456789[UTC]'),
  paris: datetime('2026-10-25T02:30:00.5+01:00[Europe/Paris]'),
  offset: datetime('2026-01-01T10:00:00+05:45'),
  local: localdatetime('2026-01-01T10:00:00.000000001'), day: date('1999-12-31'),
  clock: time('23:59:59.999999999-03:00'), localClock: localtime('00:00:00.000000001'),
  span: duration('P1Y2M3DT4H5M6.000000007S'), days: [date('2020-02-29'), date('2021-01-01')],
  zones: [datetime('2020-01-01T00:00Z'), datetime('2020-01-01T00:00[America/New_York]')],
  flat: point({x: 1.5, y: -2.25}), deep: point({x: 1, y: 2, z: 3}),
  here: point({latitude: 52.37, longitude: 4.89}),
  high: point({latitude: 52.37, longitude: 4.89, height: 12.5}),
  places: [point({x: 0, y: 0}), point({x: 1, y: 1})],
  big: 9223372036854775807, small: -9223372036854775808, ratio: 0.1, whole: 1.0,
  nan: 0.0 / 0.0, inf: 1e308 * 10, ninf: -1e308 * 10, bytes: $bytes, empty: [],
  words: ['a', '', 'ünïcødé ✓', '{"$t": "datetime", "v": "not a tag"}'], flags: [true, false],
  numbers: [1, 2, 3], reals: [0.5, 1.0], text: '{"$t": "float", "v": "nan"}'})
WITH p
MATCH (s:Stakeholder) WITH p, s ORDER BY s.id LIMIT 1
CREATE (p)-[:PROBES {at: datetime('2026-01-01T00:00Z'), weight: 0.25, tags: ['x']}]->(s)
CREATE (p)-[:PROBES_ITSELF]->(p)
"""


def snapshot(records: tuple[list[Any], list[Any]]) -> tuple[Counter[str], Counter[str]]:
    """(nodes, relationships) as multisets of canonical text; a relationship names its
    endpoints by their whole content, the natural key that holds in any graph."""
    node_rows, rel_rows = records

    def props(row: Any) -> str:
        zoned = dict(row["zoned"])
        # A restore renews the change counter's epoch (graph/memo.py); it is checked apart.
        renewed = {"epoch"} if "ChangeCounter" in row.get("labels", []) else set()
        return repr(sorted((k, t, zoned.get(k, row["props"][k])) for k, t in row["types"]
                           if k not in renewed))

    content = {row["id"]: f"{sorted(row['labels'])} {props(row)}" for row in node_rows}
    nodes = Counter(content.values())
    rels = Counter(f"{row['type']} {props(row)} FROM {content[row['start']]} "
                   f"TO {content[row['end']]}" for row in rel_rows)
    return nodes, rels


async def read_graph(db: Database) -> tuple[Counter[str], Counter[str]]:
    nodes, _, _ = await db.driver.execute_query(NODES, database_=db.database)
    rels, _, _ = await db.driver.execute_query(RELATIONSHIPS, database_=db.database)
    return snapshot((nodes, rels))


def differences(a: Counter[str], b: Counter[str]) -> list[str]:
    return sorted((a - b).keys()) + sorted((b - a).keys())


@pytest.fixture(scope="session")  # session: set up before the session's graph, not after
def target_starting(settings: Settings) -> Iterator[tuple[LocalNeo4j, Future[bool]]]:
    """The restore's target, starting from nothing in a thread (the first fixture this
    module's tests ask for, so it overlaps with the session graph's load)."""
    port = int(os.environ.get("LERMAP_TEST_RESTORE_PORT", str(settings.lermap_neo4j_port + 10)))
    target = LocalNeo4j(home=settings.lermap_neo4j_home,
                        instance=f"{settings.lermap_neo4j_instance}-restore", port=port)
    target.stop()
    shutil.rmtree(target.instance_dir / "data", ignore_errors=True)
    with ThreadPoolExecutor(1) as pool:
        started = pool.submit(target.start)
        try:
            yield target, started
        finally:
            started.exception()  # waits for the start, whatever came of it
            target.stop()


@pytest.fixture
async def probe(db: Database, client: httpx.AsyncClient, admin_key: str
                ) -> AsyncIterator[str]:
    """The probe node, plus a registration (a stakeholder, its key's hash, audit events)."""
    await register(client)
    probe_id = f"probe-{os.getpid()}"
    await db.driver.execute_query(PROBE, id=probe_id, bytes=bytes(range(256)),
                                  database_=db.database)
    yield probe_id
    await db.driver.execute_query("MATCH (p:BackupProbe {id: $id}) DETACH DELETE p",
                                  id=probe_id, database_=db.database)


async def test_backup_restores_every_node_and_relationship(
        target_starting: tuple[LocalNeo4j, Future[bool]], settings: Settings,
        db: Database, probe: str, tmp_path: Path) -> None:
    target, started = target_starting
    path = tmp_path / "graph.jsonl.gz"
    written = await backup(db, path)
    source = await read_graph(db)
    assert written.nodes == sum(source[0].values()) > 1000
    assert written.relationships == sum(source[1].values()) > 1000
    for label in ("Stakeholder", "ApiKey", "AuditEvent", "Migration", "ChangeCounter"):
        assert check(path).end["labels"][label] > 0, label

    started.result()
    restored_db = connect(settings, target)
    try:
        summary = await restore(restored_db, path)
        assert (summary.nodes, summary.relationships) == (written.nodes, written.relationships)
        restored = await read_graph(restored_db)
        assert differences(source[0], restored[0]) == []
        assert await memo.read_token(restored_db) not in (None, await memo.read_token(db))
        assert differences(source[1], restored[1]) == []
        # The schema came back too (from the migrations), without the restore's own index.
        indexes, _, _ = await restored_db.driver.execute_query(
            "SHOW INDEXES YIELD name RETURN collect(name) AS names")
        assert {"stakeholder_text", "audit_record", "delivery_due"} <= set(indexes[0]["names"])
        assert "lermap_restore_id" not in indexes[0]["names"]

        # The comparison sees a zone written as an offset, and one relationship's property.
        await restored_db.driver.execute_query(
            "MATCH (p:BackupProbe) SET p.zulu = datetime('2026-03-29T01:30:00.123456789[UTC]')")
        await restored_db.driver.execute_query(
            "MATCH (:BackupProbe)-[r:PROBES]->() SET r.weight = 0.5")
        tampered = await read_graph(restored_db)
        assert [d for d in differences(source[0], tampered[0]) if "zulu" in d] != []
        assert len(differences(source[1], tampered[1])) == 4  # PROBES, PROBES_ITSELF: both ways

        # A second restore finds a database that is not empty.
        with pytest.raises(BackupError, match="restore needs an empty database"):
            await restore(restored_db, path)
    finally:
        await restored_db.close()


def test_restore_refuses_a_cut_or_foreign_file_before_writing(tmp_path: Path) -> None:
    header = {"format": "lermap-backup", "formatVersion": 1, "migrations": []}
    node = {"node": "4:x:0", "labels": ["Stakeholder"], "props": {"id": "s1"}}
    end = {"end": True, "nodes": 1, "relationships": 0, "labels": {"Stakeholder": 1},
           "types": {}}

    def file(*lines: dict[str, Any]) -> Path:
        path = tmp_path / "b.jsonl"
        path.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in lines))
        return path

    assert check(file(header, node, end)).end == end
    with pytest.raises(BackupError, match="cut short"):
        check(file(header, node))
    with pytest.raises(BackupError, match="do not add up"):
        check(file(header, node, node, end))
    hostile = {**node, "labels": ["Stakeholder`) DETACH DELETE n //"]}
    with pytest.raises(BackupError, match="not a name this graph uses"):
        check(file(header, hostile, end))
    with pytest.raises(BackupError, match="not a value this format writes"):
        check(file(header, {**node, "props": {"id": {"$t": "eval", "v": "x"}}}, end))
    with pytest.raises(BackupError, match="not a lermap backup"):
        check(file({"format": "other"}))


def test_cli_restore_refuses_a_database_with_data(local: LocalNeo4j, db: Database,
                                                  tmp_path: Path) -> None:
    path = tmp_path / "tiny.jsonl"
    path.write_bytes(orjson.dumps({"format": "lermap-backup", "formatVersion": 1,
                                   "migrations": []}) + b"\n" + orjson.dumps(
        {"end": True, "nodes": 0, "relationships": 0, "labels": {}, "types": {}}) + b"\n")
    env = {**os.environ, "NEO4J_URI": local.uri, "NEO4J_USER": "neo4j",
           "NEO4J_PASSWORD": local.password()}
    result = subprocess.run([sys.executable, "-m", "api.cli", "restore", str(path)],  # noqa: S603 -- fixed argv
                            env=env, cwd=PROJECT_ROOT, capture_output=True, text=True,
                            check=False, timeout=60)
    assert result.returncode == 1
    assert "restore needs an empty database" in result.stderr


async def test_a_backup_during_writes_is_retried_then_refused(db: Database,
                                                              tmp_path: Path) -> None:
    """Neo4j reads are read-committed: a write landing while the backup reads makes the
    file not one state of the graph. Under a steady stream of writes every attempt sees
    one, so the backup fails saying so, and leaves no file; once the writes stop, it
    succeeds at the first attempt."""
    stop = asyncio.Event()
    written = 0

    async def churn() -> None:
        nonlocal written
        while not stop.is_set():
            await db.driver.execute_query("CREATE (:BackupChurn {at: datetime()})",
                                          database_=db.database)
            written += 1
            await asyncio.sleep(0.005)

    path = tmp_path / "busy.jsonl"
    writer = asyncio.create_task(churn())
    try:
        await asyncio.sleep(0.2)
        with pytest.raises(BackupError, match="changed during each of 2 backup attempts"):
            await backup(db, path, attempts=2)
    finally:
        stop.set()
        await writer
    assert written > 10
    assert not path.exists() and not (tmp_path / "busy.jsonl.partial").exists()
    try:
        quiet = await backup(db, path)
        assert quiet.attempts == 1 and check(path).end["labels"]["BackupChurn"] == written
    finally:
        await db.driver.execute_query("MATCH (n:BackupChurn) DETACH DELETE n",
                                      database_=db.database)
