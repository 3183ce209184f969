"""`make chaos`: a write load while Neo4j is SIGKILLed and restarted under it.

    make chaos                      (or: python -m bench.chaos --seconds 90 --kill-at 20,55)

1. A fresh Neo4j instance "chaos" (Bolt on 127.0.0.1:7793), migrated, and the API
   (`lermap serve`, uvicorn) on 127.0.0.1:8793 over it, with every rate limit raised.
   The server's output goes to bench/logs/chaos-server-<time>.log, each line stamped with
   the seconds since the load started, so that failures can be matched to it.
2. A few asyncio workers (httpx) each register a stakeholder, then loop
   addCredential (and every fifth time updateStakeholder), recording every outcome.
3. Neo4j is SIGKILLed at the given times and restarted at once.
4. Afterwards every acknowledged write is looked up in the graph, and the figures and
   goals go to the console, bench/chaos-results.json and docs/chaos.md.

Not part of `make test`: it takes minutes and kills a database on purpose.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx
from rich.console import Console
from rich.table import Table

from bench import chaos_report
from bench.chaos_summary import (
    Kill,
    Outcome,
    Summary,
    incidents,
    log_mechanisms,
    outcome_from_body,
    summarize,
)
from graph.db import Database
from graph.local_neo4j import LocalNeo4j
from graph.migrations import migrate
from graph.settings import PROJECT_ROOT, Settings

BENCH = PROJECT_ROOT / "bench"
LOGS = BENCH / "logs"
RESULTS = BENCH / "chaos-results.json"
console = Console(width=150)

REGISTER = """mutation($input: RegisterStakeholderInput!) { registerStakeholder(input: $input) {
  apiKey stakeholder { id } errors { code message field } } }"""
ADD_CREDENTIAL = """mutation($input: AddCredentialInput!) { addCredential(input: $input) {
  credential { id } errors { code message field } } }"""
UPDATE_STAKEHOLDER = """mutation($input: UpdateStakeholderInput!) {
  updateStakeholder(input: $input) { stakeholder { id } errors { code message field } } }"""
QUERIES = {"register": REGISTER, "addCredential": ADD_CREDENTIAL,
           "updateStakeholder": UPDATE_STAKEHOLDER}

# How long a restart may take before the run gives up on it (a start with recovery
# takes 15-70 s on the shared 2-core machine, depending on what else runs).
RESTART_TIMEOUT_S = 120.0
# The load goes on while Neo4j restarts and at least this long after it is back, and
# the next kill waits as long, so that each recovery is measured; the load never runs
# more than MAX_EXTENSION_S past the planned end.
AFTER_READY_S = 10.0
MAX_EXTENSION_S = RESTART_TIMEOUT_S + AFTER_READY_S
# Client-side limit: above the server's 10 s request limit, so that the server's
# own answer (504 TIMEOUT) is what we record, not our impatience.
CLIENT_TIMEOUT_S = 20.0


class Clock:
    """Seconds since the load started, and the load's end (which the monkey may extend)."""

    def __init__(self, seconds: float) -> None:
        self.t0 = time.monotonic()
        self.planned_end_s = seconds
        self.end_s = seconds
        self.stopped = False
        self.restarting = False  # the load waits for a restart in progress
        self.t0_wall = dt.datetime.now(dt.UTC)

    def start(self) -> None:
        """The load starts now (server lines logged before it get negative times)."""
        self.t0 = time.monotonic()
        # Wall time of t0, to find a kill in Neo4j's own debug.log.
        self.t0_wall = dt.datetime.now(dt.UTC)

    def now(self) -> float:
        return time.monotonic() - self.t0

    def running(self) -> bool:
        now = self.now()
        return (not self.stopped and now < self.planned_end_s + MAX_EXTENSION_S
                and (now < self.end_s or self.restarting))

    def extend_to(self, end_s: float) -> None:
        self.end_s = min(max(self.end_s, end_s), self.planned_end_s + MAX_EXTENSION_S)


# -- the API server ------------------------------------------------------------------

