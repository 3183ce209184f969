"""Importers against the real files: counts equal the source, idempotent, all-or-nothing."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from graph.db import Database
from graph.importers import dcc_registry, esco, onet
from graph.importers.common import ImportRowError
from graph.seed import seed_demo


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
    registry = json.loads(path.read_text())["registry"]
    issuers, skipped = dcc_registry.parse(path)
    assert len(skipped) + sum(len(i["dids"]) for i in issuers) == len(registry)
    assert "My University" in skipped and "Proof of Knowledge Test" in skipped
    assert not any(dcc_registry.is_test_issuer(i["name"], i["domain"]) for i in issuers)
    assert (await counts(db))["dcc"] == len(issuers)


async def test_every_import_and_the_seed_are_idempotent(db: Database, data_dir: Path) -> None:
    before = await counts(db)
    await esco.import_esco(db, esco_files(data_dir))
    await onet.import_onet(db, [data_dir / "onet-bls" / "BLS-Import.csv",
                                data_dir / "onet-bls" / "oNet-Import.csv"])
    await dcc_registry.import_registry(db, data_dir / "dcc-community-registry" / "registry.json")
    await seed_demo(db)
    assert await counts(db) == before


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
