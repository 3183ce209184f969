"""The benchmark's bulk load through Neo4j's own offline importer (`neo4j-admin database
import full`), into the fresh bench database before it first starts.

1. `write_csv` streams the synthetic rows (bench/generate.py) into one CSV file
   per node label and relationship type, with the importer's typed headers.
2. `neo4j-admin` builds the store files directly (no transactions, no Bolt).
3. Neo4j starts; the project's migrations create the constraints and indexes
   (their population over the imported data is part of the figure), the map's
   groups are merged in, and we wait for every index to be online.

The graph is the one the transactional path (`generate.load`, cypher/bulk/*)
writes: same labels, properties and types (timestamps as DateTime, `hidden`
only where true, empty lists stored as empty lists), checked by `fingerprint`; the
CTIDs migration V0010 would mint are in the CSV already.
"""

from __future__ import annotations

import csv
import time
import uuid
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from bench import generate
from graph.db import Database
from graph.importers import ler_map
from graph.local_neo4j import LocalNeo4j
from graph.migrations import migrate

# kind -> (label, header). Every header names a typed column of the importer;
# constant properties of cypher/bulk/*.cypher (demo, source) are columns too.
NODES = {
    "stakeholders": ("Stakeholder",
                     ["id:ID(Stakeholder)", "slug", "name", "website", "domain",
                      "groups:string[]", "roles:string[]", "stages:string[]", "description",
                      "verification", "hidden:boolean", "demo:boolean", "source",
                      "createdAt:datetime", "updatedAt:datetime", "ctid"]),
    "skills": ("Skill", ["id:ID(Skill)", "name", "framework", "code", "frameworkCode",
                         "description", "source"]),
    "standards": ("Standard", ["id:ID(Standard)", "name", "version"]),
    "credentials": ("Credential", ["id:ID(Credential)", "name", "type", "issuerId",
                                   "hidden:boolean", "description", "demo:boolean",
                                   "createdAt:datetime", "updatedAt:datetime", "ctid"]),
    "partnerships": ("Partnership", ["id:ID(Partnership)", "status", "purpose", "proposedById",
                                     "demo:boolean", "openPair", "createdAt:datetime",
                                     "updatedAt:datetime"]),
}
# kind -> (type, start id space, end id space, extra columns)
RELS = {
    "in_group": ("IN_GROUP", "Stakeholder", "StakeholderGroup", []),
    "supports": ("SUPPORTS", "Stakeholder", "Standard", []),
    "skill_broader": ("BROADER", "Skill", "Skill", []),
    "issues": ("ISSUES", "Stakeholder", "Credential", []),
    "evidences": ("EVIDENCES", "Credential", "Skill", []),
    "accepts": ("ACCEPTS", "Stakeholder", "Credential", []),
    "member_of": ("MEMBER_OF", "Stakeholder", "Partnership", ["role"]),
}
# Empty lists: the importer reads an empty array field as "no property", while
# the Cypher path stores `[]`; these statements restore them (few rows).
EMPTY_LISTS = [
    "MATCH (s:Stakeholder) WHERE s.roles IS NULL "
    "CALL (s) { SET s.roles = [] } IN TRANSACTIONS OF 50000 ROWS",
    "MATCH (k:Skill) WHERE k.altLabels IS NULL "
    "CALL (k) { SET k.altLabels = [] } IN TRANSACTIONS OF 50000 ROWS",
]


def _ctid() -> str:
    # What migration V0010 would mint for each stakeholder and credential ('ce-' + a
    # random UUID), written here: its SET pass (400k writes at large, the largest single
    # cost of the finish) then finds nothing to do; only its duplicate check reads them.
    return f"ce-{uuid.uuid4()}"


def _flag(value: bool | None) -> str:
    return "true" if value else ""  # absent unless true, as graph/policy.hidden_flag says


def _row(kind: str, r: dict[str, Any], now: str) -> list[str]:
    """One CSV row for a generated row, in the column order of NODES/RELS."""
    if kind == "stakeholders":
        return [r["id"], r["slug"], r["name"], r["website"], r["domain"], ";".join(r["groups"]),
                ";".join(r["roles"]), ";".join(r["stages"]), r["description"],
                r["verification"], _flag(r["hidden"]), "true", "synthetic", now, now, _ctid()]
    if kind == "skills":
        return [r["id"], r["name"], r["framework"], r["code"], f"{r['framework']}:{r['code']}",
                r["description"], "synthetic"]
    if kind == "standards":
        return [r["id"], r["name"], r["version"] or ""]
    if kind == "credentials":
        return [r["id"], r["name"], r["type"], r["issuerId"], _flag(r["hidden"]),
                r["description"], "true", now, now, _ctid()]
    if kind == "partnerships":
        open_pair = r["pair"] if r["status"] in ("PROPOSED", "ACTIVE") else ""
        return [r["id"], r["status"], r["purpose"], r["a"], "true", open_pair, now, now]
    return [r["a"], r["b"], *(r[c] for c in RELS[kind][3])]