class StampedLog:
    """Drains a pipe into a file, each line prefixed with the clock's seconds.

    A thread reads the pipe so the server never blocks on a full pipe buffer;
    the lines are also kept (bounded) for matching failures to them.
    """

    MAX_LINES = 300_000

    def __init__(self, pipe: IO[bytes], path: Path, clock: Clock) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._drain, args=(pipe, path, clock),
                                        daemon=True, name="chaos-server-log")
        self._thread.start()

    def _drain(self, pipe: IO[bytes], path: Path, clock: Clock) -> None:
        with path.open("w") as out:
            for raw in pipe:
                line = f"[{clock.now():8.3f}] {raw.decode(errors='replace').rstrip()}"
                out.write(line + "\n")
                out.flush()
                if len(self.lines) < self.MAX_LINES:
                    self.lines.append(line)

    def join(self, timeout_s: float = 5.0) -> None:
        self._thread.join(timeout_s)


def rate_limits_raised() -> dict[str, str]:
    """Every `*_rate_limit` setting, raised far above what the load can reach.

    Read from the Settings class so that a per-key write limit added later is raised
    too, without this script knowing its name.
    """
    return {name.upper(): "1000000" for name in Settings.model_fields
            if name.endswith("_rate_limit")}


@contextlib.contextmanager
def api_server(neo: LocalNeo4j, port: int, clock: Clock, log_path: Path
               ) -> Iterator[StampedLog]:
    """`lermap serve` (uvicorn) over the chaos Neo4j, ready when /healthz answers."""
    env = {**os.environ, "NEO4J_URI": neo.uri, "NEO4J_USER": "neo4j",
           "NEO4J_PASSWORD": neo.password(), "HOST": "127.0.0.1", "PORT": str(port),
           # development: uvicorn's access log shows each request's status beside the
           # errors it caused.
           "ENVIRONMENT": "development", "PYTHONUNBUFFERED": "1",
           # chaos_summary.py reads plain lines; no metrics port to collide with.
           "LOG_FORMAT": "plain", "METRICS_PORT": "0",
           "PYTHONPATH": str(PROJECT_ROOT), **rate_limits_raised()}
    cmd = [sys.executable, "-m", "api.cli", "serve", "--no-migrate"]
    proc = subprocess.Popen(cmd, env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE,  # noqa: S603 -- fixed argv
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    assert proc.stdout is not None
    log = StampedLog(proc.stdout, log_path, clock)
    try:
        url = f"http://127.0.0.1:{port}/healthz"
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                log.join()
                raise RuntimeError("the API exited at start:\n" + "\n".join(log.lines[-30:]))
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the API did not answer /healthz within 60 s:\n" +
                                   "\n".join(log.lines[-30:]))
            time.sleep(0.3)
        yield log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.join()


# -- Neo4j ---------------------------------------------------------------------------

def fresh_neo4j(neo: LocalNeo4j) -> None:
    """An empty instance: stopped, its data folder removed, started again."""
    neo.stop()
    shutil.rmtree(neo.instance_dir / "data", ignore_errors=True)
    neo.start(timeout_s=RESTART_TIMEOUT_S)


def sigkill(neo: LocalNeo4j) -> int:
    """SIGKILL the running Neo4j (its pid file, as LocalNeo4j reads it); returns the pid."""
    pid = neo.pid()
    if pid is None:
        raise RuntimeError("the chaos Neo4j is not running")
    os.kill(pid, signal.SIGKILL)
    # LocalNeo4j.start() ran the JVM as our child: reap it, or the zombie would still
    # look alive to `pid()` and the restart would wait for it.
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
    return pid


