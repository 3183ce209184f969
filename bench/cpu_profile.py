"""Where a request's CPU goes, per benchmark query: the API in-process (the real ASGI app,
the real Neo4j of `make bench`), each query run N times under cProfile, self time grouped
by layer.

    python -m bench.cpu_profile --uri bolt://127.0.0.1:7689 --password-file F [--requests 200]

Layers, by the file a function lives in: HTTP (Starlette, the request gate, observability,
the in-process client), GraphQL parse and validation, GraphQL execution (graphql-core and
Strawberry), our resolvers (api/types, api/lookahead, loaders, graph), the Neo4j driver,
asyncio's loop and tasks, socket calls (the kernel's loopback work), and the rest. The
profiler counts CPU time, not waiting; it slows Python down about 2-3x, evenly enough for
shares. `cpu_ms` is measured without it, client included.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import logging
import os
import pstats
import time
from pathlib import Path
from typing import Any

import httpx

LAYERS = (  # first match wins
    ("parse+validate", ("graphql/language", "graphql/validation", "api/analysis", "api/cost",
                        "api/schema")),
    ("execution", ("graphql/", "strawberry/")),
    ("driver", ("neo4j/",)),
    ("http", ("starlette/", "httpx/", "httpcore/", "api/gate", "api/observability", "api/app",
              "h11/", "anyio/", "json", "orjson")),
    ("resolvers", ("api/", "loaders/", "graph/", "pydantic")),
    ("asyncio", ("asyncio/", "_contextvars", "selectors", "select.epoll")),
    ("sockets", ("_socket.socket",)),
)


def layer(filename: str, function: str) -> str:
    where = f"{filename}:{function}"
    for name, needles in LAYERS:
        if any(n in where for n in needles):
            return name
    return "other"


async def run(uri: str, password: str, requests: int) -> list[dict[str, Any]]:
    os.environ.update(NEO4J_URI=uri, NEO4J_USER="neo4j", NEO4J_PASSWORD=password,
                      ENVIRONMENT="production", METRICS_PORT="0")
    from api.app import create_app
    from bench import queries
    from bench.run import pick_params
    from graph.db import Database
    from graph.settings import Settings

    settings = Settings()
    db = Database.connect(uri, "neo4j", password, "neo4j", timeout_s=60)
    params = await pick_params(db)
    app = create_app(settings, db)
    rows = []
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
            for q in queries.build(params):
                payload = {"query": q.ours.text, "variables": q.ours.params}
                for _ in range(20):  # warm: caches, plans, pools
                    await http.post("/graphql", json=payload)
                started = time.process_time()
                for _ in range(requests):
                    await http.post("/graphql", json=payload)
                cpu_ms = (time.process_time() - started) * 1000 / requests
                profiler = cProfile.Profile(time.process_time)  # CPU, not waiting
                profiler.enable()
                for _ in range(requests):
                    await http.post("/graphql", json=payload)
                profiler.disable()
                shares: dict[str, float] = {}
                stats: Any = pstats.Stats(profiler).stats
                for (filename, _, function), (_, _, tottime, _, callers) in stats.items():
                    key = layer(filename, function)
                    if key == "other" and callers:  # a builtin: its busiest caller's layer
                        (c_file, _, c_function), _ = max(callers.items(),
                                                         key=lambda kv: kv[1][2])
                        key = layer(c_file, c_function)
                    shares[key] = shares.get(key, 0.0) + tottime
                total = sum(shares.values()) or 1.0
                rows.append({"query": q.name, "cpu_ms": round(cpu_ms, 2),
                             **{k: round(100 * v / total, 1) for k, v in sorted(shares.items())}})
    await db.close()
    return rows


def main() -> None:
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uri", default="bolt://127.0.0.1:7689")
    parser.add_argument("--password-file", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    rows = asyncio.run(run(args.uri, args.password_file.read_text().strip(), args.requests))
    columns = ["cpu_ms", "http", "parse+validate", "execution", "resolvers", "driver",
               "asyncio", "sockets", "other"]
    print("| query | " + " | ".join(columns) + " |")
    print("| --- " * (len(columns) + 1) + "|")
    for row in rows:
        print(f"| {row['query']} | " + " | ".join(
            str(row.get(c, 0.0)) + ("" if c == "cpu_ms" else "%") for c in columns) + " |")


if __name__ == "__main__":
    main()
