"""What an import did, or would do: rows read, records created/updated/unchanged, rows refused.

An importer fills a report by comparing its parsed rows with what the graph
holds (graph/importers/common.py, `apply`), before it writes, so a dry run and
a real run report the same figures for the same graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Outcome(Enum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    # A record the graph holds and the source no longer lists, which the import
    # deletes (only the map's actions: the other importers never delete).
    REMOVED = "removed"


@dataclass
class Tally:
    """Records of one kind (skills, broader links...) by what the import does to them."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    def add(self, outcome: Outcome) -> None:
        name = outcome.value
        setattr(self, name, getattr(self, name) + 1)

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.removed

    def __str__(self) -> str:
        text = f"{self.created:,} created, {self.updated:,} updated, {self.unchanged:,} unchanged"
        return text + (f", {self.removed:,} removed" if self.removed else "")


@dataclass(frozen=True)
class Refusal:
    """A source row the importer left out (the rest of the file is imported)."""

    path: Path
    line: int
    why: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.why}"


@dataclass
class ImportReport:
    source: str
    dry_run: bool
    # Rows (CSV data rows, registry entries, map groups) read, by file name.
    read: dict[str, int] = field(default_factory=dict)
    tallies: dict[str, Tally] = field(default_factory=dict)
    refused: list[Refusal] = field(default_factory=list)

    def tally(self, kind: str) -> Tally:
        return self.tallies.setdefault(kind, Tally())

    @property
    def rows_read(self) -> int:
        return sum(self.read.values())

    @property
    def changed(self) -> int:
        return sum(t.changed for t in self.tallies.values())

    def lines(self) -> list[str]:
        """The report as the CLI prints it."""
        head = f"{self.source}: " + ("dry run, nothing written" if self.dry_run else "imported")
        files = ", ".join(f"{name} {n:,}" for name, n in self.read.items())
        out = [head, f"  rows read: {self.rows_read:,} ({files})"]
        width = max((len(kind) for kind in self.tallies), default=0)
        out += [f"  {kind + ':':<{width + 1}} {tally}" for kind, tally in self.tallies.items()]
        out.append(f"  refused: {len(self.refused):,}")
        out += [f"    {refusal}" for refusal in self.refused]
        return out
