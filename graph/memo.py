"""Answers remembered until the graph changes (partner suggestions use it).

Ranking a stakeholder's partners is the dearest read the API answers: it walks
credentials, skills and standards around the stakeholder. Its answer changes only
when the graph does, so a process keeps what it computed, under the *change token*
it read just before computing it:

- the change feed's counter (cypher/audit/record.cypher), which moves in the
  transaction of every recorded write: every mutation, and every import run that
  changed something (graph/importers/registry.py);
- the counter's `epoch`, a random id made with the counter and renewed when the
  graph changes in a way the feed does not number (the demo seed, a backup's
  restore, migrations applied): `renew_epoch`.

Before answering from memory, the token is read again (one small query). Why an
equal token means the remembered answer is still the graph's answer: the token was
read before the answer was computed, and Neo4j reads committed data, so the answer
holds every write the token counts (and maybe later ones); a write that commits
after that moves the counter in its own transaction, so the token read next differs.
Without an epoch (a database not yet migrated, or a counter not made yet) nothing is
remembered. A write made straight to Neo4j, outside the API and the importers, is
seen after at most `ttl_s`: each answer is also forgotten that long after it was made.

Memory is bounded by weight, not by count: an answer weighs what `weigh` says (for
suggestions, the records it holds), at most `capacity` in all, the least recently used
leave first. (A count of answers alone let anyone fill it with the largest ones.)
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from graph.db import Database

V = TypeVar("V")
Token = tuple[str, int]


async def read_token(db: Database) -> Token | None:
    """Where the graph stands now; None when there is no epoch to trust."""
    records = await db.read("changes/read_token")
    epoch, value = (records[0]["epoch"], records[0]["value"]) if records else (None, None)
    return (epoch, int(value)) if isinstance(epoch, str) and value is not None else None


async def renew_epoch(db: Database) -> None:
    """After a write the change feed does not number: every remembered answer is
    forgotten, in every process, at its next token read."""
    await db.write("changes/renew_epoch")


@dataclass
class _Entry(Generic[V]):
    token: Token
    made: float
    weight: int
    value: V


class Memo(Generic[V]):
    """Values by key, each valid under the token it was computed after."""

    def __init__(self, capacity: int, ttl_s: float, weigh: Callable[[V], int] = lambda _: 1,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = capacity
        self.ttl_s = ttl_s
        self.weigh = weigh
        self.clock = clock
        self.weight = 0
        self._values: OrderedDict[Hashable, _Entry[V]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._values)

    def get(self, key: Hashable, token: Token | None) -> V | None:
        entry = self._values.get(key)
        if entry is None:
            return None
        if token is None or entry.token != token or self.clock() - entry.made > self.ttl_s:
            self._drop(key)
            return None
        self._values.move_to_end(key)
        return entry.value

    def put(self, key: Hashable, token: Token | None, value: V) -> None:
        weight = self.weigh(value)
        if token is None or weight > self.capacity:
            return
        self._drop(key)
        self._values[key] = _Entry(token, self.clock(), weight, value)
        self.weight += weight
        while self.weight > self.capacity:
            self._drop(next(iter(self._values)))

    def _drop(self, key: Hashable) -> None:
        entry = self._values.pop(key, None)
        if entry is not None:
            self.weight -= entry.weight
