"""Renders docs/benchmarks.md from bench/results.json (every scale that has run).

    python -m bench.report        (make bench and make bench-mixed run it at the end)

The tables and the goal checks are computed from the results, so the page
cannot drift from the figures; bench/NOTES.md, appended at the end, is the
analysis. Each figure is the median of the repetitions with its min-max
spread; a ratio comes with the range the spreads allow, so a ratio near 1 can
be read as noise (the range spans 1) or not.
"""

from __future__ import annotations

import json
from typing import Any

from graph.settings import PROJECT_ROOT

RESULTS = PROJECT_ROOT / "bench" / "results.json"
DOC = PROJECT_ROOT / "docs" / "benchmarks.md"
NOTES_FILE = PROJECT_ROOT / "bench" / "NOTES.md"
SCALES = ("small", "large", "xl")
FLAT = ("a_stakeholder_by_slug", "b_filtered_list", "c_deep_page", "f_entities")


def fmt(value: float | None, spec: str = ".1f", suffix: str = "") -> str:
    return "failed" if value is None else f"{value:{spec}}{suffix}"


def cell(system: dict[str, Any], key: str, spec: str = ".1f") -> str:
    """`median (min-max)`; a single figure for runs made before repetitions."""
    if system.get("skipped"):
        return "not run"
    value = system.get(key)
    if value is None or (key == "rps" and not value and "error" in system):
        return "failed"
    if f"{key}_min" in system and len(system.get("runs", [])) > 1:
        return f"{value:{spec}} ({system[key + '_min']:{spec}}-{system[key + '_max']:{spec}})"
    return f"{value:{spec}}"


def ratio_range(q: dict[str, Any]) -> str:
    """The ours/peer rps ratio the spreads allow: worst ours over best peer, and back."""
    o, p = q["ours"], q["peer"]
    if q.get("ratio_ours_peer_rps") is None:
        return "peer failed" if "error" in p else "n/a"
    if "rps_min" not in o or "rps_min" not in p or not p["rps_min"]:
        return fmt(q["ratio_ours_peer_rps"], ".2f", "x")
    low, high = o["rps_min"] / p["rps_max"], o["rps_max"] / p["rps_min"]
    verdict = "within noise" if low <= 1.0 <= high else "clear"
    return f"{q['ratio_ours_peer_rps']:.2f}x ({low:.2f}-{high:.2f}, {verdict})"


def table(run: dict[str, Any]) -> list[str]:
    lines = ["| query | ours rps | peer rps | raw rps | ours/peer rps (range) | ours p50 ms "
             "| peer p50 ms | raw p50 ms | ours/raw p50 | ours p99 ms | peer p99 ms "
             "| raw p99 ms | round trips | same answer |",
             "|" + " --- |" * 14]
    for q in run["queries"]:
        o, p, r = q["ours"], q["peer"], q["raw"]
        trips = o.get("roundtrips") if o.get("roundtrips") is not None else "n/a"
        lines.append(
            f"| {q['name']} | {cell(o, 'rps', '.0f')} | {cell(p, 'rps', '.0f')} "
            f"| {cell(r, 'rps', '.0f')} | {ratio_range(q)} "
            f"| {cell(o, 'p50_ms')} | {cell(p, 'p50_ms')} | {cell(r, 'p50_ms')} "
            f"| {fmt(q['ratio_ours_raw_p50'], '.2f', 'x')} | {cell(o, 'p99_ms')} "
            f"| {cell(p, 'p99_ms')} | {cell(r, 'p99_ms')} | {trips} "
            f"| {'yes' if q['same_answer'] else 'no'} |")
    failures = [(q["name"], s, q[s]["error"]) for q in run["queries"]
                for s in ("ours", "peer", "raw") if "error" in q[s]]
    if failures:
        lines += ["", "Failures: " + "; ".join(f"{n} {s}: `{e[:140]}`" for n, s, e in failures)]
    return [*lines, "", import_line(run["import"])]


def cpu_table(run: dict[str, Any]) -> list[str]:
    """CPU per request of each process while each system was loaded (medians of rounds)."""
    if not any("cpu_ms" in q[s] for q in run["queries"] for s in ("ours", "peer", "raw")):
        return []
    lines = ["CPU per request (ms; median of the rounds), by process, while each system was "
             "loaded: what a request costs the API (or the peer) and what it costs Neo4j. The "
             "floor's client-side cost is the load generator's and is not shown.", "",
             "| query | ours: API | ours: Neo4j | ours: total | peer: Node | peer: Neo4j "
             "| peer: total | raw: Neo4j |", "|" + " --- |" * 8]

    def ms(system: dict[str, Any], process: str) -> float | None:
        value = system.get("cpu_ms", {}).get(process)
        return float(value) if value is not None else None

    def total(*values: float | None) -> float | None:
        return None if any(v is None for v in values) else sum(v for v in values if v)

    for q in run["queries"]:
        o, p, r = q["ours"], q["peer"], q["raw"]
        ours = (ms(o, "ours"), ms(o, "neo4j"))
        peer = (ms(p, "peer"), ms(p, "neo4j"))
        lines.append(f"| {q['name']} | {fmt(ours[0])} | {fmt(ours[1])} | {fmt(total(*ours))} "
                     f"| {fmt(peer[0])} | {fmt(peer[1])} | {fmt(total(*peer))} "
                     f"| {fmt(ms(r, 'neo4j'))} |")
    return ["", *lines]


