"""ESCO's broader concepts, every one kept: counted from the files, compared with the graph.

A collection row's `broaderConceptUri` lists skills and ISCED-F fields of
education separated by ` | `, with their labels in `broaderConceptPT` in the
same order; the hierarchy file nests concepts four levels deep, its knowledge
branch being ISCED-F fields. These tests read the files themselves, not
through the importer.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from graph.db import Database
from graph.migrations import discover

FIELD = "http://data.europa.eu/esco/isced-f/"


def label_of(uri: str) -> str:
    return "FieldOfEducation" if uri.startswith(FIELD) else "Skill"


def id_of(uri: str) -> str:
    code = uri.rsplit("/", 1)[1]
    return f"isced-f:{code}" if uri.startswith(FIELD) else f"esco:{code}"


@dataclass
class Source:
    """What the ESCO files say about broader concepts."""

    pairs: set[tuple[str, str]] = field(default_factory=set)  # (child URI, broader URI)
    labels: dict[str, str] = field(default_factory=dict)  # broader URI -> broaderConceptPT
    defined: set[str] = field(default_factory=set)  # URIs with a row of their own
    broader: dict[str, list[str]] = field(default_factory=dict)  # collection skill -> its list

    def pairs_to(self, label: str) -> set[tuple[str, str]]:
        return {(c, p) for c, p in self.pairs if label_of(p) == label}


@pytest.fixture(scope="module")
def source(data_dir: Path) -> Source:
    src = Source()
    for path in sorted((data_dir / "esco").glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if "conceptUri" not in row:  # the hierarchy: each level is the next one's parent
                    chain = [row[f"Level {i} URI"] for i in range(4) if row[f"Level {i} URI"]]
                    src.defined.add(chain[-1])
                    src.pairs |= set(zip(chain[1:], chain[:-1], strict=False))
                    continue
                child = row["conceptUri"]
                src.defined.add(child)
                uris = row["broaderConceptUri"].split(" | ") if row["broaderConceptUri"] else []
                names = row["broaderConceptPT"].split(" | ") if row["broaderConceptPT"] else []
                src.broader[child] = uris
                for uri, name in zip(uris, names, strict=True):
                    src.pairs.add((child, uri))
                    src.labels[uri] = name
    return src


async def graph_pairs(db: Database, label: str) -> set[tuple[str, str]]:
    """ESCO's (child, broader) pairs whose broader concept has this label."""
    result = await db.driver.execute_query(
        "MATCH (c)-[:BROADER]->(p) WHERE ((c:Skill AND c.source = 'esco') OR c:FieldOfEducation) "
        "AND $label IN labels(p) RETURN c.uri AS child, p.uri AS parent", label=label)
    return {(r["child"], r["parent"]) for r in result.records}


async def test_every_pair_with_a_broader_skill_is_in_the_graph(db: Database,
                                                               source: Source) -> None:
    assert await graph_pairs(db, "Skill") == source.pairs_to("Skill")


async def test_every_pair_with_a_broader_field_is_in_the_graph(db: Database,
                                                               source: Source) -> None:
    expected = source.pairs_to("FieldOfEducation")
    assert {c for c, _ in expected if not c.startswith(FIELD)}  # the two skills
    assert await graph_pairs(db, "FieldOfEducation") == expected


async def test_broader_concepts_known_only_by_label_are_made_from_it(db: Database,
                                                                     source: Source) -> None:
    only_named = {uri: name for uri, name in source.labels.items() if uri not in source.defined}
    assert only_named
    result = await db.driver.execute_query(
        "UNWIND $uris AS uri MATCH (n {uri: uri}) "
        "RETURN n.uri AS uri, n.name AS name, labels(n) AS labels, n.id AS id",
        uris=list(only_named))
    found = {r["uri"]: (r["name"], r["labels"], r["id"]) for r in result.records}
    assert found == {uri: (name, [label_of(uri)], id_of(uri))
                     for uri, name in only_named.items()}


async def test_fields_of_education_are_never_skills(db: Database, source: Source) -> None:
    fields = {u for pair in source.pairs for u in pair if u.startswith(FIELD)}
    result = await db.driver.execute_query(
        "UNWIND $uris AS uri MATCH (n {uri: uri}) RETURN n.uri AS uri, labels(n) AS labels, "
        "n {.id, .code} AS props", uris=sorted(fields))
    found = {r["uri"]: (r["labels"], r["props"]) for r in result.records}
    assert found == {u: (["FieldOfEducation"], {"id": id_of(u), "code": u.rsplit("/", 1)[1]})
                     for u in fields}
    result = await db.driver.execute_query(
        "MATCH (k:Skill) WHERE k.uri STARTS WITH $prefix RETURN count(k) AS n", prefix=FIELD)
    assert result.records[0]["n"] == 0


async def test_migration_turns_fields_that_were_skills_into_fields(db: Database) -> None:
    """Imports before V0006 made the hierarchy's ISCED-F concepts skills."""
    (v6,) = [m for m in discover() if m.version == 6]
    uri = FIELD + "probe"  # not an ISCED-F code, so no real field is touched
    await db.driver.execute_query(
        "MATCH (k:Skill {id: 'esco:K'}) CREATE (:Skill {id: 'esco:probe', uri: $uri, "
        "code: 'probe', name: 'probe', framework: 'ESCO', frameworkCode: 'ESCO:probe', "
        "altLabels: [], source: 'esco'})-[:BROADER {rank: 0}]->(k)", uri=uri)
    try:
        for statement in v6.statements():
            await db.driver.execute_query(statement)
        result = await db.driver.execute_query(
            "MATCH (n {uri: $uri})-[:BROADER]->(k) RETURN labels(n) AS labels, "
            "properties(n) AS props, k.id AS broader", uri=uri)
        (record,) = result.records
        assert record["labels"] == ["FieldOfEducation"] and record["broader"] == "esco:K"
        assert record["props"] == {"id": "isced-f:probe", "uri": uri, "code": "probe",
                                   "name": "probe"}
    finally:
        await db.driver.execute_query("MATCH (n {uri: $uri}) DETACH DELETE n", uri=uri)
