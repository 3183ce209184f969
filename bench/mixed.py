"""The mixed partner workload: 90% reads, 10% writes, against our API only.

    make bench-mixed SCALE=small     (or: python -m bench.mixed --scale small)
    make bench MIXED=1               (after the query benchmark, on the same graph)

Reads are drawn evenly from the seven partner queries of bench/queries.py, each
request with its own parameters picked from the data (slugs, keyset cursors,
entity id sets, search texts, suggestion subjects, groups). Writes come from 50
stakeholders registered through the API, with their own keys: addCredential,
updateCredential (of a credential the writer issued), proposePartnership (a
pair never proposed before, so no CONFLICT by design) and respondToPartnership
(by the invitee of a pending proposal). Each concurrency level (8, 64) runs for
a fixed time; an error is a non-200, a transport failure or timeout, a
top-level GraphQL error, or a write whose payload has `errors`. The API
process's RSS is read from /proc before and after each level.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import time
from collections import deque
from pathlib import Path
from typing import Any

import httpx

from bench import queries
from bench.load import percentile
from graph.db import Database

CONCURRENCY = (8, 64)
WRITERS = 50
READ_SHARE = 0.9
GROUPS = ("EMPLOYERS", "CREDENTIALING_ORGANIZATIONS", "LER_TECHNOLOGY_PROVIDERS", "HR_SYSTEMS",
          "CAREER_NAVIGATORS", "FUNDERS")
SEARCHES = ("harbor health", "cedar logistics", "summit academy", "welding", "data skill",
            "patient credential", "keystone software", "river college", "cloud security",
            "apex bank")

REGISTER = """mutation($input: RegisterStakeholderInput!) { registerStakeholder(input: $input) {
  apiKey stakeholder { id } errors { code message } } }"""
ADD = """mutation($input: AddCredentialInput!) { addCredential(input: $input) {
  credential { id name } errors { code message } } }"""
UPDATE = """mutation($input: UpdateCredentialInput!) { updateCredential(input: $input) {
  credential { id name } errors { code message } } }"""
PROPOSE = """mutation($input: ProposePartnershipInput!) { proposePartnership(input: $input) {
  partnership { id status } errors { code message } } }"""
RESPOND = """mutation($id: ID!, $accept: Boolean!) {
  respondToPartnership(id: $id, accept: $accept) {
    partnership { id status } errors { code message } } }"""


def rss_kib(pid: int) -> int | None:
    """Resident set size of a process, from /proc (Linux)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except FileNotFoundError:
        return None
    return None


async def pools(db: Database, rng: random.Random) -> dict[str, list[Any]]:
    """Parameter pools read from the graph (visible stakeholders; suggestion subjects
    that accept credentials), sampled with Neo4j's rand() so any scale stays cheap."""
    async def ids(query: str, **params: Any) -> list[Any]:
        return list((await db.driver.execute_query(query, params)).records[0]["v"])

    visible = await ids("MATCH (s:Stakeholder) WHERE s.hidden IS NULL AND s.source = 'synthetic' "
                        "WITH s LIMIT $scan WITH s ORDER BY rand() LIMIT $n "
                        "RETURN collect([s.id, s.slug, s.name]) AS v", scan=50_000, n=2_000)
    issuers = await ids("MATCH (s:Stakeholder)-[:ISSUES]->() WHERE s.hidden IS NULL "
                        "WITH DISTINCT s LIMIT $scan WITH s ORDER BY rand() LIMIT $n "
                        "RETURN collect(s.slug) AS v", scan=20_000, n=300)
    verifiers = await ids("MATCH (s:Stakeholder)-[:ACCEPTS]->() WHERE s.hidden IS NULL "
                          "WITH DISTINCT s LIMIT $scan WITH s ORDER BY rand() LIMIT $n "
                          "RETURN collect(s.id) AS v", scan=20_000, n=300)
    skills = await ids("MATCH (k:Skill) WITH k LIMIT $n RETURN collect(k.id) AS v", n=200)
    rng.shuffle(visible)
    return {"visible": visible, "slugs": issuers + [v[1] for v in visible[:300]],
            "verifiers": verifiers, "skills": skills}


def read_request(rng: random.Random, pool: dict[str, list[Any]]) -> tuple[str, dict[str, Any]]:
    """One of the seven partner queries (our variant) with parameters of its own."""
    some = rng.choice(pool["visible"])
    params = {"slug": rng.choice(pool["slugs"]),
              "keyset_cursor": queries.keyset_cursor(some[2], some[0]),
              "keyset_after": {"name": some[2], "id": some[0]},
              "offset_cursor": queries.offset_cursor(0),
              "entity_ids": [v[0] for v in rng.sample(pool["visible"], rng.randint(5, 100))],
              "suggest_id": rng.choice(pool["verifiers"]), "search": rng.choice(SEARCHES)}
    q = rng.choice(queries.build(params))
    text = q.ours.text
    if q.name in ("b_filtered_list", "d_total_count"):
        # Their group is written in the text; another enum value from a closed set
        # varies them without changing the query's shape.
        text = text.replace("[EMPLOYERS]", f"[{rng.choice(GROUPS)}]")
    return q.name, {"query": text, "variables": q.ours.params}


