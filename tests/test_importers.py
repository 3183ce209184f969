"""Importers against the real files: counts equal the source, idempotent, all-or-nothing,
and a report (dry run or not) that says what changed."""

from __future__ import annotations

import asyncio
import csv
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from api import cli
from graph.db import Database
from graph.importers import dcc_registry, esco, onet, registry
from graph.importers.common import ImportRowError
from graph.importers.report import ImportReport, Tally
from graph.migrations import discover, migrate
from graph.seed import seed_demo
from graph.settings import Settings
from graph.stakeholder_ids import domain_of


async def counts(db: Database) -> dict[str, int]:
    result = await db.driver.execute_query("""
        CALL () { MATCH (n) RETURN count(n) AS nodes }
        CALL () { MATCH ()-[r]->() RETURN count(r) AS rels }
        CALL () { MATCH (k:Skill) WHERE k.source = 'esco' RETURN count(k) AS esco }
        CALL () { MATCH (f:FieldOfEducation) RETURN count(f) AS fields }
        CALL () { MATCH (o:Occupation) RETURN count(o) AS occupations }
        CALL () { MATCH (s:Stakeholder) WHERE s.inDccRegistry RETURN count(s) AS dcc }
        RETURN nodes, rels, esco, fields, occupations, dcc""")
    return dict(result.records[0])


def esco_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "esco").glob("*.csv"))


def distinct_esco_uris(paths: list[Path]) -> set[str]:
    """Counted from the files directly: collection concepts, the concepts they name as
    broader, and every hierarchy level; skills and ISCED-F fields of education alike."""
    uris: set[str] = set()
    for path in paths:
        with path.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if "conceptUri" in row:
                    uris.add(row["conceptUri"])
                    uris |= set(row["broaderConceptUri"].split(" | "))
                else:
                    uris |= {row[f"Level {i} URI"] for i in range(4) if row[f"Level {i} URI"]}
    return uris - {""}


def source_rows(path: Path) -> int:
    """Data rows of a CSV file (records, not lines: descriptions span lines)."""
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return sum(1 for _ in csv.DictReader(fh))


async def test_esco_counts_equal_the_source(db: Database, data_dir: Path) -> None:
    uris = distinct_esco_uris(esco_files(data_dir))
    fields = {u for u in uris if "/isced-f/" in u}
    found = await counts(db)
    assert (found["esco"], found["fields"]) == (len(uris - fields), len(fields))


async def test_onet_counts_equal_the_source(db: Database, data_dir: Path) -> None:
    folder = data_dir / "onet-bls"
    with (folder / "oNet-Import.csv").open(encoding="utf-8-sig") as fh:
        onet_rows = sum(1 for _ in csv.DictReader(fh))
    with (folder / "BLS-Import.csv").open(encoding="utf-8-sig") as fh:
        soc_codes = {row["SOC Code"] for row in csv.DictReader(fh)}
    assert (await counts(db))["occupations"] == onet_rows + len(soc_codes)
    # Every O*NET occupation hangs under its SOC detailed occupation.
    result = await db.driver.execute_query(
        "MATCH (o:Occupation {level: 'ONET'}) WHERE NOT (o)-[:BROADER]->(:Occupation) "
        "RETURN count(o) AS n")
    assert result.records[0]["n"] == 0


async def test_dcc_registry_counts_and_test_issuers(db: Database, data_dir: Path) -> None:
    path = data_dir / "dcc-community-registry" / "registry.json"
    entries = json.loads(path.read_text())["registry"]
    issuers, skipped = dcc_registry.parse(path)
    assert len(skipped) + sum(len(i["dids"]) for i in issuers) == len(entries)
    reasons = " ".join(r.why for r in skipped)
    assert "'My University'" in reasons and "'Proof of Knowledge Test'" in reasons
    assert not any(dcc_registry.is_test_issuer(i["name"], i["domain"]) for i in issuers)
    assert (await counts(db))["dcc"] == len(issuers)


async def test_test_issuers_are_reported_at_their_line(db: Database, data_dir: Path) -> None:
    path = data_dir / "dcc-community-registry" / "registry.json"
    entries = json.loads(path.read_text())["registry"]
    lines = path.read_text().splitlines()
    report = await dcc_registry.import_registry(db, path, dry_run=True)
    assert report.read == {path.name: len(entries)}
    test_dids = {did for did, e in entries.items()
                 if dcc_registry.is_test_issuer(e["name"], domain_of(e["url"]))}
    assert len(report.refused) == len(test_dids) > 0
    for refusal in report.refused:
        assert refusal.path == path and "left out" in refusal.why
        did = lines[refusal.line - 1].strip().split('"')[1]  # the line holds the entry's DID
        assert did in test_dids and " ".join(entries[did]["name"].split()) in refusal.why


def assert_all_unchanged(report: ImportReport) -> None:
    assert report.changed == 0, report.lines()
    assert all(t.unchanged > 0 for t in report.tallies.values()), report.lines()


