"""Imports the LER Ecosystem Map's ten stakeholder groups and their actions.

Source: `stakeholders-list.yml` of the map's site. Each group has four stages
(Developing, Issuing, Using, Adopting) with action bullets, and action areas
(promoting, building, gathering, supporting). The file is taken as it is: a
`bullets:` may be one string instead of a list, and text carries HTML
entities such as `&colon;`.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import yaml

from graph.db import Database
from graph.importers.common import Plan, Row, Step, apply, same_fields
from graph.importers.report import ImportReport, Outcome

# The map's page slugs, mapped to the contract's StakeholderGroup enum.
GROUP_KEYS = {
    "learners-earners": "LEARNERS_AND_EARNERS",
    "employers": "EMPLOYERS",
    "credentialing-organizations": "CREDENTIALING_ORGANIZATIONS",
    "ler-technology-providers": "LER_TECHNOLOGY_PROVIDERS",
    "hr-systems": "HR_SYSTEMS",
    "career-navigators": "CAREER_NAVIGATORS",
    "supporting-systems": "SUPPORTING_SYSTEMS",
    "governance": "GOVERNANCE",
    "funders": "FUNDERS",
    "data-standards-organizations": "DATA_STANDARDS_ORGANIZATIONS",
}
STAGES = ("DEVELOPING", "ISSUING", "USING", "ADOPTING")
AREAS = ("PROMOTING", "BUILDING", "GATHERING", "SUPPORTING")


class MapFileError(ValueError):
    """The YAML does not have the shape of the map's stakeholder list."""


def _clean(value: Any) -> str:
    return " ".join(html.unescape(str(value)).split())


def _bullets(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [_clean(item) for item in items if str(item).strip()]


def parse(path: Path) -> list[dict[str, Any]]:
    """The groups of the file as rows for `groups/import_map.cypher`."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = doc.get("stakeholders") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise MapFileError(f"{path}: expected a top-level 'stakeholders:' list")
    groups = []
    for entry in entries:
        slug = str(entry.get("url", "")).strip()
        key = GROUP_KEYS.get(slug)
        if key is None:
            raise MapFileError(f"{path}: unknown stakeholder group url {slug!r}")
        actions: list[dict[str, Any]] = []
        for section in entry.get("sections") or []:
            stage = _clean(section.get("title", "")).upper()
            if stage not in STAGES:
                raise MapFileError(f"{path}: group {slug}: unknown stage {section.get('title')!r}")
            for n, text in enumerate(_bullets(section.get("bullets")), start=1):
                actions.append({"id": f"{slug}/{stage.lower()}/{n}", "stage": stage,
                                "area": None, "text": text, "position": n})
        for area_entry in entry.get("action-areas") or []:
            area = _clean(area_entry.get("title", "")).upper()
            if area not in AREAS:
                raise MapFileError(f"{path}: group {slug}: unknown action area {area!r}")
            for n, text in enumerate(_bullets(area_entry.get("bullets")), start=1):
                actions.append({"id": f"{slug}/area-{area.lower()}/{n}", "stage": None,
                                "area": area, "text": text, "position": n})
        groups.append({
            "key": key, "slug": slug, "name": _clean(entry["name"]),
            "definition": _clean(entry.get("definition", "")),
            "examples": _clean(entry["examples"]) if entry.get("examples") else None,
            "actions": actions,
        })
    missing = set(GROUP_KEYS.values()) - {g["key"] for g in groups}
    if missing:
        raise MapFileError(f"{path}: groups missing from the file: {', '.join(sorted(missing))}")
    return groups


ACTION_FIELDS = ("stage", "area", "text", "position")


def classify(row: Row, current: Row | None) -> list[tuple[str, Outcome]]:
    """A group, each of its actions, and the actions the file no longer lists (the
    write deletes those)."""
    if current is None:
        return [("groups", Outcome.CREATED)] + [("actions", Outcome.CREATED)] * len(row["actions"])
    group = {k: v for k, v in current.items() if k != "actions"}
    out = [("groups", Outcome.UNCHANGED if same_fields(row, group) else Outcome.UPDATED)]
    held = {a["id"]: a for a in current["actions"]}
    for action in row["actions"]:
        old = held.pop(action["id"], None)
        if old is None:
            out.append(("actions", Outcome.CREATED))
            continue
        same = old["group"] == row["key"] and all(old[f] == action[f] for f in ACTION_FIELDS)
        out.append(("actions", Outcome.UNCHANGED if same else Outcome.UPDATED))
    out += [("actions", Outcome.REMOVED)] * len(held)
    return out


def plan(path: Path) -> Plan:
    groups = parse(path)
    return Plan("ler-map", {path.name: len(groups)}, [
        Step("groups", "groups/import_map", "import/read_map_groups", groups, classify,
             param="groups"),
    ])


async def import_map(db: Database, path: Path, *, dry_run: bool = False) -> ImportReport:
    """The groups and their actions, in one transaction."""
    return await apply(db, plan(path), dry_run=dry_run)
