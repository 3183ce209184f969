"""`make hostile`: hostile documents against a real server, latency and memory.

    python -m bench.hostile [--requests 1000]

Starts the API with uvicorn on 127.0.0.1 (a free port) in a subprocess, with a
Neo4j address where nothing listens: these requests are answered before anything
is executed, so no database is needed. Then, one request at a time:

1. fan-out: documents of 20 fragments each spreading the next one twice (a million
   fields once expanded, about 1 KB written), each document different so that no
   cache helps; each should be refused (QUERY_TOO_LARGE).
2. unused variables: `{ __typename }` with just under 1 MB (the body limit) of
   variables the operation does not declare, different every time.

Prints each attack's latency (median, p95, max) and the server's resident memory
(VmRSS from /proc) before and after. Goal: each answered within 50 ms, RSS flat.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

from graph.settings import PROJECT_ROOT, Settings

MAX_BODY = Settings().max_body_bytes
STARTUP_S = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(port: int, unused_port: int) -> None:
    """The server process: production settings, a driver that never connects."""
    # Imported here: only the server process needs them.
    import uvicorn

    from api.app import create_app
    from graph.db import Database

    settings = Settings(environment="production", report_roundtrips=False)
    db = Database.connect(f"bolt://127.0.0.1:{unused_port}", "neo4j", "unused",
                          settings.neo4j_database, settings.request_timeout_s)
    uvicorn.run(create_app(settings, db), host="127.0.0.1", port=port, log_level="warning",
                access_log=False)


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        line = next(x for x in status if x.startswith("VmRSS:"))
    return int(line.split()[1])


@contextmanager
def server() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    cmd = [sys.executable, "-m", "bench.hostile", "--serve", str(port), str(free_port())]
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env={**os.environ},  # noqa: S603 -- our own module
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/graphql"
    try:
        deadline = time.monotonic() + STARTUP_S
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited with {proc.returncode}")
            try:
                httpx.post(url, json={"query": "{ __typename }"}, timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def fan_out(tag: int, count: int = 20) -> bytes:
    """`count` fragments, each spreading the next one twice (2^19 leaves once expanded);
    `tag` makes each document new. The old per-rule walks took ~1 s at 16 fragments,
    four times more for every two added."""
    fragments = [f"fragment {_name(tag, i)} on Stakeholder {{ ...{_name(tag, i + 1)} "
                 f"...{_name(tag, i + 1)} }}" for i in range(count - 1)]
    fragments.append(f"fragment {_name(tag, count - 1)} on Stakeholder {{ id name }}")
    query = f'{{ stakeholder(id: "x") {{ ...{_name(tag, 0)} }} }} ' + " ".join(fragments)
    return json.dumps({"query": query}).encode()


def _name(tag: int, i: int) -> str:
    return f"F{i}x{tag:x}"


def unused_variables(tag: int) -> bytes:
    """`{ __typename }` with ~1 MB of undeclared variables, just under the body limit."""
    head = json.dumps({"query": "{ __typename }", "variables": {}}).encode()[:-2]  # ...: {
    room = MAX_BODY - len(head) - 64
    entries, size, i = [], 0, 0
    while size < room - 120:
        entry = f'"v{tag}_{i}": "{"x" * 90}{i:08d}"'
        entries.append(entry)
        size += len(entry) + 2
        i += 1
    body = head + ", ".join(entries).encode() + b"}}"
    assert len(body) < MAX_BODY, len(body)
    return body


@dataclass
class Outcome:
    name: str
    requests: int
    body_bytes: int
    answers: Counter[str]
    latencies_ms: list[float]
    rss_before_kib: int
    rss_after_kib: int

    def row(self) -> str:
        lat = sorted(self.latencies_ms)
        p95 = lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))]
        answers = ", ".join(f"{code} x{n}" for code, n in self.answers.most_common())
        return (f"| {self.name} | {self.requests} | {self.body_bytes:,} | {answers} | "
                f"{statistics.median(lat):.1f} | {p95:.1f} | {lat[-1]:.1f} | "
                f"{self.rss_before_kib / 1024:.1f} | {self.rss_after_kib / 1024:.1f} |")


def answer(response: httpx.Response) -> str:
    """The error code, or `data` for an answer without errors."""
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}, not JSON"
    if body.get("errors"):
        return str(body["errors"][0].get("extensions", {}).get("code", "no code"))
    return f"data ({response.status_code})"


def attack(http: httpx.Client, url: str, pid: int, name: str, make: Callable[[int], bytes],
           requests: int) -> Outcome:
    rss_before = rss_kib(pid)
    answers: Counter[str] = Counter()
    latencies = []
    size = 0
    for i in range(requests):
        body = make(i)  # built before the clock starts: we time the server, not the client
        size = max(size, len(body))
        started = time.perf_counter()
        response = http.post(url, content=body, headers={"content-type": "application/json"})
        latencies.append((time.perf_counter() - started) * 1000)
        answers[answer(response)] += 1
    return Outcome(name, requests, size, answers, latencies, rss_before, rss_kib(pid))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--serve", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(*args.serve)
        return 0
    requests = max(1, min(args.requests, 100_000))
    with server() as (url, proc), httpx.Client(timeout=30) as http:
        for i in range(20):  # warm up: imports, first validation, allocator
            http.post(url, json={"query": "{ __typename }", "variables": {"w": i}})
        outcomes = [attack(http, url, proc.pid, "fan-out, 20 fragments", fan_out, requests),
                    attack(http, url, proc.pid, "`{ __typename }` + ~1 MB unused variables",
                           unused_variables, requests)]
    print("| attack | requests | body bytes | answers | median ms | p95 ms | max ms "
          "| RSS before MiB | RSS after MiB |")
    print("|" + " --- |" * 9)
    for outcome in outcomes:
        print(outcome.row())
    return 0


if __name__ == "__main__":
    sys.exit(main())
