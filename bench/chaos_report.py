"""Renders docs/chaos.md from bench/chaos-results.json (`make chaos` runs it at the end).

    python -m bench.chaos_report

The figures and goal checks come from the results, so the page cannot drift from
them; bench/CHAOS_NOTES.md (hand-written: what the failures mean) is appended.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from graph.settings import PROJECT_ROOT

RESULTS = PROJECT_ROOT / "bench" / "chaos-results.json"
DOC = PROJECT_ROOT / "docs" / "chaos.md"
NOTES_FILE = PROJECT_ROOT / "bench" / "CHAOS_NOTES.md"

SCENARIO = """\
# Chaos: writes while Neo4j is killed

`make chaos` (not part of `make test`) checks what partners see when the database dies
under a write load, and whether anything the API acknowledged is lost.

```sh
make chaos                                 # 90 s of load, SIGKILL at 20 s and 55 s
CHAOS_SECONDS=60 CHAOS_KILL_AT=15,40 make chaos
python -m bench.chaos --help               # workers, ports, output
```

## The scenario

1. A fresh local Neo4j, instance `chaos` (Bolt on 127.0.0.1:7793, its data folder removed
   first), migrated; the API started as `lermap serve --no-migrate` (uvicorn) on
   127.0.0.1:8793 over it, with every `*_RATE_LIMIT` setting raised so that the load is
   not rate-limited. The server's output goes to `bench/logs/chaos-server-<time>.log` (git-ignored),
   each line stamped with the seconds since the load started.
2. Eight asyncio workers (httpx, one connection pool each) each register a stakeholder
   (`registerStakeholder`, which returns its API key), then loop `addCredential` with
   unique names, and every fifth request `updateStakeholder`. After a failure a worker waits
   `Retry-After` (at most 1 s) or 0.2 s. Every request is recorded: HTTP status, httpx
   transport error (reset, refused, timeout), top-level `extensions.code`s, payload `errors`
   codes, and the written record's id when the write was acknowledged (HTTP 200, the id,
   no errors).
3. Neo4j is SIGKILLed (the pid in its pid file, as `graph/local_neo4j.py` reads it) at the
   given times and restarted at once (`LocalNeo4j.start()`, which returns when Bolt accepts
   the password again: "ready"; "port open" is when the Bolt port first accepts TCP again).
   A kill waits until 10 s after the previous "ready"; the load goes on while Neo4j
   restarts and at least 10 s past the last "ready" (at most 130 s past the planned end),
   so that each recovery is measured.
4. Afterwards every acknowledged write is looked up in the graph: stakeholders and
   credentials by id; updates, which make no id, by their `UPDATED` audit events (written
   in the same transaction), of which there must be at least as many as acknowledged
   updates. Writes that landed although the client got an error are counted too
   ("committed but not acknowledged"): a client that retries such a write makes a duplicate.
5. uvicorn and Neo4j are stopped at the end, also on Ctrl-C or an error. The command exits
   with 1 when a goal is missed.

Times are seconds since the load started; `load_started_at` in the results gives the wall
time, to find a kill in Neo4j's own log (`.neo4j/chaos/data/logs/debug.log`).

## Goals

| goal | why |
| --- | --- |
| 0 acknowledged writes lost | acknowledged means committed; Neo4j's log survives SIGKILL |
| 0 HTTP 500 | a database fault is not a bug: 503 and a code the client can act on |
| 0 connection resets or transport errors | the server answers every request it accepted |
| every failure `SERVICE_UNAVAILABLE`, `TIMEOUT` (or `RATE_LIMITED`) | clients retry on these |
| first acknowledged write within 5 s of Neo4j ready, after each kill | the API recovers alone |

