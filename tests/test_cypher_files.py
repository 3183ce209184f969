"""Every Cypher file is checked: Neo4j plans each one (EXPLAIN), and every file
name the code uses or assembles exists. Migrations are run by their own tests."""

from __future__ import annotations

import re
from itertools import product
from pathlib import Path
from typing import Any, get_args

import pytest

from graph import credentials, cypher, skills, stakeholders
from graph.db import Database
from graph.models import (
    CredentialFilter,
    CredentialRelation,
    SkillFilter,
    StakeholderFilter,
    StakeholderRelation,
    Verb,
)
from graph.policy import EVERYTHING
from graph.settings import PROJECT_ROOT
from graph.stakeholders import SUGGESTION_BOUNDS

FILES = sorted(p.relative_to(cypher.CYPHER_DIR).with_suffix("").as_posix()
               for p in cypher.CYPHER_DIR.rglob("*.cypher")
               if p.parent.name != "migrations")

# A plausible value per parameter name: EXPLAIN type-checks what it is given.
PARAMETERS: dict[str, Any] = {
    **EVERYTHING, "ids": ["x"], "keys": ["x"], "rows": [], "limit": 5, "first": 5,
    "after": None, "text": "x", "pairs": [], "status": None, "groups": None, "roles": None,
    "edgeKinds": None,
    "stages": None, "verification": None, "standardIds": None, "skillIds": None,
    "types": None, "issuerId": None, "framework": None, "admin": False, "hidden": None,
    "moved": False, "reverify": False, "changes": [], "actorAdmin": False, "from": "PROPOSED",
    "to": "ACTIVE", **SUGGESTION_BOUNDS, "scan": 5, "settleS": 60, "stakeholderId": None,
    "private": None,
    "items": [], "leaseS": 5, "retryInS": None, "delivered": False, "disable": False,
    "maxFailures": 5, "httpStatus": None, "attempt": 1,
}
PARAMETER = re.compile(r"\$(\w+)")


@pytest.mark.parametrize("name", FILES)
async def test_every_cypher_file_plans(db: Database, name: str) -> None:
    text = cypher.text(name)
    params = {p: PARAMETERS.get(p, "x") for p in PARAMETER.findall(text)}
    await db.driver.execute_query("EXPLAIN " + text, params)


# `db.read("noun/name", ...)`, `run_in_tx(tx, "noun/name", ...)`, `rows(db, "noun/name"...)`:
# any string literal of that shape in the code that is not a transaction's label.
LITERAL = re.compile(r'"([a-z_]+/[a-z_]+)"')
LABEL = re.compile(r'(?:write_tx|_write_with_slug)\(\s*(?:db,\s*)?f?"([a-z_]+/[a-z_{}.()]+)"')


def code_names() -> set[str]:
    names: set[str] = set()
    for folder in ("graph", "loaders", "api"):
        for path in (PROJECT_ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            labels = set(LABEL.findall(text))
            names |= {n for n in LITERAL.findall(text) if n not in labels}
    folders = {p.name for p in cypher.CYPHER_DIR.iterdir() if p.is_dir()}
    return {n for n in names if n.split("/")[0] in folders}  # not "text/plain"


def test_every_query_the_code_names_exists() -> None:
    missing = sorted(n for n in code_names() if not Path(cypher.CYPHER_DIR, f"{n}.cypher")
                     .is_file())
    assert missing == []


def test_every_query_the_code_assembles_exists() -> None:
    assembled = [f"stakeholders/{v}_{r}" for v, r in product(("page", "count"),
                                                             get_args(StakeholderRelation))]
    assembled += [f"credentials/{v}_{r}" for v, r in product(("page", "count"),
                                                             get_args(CredentialRelation))]
    for verb in get_args(Verb):
        for text in (None, "x"):
            assembled.append(credentials.query(verb, CredentialFilter(text=text))[0])
            assembled.append(skills.query(verb, SkillFilter(text=text))[0])
            for groups in (None, ("EMPLOYERS",)):
                assembled.append(stakeholders.query(
                    verb, StakeholderFilter(text=text, groups=groups))[0])
    assert sorted(n for n in assembled if n not in FILES) == []
