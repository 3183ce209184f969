"""`lermap backup` and `lermap restore`: a logical export of the whole graph, and its load
into an empty database.

The file is JSON Lines (gzip when its name ends `.gz`): a header line (format, Neo4j's
version, the migrations applied, the counts), one line per node (old element id, labels,
properties), one line per relationship (type, old element ids of its endpoints,
properties), and an end line with the counts written, per label and per type, so that a
cut file is refused. Everything is in it: the map's records, the audit trail, the API keys'
hashes, webhooks and their outbox, the migrations, the change counter.

Backup reads in ONE read transaction and streams (the driver pulls records a thousand at
a time; nothing holds the graph in memory). Neo4j's isolation is read-committed, not a
snapshot, so the transaction also reads the node and relationship counts and the change
counter at its start and at its end: when a write landed in between, the file is thrown
away and the backup runs again (at most `attempts` times).

Property values the driver cannot tell apart are written in Cypher's own text: a datetime
at offset `Z` and one in zone `UTC` read as the same Python value, and Cypher keeps them
different. Values JSON has no form for carry a tag: `{"$t": "datetime", "v": "..."}`
(temporals), `{"$t": "point", "srid": ..., "v": [...]}`, `{"$t": "bytes", "v": base64}`,
`{"$t": "float", "v": "nan"}`. A property value is never a map in Neo4j, so an object in a
property's place is always a tag.

Restore reads the file twice: first to check all of it (shape, names, counts) before
writing anything, then to load it in batches of UNWIND rows. Labels and relationship types
reach Cypher as parameters through its dynamic labels (`CREATE (n:$(row.labels))`, Neo4j
5.26), never as query text, so no name in a file can change a query. Names are still
checked against a strict identifier pattern: a file with a name our graph never has is
corrupt or not ours, and is refused before anything is written.
"""

from __future__ import annotations

import base64
import gzip
import math
import os
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import orjson
from neo4j import READ_ACCESS, AsyncManagedTransaction, AsyncTransaction, Query
from neo4j.spatial import CartesianPoint, Point, WGS84Point
from neo4j.time import Date, DateTime, Duration, Time

from graph import cypher, memo
from graph.db import Database
from graph.migrations import discover, migrate

FORMAT = "lermap-backup"
FORMAT_VERSION = 1
BATCH = 2000
# Labels, relationship types and property keys our graph uses: identifiers.
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,99}$")
# What restore puts on nodes while it runs; a file that holds them is not a backup of ours.
RESERVED_LABEL = "LermapRestorePending"
RESERVED_KEY = "lermapRestoreId"
TEMPORAL_TAGS = {"DATE": "date", "LOCAL TIME": "localtime", "ZONED TIME": "time",
                 "LOCAL DATETIME": "localdatetime", "ZONED DATETIME": "datetime",
                 "DURATION": "duration"}
POINTS: dict[int, type[Point]] = {7203: CartesianPoint, 9157: CartesianPoint,
                                  4326: WGS84Point, 4979: WGS84Point}


class BackupError(RuntimeError):
    """A backup could not be taken, or a file could not be restored (nothing was written
    unless the message says so)."""


@dataclass(frozen=True)
class Summary:
    path: Path
    nodes: int
    relationships: int
    seconds: float
    attempts: int = 1
    migrations_applied: tuple[int, ...] = ()


# -- values ------------------------------------------------------------------------------

def encode(value: Any) -> Any:
    """A driver value (temporals excepted: see `_temporals`) as JSON."""
    if value is None or isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$t": "float", "v": repr(value)}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, bytes | bytearray):
        return {"$t": "bytes", "v": base64.b64encode(value).decode()}
    if isinstance(value, Point):
        return {"$t": "point", "srid": value.srid, "v": list(value)}
    if isinstance(value, Date | Time | DateTime | Duration):
        raise BackupError("a temporal value came without its Cypher text")  # backup/nodes
    raise BackupError(f"a property value of an unknown type: {type(value).__name__}")


def decode(value: Any, where: str) -> Any:
    """The driver value of an encoded, non-temporal value."""
    if isinstance(value, list):
        return [decode(v, where) for v in value]
    if not isinstance(value, dict):
        return value
    tag = value.get("$t")
    if tag == "float" and value.get("v") in ("nan", "inf", "-inf"):
        return float(value["v"])
    if tag == "bytes" and isinstance(value.get("v"), str):
        return base64.b64decode(value["v"], validate=True)
    if tag == "point" and value.get("srid") in POINTS and isinstance(value.get("v"), list):
        return POINTS[value["srid"]](value["v"])
    raise BackupError(f"{where}: not a value this format writes: {str(value)[:80]}")