def import_line(imp: dict[str, Any]) -> str:
    method = imp.get("method", "batched UNWIND writes")
    line = (f"Import ({method}): {imp['nodes']:,} nodes + {imp['relationships']:,} relationships "
            f"in {imp['seconds']} s = **{imp['items_per_s']:,} items/s**")
    if "admin_import_s" in imp:
        line += (f" (neo4j-admin {imp['admin_import_s']} s, Neo4j start {imp['start_s']} s, "
                 f"migrations, map groups and index population {imp['schema_and_indexes_s']} s; "
                 f"generating the CSV files before it took {imp['generate_csv_s']} s, "
                 f"{imp['items_per_s_with_generation']:,} items/s with it)")
    return line + "."


def mixed_table(runs: dict[str, dict[str, Any]]) -> list[str]:
    lines = ["| scale | concurrency | seconds | requests (reads/writes) | rps | p50 ms | p99 ms "
             "| read p50 ms | write p50 ms | errors | error rate | API RSS MiB before -> after |",
             "|" + " --- |" * 12]
    samples = []
    for scale in SCALES:
        mixed = runs.get(scale, {}).get("mixed")
        for lv in (mixed or {}).get("levels", []):
            lines.append(
                f"| {scale} | {lv['concurrency']} | {lv['seconds']} | {lv['requests']:,} "
                f"({lv['reads']:,}/{lv['writes']:,}) | {lv['rps']} | {fmt(lv['p50_ms'])} "
                f"| {fmt(lv['p99_ms'])} | {fmt(lv['read_p50_ms'])} | {fmt(lv['write_p50_ms'])} "
                f"| {lv['errors']} | {lv['error_rate']:.2%} "
                f"| {lv['rss_mib_before']} -> {lv['rss_mib_after']} |")
            samples += [f"{scale}, {lv['concurrency']}: `{s[:160]}`" for s in lv["error_samples"]]
    if samples:
        lines += ["", "Errors seen (first of each kind): " + "; ".join(samples)]
    return lines


