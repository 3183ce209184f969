"""`make bench`: ours vs the peer (@neo4j/graphql) vs the floor (raw Cypher), one run.

    SCALE=small|large|xl make bench      (or: python -m bench.run --scale small)

1. A fresh Neo4j instance ("bench", port 7689 by default; `--instance`,
   `--neo4j-port`), with APOC for the peer, loaded by Neo4j's offline importer
   (bench/bulk.py; `--import unwind` for the old transactional path), then the
   migrations and the map's groups; the import's throughput is reported.
2. Ours: `lermap serve` (uvicorn, production settings, one process). The peer:
   bench/peer/server.mjs (Node, one process). The floor: the Python driver.
3. Every query is checked to give the same answer three ways, then measured
   `--repeat` times (3) with the systems interleaved: round r runs ours, peer
   and raw in an order rotated by r, so a slow minute of the shared machine
   does not land on one system. Medians and min-max spreads are kept.
4. `--mixed` then runs the partner workload of bench/mixed.py against ours.
Results go to bench/results.json (all scales under "runs") and docs/benchmarks.md.
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
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, nullcontext
from importlib.metadata import version
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from bench import bulk, generate, mixed, queries
from bench.cpu import CpuMeter
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
def server(cmd: list[str], env: dict[str, str], url: str,
           log: Path) -> Iterator[subprocess.Popen[bytes]]:
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
            yield proc
        finally:
            proc.terminate()
            proc.wait(timeout=30)


async def prepare(db: Database, scale: str, data_dir: Path) -> dict[str, Any]:
    """The old transactional path (`--import unwind`): schema first, then batched writes."""
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

    # Visible stakeholders only: ours answers null for a hidden one (graph/policy.py),
    # which the answer functions cannot compare.
    busiest = await one("MATCH (s:Stakeholder)-[:ISSUES]->(c) WHERE s.hidden IS NULL "
                        "WITH s, count(c) AS n "
                        "ORDER BY n DESC, s.id LIMIT 1 RETURN s.slug AS slug")
    page = 200
    before = await one("MATCH (s:Stakeholder) WITH s ORDER BY s.name, s.id SKIP $skip LIMIT 1 "
                       "RETURN s.name AS name, s.id AS id", skip=(page - 1) * 20 - 1)
    entity_ids = await one("MATCH (s:Stakeholder) WHERE s.hidden IS NULL "
                           "WITH s ORDER BY s.id LIMIT 100 "
                           "RETURN collect(s.id) AS ids")
    verifier = await one("MATCH (s:Stakeholder)-[:ACCEPTS]->() WHERE s.hidden IS NULL "
                         "WITH s, count(*) AS n "
                         "ORDER BY n DESC, s.id LIMIT 1 RETURN s.id AS id")
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
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code} {response.text[:200]}")
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


SYSTEMS = ("ours", "peer", "raw")
# Seconds between a system's failed answer and the first round (see `run_queries`).
SETTLE_S = 15.0


def summarize(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians of the repetitions, with their min and max (the spread); and the median CPU
    per request of each process while this system was loaded."""
    out: dict[str, Any] = {"runs": runs}
    for key in ("rps", "p50_ms", "p99_ms"):
        values = [r[key] for r in runs]
        out[key] = round(statistics.median(values), 2)
        out[f"{key}_min"], out[f"{key}_max"] = min(values), max(values)
    cpu: dict[str, float] = {}
    for process in {p for r in runs for p in r.get("cpu_ms", {})}:
        values = [r["cpu_ms"][process] for r in runs
                  if r.get("cpu_ms", {}).get(process) is not None]
        if values:
            cpu[process] = round(statistics.median(values), 2)
    if cpu:
        out["cpu_ms"] = cpu
    return out


def describe(exc: BaseException) -> str:
    """The failure's message, or its type when it has none (a timeout says nothing)."""
    return str(exc) or type(exc).__name__


def failed(exc: BaseException, runs: list[dict[str, float]]) -> dict[str, Any]:
    return {"rps": 0.0, "p50_ms": None, "p99_ms": None, "runs": runs,
            "error": describe(exc)[:300]}


