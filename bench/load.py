"""A bounded asyncio load generator: C workers call one async function for D seconds."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bench.cpu import CpuMeter


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def measure(call: Callable[[], Awaitable[Any]], *, concurrency: int, seconds: float,
                  warmup_s: float, cpu: CpuMeter | None = None) -> dict[str, Any]:
    """Requests per second and latency percentiles (ms) of `call`, after a warm-up; with
    `cpu`, each process's CPU per request over the measured part (not the warm-up)."""
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
    if cpu is not None:
        cpu.start()
    started = time.perf_counter()
    await run(seconds, latencies)
    elapsed = time.perf_counter() - started
    out: dict[str, Any] = {"rps": round(len(latencies) / elapsed, 1),
                           "p50_ms": round(statistics.median(latencies), 2),
                           "p99_ms": round(percentile(latencies, 0.99), 2),
                           "requests": len(latencies)}
    if cpu is not None:
        out["cpu_ms"] = cpu.per_request(len(latencies))
    return out
