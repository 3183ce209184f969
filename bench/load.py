"""A bounded asyncio load generator: C workers call one async function for D seconds."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def measure(call: Callable[[], Awaitable[Any]], *, concurrency: int, seconds: float,
                  warmup_s: float) -> dict[str, float]:
    """Requests per second and latency percentiles (ms) of `call`, after a warm-up."""
    async def run(duration: float, latencies: list[float]) -> None:
        deadline = time.perf_counter() + duration

        async def worker() -> None:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                await call()
                latencies.append((time.perf_counter() - started) * 1000)

        await asyncio.gather(*(worker() for _ in range(concurrency)))

    await run(warmup_s, [])
    latencies: list[float] = []
    started = time.perf_counter()
    await run(seconds, latencies)
    elapsed = time.perf_counter() - started
    return {"rps": round(len(latencies) / elapsed, 1),
            "p50_ms": round(statistics.median(latencies), 2),
            "p99_ms": round(percentile(latencies, 0.99), 2),
            "requests": len(latencies)}