async def chaos_monkey(neo: LocalNeo4j, kill_at: list[float], clock: Clock,
                       kills: list[Kill], load_done: asyncio.Event) -> None:
    """Kills Neo4j at each time (never before it is back from the previous kill), and
    restarts it at once."""
    earliest = 0.0
    for planned in kill_at:
        at = max(planned, earliest)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(load_done.wait(), max(0.0, at - clock.now()))
        if load_done.is_set() or not clock.running():
            console.print(f"[yellow]kill at {at:g} s skipped: the load stopped first[/yellow]")
            return
        clock.restarting = True
        try:
            kill = Kill(at_s=round(clock.now(), 3), pid=sigkill(neo))
        except RuntimeError as exc:  # Neo4j already gone: nothing to kill, and nothing to time
            clock.restarting = False
            console.print(f"[red]kill at {at:g} s impossible[/red]: {exc}")
            return
        kills.append(kill)
        console.print(f"{kill.at_s:7.2f} s  SIGKILL Neo4j (pid {kill.pid}); restarting")
        try:
            starting = asyncio.create_task(asyncio.to_thread(neo.start, RESTART_TIMEOUT_S))
            kill.listening_s = await port_opens(neo, clock, starting)
            await starting
            kill.ready_s = round(clock.now(), 3)
            console.print(f"{kill.ready_s:7.2f} s  Neo4j answers on Bolt again "
                          f"({kill.ready_s - kill.at_s:.1f} s after the kill)")
            clock.extend_to(kill.ready_s + AFTER_READY_S)
            earliest = kill.ready_s + AFTER_READY_S
        except Exception as exc:  # a failed restart is a finding; stop killing
            kill.restart_error = f"{type(exc).__name__}: {str(exc)[:500]}"
            console.print(f"[red]restart failed[/red]: {kill.restart_error}")
            return
        finally:
            clock.restarting = False


async def port_opens(neo: LocalNeo4j, clock: Clock, starting: asyncio.Task[bool]
                     ) -> float | None:
    """When Neo4j's Bolt port accepts TCP again (before it may answer a login), polled
    every 0.1 s while the restart runs; None if it never did."""
    while not starting.done():
        with contextlib.suppress(OSError):
            _, writer = await asyncio.wait_for(asyncio.open_connection(neo.host, neo.port), 1)
            writer.close()
            return round(clock.now(), 3)
        await asyncio.sleep(0.1)
    return None


# -- the load ------------------------------------------------------------------------

@dataclass
class Worker:
    index: int
    tag: str
    stakeholder_id: str | None = None
    key: str | None = None
    sequence: int = 0
    outcomes: list[Outcome] = field(default_factory=list)


@dataclass
class Reply:
    outcome: Outcome
    body: dict[str, Any] | None = None
    retry_after: str | None = None


async def call(http: httpx.AsyncClient, url: str, clock: Clock, worker: Worker, op: str,
               variables: dict[str, Any]) -> Reply:
    """One request, recorded whatever happens."""
    headers = {"Authorization": f"Bearer {worker.key}"} if worker.key else {}
    started = clock.now()
    port = None
    try:
        # Streamed, so that our port is read while the connection is surely open (the
        # server may close it once the body is sent).
        async with http.stream("POST", url, headers=headers,
                               json={"query": QUERIES[op], "variables": variables}) as response:
            port = client_port(response)
            await response.aread()
    except httpx.TransportError as exc:
        outcome = Outcome(op, worker.index, round(started, 3), round(clock.now(), 3), None,
                          transport=type(exc).__name__, detail=str(exc)[:200] or repr(exc))
        worker.outcomes.append(outcome)
        return Reply(outcome)
    ended = clock.now()
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text
    outcome = outcome_from_body(op, worker.index, round(started, 3), round(ended, 3),
                                response.status_code, body, port)
    worker.outcomes.append(outcome)
    return Reply(outcome, body if isinstance(body, dict) else None,
                 response.headers.get("retry-after"))


def client_port(response: httpx.Response) -> int | None:
    """Our end of the connection: uvicorn's access log names it, so a failure can be
    matched to the server's lines exactly. None when the connection is already gone."""
    stream = response.extensions.get("network_stream")
    try:
        address = stream.get_extra_info("client_addr") if stream is not None else None
    except OSError:
        return None
    return int(address[1]) if address else None


def backoff_s(retry_after: str | None) -> float:
    """What a polite client waits after a failure: Retry-After, at most 1 s; else 0.2 s."""
    if retry_after is not None:
        with contextlib.suppress(ValueError):
            return min(max(float(retry_after), 0.0), 1.0)
    return 0.2


