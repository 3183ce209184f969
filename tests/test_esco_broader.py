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
from typing import Any

import httpx
import pytest

from graph.db import Database
from graph.migrations import discover
from tests.helpers import gql

FIELD = "http://data.europa.eu/esco/isced-f/"

ENTITIES = """query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Skill {
  uri broader { uri } broaderSkills { uri name } fieldsOfEducation { id code name uri } } } }"""


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
    assert {c for c, _ in expected if not c.startswith(FIELD)}  # the issue's two skills
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


async def entities(client: httpx.AsyncClient, uris: list[str]) -> list[dict[str, Any]]:
    reps = [{"__typename": "Skill", "id": id_of(u)} for u in uris]
    body = await gql(client, ENTITIES, {"reps": reps})
    found: list[dict[str, Any]] = body["data"]["_entities"]
    return found


async def test_api_lists_broader_concepts_in_source_order(client: httpx.AsyncClient,
                                                          source: Source) -> None:
    children = sorted(source.broader)
    for child, skill in zip(children, await entities(client, children), strict=True):
        listed = source.broader[child]
        skills = [u for u in listed if not u.startswith(FIELD)]
        fields = [u for u in listed if u.startswith(FIELD)]
        assert [b["uri"] for b in skill["broaderSkills"]] == skills
        assert [f["uri"] for f in skill["fieldsOfEducation"]] == fields
        # The contract's single `broader` stays: the first skill the source lists.
        assert skill["broader"] == ({"uri": skills[0]} if skills else None)


async def test_the_issues_two_skills_have_a_broader_skill_and_a_field(
        client: httpx.AsyncClient, db: Database, source: Source) -> None:
    result = await db.driver.execute_query(
        "MATCH (k:Skill {source: 'esco'}) WHERE k.name IN $names RETURN k.uri AS uri",
        names=["computer programming", "copyright and licenses related to digital content"])
    uris = sorted(r["uri"] for r in result.records)
    assert len(uris) == 2
    for uri, skill in zip(uris, await entities(client, uris), strict=True):
        assert skill["broader"] is not None
        assert [b["name"] for b in skill["broaderSkills"]] == [
            source.labels[u] for u in source.broader[uri] if not u.startswith(FIELD)]
        assert [(f["code"], f["name"]) for f in skill["fieldsOfEducation"]] == [
            (u.rsplit("/", 1)[1], source.labels[u])
            for u in source.broader[uri] if u.startswith(FIELD)]


async def test_broader_lists_are_one_round_trip_per_level(client: httpx.AsyncClient,
                                                          source: Source) -> None:
    reps = [{"__typename": "Skill", "id": id_of(u)} for u in sorted(source.broader)]

    async def roundtrips(n: int) -> int:
        body = await gql(client, ENTITIES, {"reps": reps[:n]})
        return int(body["extensions"]["roundtrips"])

    # _entities, broader, broaderSkills, fieldsOfEducation: whatever the number of skills.
    assert await roundtrips(3) == await roundtrips(len(reps)) == 4
