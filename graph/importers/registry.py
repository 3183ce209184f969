"""Which importer reads which data set, by the name the CLI uses."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

from neo4j import AsyncManagedTransaction

from graph import audit
from graph.db import Database
from graph.importers import dcc_registry, esco, ler_map, onet
from graph.importers.report import ImportReport


async def run(db: Database, source: str, paths: Sequence[Path], *,
              dry_run: bool = False) -> ImportReport:
    """Import one data set (or, with `dry_run`, only report what importing it would do);
    a real run that changed the graph ends with one IMPORT_COMPLETED change in the feed,
    its summary (a run that changed nothing is no change)."""
    report = await _run(db, source, paths, dry_run=dry_run)
    if not dry_run and report.changed:
        await _record(db, report)
    return report


async def _record(db: Database, report: ImportReport) -> None:
    run_id = f"import:{report.source}:{uuid.uuid4()}"
    summary = "; ".join(f"{kind}: {tally}" for kind, tally in report.tallies.items())

    async def work(tx: AsyncManagedTransaction) -> None:
        await audit.record(db, tx, None, record_id=run_id, record_type="Import",
                           action="COMPLETED", note=f"{report.source}: {summary}",
                           changes=[k for k, t in report.tallies.items() if t.changed])

    await db.write_tx("import/record_run", work)


async def _run(db: Database, source: str, paths: Sequence[Path], *,
               dry_run: bool) -> ImportReport:
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