class Writers:
    """The 50 registered stakeholders, their keys and what their writes may touch next."""

    def __init__(self, rng: random.Random, skills: list[str]) -> None:
        self.rng = rng
        self.skills = skills  # synthetic skill ids, for addCredential's skillIds
        self.keys: dict[str, str] = {}          # stakeholder id -> API key
        self.credentials: dict[str, list[str]] = {}
        self.unproposed: deque[tuple[str, str]] = deque()
        self.pending: deque[tuple[str, str]] = deque()  # (partnership id, invitee id)

    async def register(self, http: httpx.AsyncClient, url: str, run_tag: str) -> None:
        for i in range(WRITERS):
            tag = f"{run_tag}-{i:02d}"
            body = (await http.post(url, json={"query": REGISTER, "variables": {"input": {
                "name": f"Mixed Workload Partner {tag}", "groups": ["EMPLOYERS"],
                "roles": ["ISSUER", "VERIFIER"], "website": f"https://mixed-{tag}.example",
                "contactEmail": f"ops+{tag}@example.org"}}})).json()
            payload = body["data"]["registerStakeholder"]
            if payload["errors"]:
                raise RuntimeError(f"registration refused: {payload['errors']}")
            sid = payload["stakeholder"]["id"]
            self.keys[sid] = payload["apiKey"]
            self.credentials[sid] = []
        ids = list(self.keys)
        pairs = [(a, b) for n, a in enumerate(ids) for b in ids[n + 1:]]
        self.rng.shuffle(pairs)
        self.unproposed.extend(pairs)

    def request(self) -> tuple[str, dict[str, Any], str, Any]:
        """(name, body, key, what to record on success)."""
        roll = self.rng.random()
        sid = self.rng.choice(list(self.keys))
        if roll < 0.2 and self.pending:
            pid, invitee = self.pending.popleft()
            return ("respondToPartnership",
                    {"query": RESPOND, "variables": {"id": pid, "accept": self.rng.random() < 0.7}},
                    self.keys[invitee], None)
        if roll < 0.4 and self.unproposed:
            a, b = self.unproposed.popleft()
            return ("proposePartnership",
                    {"query": PROPOSE, "variables": {"input": {"partnerId": b,
                                                               "purpose": "mixed workload"}}},
                    self.keys[a], ("proposed", b))
        if roll < 0.7 and self.credentials[sid]:
            cid = self.rng.choice(self.credentials[sid])
            return ("updateCredential",
                    {"query": UPDATE, "variables": {"input": {
                        "id": cid, "description": f"updated {self.rng.random():.6f}"}}},
                    self.keys[sid], None)
        return ("addCredential",
                {"query": ADD, "variables": {"input": {
                    "name": f"Mixed credential {self.rng.randrange(10**9)}", "type": "BADGE",
                    "skillIds": [self.rng.choice(self.skills)] if self.skills else None}}},
                self.keys[sid], ("added", sid))

    def record(self, note: Any, data: dict[str, Any]) -> None:
        if note is None:
            return
        kind, who = note
        if kind == "added":
            self.credentials[who].append(data["addCredential"]["credential"]["id"])
        elif kind == "proposed":
            self.pending.append((data["proposePartnership"]["partnership"]["id"], who))


