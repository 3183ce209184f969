"""Renders docs/benchmarks.md from bench/results.json (every scale that has run).

    python -m bench.report        (make bench runs it after each scale)

The tables and the goal checks are computed from the results, so the page
cannot drift from the figures; the notes at the end are the analysis.
"""

from __future__ import annotations

import json
from typing import Any

from graph.settings import PROJECT_ROOT

RESULTS = PROJECT_ROOT / "bench" / "results.json"
DOC = PROJECT_ROOT / "docs" / "benchmarks.md"


def fmt(value: float | None, spec: str = ".1f", suffix: str = "") -> str:
    return "failed" if value is None else f"{value:{spec}}{suffix}"


def table(run: dict[str, Any]) -> list[str]:
    lines = ["| query | ours rps | peer rps | raw rps | ours/peer rps | ours p50 ms "
             "| peer p50 ms | raw p50 ms | ours/raw p50 | ours p99 ms | peer p99 ms "
             "| round trips | same answer |",
             "|" + " --- |" * 13]
    for q in run["queries"]:
        o, p, r = q["ours"], q["peer"], q["raw"]
        trips = o["roundtrips"] if o["roundtrips"] is not None else "n/a"
        lines.append(
            f"| {q['name']} | {fmt(o['rps'], '.0f')} | {fmt(p['rps'] or None, '.0f')} "
            f"| {fmt(r['rps'], '.0f')} | {fmt(q['ratio_ours_peer_rps'], '.2f', 'x')} "
            f"| {fmt(o['p50_ms'])} | {fmt(p['p50_ms'])} | {fmt(r['p50_ms'])} "
            f"| {fmt(q['ratio_ours_raw_p50'], '.2f', 'x')} | {fmt(o['p99_ms'])} "
            f"| {fmt(p['p99_ms'])} | {trips} | {'yes' if q['same_answer'] else 'no'} |")
    imp = run["import"]
    lines += ["", f"Import: {imp['nodes']:,} nodes + {imp['relationships']:,} relationships in "
                  f"{imp['seconds']} s = **{imp['items_per_s']:,} items/s**."]
    return lines


def by_name(run: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {q["name"]: q for q in run["queries"]}


def goals(runs: dict[str, dict[str, Any]]) -> list[str]:
    out = ["| goal | scale | measured | met |", "| --- | --- | --- | --- |"]

    def row(goal: str, scale: str, measured: str, met: bool | None) -> None:
        out.append(f"| {goal} | {scale} | {measured} | "
                   f"{'n/a' if met is None else 'yes' if met else 'no'} |")

    for scale, run in runs.items():
        for q in run["queries"]:
            ratio = q["ratio_ours_peer_rps"]
            if "error" in q["ours"]:
                row(f"ours >= 1.0x peer: {q['name']}", scale,
                    f"ours failed: {q['ours']['error'][:60]}", False)
            elif ratio is None:
                row(f"ours >= 1.0x peer: {q['name']}", scale, "peer failed to answer",
                    q["ours"]["rps"] > 0)
            else:
                row(f"ours >= 1.0x peer: {q['name']}", scale, f"{ratio:.2f}x", ratio >= 1.0)
    if "large" in runs:
        large = by_name(runs["large"])
        for name in ("c_deep_page", "d_total_count"):
            ratio = large[name]["ratio_ours_peer_rps"]
            row(f"ours >= 10x peer: {name}", "large",
                "peer failed to answer" if ratio is None else f"{ratio:.2f}x",
                True if ratio is None and large[name]["ours"]["rps"] > 0 else
                ratio is not None and ratio >= 10)
    for scale, run in runs.items():
        for name in ("a_stakeholder_by_slug", "b_filtered_list"):
            ratio = by_name(run)[name]["ratio_ours_raw_p50"]
            row(f"ours p50 <= 2x floor p50: {name}", scale, fmt(ratio, ".2f", "x"),
                ratio is not None and ratio <= 2)
    if "small" in runs and "large" in runs:
        small, large = by_name(runs["small"]), by_name(runs["large"])
        for name in ("a_stakeholder_by_slug", "b_filtered_list", "c_deep_page"):
            growth = large[name]["ours"]["p50_ms"] / small[name]["ours"]["p50_ms"]
            row(f"p50 large <= 1.5x p50 small: {name}", "both", f"{growth:.2f}x", growth <= 1.5)
    for scale, run in runs.items():
        rate = run["import"]["items_per_s"]
        row("import >= 20k nodes + relationships/s", scale, f"{rate:,}/s", rate >= 20_000)
    return out


def render(results: dict[str, Any], notes: str) -> str:
    runs = results["runs"]
    any_run = next(iter(runs.values()))
    lines = ["# Benchmarks", "",
             "Made by `make bench` (`SCALE=small`) and `SCALE=large make bench` on this "
             "project's machine; the page is rendered by `python -m bench.report` from "
             "`bench/results.json`.", "",
             f"Machine: {any_run['machine']['cores']} cores, {any_run['machine']['system']}, "
             f"Python {any_run['machine']['python']}. Versions: "
             + ", ".join(f"{k} {v}" for k, v in any_run["versions"].items()) + ".", "",
             f"Each system is loaded by the same asyncio client ({any_run['concurrency']} "
             f"concurrent requests, {any_run['seconds']:g} s after a warm-up) on the same "
             "machine as the servers and Neo4j. One server process each. rps: requests per "
             "second; p50/p99: latency percentiles; round trips: Cypher queries per request "
             "of ours (`extensions.roundtrips`). \"Same answer\" compares the three answers "
             "(ids in order, counts, or ranked scores) before timing.", ""]
    for scale in ("small", "large"):
        if scale in runs:
            lines += [f"## Scale {scale}", "", *table(runs[scale]), ""]
    lines += ["## Goals", "", *goals(runs), "", notes.strip(), ""]
    return "\n".join(lines)


NOTES_FILE = PROJECT_ROOT / "bench" / "NOTES.md"


def main() -> None:
    results = json.loads(RESULTS.read_text())
    notes = NOTES_FILE.read_text() if NOTES_FILE.exists() else ""
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(render(results, notes))
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()