def write_csv(scale: str, directory: Path) -> dict[str, int]:
    """The scale's rows as CSV files in `directory`; returns rows per kind."""
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    counts = dict.fromkeys([*NODES, *RELS, "groups"], 0)
    with ExitStack() as stack:
        writers = {}
        for kind in [*NODES, *RELS]:
            fh: IO[str] = stack.enter_context((directory / f"{kind}.csv").open(
                "w", newline="", encoding="utf-8", buffering=1 << 20))
            writers[kind] = csv.writer(fh)
            if kind in NODES:
                writers[kind].writerow(NODES[kind][1])
            else:
                _, start, end, extra = RELS[kind]
                writers[kind].writerow([f":START_ID({start})", f":END_ID({end})", *extra])

        def sink(kind: str, row: dict[str, Any]) -> None:
            writers[kind].writerow(_row(kind, row, now))
            counts[kind] += 1

        generate.emit(scale, sink)
        # The map's groups as bare nodes, so IN_GROUP can point at them; the map
        # import then MERGEs on id and sets the rest, as it does on any graph.
        groups = stack.enter_context((directory / "groups.csv").open("w", newline=""))
        out = csv.writer(groups)
        out.writerow(["id:ID(StakeholderGroup)"])
        for g in generate.GROUPS:
            out.writerow([g])
            counts["groups"] += 1
    return counts


def import_args(directory: Path) -> list[str]:
    args = [f"--nodes=StakeholderGroup={directory / 'groups.csv'}"]
    args += [f"--nodes={label}={directory / f'{kind}.csv'}"
             for kind, (label, _) in NODES.items()]
    args += [f"--relationships={rel[0]}={directory / f'{kind}.csv'}"
             for kind, rel in RELS.items()]
    # The importer's own report of bad entries goes beside the CSV files, not to the cwd.
    return [*args, "--array-delimiter=;", "--threads=2",
            f"--report-file={directory / 'import.report'}", "neo4j"]


async def fingerprint(db: Database) -> dict[str, Any]:
    """What "the same graph" means here: counts per label and relationship type, and
    each label's and type's property keys with their value types."""
    async def rows(query: str) -> list[dict[str, Any]]:
        return [dict(r) for r in (await db.driver.execute_query(query)).records]

    labels = await rows("MATCH (n) UNWIND labels(n) AS label "
                        "UNWIND [k IN keys(n) | k + ':' + valueType(n[k])] AS key "
                        "RETURN label, key, count(*) AS n ORDER BY label, key")
    nodes = await rows("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n "
                       "ORDER BY label")
    rels = await rows("MATCH ()-[r]->() "
                      "RETURN type(r) AS type, [k IN keys(r) | k + ':' + valueType(r[k])] AS keys, "
                      "count(*) AS n ORDER BY type, keys")
    return {"nodes": nodes, "properties": labels, "relationships": rels}


async def _run(db: Database, statement: str) -> None:
    """One fixed statement (no values) in its own session."""
    async with db.driver.session(database=db.database) as session:
        await (await session.run(statement)).consume()  # fixed text


async def finish(db: Database, map_file: Path, steps: dict[str, float] | None = None) -> None:
    """After the store is built and Neo4j runs: schema, the map's groups, empty lists,
    and every index online (the API's plans need them). `steps` gets each step's seconds."""
    steps = {} if steps is None else steps
    mark = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        steps[name] = round(now - mark, 2)
        mark = now

    await migrate(db)
    lap("migrate_s")
    await ler_map.import_map(db, map_file)
    lap("map_groups_s")
    for statement in EMPTY_LISTS:
        await _run(db, statement)
    lap("empty_lists_s")
    await db.driver.execute_query("CALL db.awaitIndexes(3600)")
    lap("await_indexes_s")


def connect(neo: LocalNeo4j) -> Database:
    return Database.connect(neo.uri, "neo4j", neo.password(), "neo4j", timeout_s=3600)


async def load(neo: LocalNeo4j, scale: str, work: Path,
               map_file: Path) -> tuple[Database, dict[str, Any]]:
    """Generate, import offline, start, finish; returns the open database and the figures."""
    started = time.perf_counter()
    counts = write_csv(scale, work)
    generated = time.perf_counter()
    nodes = sum(counts[k] for k in [*NODES, "groups"])
    rels = sum(counts[k] for k in RELS)
    output = neo.admin_import(import_args(work), heap="4g")
    imported = time.perf_counter()
    neo.start(timeout_s=600)
    db = connect(neo)
    started_db = time.perf_counter()
    steps: dict[str, float] = {}
    await finish(db, map_file, steps)
    done = time.perf_counter()
    load_s = done - generated
    (work / "import-report.txt").write_text(output[-20000:])
    return db, {
        "method": "neo4j-admin database import full", "nodes": nodes, "relationships": rels,
        "seconds": round(load_s, 2), "items_per_s": round((nodes + rels) / load_s),
        "generate_csv_s": round(generated - started, 2),
        "admin_import_s": round(imported - generated, 2),
        "start_s": round(started_db - imported, 2),
        "schema_and_indexes_s": round(done - started_db, 2), "finish_steps": steps,
        "items_per_s_with_generation": round((nodes + rels) / (done - started))}
