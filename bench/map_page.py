"""`make map-bench`: the map page's network view at a benchmark scale, in headless Chromium.

A measurement, not a test. Load the graph first (once):

    python -m bench.run --scale small --import-only --instance bench-map --neo4j-port 7715

then `python -m bench.map_page --instance bench-map --neo4j-port 7715 --runs 3` starts that
instance if it is stopped, serves `lermap serve` on it (production settings, as the tests'
`served` helper), runs bench/map_page.mjs (time to interactive, first visit and with the
cached layout; FPS while panning for 2 s) and prints its medians. Everything it started is
stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from bench.run import BENCH, free_port, server, server_env
from graph.local_neo4j import LocalNeo4j
from graph.settings import PROJECT_ROOT, Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instance", default=os.environ.get("BENCH_INSTANCE", "bench"))
    parser.add_argument("--neo4j-port", type=int,
                        default=int(os.environ.get("BENCH_NEO4J_PORT", 7689)))
    parser.add_argument("--heap", default=os.environ.get("BENCH_HEAP", "2g"))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("RUNS", 3)))
    args = parser.parse_args()
    settings = Settings()
    neo = LocalNeo4j(home=settings.lermap_neo4j_home, instance=args.instance,
                     port=args.neo4j_port, heap=args.heap)
    started = neo.start()
    try:
        port = free_port()
        env = {**server_env(neo), "PORT": str(port), "ENVIRONMENT": "production",
               "SHUTDOWN_DRAIN_S": "0", "WEBHOOKS_WORKER": "false"}
        logs = BENCH / "logs"
        logs.mkdir(exist_ok=True)
        with server([sys.executable, "-m", "api.cli", "serve", "--no-migrate"], env,
                     f"http://127.0.0.1:{port}/graphql", logs / "map-page.log"):
            result = subprocess.run(  # noqa: S603 (our own script)
                ["node", str(BENCH / "map_page.mjs"),  # noqa: S607 (node from PATH)
                 f"http://127.0.0.1:{port}/", str(args.runs)],
                capture_output=True, text=True, cwd=PROJECT_ROOT, check=True)
        summary = json.loads(result.stdout)
        print(json.dumps(summary, indent=2))
        print(f"median of {summary['runs']} runs: {summary['nodes']} organizations, "
              f"{summary['edges']} edges; interactive {summary['medianInteractiveMsFirstVisit']} "
              f"ms (first visit), {summary['medianInteractiveMsCachedLayout']} ms (cached "
              f"layout); panning {summary['medianPanFps']} fps")
    finally:
        if started:
            neo.stop()


if __name__ == "__main__":
    main()
