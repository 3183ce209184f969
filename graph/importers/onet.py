"""Imports occupations: the 2018 SOC hierarchy (BLS) and O*NET-SOC occupations.

SOC codes nest by their digits: major `15-0000` > minor `15-1200` > broad
`15-1210` > detailed `15-1211`; an O*NET-SOC code `15-1211.01` sits under its
detailed SOC code. Credentials and skills align to any level
(`PREPARES_FOR`), so partners can ask which credentials lead to an occupation.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from graph.db import Database
from graph.importers.common import ImportRowError, Plan, Step, apply
from graph.importers.report import ImportReport

SOC = re.compile(r"^\d{2}-\d{4}$")
ONET = re.compile(r"^(\d{2}-\d{4})\.\d{2}$")
LEVELS = {"Major": "MAJOR", "Minor": "MINOR", "Broad": "BROAD", "Detailed": "DETAILED"}


def soc_parent(code: str, known: set[str]) -> str | None:
    """The nearest existing code with more trailing zeros: 15-1211 -> 15-1210 -> 15-1200.

    Minor groups are not uniform (11-3000 but 15-1200), so the parent is looked
    up among the codes present rather than computed from a fixed digit.
    """
    digits = code.replace("-", "")
    for keep in range(len(digits) - 1, 1, -1):
        candidate = digits[:keep] + "0" * (len(digits) - keep)
        candidate = f"{candidate[:2]}-{candidate[2:]}"
        if candidate != code and candidate in known:
            return candidate
    return None


def parse_bls(path: Path) -> tuple[list[dict[str, Any]], int]:
    """Distinct SOC codes (a later row of a code wins), and the rows read."""
    rows: dict[str, dict[str, Any]] = {}
    read = 0
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            line, read = reader.line_num, read + 1
            level = LEVELS.get((row.get("SOC Group") or "").strip())
            code = (row.get("SOC Code") or "").strip()
            title = (row.get("SOC Title") or "").strip()
            if level is None:
                raise ImportRowError(path, line, f"unknown SOC Group {row.get('SOC Group')!r}")
            if not SOC.match(code):
                raise ImportRowError(path, line, f"SOC Code is not NN-NNNN: {code!r}")
            if not title:
                raise ImportRowError(path, line, "SOC Title is empty")
            rows[code] = {"id": f"soc:{code}", "code": code, "title": title, "level": level,
                          "description": (row.get("SOC Definition") or "").strip() or None,
                          "source": "bls-soc-2018"}
    return list(rows.values()), read


def parse_onet(path: Path) -> tuple[list[dict[str, Any]], int]:
    rows = []
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            line = reader.line_num
            code = (row.get("O*NET-SOC Code") or "").strip()
            title = (row.get("Title") or "").strip()
            if not ONET.match(code):
                raise ImportRowError(path, line, f"O*NET-SOC Code is not NN-NNNN.NN: {code!r}")
            if not title:
                raise ImportRowError(path, line, "Title is empty")
            rows.append({"id": f"onet:{code}", "code": code, "title": title, "level": "ONET",
                         "description": (row.get("Description") or "").strip() or None,
                         "source": "onet"})
    return rows, len(rows)


def parse(paths: list[Path]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, int]]:
    """Occupations, their broader links, and the rows read by file."""
    occupations: list[dict[str, Any]] = []
    read: dict[str, int] = {}
    for path in paths:
        rows, read[path.name] = parse_bls(path) if "bls" in path.name.lower() else parse_onet(path)
        occupations += rows
    soc_codes = {o["code"] for o in occupations if o["level"] != "ONET"}
    links = []
    for occ in occupations:
        if occ["level"] == "ONET":
            match = ONET.match(occ["code"])
            code: str | None = match[1] if match and match[1] in soc_codes else None
        else:
            code = soc_parent(occ["code"], soc_codes)
        if code is not None:
            links.append({"child": occ["id"], "parent": f"soc:{code}"})
    return occupations, links, read


def plan(paths: list[Path]) -> Plan:
    occupations, links, read = parse(paths)
    return Plan("onet", read, [
        Step("occupations", "import/occupations", "import/read_occupations", occupations),
        Step("broader links", "import/occupation_broader", "import/read_occupation_broader",
             links),
    ])


async def import_onet(db: Database, paths: list[Path], *, dry_run: bool = False) -> ImportReport:
    return await apply(db, plan(paths), dry_run=dry_run)
