"""What every importer shares: row errors with file and line, and atomic batched writes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from neo4j import AsyncManagedTransaction
from rich.progress import Progress

from graph.db import Database

BATCH = 1000


class ImportRowError(ValueError):
    """A row of a source file is malformed; nothing of the file was written."""

    def __init__(self, path: Path, line: int, why: str) -> None:
        super().__init__(f"{path}:{line}: {why}")
        self.path = path
        self.line = line


async def write_all(db: Database, steps: Sequence[tuple[str, Sequence[dict[str, Any]]]],
                    label: str) -> None:
    """Run each (query name, rows) step in UNWIND batches, all in one transaction.

    One transaction makes the import all-or-nothing; batches keep each
    statement's parameter list small. The progress bar goes to stderr.
    """
    total = sum(len(rows) for _, rows in steps)

    async def work(tx: AsyncManagedTransaction) -> None:
        with Progress(transient=True) as progress:
            task = progress.add_task(label, total=total)
            for name, rows in steps:
                for start in range(0, len(rows), BATCH):
                    chunk = list(rows[start:start + BATCH])
                    await db.run_in_tx(tx, name, rows=chunk)
                    progress.advance(task, len(chunk))

    await db.write_tx(f"import/{label}", work, bounded=False)


async def write_batched(db: Database, steps: Sequence[tuple[str, Sequence[dict[str, Any]]]],
                        label: str, batch: int = 5000) -> int:
    """Like `write_all`, but each batch commits on its own (bulk loads of millions of
    rows, where one transaction would hold everything in memory). Returns rows written."""
    total = sum(len(rows) for _, rows in steps)
    with Progress() as progress:
        task = progress.add_task(label, total=total)
        for name, rows in steps:
            for start in range(0, len(rows), batch):
                chunk = list(rows[start:start + batch])

                async def work(tx: AsyncManagedTransaction, name: str = name,
                               chunk: list[dict[str, Any]] = chunk) -> None:
                    await db.run_in_tx(tx, name, rows=chunk)

                await db.write_tx(f"bulk/{label}", work, bounded=False)
                progress.advance(task, len(chunk))
    return total