async def test_every_import_and_the_seed_are_idempotent(db: Database, data_dir: Path) -> None:
    before = await counts(db)
    for source, paths in registry.default_paths(data_dir).items():
        report = await registry.run(db, source, paths)
        assert not report.dry_run and report.source == source
        assert_all_unchanged(report)
    await seed_demo(db)
    assert await counts(db) == before


async def test_reports_count_the_rows_of_the_files(db: Database, data_dir: Path) -> None:
    paths = registry.default_paths(data_dir)
    for source in ("esco", "onet"):
        report = await registry.run(db, source, paths[source], dry_run=True)
        assert report.read == {p.name: source_rows(p) for p in paths[source]}
    report = await registry.run(db, "ler-map", paths["ler-map"], dry_run=True)
    assert report.tallies["groups"].unchanged == report.rows_read == 10


async def scalar(db: Database, query: str, **params: Any) -> Any:
    return (await db.driver.execute_query(query, params)).records[0][0]


# For each importer: Cypher that makes the graph differ from the source in known
# ways, and what a report must then say (kind -> changes; the rest unchanged).
PERTURBATIONS: dict[str, tuple[list[str], dict[str, Tally]]] = {
    "esco": ([
        # A detailed field: its links to its narrow field and to "computer programming" go too.
        "MATCH (f:FieldOfEducation {id: 'isced-f:0613'}) DETACH DELETE f",
        "MATCH (k:Skill {id: 'esco:S1'}) SET k.description = 'edited'",
        "MATCH (:Skill {id: 'esco:S1.1'})-[r:BROADER]->(:Skill {id: 'esco:S1'}) DELETE r",
        "MATCH (:FieldOfEducation {id: 'isced-f:06'})-[r:BROADER]->() SET r.rank = 7",
    ], {"skills": Tally(updated=1), "fields of education": Tally(created=1),
        "broader links, skill -> skill": Tally(created=1),
        "broader links, skill -> field": Tally(created=1),
        "broader links, field -> field": Tally(created=1),
        "broader links, field -> skill": Tally(updated=1)}),
    "onet": ([
        "MATCH (o:Occupation {id: 'onet:15-1252.00'}) SET o.title = 'edited'",
        "MATCH (:Occupation {id: 'soc:15-1252'})-[r:BROADER]->() DELETE r",
    ], {"occupations": Tally(updated=1), "broader links": Tally(created=1)}),
    "ler-map": ([
        "MATCH (a:Action {id: 'employers/issuing/1'}) SET a.text = 'edited'",
        "MATCH (g:StakeholderGroup {id: 'FUNDERS'}) "
        "CREATE (g)-[:HAS_ACTION]->(:Action {id: 'funders/issuing/999', group: 'FUNDERS', "
        "stage: 'ISSUING', text: 'not in the file', position: 999})",
    ], {"groups": Tally(), "actions": Tally(updated=1, removed=1)}),
    "dcc-registry": ([
        "MATCH (s:Stakeholder {domain: 'jff.org'}) SET s.inDccRegistry = false",
    ], {"issuers": Tally(updated=1)}),
}


