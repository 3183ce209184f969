"""Schema migrations: `cypher/migrations/V0001__name.cypher`, applied in order, once.

Each applied migration is recorded as a `(:Migration)` node with a checksum of
its file. A file that changed after it was applied is refused by name: fix it
with a new migration instead. The one exception is a statement rewritten to do the
same thing faster: the file then names its earlier checksums on lines
`// previous checksum <sha256>`, a database that recorded one of them is accepted, and
its record is brought up to the file's checksum. Statements are separated by `;` at the
end of a line and must be idempotent (`IF NOT EXISTS`), so a run cut short can be
repeated; schema statements each run in their own auto-commit transaction
because Neo4j does not mix schema and data changes in one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from graph import memo
from graph.cypher import CYPHER_DIR
from graph.db import Database

MIGRATIONS_DIR = CYPHER_DIR / "migrations"
_FILE = re.compile(r"^V(\d{4})__([a-z0-9_]+)\.cypher$")
_PREVIOUS = re.compile(r"^// previous checksum ([0-9a-f]{64})\b", re.M)


class MigrationError(RuntimeError):
    """A migration file is malformed, or changed after it was applied."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()

    def accepts(self, checksum: str) -> bool:
        """The file's checksum, or one it names as an earlier text of itself."""
        return checksum == self.checksum or checksum in _PREVIOUS.findall(self.path.read_text())

    def statements(self) -> list[str]:
        body = "\n".join(line for line in self.path.read_text().splitlines()
                         if not line.lstrip().startswith("//"))
        return [s.strip() for s in re.split(r";\s*$", body, flags=re.M) if s.strip()]


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    found = []
    for path in sorted(directory.glob("*.cypher")):
        match = _FILE.match(path.name)
        if match is None:
            raise MigrationError(f"{path.name}: expected a name like V0001__what_it_does.cypher")
        found.append(Migration(int(match[1]), match[2], path))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise MigrationError("two migration files share a version number")
    return found


async def migrate(db: Database, directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Apply what is pending; returns the migrations applied by this call."""
    applied = {r["version"]: r for r in await db.read("migration/read_applied")}
    pending, rewritten = [], []
    for migration in discover(directory):
        record = applied.get(migration.version)
        if record is None:
            pending.append(migration)
        elif not migration.accepts(record["checksum"]):
            raise MigrationError(
                f"migration {migration.path.name} was changed after it was applied "
                f"(recorded checksum {record['checksum'][:12]}, file {migration.checksum[:12]}); "
                "restore it and add a new migration instead")
        elif record["checksum"] != migration.checksum:
            rewritten.append(migration)
    for migration in rewritten:  # (after every file passed the check)
        await db.write("migration/update_checksum", version=migration.version,
                       checksum=migration.checksum)
    for migration in pending:
        async with db.driver.session(database=db.database) as session:
            for statement in migration.statements():
                await (await session.run(statement)).consume()
        await db.write("migration/record", version=migration.version, name=migration.name,
                       checksum=migration.checksum)
    if pending:
        # A data migration changes records under running servers (`lermap migrate` while
        # they serve); the feed does not number it, so remembered answers must go.
        await memo.renew_epoch(db)
    return pending
