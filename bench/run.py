"""`make bench`: ours vs the peer (@neo4j/graphql) vs the floor (raw Cypher), one run.

    SCALE=small|large make bench      (or: python -m bench.run --scale small)

1. A fresh Neo4j instance "bench" (port 7689, with APOC for the peer), the map's
   groups, and a synthetic ecosystem through the bulk import (throughput reported).
2. Ours: `lermap serve` (uvicorn, production settings, one process). The peer:
   bench/peer/server.mjs (Node, one process). The floor: the Python driver.
3. Every query is checked to give the same answer three ways, then each is
   loaded for a fixed time with the same concurrency. Results go to
   bench/results.json and docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import platform
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from bench import generate, queries
from bench.load import measure
from graph.db import Database
from graph.importers import ler_map
from graph.local_neo4j import LocalNeo4j
from graph.migrations import migrate
from graph.settings import PROJECT_ROOT, Settings

BENCH = PROJECT_ROOT / "bench"
# 5.26.19 publishes plain jars only (no shaded "core" classifier), and apoc-core's
# POM does not declare apoc-common, which the shaded jar would have bundled.
APOC = ("org.neo4j.procedure:apoc-core", "org.neo4j.procedure:apoc-common")
console = Console(width=170)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(cmd: list[str], env: dict[str, str], url: str, log: Path) -> Iterator[None]:
    """A server process, ready when `url` answers; stopped on exit."""
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env={**os.environ, **env}, cwd=PROJECT_ROOT,  # noqa: S603 (our own servers)
                                stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    raise RuntimeError(f"{cmd[0]} exited:\n{log.read_text()[-2000:]}")
                try:
                    httpx.post(url, json={"query": "{ __typename }"}, timeout=2)
                    break
                except httpx.TransportError:
                    time.sleep(0.3)
            else:
                raise RuntimeError(f"{url} did not answer:\n{log.read_text()[-2000:]}")
            yield
        finally:
            proc.terminate()
            proc.wait(timeout=30)


async def prepare(db: Database, scale: str, data_dir: Path) -> dict[str, Any]:
    await migrate(db)
    await ler_map.import_map(db, data_dir / "ler-map" / "stakeholders-list.yml")
    console.print(f"generating the {scale} synthetic ecosystem")
    data = generate.generate(scale)
    stats = await generate.load(db, data)
    console.print(f"imported {stats['nodes']:,} nodes + {stats['relationships']:,} relationships "
                  f"in {stats['seconds']} s: {stats['items_per_s']:,}/s")
    return stats


async def pick_params(db: Database) -> dict[str, Any]:
    """Values the queries ask about, chosen from the data (deterministically), among the
    records an anonymous caller sees (the hidden ones are answered as absent)."""
    async def one(query: str, **params: Any) -> Any:
        return (await db.driver.execute_query(query, params)).records

    busiest = await one("MATCH (s:Stakeholder)-[:ISSUES]->(c) WHERE s.hidden IS NULL "
                        "WITH s, count(c) AS n ORDER BY n DESC, s.id LIMIT 1 RETURN s.slug AS slug")
    page = 200
    before = await one("MATCH (s:Stakeholder) WITH s ORDER BY s.name, s.id SKIP $skip LIMIT 1 "
                       "RETURN s.name AS name, s.id AS id", skip=(page - 1) * 20 - 1)
    entity_ids = await one("MATCH (s:Stakeholder) WHERE s.hidden IS NULL "
                           "WITH s ORDER BY s.id LIMIT 100 RETURN collect(s.id) AS ids")
    verifier = await one("MATCH (s:Stakeholder)-[:ACCEPTS]->() WHERE s.hidden IS NULL "
                         "WITH s, count(*) AS n ORDER BY n DESC, s.id LIMIT 1 RETURN s.id AS id")
    name, id_ = before[0]["name"], before[0]["id"]
    return {"slug": busiest[0]["slug"], "keyset_cursor": queries.keyset_cursor(name, id_),
            "keyset_after": {"name": name, "id": id_},
            "offset_cursor": queries.offset_cursor((page - 1) * 20 - 1),
            "entity_ids": entity_ids[0]["ids"], "suggest_id": verifier[0]["id"],
            "search": "harbor health"}


def graphql_call(http: httpx.AsyncClient, url: str, variant: queries.Variant
                 ) -> Callable[[], Awaitable[Any]]:
    payload = {"query": variant.text, "variables": variant.params}

    async def call() -> Any:
        response = await http.post(url, json=payload)
        body = response.json()
        if "errors" in body:
            raise RuntimeError(f"{url}: {body['errors']}")
        return body["data"]

    return call


def raw_call(db: Database, variant: queries.Variant) -> Callable[[], Awaitable[Any]]:
    async def call() -> Any:
        result = await db.driver.execute_query(variant.text, variant.params,
                                               database_=db.database)
        return result.records

    return call


async def roundtrips(ours_dev: str, http: httpx.AsyncClient, variant: queries.Variant) -> int:
    body = (await http.post(ours_dev, json={"query": variant.text,
                                            "variables": variant.params})).json()
    return int(body["extensions"]["roundtrips"])


async def run_queries(db: Database, ours: str, ours_dev: str, peer: str, seconds: float,
                      concurrency: int) -> list[dict[str, Any]]:
    params = await pick_params(db)
    results = []
    limits = httpx.Limits(max_connections=concurrency * 2)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        for q in queries.build(params):
            calls = {"ours": graphql_call(http, ours, q.ours),
                     "peer": graphql_call(http, peer, q.peer), "raw": raw_call(db, q.raw)}
            variants = {"ours": q.ours, "peer": q.peer, "raw": q.raw}
            row: dict[str, Any] = {"name": q.name}
            answers = {}
            for system, call in calls.items():
                console.print(f"  {q.name}: {system} ...")
                try:
                    answers[system] = variants[system].answer(await call())
                    row[system] = await measure(call, concurrency=concurrency, seconds=seconds,
                                                warmup_s=min(2.0, seconds / 3))
                except Exception as exc:  # a system that cannot answer is a result too
                    row[system] = {"rps": 0.0, "p50_ms": None, "p99_ms": None,
                                   "error": str(exc)[:300]}
                    console.print(f"[red]{q.name}: {system} failed[/red] {str(exc)[:200]}")
            row["same_answer"] = len(answers) == 3 and \
                answers["ours"] == answers["peer"] == answers["raw"]
            if len(answers) == 3 and not row["same_answer"]:
                console.print(f"[yellow]{q.name}: answers differ[/yellow] "
                              f"{json.dumps(answers, default=str)[:600]}")
            try:
                row["ours"]["roundtrips"] = await roundtrips(ours_dev, http, q.ours)
            except (KeyError, httpx.HTTPError):
                row["ours"]["roundtrips"] = None
            row["ratio_ours_peer_rps"] = (round(row["ours"]["rps"] / row["peer"]["rps"], 2)
                                          if row["peer"]["rps"] else None)
            row["ratio_ours_raw_p50"] = (
                round(row["ours"]["p50_ms"] / row["raw"]["p50_ms"], 2)
                if row["ours"]["p50_ms"] and row["raw"]["p50_ms"] else None)
            results.append(row)
    return results


def report(results: dict[str, Any]) -> None:
    table = Table(title=f"LER map API benchmark, scale {results['scale']} "
                        f"(concurrency {results['concurrency']}, {results['seconds']} s each)")
    for col in ("query", "ours rps", "peer rps", "raw rps", "ours/peer", "ours p50",
                "peer p50", "raw p50", "ours/raw p50", "ours p99", "peer p99", "trips", "same"):
        table.add_column(col, justify="right")
    for q in results["queries"]:
        o, p, r = q["ours"], q["peer"], q["raw"]

        def num(v: float | None, fmt: str = ".1f", unit: str = "") -> str:
            return "failed" if v is None else f"{v:{fmt}}{unit}"

        table.add_row(q["name"], num(o["rps"], ".0f"), num(p["rps"] or None, ".0f"),
                      num(r["rps"], ".0f"), num(q["ratio_ours_peer_rps"], ".2f", "x"),
                      num(o["p50_ms"]), num(p["p50_ms"]), num(r["p50_ms"]),
                      num(q["ratio_ours_raw_p50"], ".2f", "x"), num(o["p99_ms"]),
                      num(p["p99_ms"]),
                      str(o["roundtrips"] if o["roundtrips"] is not None else "n/a"),
                      "yes" if q["same_answer"] else "NO")
    console.print(table)
    imp = results["import"]
    console.print(f"import: {imp['nodes']:,} nodes + {imp['relationships']:,} relationships in "
                  f"{imp['seconds']} s = {imp['items_per_s']:,} items/s")


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    settings = Settings()
    data_dir = settings.lermap_data_dir
    if data_dir is None:
        raise SystemExit("LERMAP_DATA_DIR is needed for the map's groups")
    neo = LocalNeo4j(home=settings.lermap_neo4j_home, instance="bench", port=args.neo4j_port,
                     plugins=APOC, heap="8g")
    neo.stop()
    shutil.rmtree(neo.instance_dir / "data", ignore_errors=True)  # a fresh graph every run
    neo.start()
    db = Database.connect(neo.uri, "neo4j", neo.password(), "neo4j", timeout_s=120)
    try:
        imported = await prepare(db, args.scale, data_dir)
        env = {"NEO4J_URI": neo.uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": neo.password(),
               "HOST": "127.0.0.1", "METRICS_PORT": "0"}  # two servers side by side
        ports = {name: free_port() for name in ("ours", "ours_dev", "peer")}
        logs = BENCH / "logs"
        logs.mkdir(exist_ok=True)
        serve = [sys.executable, "-m", "api.cli", "serve", "--no-migrate"]
        urls = {n: f"http://127.0.0.1:{p}/graphql" if n != "peer" else f"http://127.0.0.1:{p}/"
                for n, p in ports.items()}
        with server(serve, {**env, "PORT": str(ports["ours"]), "ENVIRONMENT": "production"},
                    urls["ours"], logs / "ours.log"), \
             server(serve, {**env, "PORT": str(ports["ours_dev"]), "REPORT_ROUNDTRIPS": "true"},
                    urls["ours_dev"], logs / "ours-dev.log"), \
             server(["node", str(BENCH / "peer" / "server.mjs")],
                    {**env, "PORT": str(ports["peer"])}, urls["peer"], logs / "peer.log"):
            rows = await run_queries(db, urls["ours"], urls["ours_dev"], urls["peer"],
                                     args.seconds, args.concurrency)
    finally:
        await db.close()
        neo.stop()
    return {"scale": args.scale, "concurrency": args.concurrency, "seconds": args.seconds,
            "queries": rows, "import": imported,
            "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                        "system": platform.platform()},
            "versions": {"neo4j": "5.26.19", "strawberry-graphql": version("strawberry-graphql"),
                         "neo4j-driver (python)": version("neo4j"),
                         "@neo4j/graphql": node_version("@neo4j/graphql"),
                         "@apollo/server": node_version("@apollo/server")}}


def node_version(package: str) -> str:
    path = PROJECT_ROOT / "node_modules" / package / "package.json"
    return str(json.loads(path.read_text())["version"])


def main() -> None:
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(generate.SCALES),
                        default=os.environ.get("SCALE", "small"))
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("SECONDS_EACH", 8)))
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--neo4j-port", type=int, default=7689)
    parser.add_argument("--output", type=Path, default=BENCH / "results.json")
    args = parser.parse_args()
    results = asyncio.run(main_async(args))
    existing = json.loads(args.output.read_text()) if args.output.exists() else {}
    existing = existing if "runs" in existing else {"runs": {}}
    existing["runs"][args.scale] = results
    # The shape at the top level (the scale of this run), all scales under "runs".
    args.output.write_text(json.dumps({**results, "runs": existing["runs"]}, indent=2) + "\n")
    report(results)
    from bench import report as page
    page.main()


if __name__ == "__main__":
    main()