async def run_worker(worker: Worker, base: str, clock: Clock, max_requests: int) -> None:
    url = f"{base}/graphql"
    limits = httpx.Limits(max_connections=2, max_keepalive_connections=1)
    async with httpx.AsyncClient(timeout=CLIENT_TIMEOUT_S, limits=limits) as http:
        while clock.running() and len(worker.outcomes) < max_requests:
            if worker.key is None:
                op = "register"
                variables: dict[str, Any] = {"input": {
                    "name": f"Chaos Org {worker.tag} {worker.index}",
                    "groups": ["CREDENTIALING_ORGANIZATIONS"], "roles": ["ISSUER"],
                    "website": f"https://w{worker.index}.{worker.tag}.chaos.test",
                    "contactEmail": f"ops+{worker.tag}-{worker.index}@example.org"}}
            elif worker.sequence % 5 == 4:
                op = "updateStakeholder"
                variables = {"input": {"id": worker.stakeholder_id,
                                       "description": f"chaos update {worker.sequence}"}}
            else:
                op = "addCredential"
                variables = {"input": {
                    "name": f"Chaos credential {worker.tag} w{worker.index} #{worker.sequence}",
                    "type": "BADGE"}}
            worker.sequence += 1
            reply = await call(http, url, clock, worker, op, variables)
            if op == "register" and reply.outcome.acknowledged and reply.body is not None:
                worker.key = reply.body["data"]["registerStakeholder"]["apiKey"]
                worker.stakeholder_id = reply.outcome.acked_id
            if not reply.outcome.acknowledged:
                await asyncio.sleep(backoff_s(reply.retry_after))


async def run_load(base: str, neo: LocalNeo4j, args: argparse.Namespace, clock: Clock
                   ) -> tuple[list[Worker], list[Kill]]:
    tag = uuid.uuid4().hex[:8]
    workers = [Worker(i, tag) for i in range(args.workers)]
    kills: list[Kill] = []
    load_done = asyncio.Event()
    monkey = asyncio.create_task(chaos_monkey(neo, args.kill_at, clock, kills, load_done))
    try:
        await asyncio.gather(*(run_worker(w, base, clock, args.max_requests) for w in workers))
    except asyncio.CancelledError:
        # Ctrl-C: stop a restart in progress now (its thread cannot be cancelled, and would
        # otherwise run until Neo4j is up, only to be stopped then).
        clock.stopped = True
        load_done.set()
        await asyncio.to_thread(neo.stop)
        raise
    finally:
        clock.stopped = True
        load_done.set()
        # A restart in flight finishes (it is bounded by RESTART_TIMEOUT_S) so that the
        # graph can be checked afterwards.
        await asyncio.wait_for(monkey, RESTART_TIMEOUT_S + 10)
    return workers, kills


# -- checking the graph --------------------------------------------------------------

@dataclass
class Verification:
    lost_ids: list[str]
    committed_unacknowledged: int
    details: dict[str, Any]