def _temporal(value: Any) -> tuple[str, bool, list[str]] | None:
    """(type, is a list, Cypher texts) of an encoded temporal value; None for others."""
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(v, dict) and v.get("$t") in TEMPORAL_TAGS.values()
                            and isinstance(v.get("v"), str) for v in items):
        return None
    if len({v["$t"] for v in items}) != 1:
        return None
    return items[0]["$t"], isinstance(value, list), [v["v"] for v in items]


def _encode_props(props: dict[str, Any], temporal: list[list[Any]]) -> dict[str, Any]:
    out = {k: v for k, v in props.items()}
    texts = {key: (kind, values) for key, kind, values in temporal}
    for key, value in props.items():
        if key in texts:
            kind, values = texts[key]
            base = kind.replace(" NOT NULL", "")
            is_list = base.startswith("LIST<")
            tag = TEMPORAL_TAGS[base[5:-1] if is_list else base]
            tagged = [{"$t": tag, "v": v} for v in values]
            out[key] = tagged if is_list else tagged[0]
        else:
            out[key] = encode(value)
    return out


def _split_props(props: dict[str, Any], where: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(plain properties as driver values, temporal ones for Cypher to parse)."""
    plain: dict[str, Any] = {}
    temporal: list[dict[str, Any]] = []
    for key, value in props.items():
        found = _temporal(value)
        if found is None:
            plain[key] = decode(value, f"{where} property {key!r}")
        else:
            kind, is_list, values = found
            temporal.append({"key": key, "type": kind, "list": is_list, "values": values})
    return plain, temporal


# -- files -------------------------------------------------------------------------------

def _open(path: Path, mode: str) -> IO[bytes]:
    if path.name.endswith(".gz") or (mode == "wb" and path.name.endswith(".gz.partial")):
        return gzip.open(path, mode)  # type: ignore[return-value]  # GzipFile is an IO[bytes]
    return path.open(mode)


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        with _open(path, "rb") as fh:
            for number, line in enumerate(fh, start=1):
                try:
                    item = orjson.loads(line)
                except orjson.JSONDecodeError as exc:
                    raise BackupError(f"{path}: line {number} is not JSON ({exc})") from exc
                if not isinstance(item, dict):
                    raise BackupError(f"{path}: line {number} is not a JSON object")
                yield number, item
    except (OSError, EOFError) as exc:  # a missing, unreadable or cut gzip file
        raise BackupError(f"{path}: cannot be read: {exc}") from exc


# -- backup ------------------------------------------------------------------------------

async def _one(tx: AsyncTransaction, name: str) -> dict[str, Any]:
    result = await tx.run(cypher.text(name))
    record = await result.single(strict=True)
    return dict(record)


async def backup(db: Database, path: Path, *, attempts: int = 3) -> Summary:
    """Writes the whole graph to `path` (through `path.partial`, renamed at the end, so a
    failed backup never leaves a file that looks whole)."""
    started = time.monotonic()
    partial = path.with_name(path.name + ".partial")
    for attempt in range(1, attempts + 1):
        try:
            nodes, relationships = await _backup_once(db, partial)
        except _Changed:
            partial.unlink(missing_ok=True)
            continue
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        os.replace(partial, path)
        return Summary(path, nodes, relationships, time.monotonic() - started, attempt)
    raise BackupError(f"the graph changed during each of {attempts} backup attempts; "
                      "run it when no import is running, or retry")


class _Changed(Exception):
    """A write landed while the backup read: its file is not one consistent state."""


async def _backup_once(db: Database, partial: Path) -> tuple[int, int]:
    async with db.driver.session(database=db.database, default_access_mode=READ_ACCESS,
                                 bookmark_manager=None) as session:
        tx = await session.begin_transaction(metadata={"query": "backup"})
        try:
            before = await _one(tx, "backup/fingerprint")
            version = await _one(tx, "backup/version")
            applied = await tx.run(cypher.text("migration/read_applied"))
            migrations = [dict(r) async for r in applied]
            labels: Counter[str] = Counter()
            types: Counter[str] = Counter()
            nodes = relationships = 0
            with _open(partial, "wb") as out:
                out.write(orjson.dumps({
                    "format": FORMAT, "formatVersion": FORMAT_VERSION,
                    "createdAt": datetime.now(UTC).isoformat(timespec="milliseconds"),
                    "neo4j": version, "migrations": migrations,
                    "migrationLevel": max((m["version"] for m in migrations), default=0),
                    "counts": {"nodes": before["nodes"],
                               "relationships": before["relationships"],
                               "changes": before["changes"]}}) + b"\n")
                result = await tx.run(cypher.text("backup/nodes"))
                async for record in result:
                    nodes += 1
                    labels.update(record["labels"])
                    out.write(orjson.dumps({
                        "node": record["id"], "labels": record["labels"],
                        "props": _encode_props(record["props"], record["temporal"])}) + b"\n")
                result = await tx.run(cypher.text("backup/relationships"))
                async for record in result:
                    relationships += 1
                    types[record["type"]] += 1
                    out.write(orjson.dumps({
                        "rel": record["type"], "start": record["start"], "end": record["end"],
                        "props": _encode_props(record["props"], record["temporal"])}) + b"\n")
                after = await _one(tx, "backup/fingerprint")
                if after != before or (nodes, relationships) != (
                        before["nodes"], before["relationships"]):
                    raise _Changed
                out.write(orjson.dumps({
                    "end": True, "nodes": nodes, "relationships": relationships,
                    "labels": dict(sorted(labels.items())),
                    "types": dict(sorted(types.items()))}) + b"\n")
        finally:
            await tx.close()  # a read: nothing to commit
    return nodes, relationships


# -- restore -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Checked:
    header: dict[str, Any]
    end: dict[str, Any]


def _names(values: Any, what: str, where: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise BackupError(f"{where}: {what} must be a list of names")
    for value in values:
        if not NAME.match(value) or value == RESERVED_LABEL:
            raise BackupError(f"{where}: {what[:-1]} {value!r} is not a name this graph uses")
    return values


def _check_props(props: Any, where: str) -> None:
    if not isinstance(props, dict):
        raise BackupError(f"{where}: props must be an object")
    for key, value in props.items():
        if key == RESERVED_KEY or not NAME.match(key):
            raise BackupError(f"{where}: property name {key!r} is not one this graph uses")
        if _temporal(value) is None:
            decode(value, f"{where} property {key!r}")


def check(path: Path) -> _Checked:
    """Reads the whole file and refuses it unless it is a complete backup of ours."""
    header: dict[str, Any] | None = None
    end: dict[str, Any] | None = None
    labels: Counter[str] = Counter()
    types: Counter[str] = Counter()
    nodes = relationships = 0
    for number, item in _lines(path):
        where = f"{path} line {number}"
        if header is None:
            if item.get("format") != FORMAT:
                raise BackupError(f"{path}: not a lermap backup (no '{FORMAT}' header line)")
            if item.get("formatVersion") != FORMAT_VERSION:
                raise BackupError(f"{path}: format version {item.get('formatVersion')!r}; "
                                  f"this lermap reads version {FORMAT_VERSION}")
            header = item
        elif end is not None:
            raise BackupError(f"{where}: a line after the end line")
        elif "node" in item:
            if relationships:
                raise BackupError(f"{where}: a node after the relationships")
            if not isinstance(item["node"], str):
                raise BackupError(f"{where}: node must be its old element id (a string)")
            labels.update(_names(item.get("labels"), "labels", where))
            _check_props(item.get("props"), where)
            nodes += 1
        elif "rel" in item:
            types.update(_names([item["rel"]], "types", where))
            if not isinstance(item.get("start"), str) or not isinstance(item.get("end"), str):
                raise BackupError(f"{where}: start and end must be old element ids (strings)")
            _check_props(item.get("props"), where)
            relationships += 1
        elif item.get("end") is True:
            end = item
        else:
            raise BackupError(f"{where}: neither a node, a relationship nor the end line")
    if header is None:
        raise BackupError(f"{path}: empty")
    if end is None:
        raise BackupError(f"{path}: no end line: the file was cut short")
    written = {"nodes": nodes, "relationships": relationships,
               "labels": dict(sorted(labels.items())), "types": dict(sorted(types.items()))}
    if {k: end.get(k) for k in written} != written:
        raise BackupError(f"{path}: its lines do not add up to its end line's counts")
    return _Checked(header, end)


async def restore(db: Database, path: Path, *, batch: int = BATCH) -> Summary:
    """Loads a backup into a database that holds no data (at most the bookkeeping of
    `lermap migrate`). Checks the whole file first; then the schema (the backup's own
    migrations), the nodes, the relationships, the counts; then the migrations newer than
    the backup."""
    started = time.monotonic()
    checked = check(path)
    migrations = _backup_migrations(checked.header)
    foreign = (await db.read("backup/foreign_nodes"))[0]["nodes"]
    if foreign:
        raise BackupError(f"restore needs an empty database; this one holds {foreign} "
                          "node(s). Restore into a new database, or empty this one first")
    applied = {r["version"]: r["checksum"] for r in await db.read("migration/read_applied")}
    if not set(applied) <= set(migrations):
        newer = sorted(set(applied) - set(migrations))
        raise BackupError(f"this database has migrations the backup lacks ({newer}); "
                          "restore into a database without them")
    code = {m.version: m for m in discover()}
    for version, checksum in migrations.items():
        if version not in code:
            raise BackupError(f"the backup has migration V{version:04d}, which this lermap "
                              "does not know: restore it with the version that wrote it")
        if not code[version].accepts(checksum) \
                or not code[version].accepts(applied.get(version, checksum)):
            raise BackupError(f"migration V{version:04d} differs between the backup and "
                              "this lermap (or this database)")

    # Nothing was written so far. The schema as it was when the backup was taken: its own
    # migrations, whose statements are idempotent; their bookkeeping nodes then make way
    # for the backup's.
    async with db.driver.session(database=db.database) as session:
        for version in sorted(migrations):
            if version not in applied:
                for statement in code[version].statements():
                    await (await session.run(statement)).consume()
        await db.write("backup/clear_bookkeeping")
        for name in ("backup/create_index", "backup/await_indexes"):  # no time limit
            await (await session.run(Query(cypher.text(name), metadata={"query": name}))
                   ).consume()

    rows: list[dict[str, Any]] = []
    kind = "node"

    async def flush() -> None:
        if not rows:
            return
        name = "backup/restore_nodes" if kind == "node" else "backup/restore_relationships"

        async def work(tx: AsyncManagedTransaction) -> int:
            return int((await db.run_in_tx(tx, name, rows=rows))[0]["created"])

        created = await db.write_tx(name, work, bounded=False)
        if created != len(rows):
            raise BackupError(f"{path}: {len(rows) - created} relationship(s) of a batch name "
                              "nodes the file does not hold; the database is partly restored: "
                              "empty it before another attempt")
        rows.clear()

    for number, item in _lines(path):
        where = f"{path} line {number}"
        if "node" in item:
            plain, temporal = _split_props(item["props"], where)
            rows.append({"id": item["node"], "labels": item["labels"], "props": plain,
                         "temporal": temporal})
        elif "rel" in item:
            if kind == "node":
                await flush()
                kind = "rel"
            plain, temporal = _split_props(item["props"], where)
            rows.append({"type": item["rel"], "start": item["start"], "end": item["end"],
                         "props": plain, "temporal": temporal})
        else:
            continue
        if len(rows) >= batch:
            await flush()
    await flush()

    while (await db.write("backup/unmark", limit=5_000))[0]["unmarked"]:
        pass
    await db.write("backup/drop_index")
    counts = (await db.read("backup/label_counts"))[0]
    found = {"labels": dict(sorted((k, v) for k, v in counts["labels"])),
             "types": dict(sorted((k, v) for k, v in counts["types"]))}
    if found != {"labels": checked.end["labels"], "types": checked.end["types"]}:
        raise BackupError(f"after the restore the database's counts differ from the "
                          f"backup's: {found} against {checked.end['labels']}, "
                          f"{checked.end['types']}")
    newer = await migrate(db)  # what this lermap adds to the backup's schema and data
    if not newer:  # (migrate renews the epoch itself when it applied something)
        # Servers may have remembered answers from the partly restored graph under the
        # backup's change token (graph/memo.py): a new epoch makes them all go.
        await memo.renew_epoch(db)
    return Summary(path, checked.end["nodes"], checked.end["relationships"],
                   time.monotonic() - started,
                   migrations_applied=tuple(m.version for m in newer))


def _backup_migrations(header: dict[str, Any]) -> dict[int, str]:
    listed = header.get("migrations")
    if not isinstance(listed, list) or not all(
            isinstance(m, dict) and isinstance(m.get("version"), int)
            and isinstance(m.get("checksum"), str) for m in listed):
        raise BackupError("the backup's header lists no migrations in the expected shape")
    return {m["version"]: m["checksum"] for m in listed}
