"""Every Cypher file is checked: Neo4j plans each one (EXPLAIN), and every file
name the code uses or assembles exists. Migrations are run by their own tests."""

from __future__ import annotations

import re
from itertools import combinations, product
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
    "maxFailures": 5, "httpStatus": None, "attempt": 1, "visibleByStatus": False,
}
PARAMETER = re.compile(r"\$(\w+)")
GIVEN: dict[str, Any] = {"after": {"name": "x", "id": "x"}, "stakeholderId": "x",
                         "framework": "ESCO", "issuerId": "x", "status": "ACTIVE"}


@pytest.mark.parametrize("name", FILES)
async def test_every_cypher_file_plans(db: Database, name: str) -> None:
    text = cypher.text(name)
    params = {p: PARAMETERS.get(p, "x") for p in PARAMETER.findall(text)}
    await db.driver.execute_query("EXPLAIN " + text, params)


OPTIONAL = [(name, sorted(cypher.optional_parameters(name))) for name in FILES
            if cypher.optional_parameters(name)]


@pytest.mark.parametrize(("name", "optional"), OPTIONAL, ids=[n for n, _ in OPTIONAL])
async def test_every_text_sent_without_optional_filters_plans(
        db: Database, name: str, optional: list[str]) -> None:
    """Each subset of null optional filters gives a text Neo4j plans, without exactly
    those lines."""
    full = cypher.text(name)
    for n in range(len(optional) + 1):
        for absent in combinations(optional, n):
            values = {**{p: PARAMETERS.get(p, "x") for p in PARAMETER.findall(full)},
                      **{p: None for p in absent}}
            for p in set(optional) - set(absent):  # given: a value of its kind
                values[p] = values[p] if values[p] is not None else GIVEN.get(p, ["x"])
            text = cypher.for_values(name, values)
            assert len(text.splitlines()) == len(full.splitlines()) - len(absent)
            for p in absent:
                assert f"(${p} IS NULL OR" not in text
            await db.driver.execute_query("EXPLAIN " + text, values)


def test_only_whole_optional_lines_are_dropped() -> None:
    lines = {  # line -> its optional parameter (None: always sent)
        "  AND ($roles IS NULL OR any(r IN s.roles WHERE r IN $roles))": "roles",
        "AND ($x IS NULL OR EXISTS { (s)-[:SUPPORTS]->(t) WHERE t.id IN $x })": "x",
        "  AND ($a IS NULL OR s.a = $a) OR (s.b = 1)": None,  # not one group
        "WHERE ($roles IS NULL OR s.r IN $roles)": None,     # the first predicate
        "  AND ($a IS NULL OR s.a = $a": None,                 # continues below
        "  AND (s.hidden IS NULL OR $seeAll)": None,
    }
    assert {line: cypher._optional(line) for line in lines} == lines


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