async def verify(db: Database, workers: list[Worker]) -> Verification:
    """Every acknowledged write must be in the graph; counts what landed unacknowledged."""
    outcomes = [o for w in workers for o in w.outcomes]
    acked = {op: [o.acked_id for o in outcomes if o.op == op and o.acked_id]
             for op in ("register", "addCredential")}
    stakeholders = [w.stakeholder_id for w in workers if w.stakeholder_id]

    async def one(query: str, **params: Any) -> Any:
        return (await db.driver.execute_query(query, params, database_=db.database)).records

    missing_s = (await one("UNWIND $ids AS id OPTIONAL MATCH (s:Stakeholder {id: id}) "
                           "WITH id, s WHERE s IS NULL RETURN collect(id) AS ids",
                           ids=acked["register"]))[0]["ids"]
    missing_c = (await one("UNWIND $ids AS id OPTIONAL MATCH (c:Credential {id: id}) "
                           "WITH id, c WHERE c IS NULL RETURN collect(id) AS ids",
                           ids=acked["addCredential"]))[0]["ids"]
    issued = (await one("MATCH (c:Credential) WHERE c.issuerId IN $ids RETURN count(c) AS n",
                        ids=stakeholders))[0]["n"]
    # Updates change no id; each acknowledged one committed one UPDATED audit event in
    # its own transaction, so the trail must hold at least as many as were acknowledged.
    events = {r["id"]: r["n"] for r in await one(
        "UNWIND $ids AS id OPTIONAL MATCH (e:AuditEvent {recordId: id, action: 'UPDATED'}) "
        "RETURN id, count(e) AS n", ids=stakeholders)}
    lost_updates, extra_updates = [], 0
    for w in workers:
        if w.stakeholder_id is None:
            continue
        acked_updates = sum(1 for o in w.outcomes if o.op == "updateStakeholder" and o.acked_id)
        found = events.get(w.stakeholder_id, 0)
        lost_updates += [f"update of {w.stakeholder_id} #{i}" for i in range(acked_updates - found)]
        extra_updates += max(0, found - acked_updates)
    found_credentials = len(acked["addCredential"]) - len(missing_c)
    return Verification(
        lost_ids=[*missing_s, *missing_c, *lost_updates],
        committed_unacknowledged=max(0, issued - found_credentials) + extra_updates,
        details={"stakeholders_acknowledged": len(acked["register"]),
                 "stakeholders_missing": len(missing_s),
                 "credentials_acknowledged": len(acked["addCredential"]),
                 "credentials_missing": len(missing_c),
                 "credentials_in_graph": issued,
                 "credentials_unacknowledged_in_graph": max(0, issued - found_credentials),
                 "updates_acknowledged": sum(1 for w in workers for o in w.outcomes
                                             if o.op == "updateStakeholder" and o.acked_id),
                 "update_events_in_graph": sum(events.values()),
                 "updates_missing": len(lost_updates)})


# -- reporting -----------------------------------------------------------------------

def git(*args: str) -> str:
    result = subprocess.run(["git", *args], cwd=PROJECT_ROOT, capture_output=True,  # noqa: S603, S607 -- fixed argv, git from PATH
                            text=True, check=False)
    return result.stdout.strip()


def print_report(summary: Summary, kills: list[Kill]) -> None:
    figures = Table(title="make chaos: figures")
    figures.add_column("figure")
    figures.add_column("value", overflow="fold")
    rows = [("requests", f"{summary.requests} {summary.by_op}"),
            ("acknowledged writes", f"{summary.acknowledged} {summary.acknowledged_by_op}"),
            ("lost acknowledged writes", str(summary.lost)),
            ("committed but not acknowledged", str(summary.committed_unacknowledged)),
            ("HTTP status", str(summary.status_counts)),
            ("transport errors", str(summary.transport_errors or "none")),
            ("top-level codes", str(summary.top_codes or "none")),
            ("payload codes", str(summary.payload_codes or "none")),
            ("outcomes", str(summary.kinds))]
    for i, (kill, rec) in enumerate(zip(kills, summary.recoveries, strict=True), 1):
        rows.append((f"kill {i}", f"at {kill.at_s:g} s, port open {kill.listening_s} s, "
                                  f"Bolt ready {kill.ready_s} s, first write "
                                  f"{rec['first_ack_s']} s ({rec['after_ready_s']} s after ready, "
                                  f"outage {rec['outage_s']} s)"))
    for name, value in rows:
        figures.add_row(name, value)
    console.print(figures)
    table = Table(title="goals")
    for col in ("goal", "target", "measured", "result"):
        table.add_column(col, overflow="fold")
    for g in summary.goals:
        table.add_row(g.name, g.target, g.value, "[green]pass[/green]" if g.passed
                      else "[red]FAIL[/red]")
    console.print(table)


