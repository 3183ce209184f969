"""Loads `cypher/<noun>/<name>.cypher` files once, by name.

A query's name travels in the transaction metadata, so it shows in Neo4j's
query log and `SHOW TRANSACTIONS`. Dynamic parts (a sort key, a label) are
chosen by picking another file, never by formatting text.

One exception, made by this module alone: an optional filter is a line of the form

    AND ($p IS NULL OR <predicate>)

and a read whose `$p` is null is sent without that line (`for_values`). Such a line is
true for every row then, but Neo4j's slotted runtime (Community) still evaluates it row
by row, and one with an EXISTS makes a per-row SemiApply: in the benchmark's count of
3,765 employers the absent filters cost a quarter of the query's time (measured,
docs/performance.md). Dropping a line that is always true changes no answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

CYPHER_DIR = Path(__file__).resolve().parent.parent / "cypher"

OPTIONAL_LINE = re.compile(r"^\s*AND (\(\$(\w+) IS NULL OR .*\))\s*$")


@cache
def text(name: str) -> str:
    """The Cypher of `cypher/<name>.cypher`, e.g. text("groups/read_all")."""
    path = (CYPHER_DIR / f"{name}.cypher").resolve()
    if CYPHER_DIR not in path.parents:
        raise ValueError(f"query name outside cypher/: {name!r}")
    return path.read_text(encoding="utf-8")


def _one_group(expression: str) -> bool:
    """Whether `expression` is one parenthesised group: its first `(` closes at its end
    (so `AND ($a IS NULL OR x) OR (y)` is not an optional line)."""
    depth = 0
    for i, char in enumerate(expression):
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return i == len(expression) - 1
    return False


def _optional(line: str) -> str | None:
    """The parameter of an optional filter line, or None for any other line."""
    match = OPTIONAL_LINE.match(line)
    return match.group(2) if match and _one_group(match.group(1)) else None


@cache
def optional_parameters(name: str) -> frozenset[str]:
    """The parameters of the file's optional filter lines."""
    found = (_optional(line) for line in text(name).splitlines())
    return frozenset(p for p in found if p is not None)


@cache
def without(name: str, absent: frozenset[str]) -> str:
    """The file without the optional filter lines of the `absent` parameters."""
    return "\n".join(line for line in text(name).splitlines()
                     if _optional(line) not in absent)


def for_values(name: str, values: Mapping[str, Any]) -> str:
    """The text to send with these parameter values: optional filters whose parameter
    is null (or not given) are left out."""
    optional = optional_parameters(name)
    absent = frozenset(p for p in optional if values.get(p) is None)
    return without(name, absent) if absent else text(name)