def by_name(run: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {q["name"]: q for q in run.get("queries", [])}


def goals(runs: dict[str, dict[str, Any]]) -> list[str]:
    """Issue 11's goals, one row per check."""
    out = ["| goal | scale | measured | met |", "| --- | --- | --- | --- |"]

    def row(goal: str, scale: str, measured: str, met: bool | None) -> None:
        out.append(f"| {goal} | {scale} | {measured} | "
                   f"{'not run' if met is None else 'yes' if met else 'no'} |")

    for scale in ("small", "large"):
        if not by_name(runs.get(scale, {})):
            row("ours >= 1.0x peer rps on every query", scale, "not run", None)
        for q in by_name(runs.get(scale, {})).values():
            goal = f"ours >= 1.0x peer rps: {q['name']}"
            ratio = q["ratio_ours_peer_rps"]
            if "error" in q["ours"]:
                row(goal, scale, f"ours failed: {q['ours']['error'][:60]}", False)
            elif ratio is None:
                row(goal, scale, "peer failed; ours answers", bool(q["ours"]["rps"]))
            else:
                row(goal, scale, ratio_range(q), ratio >= 1.0)
    for scale in ("small", "large"):
        for q in by_name(runs.get(scale, {})).values():
            ratio = q["ratio_ours_raw_p50"]
            row(f"ours p50 <= 2x floor p50: {q['name']}", scale, fmt(ratio, ".2f", "x"),
                ratio is not None and ratio <= 2)
    g = by_name(runs.get("large", {})).get("g_suggestions")
    if g is None:
        row("g_suggestions p50 <= 300 ms, no errors", "large", "not run", None)
    else:
        p50 = g["ours"]["p50_ms"]
        row("g_suggestions p50 <= 300 ms, no errors", "large",
            "failed" if "error" in g["ours"] else f"{p50:.1f} ms",
            "error" not in g["ours"] and p50 is not None and p50 <= 300)
    small, xl = by_name(runs.get("small", {})), by_name(runs.get("xl", {}))
    for name in FLAT:
        goal = f"p50 xl <= 1.5x p50 small: {name}"
        if name not in small or name not in xl:
            row(goal, "xl, small", "not run", None)
            continue
        a, b = xl[name]["ours"]["p50_ms"], small[name]["ours"]["p50_ms"]
        if a is None or b is None:
            row(goal, "xl, small", "failed", False)
        else:
            row(goal, "xl, small", f"{a / b:.2f}x ({a:.1f} / {b:.1f} ms)", a / b <= 1.5)
    for scale in ("large", "xl"):
        imp = runs.get(scale, {}).get("import")
        if imp is None:
            row("import >= 50k nodes + relationships/s", scale, "not run", None)
        else:
            rate = imp["items_per_s"]
            row("import >= 50k nodes + relationships/s", scale, f"{rate:,}/s", rate >= 50_000)
    ran = [(s, lv) for s in SCALES for lv in (runs.get(s, {}).get("mixed") or {}).get("levels", [])
           if lv["concurrency"] == 64]
    if not ran:
        row("mixed workload: no errors at concurrency 64", "any", "not run", None)
    for scale, lv in ran:
        row("mixed workload: no errors at concurrency 64", scale,
            f"{lv['errors']} of {lv['requests']:,}", lv["errors"] == 0)
    for scale in SCALES:
        if runs.get(scale, {}).get("queries"):
            repeat = runs[scale].get("repeat", 1)
            row("each measurement 3 times, systems interleaved", scale, f"{repeat} rounds",
                repeat >= 3)
    return out


def render(results: dict[str, Any], notes: str) -> str:
    runs = results["runs"]
    with_queries = [r for r in runs.values() if r.get("queries")]
    any_run = with_queries[0] if with_queries else next(iter(runs.values()))
    lines = ["# Benchmarks", "",
             "Made by `make bench` (`SCALE=small`), `make bench SCALE=large` and "
             "`make bench SCALE=xl`, and `make bench-mixed` (or `MIXED=1`), on this project's "
             "machine; the page is rendered by `python -m bench.report` from "
             "`bench/results.json` and `bench/NOTES.md`. Where the time of a request goes, "
             "and what was changed for it: [performance.md](performance.md).", ""]
    if "machine" in any_run:
        lines += [f"Machine: {any_run['machine']['cores']} cores, "
                  f"{any_run['machine']['system']}, Python {any_run['machine']['python']}. "
                  "Versions: " + ", ".join(f"{k} {v}" for k, v in any_run["versions"].items())
                  + ".", ""]
    lines += ["Each system is loaded by the same asyncio client (concurrent requests and seconds "
              "per measurement as each scale says, after a warm-up) on the same machine as the "
              "servers and Neo4j. One server process each. Every query is measured in rounds "
              "(3 unless a scale says otherwise) with the systems interleaved: round r runs "
              "ours, peer and raw in an order rotated by r. Cells read `median (min-max)` over "
              "the rounds; ratios are of the medians, and the ours/peer range (worst ours over "
              "best peer to best ours over worst peer) says whether a ratio is **clear** or "
              "**within noise** (the range spans 1). rps: requests per second; p50/p99: latency "
              "percentiles; round trips: Cypher queries per request of ours "
              "(`extensions.roundtrips`). \"Same answer\" compares the three answers (ids in "
              "order, counts, or ranked scores) before timing.", ""]
    for scale in SCALES:
        run = runs.get(scale)
        if run and run.get("queries"):
            lines += [f"## Scale {scale}", "",
                      f"Concurrency {run['concurrency']}, {run['seconds']:g} s per measurement, "
                      f"{run.get('repeat', 1)} round(s).", "", *table(run), *cpu_table(run), ""]
    lines += ["## Import", "", "| scale | method | nodes | relationships | seconds | items/s |",
              "| --- | --- | --- | --- | --- | --- |"]
    for scale in SCALES:
        imp = runs.get(scale, {}).get("import")
        if imp:
            lines.append(f"| {scale} | {imp.get('method', 'batched UNWIND writes')} "
                         f"| {imp['nodes']:,} | {imp['relationships']:,} | {imp['seconds']} "
                         f"| {imp['items_per_s']:,} |")
    lines += ["", "## Mixed partner workload", "",
              "90% reads drawn evenly from the seven queries with parameters picked from the "
              "data for each request, 10% writes (addCredential, updateCredential, "
              "proposePartnership, respondToPartnership) by 50 stakeholders registered through "
              "the API, against ours only (`bench/mixed.py`). The bench server raises the "
              "registration and write rate limits (`REGISTER_RATE_LIMIT`, `WRITE_RATE_LIMIT`), "
              "which exist for the public internet and would refuse one client's 50 "
              "registrations; every other limit, the 10 s request time included, is "
              "production's. An error is a non-200, a transport failure, a GraphQL error or a "
              "write payload's `errors`.", "", *mixed_table(runs), "",
              "## Goals (issue 11)", "", *goals(runs), "", notes.strip(), ""]
    return "\n".join(lines)


def main() -> None:
    results = json.loads(RESULTS.read_text())
    notes = NOTES_FILE.read_text() if NOTES_FILE.exists() else ""
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(render(results, notes))
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()