async def scenario(args: argparse.Namespace, neo: LocalNeo4j) -> dict[str, Any]:
    LOGS.mkdir(exist_ok=True)
    # One log per run: a run must not overwrite the log that explains the committed figures.
    log_path = LOGS / f"chaos-server-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M%S}.log"
    try:
        console.print(f"starting an empty Neo4j '{neo.instance}' on {neo.uri}")
        fresh_neo4j(neo)
        db = Database.connect(neo.uri, "neo4j", neo.password(), "neo4j", timeout_s=60)
        try:
            await migrate(db)
        finally:
            await db.close()
        clock = Clock(args.seconds)
        base = f"http://127.0.0.1:{args.api_port}"
        with api_server(neo, args.api_port, clock, log_path) as server_log:
            clock.start()
            console.print(f"load: {args.workers} workers for {args.seconds:g} s against {base}, "
                          f"SIGKILL at {args.kill_at} s")
            workers, kills = await run_load(base, neo, args, clock)
            load_s = round(clock.now(), 2)
            if not neo.is_running():  # a failed restart: one more try, to check the graph
                neo.start(timeout_s=RESTART_TIMEOUT_S)
            db = Database.connect(neo.uri, "neo4j", neo.password(), "neo4j", timeout_s=60)
            try:
                checked = await verify(db, workers)
            finally:
                await db.close()
        lines = server_log.lines
    finally:
        neo.stop()
    outcomes = sorted((o for w in workers for o in w.outcomes), key=lambda o: o.started_s)
    # Every request, for digging further than the summary (git-ignored like the server log).
    with log_path.with_name(log_path.name.replace("server", "outcomes")).open("w") as out:
        out.writelines(json.dumps(asdict(o)) + "\n" for o in outcomes)
    summary = summarize(outcomes, kills, checked.lost_ids, checked.committed_unacknowledged)
    print_report(summary, kills)
    return {
        "measured": {"date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
                     "load_started_at": clock.t0_wall.isoformat(timespec="milliseconds"),
                     "commit": git("rev-parse", "--short", "HEAD"),
                     "uncommitted_changes": bool(git("status", "--porcelain", "--", "api",
                                                     "graph", "loaders", "cypher")),
                     "command": " ".join(["python -m bench.chaos", *sys.argv[1:]])},
        "settings": {"seconds": args.seconds, "load_s": load_s, "workers": args.workers,
                     "kill_at": args.kill_at, "neo4j": neo.uri, "api": base,
                     "rate_limits": rate_limits_raised(), "cores": os.cpu_count()},
        "kills": [asdict(k) for k in kills],
        "verification": checked.details,
        "summary": summary.as_dict(),
        "server_log": {"file": str(log_path.relative_to(PROJECT_ROOT)),
                       "mechanisms": log_mechanisms(lines, str(PROJECT_ROOT))},
        "incidents": incidents(outcomes, lines, str(PROJECT_ROOT)),
    }


def main() -> None:
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=90.0, help="planned load time")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--kill-at", type=lambda s: [float(x) for x in s.split(",") if x],
                        default=[20.0, 55.0], help="seconds into the load, comma-separated")
    parser.add_argument("--max-requests", type=int, default=20_000,
                        help="per worker: a bound on the loop besides time")
    parser.add_argument("--neo4j-port", type=int, default=7793)
    parser.add_argument("--api-port", type=int, default=8793)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--no-doc", action="store_true", help="leave docs/chaos.md as it is")
    args = parser.parse_args()
    settings = Settings()
    # 1 GB of heap: the graph stays small, and three other engineers share the machine.
    neo = LocalNeo4j(home=settings.lermap_neo4j_home, instance="chaos", port=args.neo4j_port,
                     java_home=settings.java_home, heap="1g")
    try:
        results = asyncio.run(scenario(args, neo))
    finally:
        # Again here: a restart still running in a thread when the scenario was stopped
        # has finished by now (asyncio.run waits for its threads), and may have left one.
        neo.stop()
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    console.print(f"figures: {args.output}; server log: {results['server_log']['file']}")
    if not args.no_doc:
        chaos_report.main(args.output)
    sys.exit(0 if results["summary"]["passed"] else 1)


if __name__ == "__main__":
    main()
