"""One async Neo4j driver per process, and the two ways repositories use it.

`read` runs one named query as an auto-commit transaction, retried once on a
retryable fault; `write` runs one as a managed transaction (the driver retries
transient failures itself); `write_tx` runs a function of several statements
in one transaction. Every call counts as one round trip in the
current request's counter, which tests and the benchmark read, and is timed and traced
by graph/telemetry.py (by its cypher file name, never its parameters).

Read-your-writes across processes: a request may carry Neo4j bookmarks (`Causality`,
set by the API from a header); its reads and writes then wait until the server they reach
has those transactions, and the bookmarks its writes produce are collected for the
response. Without them a read waits for nothing (`bookmark_manager=None`): on a single
server nothing is needed, and in a cluster a follower answers at once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from neo4j import (
    READ_ACCESS,
    AsyncDriver,
    AsyncGraphDatabase,
    AsyncManagedTransaction,
    AsyncSession,
    Bookmarks,
    Query,
    Record,
    unit_of_work,
)
from neo4j.exceptions import (
    ClientError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph import cypher, policy
from graph.errors import DatabaseTimeout, DatabaseUnavailable, InvalidArgument
from graph.models import Actor
from graph.telemetry import query_span

T = TypeVar("T")


@dataclass
class RoundTrips:
    """Cypher round trips made on behalf of one request (or one test)."""

    count: int = 0
    names: list[str] = field(default_factory=list)

    def add(self, name: str) -> None:
        self.count += 1
        self.names.append(name)


current_roundtrips: ContextVar[RoundTrips | None] = ContextVar("current_roundtrips", default=None)


def _count(name: str) -> None:
    counter = current_roundtrips.get()
    if counter is not None:
        counter.add(name)


@dataclass
class Causality:
    """One request's Neo4j bookmarks: the caller's (`after`: what its reads must see) and
    those of the writes it made (`written`: what the response hands back)."""

    after: Bookmarks | None = None
    written: Bookmarks | None = None

    def wait_for(self) -> Bookmarks | None:
        """What this request's next transaction waits for: the caller's bookmarks and its
        own writes (a mutation's payload is read after its write, maybe on a follower)."""
        if self.after is None or self.written is None:
            return self.after or self.written
        return self.after + self.written

    def add(self, bookmarks: Bookmarks) -> None:
        self.written = bookmarks if self.written is None else self.written + bookmarks


current_causality: ContextVar[Causality | None] = ContextVar("current_causality", default=None)


def _wait_for() -> Bookmarks | None:
    causality = current_causality.get()
    return causality.wait_for() if causality is not None else None


async def _note_written(session: AsyncSession) -> None:
    causality = current_causality.get()
    if causality is not None:
        causality.add(await session.last_bookmarks())


@contextmanager
def _faults() -> Iterator[None]:
    """Driver faults that are nobody's input error -> graph.errors, for the API to report."""
    try:
        yield
    except IncompleteCommit as exc:
        # The connection broke while the commit was in flight: it may have landed.
        raise DatabaseUnavailable(str(exc), outcome_unknown=True) from exc
    except (ServiceUnavailable, SessionExpired) as exc:
        raise DatabaseUnavailable(str(exc)) from exc
    except ClientError as exc:
        if exc.code == "Neo.ClientError.Transaction.InvalidBookmark":
            raise InvalidArgument("X-Neo4j-Bookmark: Neo4j does not know this bookmark; send "
                                  "only what extensions.bookmark returned",
                                  ["X-Neo4j-Bookmark"]) from exc
        if exc.code and "TransactionTimedOut" in exc.code:
            raise DatabaseTimeout(str(exc)) from exc
        if exc.code == "Neo.ClientError.Procedure.ProcedureCallFailed" \
                and "fulltext" in (exc.message or ""):
            # Lucene refused the query built from the user's words (graph/text_query.py
            # keeps them small, so this is a word it still could not take).
            raise InvalidArgument("this search text can't be searched for; try other words",
                                  ["text"]) from exc
        raise


class Database:
    """The driver, the database name, the per-query timeout, and the visibility
    parameters every read takes (graph/policy.py: everything, unless `as_viewer`)."""

    def __init__(self, driver: AsyncDriver, database: str, timeout_s: float,
                 scope: dict[str, Any] | None = None) -> None:
        self.driver = driver
        self.database = database
        self.timeout_s = timeout_s
        self.scope = scope if scope is not None else policy.EVERYTHING

    def as_viewer(self, actor: Actor | None) -> Database:
        """The same driver, reading what this caller may see (lists, search, lookups)."""
        return Database(self.driver, self.database, self.timeout_s, policy.visibility(actor))

    @classmethod
    def connect(cls, uri: str, user: str, password: str, database: str,
                timeout_s: float = 10.0) -> Database:
        driver = AsyncGraphDatabase.driver(
            uri, auth=(user, password),
            # Half the request's time at most: a Neo4j that accepts connections but does
            # not answer yet (it is starting) is reported as unavailable, not timed out.
            connection_acquisition_timeout=timeout_s / 2,
            connection_timeout=min(timeout_s, 2.0),
            # The driver's own retries of transient faults must end well inside
            # the request's time limit, so a fault is reported, not timed out.
            max_transaction_retry_time=timeout_s / 4,
        )
        return cls(driver, database, timeout_s)

    async def close(self) -> None:
        await self.driver.close()

    def query(self, name: str, values: Mapping[str, Any]) -> Query:
        """The named file's text for these values (graph/cypher.py drops the optional
        filter lines of null parameters), with its name in the metadata."""
        return Query(cypher.for_values(name, values), metadata={"query": name},
                     timeout=self.timeout_s)

    async def read(self, name: str, /, **params: Any) -> list[Record]:
        """One read as an auto-commit transaction: RUN and PULL go in one message
        round, where a managed transaction adds BEGIN and a COMMIT round (1.59 against
        1.08 ms of driver CPU per query, measured; it was a fifth of a simple request).
        A read changes nothing, so one retry of a retryable fault (a pooled connection
        that died with a restart, a leader switch) is always safe; the driver's own
        retries cover managed transactions only."""
        _count(name)
        values = {**self.scope, **params}
        query = self.query(name, values)
        with query_span(name), _faults():
            for attempt in (1, 2):
                try:
                    async with self.driver.session(database=self.database,
                                                   default_access_mode=READ_ACCESS,
                                                   bookmarks=_wait_for(),
                                                   bookmark_manager=None) as session:
                        result = await session.run(query, values)
                        return [record async for record in result]
                except (Neo4jError, DriverError) as exc:
                    if attempt == 2 or not exc.is_retryable():
                        raise
        raise AssertionError("unreachable")  # pragma: no cover (the loop returns or raises)

    async def write(self, name: str, /, **params: Any) -> list[Record]:
        """One statement as a managed write transaction (the driver retries transient
        faults); its bookmarks go to the request's `Causality`."""
        _count(name)
        values = {**self.scope, **params}
        text = cypher.for_values(name, values)

        @unit_of_work(metadata={"query": name}, timeout=self.timeout_s)
        async def work(tx: AsyncManagedTransaction) -> list[Record]:
            result = await tx.run(text, values)
            return [record async for record in result]

        with query_span(name), _faults():
            async with self.driver.session(database=self.database, bookmarks=_wait_for(),
                                           bookmark_manager=None) as session:
                records = await session.execute_write(work)
                await _note_written(session)
        return records

    async def write_tx(self, name: str, work: Callable[[AsyncManagedTransaction], Awaitable[T]],
                       *, bounded: bool = True) -> T:
        """Several statements in one transaction; `work` must be safe to retry.

        `bounded` applies the per-request timeout to the transaction; bulk
        imports pass False and run as long as they need.
        """
        _count(name)
        timeout = self.timeout_s if bounded else None
        unit = unit_of_work(metadata={"query": name}, timeout=timeout)(work)
        with query_span(name), _faults():
            async with self.driver.session(database=self.database, bookmarks=_wait_for(),
                                           bookmark_manager=None) as session:
                outcome = await session.execute_write(unit)
                await _note_written(session)
                return outcome

    async def run_in_tx(self, tx: AsyncManagedTransaction, name: str, /,
                        **params: Any) -> list[Record]:
        """One named statement inside a `write_tx` function (no per-statement metadata:
        a managed transaction's metadata and timeout belong to the transaction)."""
        result = await tx.run(cypher.for_values(name, params), params)
        return [record async for record in result]

    async def ping(self) -> None:
        """Raises when Neo4j does not answer (used by /readyz)."""
        await self.driver.verify_connectivity()
