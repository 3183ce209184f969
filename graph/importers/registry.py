"""Which importer reads which data set, by the name the CLI uses."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from graph.db import Database
from graph.importers import dcc_registry, esco, ler_map, onet
from graph.importers.report import ImportReport


async def run(db: Database, source: str, paths: Sequence[Path], *,
              dry_run: bool = False) -> ImportReport:
    """Import one data set (or, with `dry_run`, only report what importing it would do)."""
    if source == "ler-map":
        (path,) = paths
        return await ler_map.import_map(db, path, dry_run=dry_run)
    if source == "esco":
        return await esco.import_esco(db, list(paths), dry_run=dry_run)
    if source == "onet":
        return await onet.import_onet(db, list(paths), dry_run=dry_run)
    if source == "dcc-registry":
        (path,) = paths
        return await dcc_registry.import_registry(db, path, dry_run=dry_run)
    raise ValueError(f"unknown data set {source!r}")


def default_paths(data_dir: Path) -> dict[str, list[Path]]:
    """The files each importer reads, within a folder laid out like ../shared/data."""
    return {
        "ler-map": [data_dir / "ler-map" / "stakeholders-list.yml"],
        "esco": sorted((data_dir / "esco").glob("*.csv")),
        "onet": [data_dir / "onet-bls" / "BLS-Import.csv",
                 data_dir / "onet-bls" / "oNet-Import.csv"],
        "dcc-registry": [data_dir / "dcc-community-registry" / "registry.json"],
    }
