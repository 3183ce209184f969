"""Which importer reads which data set, by the name the CLI uses."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from graph.db import Database
from graph.importers import ler_map


async def run(db: Database, source: str, paths: Sequence[Path]) -> dict[str, int]:
    if source == "ler-map":
        (path,) = paths
        return await ler_map.import_map(db, path)
    raise ValueError(f"unknown data set {source!r}")


def default_paths(data_dir: Path) -> dict[str, list[Path]]:
    """The files each importer reads, within a folder laid out like ../shared/data."""
    return {
        "ler-map": [data_dir / "ler-map" / "stakeholders-list.yml"],
    }
