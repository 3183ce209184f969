"""CPU time of processes (user + system, from /proc), to report CPU per request.

On a shared machine a request's latency is mostly its wait for a core, so what each
request costs each process (the API, the peer, Neo4j) says more than its latency.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

TICK_S = 1 / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process so far; None if it is gone or unreadable."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # After the command's closing parenthesis: state is field 3, utime 14 and stime 15.
    return (int(fields[11]) + int(fields[12])) * TICK_S


@dataclass
class CpuMeter:
    """CPU used by named processes between `start()` and `per_request(n)`."""

    pids: Mapping[str, int]
    _started: dict[str, float | None] = field(default_factory=dict)

    def start(self) -> None:
        self._started = {name: cpu_seconds(pid) for name, pid in self.pids.items()}

    def per_request(self, requests: int) -> dict[str, float | None]:
        """Milliseconds of CPU per request, per process (None if it could not be read)."""
        out: dict[str, float | None] = {}
        for name, pid in self.pids.items():
            before, after = self._started.get(name), cpu_seconds(pid)
            out[name] = (round((after - before) * 1000 / requests, 2)
                         if before is not None and after is not None and requests else None)
        return out
