"""Loads `cypher/<noun>/<name>.cypher` files once, by name.

A query's name travels in the transaction metadata, so it shows in Neo4j's
query log and `SHOW TRANSACTIONS`. Dynamic parts (a sort key, a label) are
chosen by picking another file, never by formatting text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

CYPHER_DIR = Path(__file__).resolve().parent.parent / "cypher"


@cache
def text(name: str) -> str:
    """The Cypher of `cypher/<name>.cypher`, e.g. text("groups/read_all")."""
    path = (CYPHER_DIR / f"{name}.cypher").resolve()
    if CYPHER_DIR not in path.parents:
        raise ValueError(f"query name outside cypher/: {name!r}")
    return path.read_text(encoding="utf-8")