async def run_queries(db: Database, ours: str, ours_dev: str, peer: str, args: argparse.Namespace,
                      pids: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """`pids` (the API, the peer, Neo4j): CPU per request of each is recorded with each run."""
    params = await pick_params(db)
    results = []
    limits = httpx.Limits(max_connections=args.concurrency * 2)
    systems = [s for s in SYSTEMS if s in args.systems]
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        for q in queries.build(params):
            if args.queries and not any(part in q.name for part in args.queries):
                continue
            calls = {"ours": graphql_call(http, ours, q.ours),
                     "peer": graphql_call(http, peer, q.peer), "raw": raw_call(db, q.raw)}
            variants = {"ours": q.ours, "peer": q.peer, "raw": q.raw}
            row: dict[str, Any] = {"name": q.name}
            answers, runs, errors = {}, {s: [] for s in systems}, {}
            for system in systems:
                try:
                    answers[system] = variants[system].answer(await calls[system]())
                except Exception as exc:  # a system that cannot answer is a result too
                    errors[system] = exc
                    console.print(f"[red]{q.name}: {system} failed[/red] {describe(exc)[:200]}")
            if errors:
                # A failure can leave Neo4j busy (the peer's deep page fills its transaction
                # memory, GiBs collected afterwards): the rounds start once that is over,
                # so it does not land on whichever system is measured next.
                await asyncio.sleep(SETTLE_S)
            for r in range(args.repeat):
                # Interleaved: round r starts with system r (mod 3), so drift of the
                # shared machine spreads over all three instead of landing on one.
                order = systems[r % len(systems):] + systems[:r % len(systems)]
                for system in order:
                    if system in errors:
                        continue
                    console.print(f"  {q.name}: {system} round {r + 1}/{args.repeat} ...")
                    try:
                        runs[system].append(await measure(
                            calls[system], concurrency=args.concurrency, seconds=args.seconds,
                            warmup_s=min(2.0, args.seconds / 3),
                            cpu=CpuMeter(pids) if pids else None))
                    except Exception as exc:
                        errors[system] = exc
                        console.print(f"[red]{q.name}: {system} failed[/red] {describe(exc)[:200]}")
            for system in SYSTEMS:
                if system not in systems:
                    row[system] = {"rps": None, "p50_ms": None, "p99_ms": None, "runs": [],
                                   "skipped": True}
                elif system in errors:
                    row[system] = failed(errors[system], runs[system])
                else:
                    row[system] = summarize(runs[system])
            # Among the systems that answered (a failure is reported as such, not as a
            # different answer), if at least two did.
            first = next(iter(answers.values()), None)
            row["same_answer"] = len(answers) >= 2 and all(a == first for a in answers.values())
            if len(answers) >= 2 and not row["same_answer"]:
                console.print(f"[yellow]{q.name}: answers differ[/yellow] "
                              f"{json.dumps(answers, default=str)[:600]}")
            try:
                row["ours"]["roundtrips"] = await roundtrips(ours_dev, http, q.ours)
            except (KeyError, httpx.HTTPError):
                row["ours"]["roundtrips"] = None
            # Ratios of the medians.
            o, p, raw = row["ours"], row["peer"], row["raw"]
            row["ratio_ours_peer_rps"] = (round(o["rps"] / p["rps"], 2)
                                          if o["rps"] is not None and p["rps"] else None)
            row["ratio_ours_raw_p50"] = (round(o["p50_ms"] / raw["p50_ms"], 2)
                                         if o["p50_ms"] and raw["p50_ms"] else None)
            results.append(row)
    return results


def report(results: dict[str, Any]) -> None:
    table = Table(title=f"LER map API benchmark, scale {results['scale']} "
                        f"(concurrency {results['concurrency']}, {results['seconds']} s each, "
                        f"median of {results['repeat']})")
    for col in ("query", "ours rps", "peer rps", "raw rps", "ours/peer", "ours p50",
                "peer p50", "raw p50", "ours/raw p50", "ours p99", "trips", "same"):
        table.add_column(col, justify="right")

    def num(v: float | None, fmt: str = ".1f", unit: str = "") -> str:
        return "n/a" if v is None else f"{v:{fmt}}{unit}"

    def spread(sys: dict[str, Any], key: str, fmt: str = ".1f") -> str:
        if "error" in sys:
            return "failed"
        if sys.get(key) is None or f"{key}_min" not in sys:
            return "n/a"
        return f"{sys[key]:{fmt}} ({sys[key + '_min']:{fmt}}-{sys[key + '_max']:{fmt}})"

    for q in results["queries"]:
        o, p, r = q["ours"], q["peer"], q["raw"]
        table.add_row(q["name"], spread(o, "rps", ".0f"), spread(p, "rps", ".0f"),
                      spread(r, "rps", ".0f"), num(q["ratio_ours_peer_rps"], ".2f", "x"),
                      spread(o, "p50_ms"), spread(p, "p50_ms"), spread(r, "p50_ms"),
                      num(q["ratio_ours_raw_p50"], ".2f", "x"), spread(o, "p99_ms"),
                      str(o.get("roundtrips") if o.get("roundtrips") is not None else "n/a"),
                      "yes" if q["same_answer"] else "NO")
    console.print(table)
    imp = results["import"]
    console.print(f"import ({imp.get('method', 'unwind')}): {imp['nodes']:,} nodes + "
                  f"{imp['relationships']:,} relationships in {imp['seconds']} s = "
                  f"{imp['items_per_s']:,} items/s")


def bench_neo4j(settings: Settings, args: argparse.Namespace) -> LocalNeo4j:
    return LocalNeo4j(home=settings.lermap_neo4j_home, instance=args.instance,
                      port=args.neo4j_port, plugins=APOC, heap=args.heap)


async def fresh_graph(settings: Settings, args: argparse.Namespace
                      ) -> tuple[LocalNeo4j, Database, dict[str, Any]]:
    """A fresh instance holding the scale's graph, migrated, indexes online."""
    data_dir = settings.lermap_data_dir
    if data_dir is None:
        raise SystemExit("LERMAP_DATA_DIR is needed for the map's groups")
    neo = bench_neo4j(settings, args)
    marker = neo.instance_dir / "bench-graph.json"
    if args.reuse_graph and marker.exists() and \
            json.loads(marker.read_text())["scale"] == args.scale:
        # The graph of an earlier run at this scale (xl takes minutes to import);
        # its import figures are that run's.
        neo.start(timeout_s=600)
        return neo, bulk.connect(neo), json.loads(marker.read_text())["import"]
    marker.unlink(missing_ok=True)
    neo.stop()
    shutil.rmtree(neo.instance_dir / "data", ignore_errors=True)  # a fresh graph every run
    if args.import_method == "admin":
        neo.install_plugins()  # fetched before the clock starts, as the old path's were
        work = neo.instance_dir / "import-csv"
        shutil.rmtree(work, ignore_errors=True)
        console.print(f"importing the {args.scale} synthetic ecosystem with neo4j-admin")
        db, imported = await bulk.load(neo, args.scale, work,
                                       data_dir / "ler-map" / "stakeholders-list.yml")
        shutil.rmtree(work, ignore_errors=True)
        console.print(f"imported {imported}")
    else:
        neo.start()
        db = bulk.connect(neo)
        imported = await prepare(db, args.scale, data_dir)
    marker.write_text(json.dumps({"scale": args.scale, "import": imported}))
    return neo, db, imported


def server_env(neo: LocalNeo4j) -> dict[str, str]:
    """Settings of the servers under test. The public internet's limits would refuse the
    benchmark's own traffic (50 registrations and a write load from one address), so
    registrations and writes get limits far above what a run does; every other limit
    (depth, cost, page size, request time) stays as in production."""
    return {"NEO4J_URI": neo.uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": neo.password(),
            "HOST": "127.0.0.1", "METRICS_PORT": "0",  # several servers side by side
            "REGISTER_RATE_LIMIT": "100000", "WRITE_RATE_LIMIT": "10000000",
            "LOG_FORMAT": "json"}


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    settings = Settings()
    neo, db, imported = await fresh_graph(settings, args)
    mixed_results: dict[str, Any] | None = None
    rows: list[dict[str, Any]] = []
    try:
        if args.import_only:
            return {"scale": args.scale, "import": imported}
        env = server_env(neo)
        ports = {name: free_port() for name in ("ours", "ours_dev", "peer")}
        logs = BENCH / "logs"
        logs.mkdir(exist_ok=True)
        serve = [sys.executable, "-m", "api.cli", "serve", "--no-migrate"]
        urls = {n: f"http://127.0.0.1:{p}/graphql" if n != "peer" else f"http://127.0.0.1:{p}/"
                for n, p in ports.items()}
        with server(serve, {**env, "PORT": str(ports["ours"]), "ENVIRONMENT": "production"},
                    urls["ours"], logs / "ours.log") as ours_proc, \
             server(serve, {**env, "PORT": str(ports["ours_dev"]), "REPORT_ROUNDTRIPS": "true"},
                    urls["ours_dev"], logs / "ours-dev.log"), \
             (server(["node", str(BENCH / "peer" / "server.mjs")],
                     {**env, "PORT": str(ports["peer"])}, urls["peer"], logs / "peer.log")
              if "peer" in args.systems else nullcontext()) as peer_proc:
            pids = {"ours": ours_proc.pid, "neo4j": neo.pid()}
            if peer_proc is not None:
                pids["peer"] = peer_proc.pid
            rows = await run_queries(db, urls["ours"], urls["ours_dev"], urls["peer"], args,
                                     {k: v for k, v in pids.items() if v is not None})
            if args.mixed:
                mixed_results = await mixed.run(db, urls["ours"], ours_proc.pid,
                                                seconds=args.mixed_seconds)
    finally:
        await db.close()
        neo.stop()
    out = {"scale": args.scale, "concurrency": args.concurrency, "seconds": args.seconds,
           "repeat": args.repeat, "queries": rows, "import": imported,
           "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                       "system": platform.platform()},
           "versions": {"neo4j": "5.26.19",
                        "strawberry-graphql": version("strawberry-graphql"),
                        "neo4j-driver (python)": version("neo4j"),
                        "@neo4j/graphql": node_version("@neo4j/graphql"),
                        "@apollo/server": node_version("@apollo/server")}}
    if mixed_results is not None:
        out["mixed"] = mixed_results
    return out


def node_version(package: str) -> str:
    path = PROJECT_ROOT / "node_modules" / package / "package.json"
    return str(json.loads(path.read_text())["version"])


def common_args(parser: argparse.ArgumentParser) -> None:
    """Options shared with bench/mixed.py: scale, instance and how the graph is loaded."""
    parser.add_argument("--scale", choices=sorted(generate.SCALES),
                        default=os.environ.get("SCALE", "small"))
    parser.add_argument("--instance", default=os.environ.get("BENCH_INSTANCE", "bench"),
                        help="local Neo4j instance name (its folder under .neo4j/)")
    parser.add_argument("--neo4j-port", type=int,
                        default=int(os.environ.get("BENCH_NEO4J_PORT", 7689)))
    parser.add_argument("--heap", default=os.environ.get("BENCH_HEAP", "8g"))
    parser.add_argument("--reuse-graph", action="store_true",
                        default=os.environ.get("REUSE_GRAPH", "") not in ("", "0"),
                        help="keep the instance's graph when an earlier run loaded this scale")
    parser.add_argument("--import", dest="import_method", choices=("admin", "unwind"),
                        default=os.environ.get("BENCH_IMPORT", "admin"),
                        help="admin: neo4j-admin database import (default); "
                             "unwind: the transactional batched writes")


def save(results: dict[str, Any], output: Path, partial: bool = False) -> None:
    """Put `results` under "runs" at its scale; other scales, and this scale's mixed
    workload when this run has none, are kept."""
    existing = json.loads(output.read_text()) if output.exists() else {}
    runs = existing.get("runs", {})
    previous = runs.get(results["scale"], {})
    if "mixed" not in results and "mixed" in previous:
        results = {**results, "mixed": previous["mixed"]}
    if partial:
        # A --queries run measures some queries again; the others keep their rows.
        fresh = {q["name"] for q in results["queries"]}
        kept = [q for q in previous.get("queries", []) if q["name"] not in fresh]
        results = {**results, "queries": sorted(kept + results["queries"],
                                                key=lambda q: q["name"])}
    runs[results["scale"]] = results
    output.write_text(json.dumps({"runs": runs}, indent=2) + "\n")


def main() -> None:
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    common_args(parser)
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("SECONDS_EACH", 8)))
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("REPEAT", 3)))
    parser.add_argument("--queries", nargs="*", default=os.environ.get("QUERIES", "").split(),
                        help="only queries whose name contains one of these (e.g. a_ g_)")
    parser.add_argument("--systems", nargs="*", default=list(SYSTEMS), choices=SYSTEMS)
    parser.add_argument("--mixed", action="store_true",
                        default=os.environ.get("MIXED", "") not in ("", "0"),
                        help="also run the mixed partner workload (bench/mixed.py)")
    parser.add_argument("--mixed-seconds", type=float,
                        default=float(os.environ.get("MIXED_SECONDS", 20)))
    parser.add_argument("--import-only", action="store_true",
                        help="load the graph, record the import figures, stop")
    parser.add_argument("--output", type=Path, default=BENCH / "results.json")
    args = parser.parse_args()
    results = asyncio.run(main_async(args))
    if args.import_only:
        existing = json.loads(args.output.read_text()) if args.output.exists() else {}
        runs = existing.get("runs", {})
        runs.setdefault(args.scale, {"scale": args.scale})["import"] = results["import"]
        args.output.write_text(json.dumps({"runs": runs}, indent=2) + "\n")
        console.print(f"import: {results['import']}")
        return
    save(results, args.output, partial=bool(args.queries))
    report(results)
    from bench import report as page
    page.main()


if __name__ == "__main__":
    main()