@pytest.mark.parametrize("source", list(PERTURBATIONS))
async def test_dry_run_reports_what_the_import_then_does(db: Database, data_dir: Path,
                                                         source: str) -> None:
    paths = registry.default_paths(data_dir)[source]
    edits, expected = PERTURBATIONS[source]
    try:
        for edit in edits:
            await db.driver.execute_query(edit)
        before = await counts(db)
        dry = await registry.run(db, source, paths, dry_run=True)
        assert dry.dry_run and await counts(db) == before  # nothing written
        real = await registry.run(db, source, paths)
        assert (real.read, real.tallies, real.refused) == (dry.read, dry.tallies, dry.refused)
        for kind, tally in dry.tallies.items():
            changes = expected[kind]
            assert (tally.created, tally.updated, tally.removed) == \
                (changes.created, changes.updated, changes.removed), (kind, tally)
        assert dry.changed == sum(t.changed for t in expected.values())
    finally:
        await registry.run(db, source, paths)  # the source puts the graph back
    assert_all_unchanged(await registry.run(db, source, paths, dry_run=True))


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI reads its settings from the environment: point it at the test Neo4j."""
    monkeypatch.setenv("LERMAP_NEO4J_INSTANCE", settings.lermap_neo4j_instance)
    monkeypatch.setenv("LERMAP_NEO4J_PORT", str(settings.lermap_neo4j_port))
    monkeypatch.delenv("NEO4J_URI", raising=False)


async def test_cli_dry_run_prints_the_report_and_writes_nothing(
        db: Database, data_dir: Path, cli_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(p) for p in registry.default_paths(data_dir)["onet"]]
    edit = "MATCH (o:Occupation {id: 'onet:15-1252.00'}) SET o.title = 'edited'"
    await db.driver.execute_query(edit)
    try:
        before = await counts(db)
        # In a thread: the CLI runs its own event loop.
        code = await asyncio.to_thread(cli.main, ["import", "onet", *paths, "--dry-run"])
        out = capsys.readouterr().out
        assert code == 0, out
        assert "onet: dry run, nothing written" in out
        assert re.search(r"occupations: +0 created, 1 updated, [\d,]+ unchanged", out), out
        assert "refused: 0" in out and "migration(s) not applied" not in out
        assert await counts(db) == before
        assert await scalar(db, "MATCH (o:Occupation {id: 'onet:15-1252.00'}) "
                                "RETURN o.title") == "edited"
    finally:
        await onet.import_onet(db, [Path(p) for p in paths])


async def test_cli_dry_run_names_pending_migrations(
        db: Database, data_dir: Path, cli_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(p) for p in registry.default_paths(data_dir)["ler-map"]]
    latest = max(m.version for m in discover())
    await db.driver.execute_query("MATCH (m:Migration {version: $v}) DELETE m", v=latest)
    try:
        code = await asyncio.to_thread(cli.main, ["import", "ler-map", *paths, "--dry-run"])
        out = capsys.readouterr().out
        assert code == 0, out
        assert f"note: 1 migration(s) not applied yet (V{latest:04d} " in out
        assert not await scalar(db, "MATCH (m:Migration {version: $v}) RETURN count(m) > 0",
                                v=latest)
    finally:
        await migrate(db)  # migrations are idempotent: this records it again


async def test_cli_refuses_a_malformed_file_with_its_line(
        data_dir: Path, tmp_path: Path, cli_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "oNet-Import.csv"
    break_line(data_dir / "onet-bls" / "oNet-Import.csv", bad, 12, "-", "~")
    bls = data_dir / "onet-bls" / "BLS-Import.csv"
    code = await asyncio.to_thread(cli.main, ["import", "onet", str(bls), str(bad), "--dry-run"])
    assert code == 1
    assert f"{bad}:12:" in capsys.readouterr().err


def break_line(source: Path, target: Path, line: int, old: str, new: str) -> None:
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    target.write_text("".join(lines), encoding="utf-8")


async def refused_and_unchanged(db: Database, run: Any, path: Path, line: int) -> None:
    before = await counts(db)
    with pytest.raises(ImportRowError) as info:
        await run()
    assert info.value.path == path and info.value.line == line
    assert f"{path}:{line}:" in str(info.value)
    assert await counts(db) == before


async def test_malformed_esco_row_is_refused(db: Database, data_dir: Path, tmp_path: Path) -> None:
    files = esco_files(data_dir)
    for f in files:
        shutil.copy(f, tmp_path / f.name)
    bad = tmp_path / "transversalSkillsCollection_en.csv"
    break_line(data_dir / "esco" / bad.name, bad, 40, "http://data.europa.eu/esco/skill/",
               "urn:not-esco:")
    paths = [tmp_path / f.name for f in files]
    await refused_and_unchanged(db, lambda: esco.import_esco(db, paths), bad, 40)
    await refused_and_unchanged(db, lambda: esco.import_esco(db, paths, dry_run=True), bad, 40)


async def test_broader_labels_must_pair_with_their_uris(db: Database, data_dir: Path,
                                                        tmp_path: Path) -> None:
    files = esco_files(data_dir)
    for f in files:
        shutil.copy(f, tmp_path / f.name)
    bad = tmp_path / "ictSkillsCollection_en.csv"
    # "computer programming": two broader concepts; with one label less, the labels
    # would pair with the wrong URIs.
    break_line(data_dir / "esco" / bad.name, bad, 6,
               " | software and applications development and analysis", "")
    paths = [tmp_path / f.name for f in files]
    await refused_and_unchanged(db, lambda: esco.import_esco(db, paths), bad, 6)


async def test_malformed_onet_row_is_refused(db: Database, data_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "oNet-Import.csv"
    break_line(data_dir / "onet-bls" / "oNet-Import.csv", bad, 500, "-", "~")
    bls = data_dir / "onet-bls" / "BLS-Import.csv"
    await refused_and_unchanged(db, lambda: onet.import_onet(db, [bls, bad]), bad, 500)


async def test_malformed_registry_entry_is_refused(db: Database, data_dir: Path,
                                                   tmp_path: Path) -> None:
    source = data_dir / "dcc-community-registry" / "registry.json"
    bad = tmp_path / "registry.json"
    text = source.read_text()
    target = '"url": "https://goodwill.org"'
    assert target in text
    bad.write_text(text.replace(target, '"url": "goodwill dot org"'))
    line = text[:text.index(target)].count("\n") + 1
    did_line = text[:text.rindex('"did:key', 0, text.index(target))].count("\n") + 1
    assert did_line < line
    await refused_and_unchanged(db, lambda: dcc_registry.import_registry(db, bad), bad, did_line)


async def test_seed_has_enough_to_show(db: Database) -> None:
    result = await db.driver.execute_query(
        "CALL () { MATCH (s:Stakeholder) RETURN count(s) AS s } "
        "CALL () { MATCH (c:Credential) RETURN count(c) AS c } RETURN s, c")
    assert result.records[0]["s"] >= 25 and result.records[0]["c"] >= 20
