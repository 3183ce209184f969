"""Imports ESCO skills: skill collections and the skills pillar hierarchy.

Collection files (`transversalSkillsCollection_en.csv`, `ictSkillsCollection_en.csv`)
hold skills with labels, alternative labels, descriptions and broader concepts
(several, separated by ` | `). `skillsHierarchy_en.csv` holds the pillar's
groups, four levels deep. A skill's id is `esco:` and the last part of its
concept URI; `broader` links keep the file's order as `rank`.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from graph.db import Database
from graph.importers.common import ImportRowError, write_all

PREFIX = "http://data.europa.eu/esco/"
LEVELS = 4


def skill_id(uri: str) -> str:
    return "esco:" + uri.rstrip("/").rsplit("/", 1)[1]


def _uri(path: Path, line: int, value: str, column: str) -> str:
    value = value.strip()
    if not value.startswith(PREFIX):
        raise ImportRowError(path, line, f"{column} is not an ESCO URI: {value!r}")
    return value


def _skill(uri: str, name: str, description: str, alt: list[str]) -> dict[str, Any]:
    return {"id": skill_id(uri), "uri": uri, "code": uri.rsplit("/", 1)[1], "name": name,
            "framework": "ESCO", "altLabels": alt, "description": description or None,
            "source": "esco"}


def parse_collection(path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    skills, links = [], []
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            line = reader.line_num
            for column in ("conceptUri", "preferredLabel"):
                if not (row.get(column) or "").strip():
                    raise ImportRowError(path, line, f"{column} is empty")
            uri = _uri(path, line, row["conceptUri"], "conceptUri")
            alt = [a.strip() for a in (row.get("altLabels") or "").split("|") if a.strip()]
            skills.append(_skill(uri, row["preferredLabel"].strip(),
                                 (row.get("description") or "").strip(), alt))
            broader = [b.strip() for b in (row.get("broaderConceptUri") or "").split("|")]
            for rank, parent in enumerate(b for b in broader if b.startswith(PREFIX + "skill/")):
                links.append({"child": skill_id(uri), "parent": skill_id(parent), "rank": rank})
    return skills, links


def parse_hierarchy(path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    skills: dict[str, dict[str, Any]] = {}
    links: dict[tuple[str, str], dict[str, Any]] = {}
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            line = reader.line_num
            chain = []
            for level in range(LEVELS):
                uri = (row.get(f"Level {level} URI") or "").strip()
                if not uri:
                    break
                name = (row.get(f"Level {level} preferred term") or "").strip()
                if not name:
                    raise ImportRowError(path, line, f"Level {level} preferred term is empty")
                chain.append((_uri(path, line, uri, f"Level {level} URI"), name))
            if not chain:
                raise ImportRowError(path, line, "Level 0 URI is empty")
            deepest_uri, deepest_name = chain[-1]
            description = (row.get("Description") or "").strip()
            skills[deepest_uri] = _skill(deepest_uri, deepest_name, description, [])
            for (child, _), (parent, _) in zip(chain[1:], chain[:-1], strict=False):
                links[(child, parent)] = {"child": skill_id(child), "parent": skill_id(parent),
                                          "rank": 0}
    return list(skills.values()), list(links.values())


def parse(paths: list[Path]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Skills (distinct by URI; a collection's richer row wins) and broader links."""
    by_uri: dict[str, dict[str, Any]] = {}
    links: dict[tuple[str, str], dict[str, Any]] = {}
    hierarchy = [p for p in paths if "hierarchy" in p.name.lower()]
    collections = [p for p in paths if p not in hierarchy]
    for path in hierarchy + collections:
        parse_file = parse_hierarchy if path in hierarchy else parse_collection
        skills, file_links = parse_file(path)
        for skill in skills:
            by_uri[skill["uri"]] = skill
        for link in file_links:
            links.setdefault((link["child"], link["parent"]), link)
    return list(by_uri.values()), list(links.values())


async def import_esco(db: Database, paths: list[Path]) -> dict[str, int]:
    skills, links = parse(paths)
    await write_all(db, [("import/skills", skills), ("import/skill_broader", links)], "esco")
    return {"skills": len(skills), "broader links": len(links)}
