"""What every importer shares: row errors with file and line, a plan of steps, and its report.

An importer parses its files into a `Plan`: steps of rows, each with a write
query and a read query over the same rows. `apply` reads, batch by batch, what
the graph holds for the rows, tallies each row as created, updated or
unchanged, and (unless it is a dry run) writes the batch, all in one
transaction, so the import is all-or-nothing and its report describes exactly
what it wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j import AsyncManagedTransaction, Record
from rich.progress import Progress

from graph.db import Database
from graph.importers.report import ImportReport, Outcome, Refusal

BATCH = 1000

Row = dict[str, Any]
# (row, what the graph holds for it, or None) -> (kind, outcome) for each record the row writes.
Classify = Callable[[Row, Row | None], Iterable[tuple[str, Outcome]]]


class ImportRowError(ValueError):
    """A row of a source file is malformed; nothing of the file was written."""

    def __init__(self, path: Path, line: int, why: str) -> None:
        super().__init__(f"{path}:{line}: {why}")
        self.path = path
        self.line = line


def same_fields(row: Row, current: Row) -> bool:
    """The read query returns the properties the write sets, named as the row names them."""
    return all(row.get(key) == value for key, value in current.items())


@dataclass(frozen=True)
class Step:
    """Rows of one kind, the query that writes them and the one that reads them back.

    The read query takes `$rows` and answers with one record whose `rows` list
    holds `{i, current}` for each row the graph already has (`i`: the row's
    index in the batch; `current`: what `same_fields` or `classify` compares).
    """

    kind: str
    write: str
    read: str
    rows: Sequence[Row]
    classify: Classify | None = None
    param: str = "rows"  # the write query's parameter name

    def outcomes(self, row: Row, current: Row | None) -> Iterable[tuple[str, Outcome]]:
        if self.classify is not None:
            return self.classify(row, current)
        if current is None:
            return [(self.kind, Outcome.CREATED)]
        return [(self.kind, Outcome.UNCHANGED if same_fields(row, current) else Outcome.UPDATED)]

    def batches(self, size: int) -> Iterator[list[Row]]:
        for start in range(0, len(self.rows), size):
            yield list(self.rows[start:start + size])


@dataclass
class Plan:
    """What an importer parsed: rows read by file, the steps to write, rows left out."""

    source: str
    read: dict[str, int]
    steps: list[Step]
    refused: list[Refusal] = field(default_factory=list)

    def report(self, dry_run: bool) -> ImportReport:
        report = ImportReport(self.source, dry_run, dict(self.read), refused=list(self.refused))
        for step in self.steps:  # every kind shows, even with nothing to do
            report.tally(step.kind)
        return report


def _judge(report: ImportReport, step: Step, chunk: list[Row], records: list[Record]) -> None:
    found = {r["i"]: r["current"] for r in (records[0]["rows"] if records else [])}
    for i, row in enumerate(chunk):
        for kind, outcome in step.outcomes(row, found.get(i)):
            report.tally(kind).add(outcome)


async def apply(db: Database, plan: Plan, *, dry_run: bool = False,
                batch: int = BATCH) -> ImportReport:
    """Compare the plan with the graph and, unless `dry_run`, write it; returns the report.

    The reads of a real run happen inside the write transaction, just before
    each batch is written, so the report is what this transaction changed even
    if someone else writes at the same time; a retried transaction starts a
    fresh report. A dry run reads only, one read query per batch.
    """
    if dry_run:
        report = plan.report(dry_run=True)
        for step in plan.steps:
            for chunk in step.batches(batch):
                _judge(report, step, chunk, await db.read(step.read, rows=chunk))
        return report

    total = sum(len(step.rows) for step in plan.steps)

    async def work(tx: AsyncManagedTransaction) -> ImportReport:
        report = plan.report(dry_run=False)
        with Progress(transient=True) as progress:
            task = progress.add_task(plan.source, total=total)
            for step in plan.steps:
                for chunk in step.batches(batch):
                    _judge(report, step, chunk, await db.run_in_tx(tx, step.read, rows=chunk))
                    await db.run_in_tx(tx, step.write, **{step.param: chunk})
                    progress.advance(task, len(chunk))
        return report

    return await db.write_tx(f"import/{plan.source}", work, bounded=False)


async def unverified_registrations(db: Database, rows: Sequence[Row]) -> set[str]:
    """Which of these records (rows with `id` and `domain`) a stakeholder registered itself
    without verifying that domain: an import must not merge into them (anyone can
    register a host first, or move its record to another host)."""
    if not rows:
        return set()
    records = await db.read("import/read_unverified_registrations",
                            rows=[{"id": r["id"], "domain": r["domain"]} for r in rows])
    return set(records[0]["ids"]) if records else set()


async def write_all(db: Database, steps: Sequence[tuple[str, Sequence[dict[str, Any]]]],
                    label: str) -> None:
    """Run each (query name, rows) step in UNWIND batches, all in one transaction.

    For writes without a report (the demo seed). One transaction makes them
    all-or-nothing; batches keep each statement's parameter list small. The
    progress bar goes to stderr.
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
