"""Which importer reads which data set, by the name the CLI uses."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from graph.db import Database
from graph.importers import dcc_registry, esco, ler_map, onet


async def run(db: Database, source: str, paths: Sequence[Path]) -> dict[str, int]:
    if source == "ler-map":
        (path,) = paths
        return await ler_map.import_map(db, path)
    if source == "esco":
        return await esco.import_esco(db, list(paths))
    if source == "onet":
        return await onet.import_onet(db, list(paths))
    if source == "dcc-registry":
        (path,) = paths
        return await dcc_registry.import_registry(db, path)
    raise ValueError(f"unknown data set {source!r}")


def default_paths(data_dir: Path) -> dict[str, list[Path]]:
    """The files each importer reads, within a folder laid out like ../shared/data."""
    return {
        "ler-map": [data_dir / "ler-map" / "stakeholders-list.yml"],
        "esco": sorted((data_dir / "esco").glob("*.csv")),
        "onet": [data_dir / "onet-bls" / "BLS-Import.csv", data_dir / "onet-bls" / "oNet-Import.csv"],
        "dcc-registry": [data_dir / "dcc-community-registry" / "registry.json"],
    }