async def level(http: httpx.AsyncClient, url: str, pool: dict[str, list[Any]],
                writers: Writers, rng: random.Random, concurrency: int,
                seconds: float, pid: int) -> dict[str, Any]:
    latencies: dict[str, list[float]] = {"read": [], "write": []}
    per_query: dict[str, list[float]] = {}
    errors: list[str] = []
    rss_before = rss_kib(pid)
    deadline = time.perf_counter() + seconds

    async def one() -> None:
        write = rng.random() >= READ_SHARE
        if write:
            name, body, key, note = writers.request()
            headers = {"Authorization": f"Bearer {key}"}
        else:
            (name, body), headers, note = read_request(rng, pool), {}, None
        started = time.perf_counter()
        try:
            response = await http.post(url, json=body, headers=headers)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                errors.append(f"{name}: HTTP {response.status_code} {response.text[:160]}")
                return
            answer = response.json()
            if answer.get("errors"):
                errors.append(f"{name}: {str(answer['errors'])[:160]}")
                return
            if write:
                payload = next(iter(answer["data"].values()))
                if payload["errors"]:
                    errors.append(f"{name}: {payload['errors']}"[:200])
                    return
                writers.record(note, answer["data"])
        except httpx.HTTPError as exc:
            errors.append(f"{name}: {type(exc).__name__} {exc}"[:200])
            return
        latencies["write" if write else "read"].append(elapsed)
        per_query.setdefault(name, []).append(elapsed)

    async def worker() -> None:
        while time.perf_counter() < deadline:
            await one()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    ok = latencies["read"] + latencies["write"]
    total = len(ok) + len(errors)

    def pct(values: list[float], q: float) -> float | None:
        return round(percentile(values, q), 1) if values else None

    return {"concurrency": concurrency, "seconds": round(elapsed, 1), "requests": total,
            "reads": len(latencies["read"]), "writes": len(latencies["write"]),
            "rps": round(total / elapsed, 1), "p50_ms": pct(ok, 0.5), "p99_ms": pct(ok, 0.99),
            "read_p50_ms": pct(latencies["read"], 0.5),
            "write_p50_ms": pct(latencies["write"], 0.5),
            "errors": len(errors), "error_rate": round(len(errors) / total, 4) if total else None,
            # One sample per kind: request ids would make every error unique.
            "error_samples": sorted({re.sub(r'"requestId":"\w+"', "", e) for e in errors})[:5],
            "per_query_p50_ms": {k: pct(v, 0.5) for k, v in sorted(per_query.items())},
            "rss_mib_before": round(rss_before / 1024, 1) if rss_before else None,
            "rss_mib_after": round(r / 1024, 1) if (r := rss_kib(pid)) else None}


async def run(db: Database, url: str, pid: int, *, seconds: float = 20.0,
              concurrency: tuple[int, ...] = CONCURRENCY, seed: int = 20261130
              ) -> dict[str, Any]:
    """Register the writers, warm up, then each concurrency level in turn."""
    rng = random.Random(seed)  # noqa: S311 (workload mix, reproducible by seed)
    pool = await pools(db, rng)
    writers = Writers(rng, pool["skills"])
    limits = httpx.Limits(max_connections=max(concurrency) + 8,
                          max_keepalive_connections=max(concurrency) + 8)
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        await writers.register(http, url, f"{int(time.time())}")
        # Warm-up: a Neo4j just started (a reused graph) compiles every plan and fills its
        # page cache first; 3 s was not enough for that, and the first level paid for it.
        await level(http, url, pool, writers, rng, 8, min(WARMUP_S, seconds), pid)
        levels = [await level(http, url, pool, writers, rng, c, seconds, pid)
                  for c in concurrency]
    for lv in levels:
        print(f"mixed c={lv['concurrency']}: {lv['rps']} rps, p50 {lv['p50_ms']} ms, "
              f"p99 {lv['p99_ms']} ms, errors {lv['errors']}/{lv['requests']}, "
              f"RSS {lv['rss_mib_before']} -> {lv['rss_mib_after']} MiB", flush=True)
        for sample in lv["error_samples"]:
            print(f"   {sample}")
    return {"writers": WRITERS, "read_share": READ_SHARE, "seed": seed, "levels": levels}


WARMUP_S = 15.0


def main() -> None:
    """Standalone: a fresh graph at the scale, our server alone, the workload; the
    result is merged into bench/results.json under the scale's "mixed"."""
    import json
    import logging
    import sys

    from bench import report as page
    from bench import run as bench_run
    from graph.settings import Settings

    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    bench_run.common_args(parser)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--output", type=Path, default=bench_run.BENCH / "results.json")
    args = parser.parse_args()

    async def go() -> dict[str, Any]:
        neo, db, _ = await bench_run.fresh_graph(Settings(), args)
        try:
            port = bench_run.free_port()
            url = f"http://127.0.0.1:{port}/graphql"
            env = {**bench_run.server_env(neo), "PORT": str(port), "ENVIRONMENT": "production"}
            logs = bench_run.BENCH / "logs"
            logs.mkdir(exist_ok=True)
            with bench_run.server([sys.executable, "-m", "api.cli", "serve", "--no-migrate"],
                                  env, url, logs / "ours-mixed.log") as proc:
                return await run(db, url, proc.pid, seconds=args.seconds)
        finally:
            await db.close()
            neo.stop()

    result = asyncio.run(go())
    existing = json.loads(args.output.read_text()) if args.output.exists() else {"runs": {}}
    existing.setdefault("runs", {}).setdefault(args.scale, {"scale": args.scale})
    existing["runs"][args.scale]["mixed"] = result
    args.output.write_text(json.dumps(existing, indent=2) + "\n")
    page.main()


if __name__ == "__main__":
    main()