"First write after a kill" is the end of the first acknowledged write sent after the kill.
"Ready" is when our probe saw Bolt answer; it polls every 0.5 s, so a recovery time can be
slightly negative (the API got in before the probe).
"""


def fmt_counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in counts.items()) or "none"


def figures(r: dict[str, Any]) -> list[str]:
    s, v = r["summary"], r["verification"]
    return [
        "| figure | value |", "| --- | --- |",
        f"| requests | {s['requests']} ({fmt_counts(s['by_op'])}) |",
        f"| acknowledged writes | {s['acknowledged']} ({fmt_counts(s['acknowledged_by_op'])}) |",
        f"| lost acknowledged writes | {s['lost']} |",
        f"| committed but not acknowledged | {s['committed_unacknowledged']} "
        f"({v['credentials_unacknowledged_in_graph']} credentials, "
        f"{max(0, v['update_events_in_graph'] - v['updates_acknowledged'])} updates) |",
        f"| HTTP status | {fmt_counts(s['status_counts'])} |",
        f"| transport errors | {fmt_counts(s['transport_errors'])} |",
        f"| top-level `extensions.code` | {fmt_counts(s['top_codes'])} |",
        f"| payload `errors` codes | {fmt_counts(s['payload_codes'])} |",
    ]


def kills(r: dict[str, Any]) -> list[str]:
    out = ["| kill | SIGKILL at | port open at | Bolt ready at | first write at | after ready "
           "| outage seen |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for i, (k, rec) in enumerate(zip(r["kills"], r["summary"]["recoveries"], strict=True), 1):
        def sec(x: float | None) -> str:
            return "never" if x is None else f"{x:.2f} s"
        out.append(f"| {i} | {sec(k['at_s'])} | {sec(k.get('listening_s'))} | {sec(k['ready_s'])} "
                   f"| {sec(rec['first_ack_s'])} "
                   f"| {sec(rec['after_ready_s'])} | {sec(rec['outage_s'])} |")
        if k.get("restart_error"):
            out.append(f"| | restart failed: {k['restart_error'][:200]} | | | | | |")
    return out


def goal_table(r: dict[str, Any]) -> list[str]:
    out = ["| goal | target | measured | met |", "| --- | --- | --- | --- |"]
    for g in r["summary"]["goals"]:
        out.append(f"| {g['name']} | {g['target']} | {g['value']} | "
                   f"{'yes' if g['passed'] else '**no**'} |")
    return out


def kinds(r: dict[str, Any]) -> list[str]:
    out = ["| operation: outcome | requests |", "| --- | --- |"]
    out += [f"| {k} | {n} |" for k, n in r["summary"]["kinds"].items()]
    return out


def incident_table(r: dict[str, Any]) -> list[str]:
    inc = r["incidents"]
    if not inc["count"]:
        return ["No HTTP 5xx and no transport error."]
    out = [f"{inc['count']} requests. A 5xx is matched to its own access line (our end of "
           "the connection and the status) and the traceback uvicorn logged right after it; "
           "a request without a response only to the traceback nearest in time.", "",
           "| operation: what the client saw <- what the server logged | requests |",
           "| --- | --- |"]
    out += [f"| {k.replace('|', '/')} | {n} |" for k, n in inc["groups"].items()]
    return out


def log_table(r: dict[str, Any], limit: int = 20) -> list[str]:
    out = ["| server log line (numbers masked) | count |", "| --- | --- |"]
    items = list(r["server_log"]["mechanisms"].items())
    out += [f"| `{k.replace('|', '/')}` | {n} |" for k, n in items[:limit]]
    if len(items) > limit:
        out.append(f"| ... {len(items) - limit} more | |")
    return out


def render(r: dict[str, Any], notes: str) -> str:
    m, st = r["measured"], r["settings"]
    dirty = " (with uncommitted changes to the server code)" if m["uncommitted_changes"] else ""
    lines = [SCENARIO, "## Latest figures", "",
             f"Measured {m['date']} on commit `{m['commit']}`{dirty}, with "
             f"`{m['command']}` (load started {m.get('load_started_at', '?')}): "
             f"{st['workers']} workers, {st['load_s']:g} s of load "
             f"(planned {st['seconds']:g} s), SIGKILL planned at "
             f"{', '.join(f'{x:g}' for x in st['kill_at'])} s; {st['cores']} cores shared "
             "with the server, Neo4j and other work.", "",
             *figures(r), "", *kills(r), "", "### Goals", "", *goal_table(r), "",
             "### Outcomes", "", *kinds(r), "",
             "### HTTP 5xx and transport errors, request by request", "",
             *incident_table(r), "",
             "### What the server logged", "",
             f"From `{r['server_log']['file']}`: warnings, errors, the last line of each "
             "traceback, and access-log lines with a 5xx status.", "", *log_table(r), ""]
    if notes.strip():
        lines += [notes.strip(), ""]
    return "\n".join(lines)


def main(results_path: Path = RESULTS) -> None:
    results = json.loads(results_path.read_text())
    notes = NOTES_FILE.read_text() if NOTES_FILE.exists() else ""
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(render(results, notes))
    print(f"wrote {DOC.relative_to(PROJECT_ROOT)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else RESULTS)
