"""Imports ESCO skills: skill collections and the skills pillar hierarchy.

Collection files (`transversalSkillsCollection_en.csv`, `ictSkillsCollection_en.csv`)
hold skills with labels, alternative labels, descriptions and their broader
concepts: `broaderConceptUri` lists them separated by ` | `, and
`broaderConceptPT` their labels in the same order. `skillsHierarchy_en.csv`
holds the pillar's groups, four levels deep.

A concept is either a skill (`.../esco/skill/...`) or an ISCED-F field of
education (`.../esco/isced-f/0613`): the hierarchy's knowledge branch is made
of fields (`K` > `06` > `061` > `0613`), and some collection skills name one
as a broader concept. Fields become `FieldOfEducation` nodes, never skills.
Every broader concept is kept, as a `BROADER` link whose `rank` is its
position in the source's list. A broader skill that neither the hierarchy nor
the collections define (ESCO's transversal groups such as "digital content
creation") is made from its URI and its label. A skill's id is `esco:` and the
last part of its concept URI; a field's is `isced-f:` and its code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from graph.db import Database
from graph.importers.common import ImportRowError, Plan, Step, apply
from graph.importers.report import ImportReport, Refusal

PREFIX = "http://data.europa.eu/esco/"
SKILL = PREFIX + "skill/"
FIELD = PREFIX + "isced-f/"
LEVELS = 4

Kind = Literal["skill", "field"]
# Broader links by (child kind, parent kind): the report's name and the query files'
# stem. A label in Cypher comes from the file, never from a parameter.
LINKS: dict[tuple[Kind, Kind], tuple[str, str]] = {
    ("skill", "skill"): ("broader links, skill -> skill", "skill_broader"),
    ("skill", "field"): ("broader links, skill -> field", "skill_broader_field"),
    ("field", "field"): ("broader links, field -> field", "field_broader"),
    ("field", "skill"): ("broader links, field -> skill", "field_broader_skill"),
}


def _code(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[1]


def skill_id(uri: str) -> str:
    return "esco:" + _code(uri)


def field_id(uri: str) -> str:
    return "isced-f:" + _code(uri)


def kind_of(uri: str) -> Kind | None:
    if uri.startswith(SKILL):
        return "skill"
    if uri.startswith(FIELD):
        return "field"
    return None


def node_id(uri: str) -> str:
    return skill_id(uri) if kind_of(uri) == "skill" else field_id(uri)


def _uri(path: Path, line: int, value: str, column: str) -> tuple[str, Kind]:
    value = value.strip()
    kind = kind_of(value)
    if kind is None:
        raise ImportRowError(path, line, f"{column} is not an ESCO skill or ISCED-F field URI: "
                                         f"{value!r}")
    return value, kind


def _skill(uri: str, name: str, description: str, alt: list[str]) -> dict[str, Any]:
    return {"id": skill_id(uri), "uri": uri, "code": _code(uri), "name": name,
            "framework": "ESCO", "altLabels": alt, "description": description or None,
            "source": "esco"}


def _field(uri: str, name: str, description: str) -> dict[str, Any]:
    return {"id": field_id(uri), "uri": uri, "code": _code(uri), "name": name,
            "description": description or None}


def _values(cell: str | None) -> list[str]:
    return [v.strip() for v in (cell or "").split("|") if v.strip()]


@dataclass
class Parsed:
    """What the files say, gathered across files (hierarchy first, then collections)."""

    skills: dict[str, dict[str, Any]] = field(default_factory=dict)  # by URI
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)  # by URI
    named: dict[str, str] = field(default_factory=dict)  # broader URI -> its label
    links: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # by URIs
    read: dict[str, int] = field(default_factory=dict)
    refused: list[Refusal] = field(default_factory=list)

    def link(self, child: str, parent: str, rank: int) -> None:
        # The first source to give a pair wins (the hierarchy, then file order).
        self.links.setdefault((child, parent), {
            "child": node_id(child), "parent": node_id(parent), "rank": rank,
            "kinds": (kind_of(child), kind_of(parent))})


def parse_collection(path: Path, into: Parsed) -> None:
    rows = 0
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            line, rows = reader.line_num, rows + 1
            for column in ("conceptUri", "preferredLabel"):
                if not (row.get(column) or "").strip():
                    raise ImportRowError(path, line, f"{column} is empty")
            uri, kind = _uri(path, line, row["conceptUri"], "conceptUri")
            if kind != "skill":
                raise ImportRowError(path, line, f"conceptUri is not an ESCO skill: {uri!r}")
            # A collection's row is richer than the hierarchy's: it wins.
            into.skills[uri] = _skill(uri, row["preferredLabel"].strip(),
                                      (row.get("description") or "").strip(),
                                      _values(row.get("altLabels")))
            broader = _values(row.get("broaderConceptUri"))
            labels = _values(row.get("broaderConceptPT"))
            if len(labels) != len(broader):
                # Labels pair with URIs by position only; a missing one would shift the rest.
                raise ImportRowError(path, line, f"broaderConceptUri has {len(broader)} values "
                                                 f"but broaderConceptPT has {len(labels)}")
            for rank, (parent, label) in enumerate(zip(broader, labels, strict=True)):
                if kind_of(parent) is None:
                    into.refused.append(Refusal(path, line, (
                        f"broader concept {parent!r} is neither an ESCO skill nor an ISCED-F "
                        "field: that link is left out")))
                    continue
                into.named.setdefault(parent, label)
                into.link(uri, parent, rank)
    into.read[path.name] = rows


def parse_hierarchy(path: Path, into: Parsed) -> None:
    rows = 0
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            line, rows = reader.line_num, rows + 1
            chain: list[tuple[str, Kind, str]] = []
            for level in range(LEVELS):
                value = (row.get(f"Level {level} URI") or "").strip()
                if not value:
                    break
                name = (row.get(f"Level {level} preferred term") or "").strip()
                if not name:
                    raise ImportRowError(path, line, f"Level {level} preferred term is empty")
                uri, kind = _uri(path, line, value, f"Level {level} URI")
                chain.append((uri, kind, name))
            if not chain:
                raise ImportRowError(path, line, "Level 0 URI is empty")
            # Each row describes its deepest level; the levels above have rows of their own.
            uri, kind, name = chain[-1]
            description = (row.get("Description") or "").strip()
            if kind == "skill":
                into.skills[uri] = _skill(uri, name, description, [])
            else:
                into.fields[uri] = _field(uri, name, description)
            for (child, _, _), (parent, _, _) in zip(chain[1:], chain[:-1], strict=False):
                into.link(child, parent, 0)
    into.read[path.name] = rows


def parse(paths: list[Path]) -> Parsed:
    hierarchy = [p for p in paths if "hierarchy" in p.name.lower()]
    collections = [p for p in paths if p not in hierarchy]
    parsed = Parsed()
    for path in hierarchy:
        parse_hierarchy(path, parsed)
    for path in collections:
        parse_collection(path, parsed)
    # Broader concepts known only by the label a collection gives them.
    for uri, label in parsed.named.items():
        if kind_of(uri) == "skill" and uri not in parsed.skills:
            parsed.skills[uri] = _skill(uri, label, "", [])
        elif kind_of(uri) == "field" and uri not in parsed.fields:
            parsed.fields[uri] = _field(uri, label, "")
    return parsed


def plan(paths: list[Path]) -> Plan:
    parsed = parse(paths)
    steps = [
        Step("skills", "import/skills", "import/read_skills", list(parsed.skills.values())),
        Step("fields of education", "import/fields_of_education",
             "import/read_fields_of_education", list(parsed.fields.values())),
    ]
    for kinds, (kind, stem) in LINKS.items():
        rows = [{k: v for k, v in link.items() if k != "kinds"}
                for link in parsed.links.values() if link["kinds"] == kinds]
        steps.append(Step(kind, f"import/{stem}", f"import/read_{stem}", rows))
    return Plan("esco", parsed.read, steps, parsed.refused)


async def import_esco(db: Database, paths: list[Path], *, dry_run: bool = False) -> ImportReport:
    return await apply(db, plan(paths), dry_run=dry_run)
