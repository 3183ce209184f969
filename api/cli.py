"""`lermap`: the command line that runs, loads and serves the map.

    lermap neo4j start|stop|status      the managed local Neo4j (no Docker)
    lermap migrate                      apply pending schema migrations
    lermap import ler-map|esco|onet|dcc-registry PATH... [--dry-run]
    lermap seed demo                    the demo organizations, credentials, partnerships
    lermap load                         migrate + every public data set + demo seed
    lermap admin create-key             an administrator API key, printed once
    lermap backup FILE                  the whole graph to FILE (JSON Lines; .gz: gzip)
    lermap restore FILE                 a backup into an empty database
    lermap schema [-o FILE]             the GraphQL SDL
    lermap serve [--workers N]          the API (starts the local Neo4j if NEO4J_URI is unset)
    lermap webhooks work                the webhook delivery worker alone (serve runs one too)

The CLI is the one place that wires every layer together.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph import seed
from graph.db import Database
from graph.local_neo4j import LocalNeo4j, LocalNeo4jError
from graph.migrations import Migration, MigrationError, discover, migrate
from graph.settings import Settings

if TYPE_CHECKING:  # the importers load only when a command needs them
    from graph.importers.report import ImportReport

log = logging.getLogger("lermap")


def local_neo4j(settings: Settings) -> LocalNeo4j:
    return LocalNeo4j(home=settings.lermap_neo4j_home, instance=settings.lermap_neo4j_instance,
                      port=settings.lermap_neo4j_port, java_home=settings.java_home)


def database(settings: Settings) -> Database:
    """The Database the settings point at: NEO4J_URI, or the managed local one."""
    if settings.neo4j_uri is not None:
        if settings.neo4j_password is None:
            raise SystemExit("NEO4J_PASSWORD must be set together with NEO4J_URI")
        return Database.connect(settings.neo4j_uri, settings.neo4j_user,
                                settings.neo4j_password.get_secret_value(),
                                settings.neo4j_database, settings.request_timeout_s)
    local = local_neo4j(settings)
    return Database.connect(local.uri, "neo4j", local.password(), settings.neo4j_database,
                            settings.request_timeout_s)


def ensure_local_started(settings: Settings) -> bool:
    """Start the managed Neo4j when it is the one in use; True if this call started it."""
    if not settings.uses_local_neo4j:
        return False
    local = local_neo4j(settings)
    started = local.start()
    print(f"local Neo4j {'started' if started else 'already running'} on {local.uri}")
    return started


async def _with_db(settings: Settings, work: Callable[[Database], Awaitable[Any]]) -> Any:
    db = database(settings)
    try:
        return await work(db)
    finally:
        await db.close()


def cmd_neo4j(settings: Settings, args: argparse.Namespace) -> int:
    local = local_neo4j(settings)
    if args.action == "start":
        started = local.start()
        print(f"{'started' if started else 'already running'}: {local.status()}")
    elif args.action == "stop":
        print("stopped" if local.stop() else f"{local.instance}: was not running")
    else:
        print(local.status())
        return 0 if local.is_running() else 3
    return 0


def cmd_migrate(settings: Settings, _: argparse.Namespace) -> int:
    ensure_local_started(settings)
    applied = asyncio.run(_with_db(settings, migrate))
    print(f"applied {len(applied)} migration(s)" +
          "".join(f"\n  V{m.version:04d} {m.name}" for m in applied))
    return 0


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    from graph.importers import registry  # importers load only when asked

    ensure_local_started(settings)

    async def work(db: Database) -> tuple[ImportReport, list[Migration]]:
        if args.dry_run:  # a dry run writes nothing, migrations included
            pending = await pending_migrations(db)
        else:
            pending = []
            await migrate(db)
        report = await registry.run(db, args.source, [Path(p) for p in args.paths],
                                    dry_run=args.dry_run)
        return report, pending

    report, pending = asyncio.run(_with_db(settings, work))
    print("\n".join(report.lines()))
    if pending:
        print(f"note: {len(pending)} migration(s) not applied yet ("
              + ", ".join(f"V{m.version:04d} {m.name}" for m in pending)
              + "): a real import applies them first, and these figures leave them out")
    return 0


async def pending_migrations(db: Database) -> list[Migration]:
    applied = {r["version"] for r in await db.read("migration/read_applied")}
    return [m for m in discover() if m.version not in applied]


def cmd_seed(settings: Settings, _: argparse.Namespace) -> int:
    ensure_local_started(settings)

    async def work(db: Database) -> dict[str, int]:
        await migrate(db)
        return await seed.seed_demo(db)

    counts = asyncio.run(_with_db(settings, work))
    print("seeded demo: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


def cmd_load(settings: Settings, _: argparse.Namespace) -> int:
    from graph.importers import registry  # importers load only when asked

    ensure_local_started(settings)
    data_dir = settings.lermap_data_dir

    async def work(db: Database) -> None:
        await migrate(db)
        if data_dir is None or not data_dir.is_dir():
            print("no data folder (set LERMAP_DATA_DIR): skipping the public data sets")
        else:
            for source, paths in registry.default_paths(data_dir).items():
                report = await registry.run(db, source, paths)
                print("\n".join(report.lines()))
            counts = await seed.seed_demo(db)
            print("seeded demo: " + ", ".join(f"{v} {k}" for k, v in counts.items()))

    asyncio.run(_with_db(settings, work))
    return 0


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's settings, proxy trust included.

    uvicorn believes X-Forwarded-For from 127.0.0.1 unless told otherwise, so a local
    client could pick its own address, and so its own rate-limit bucket. It trusts exactly
    TRUSTED_PROXIES here (none by default: the client is the socket's peer), the same list
    api/ratelimit.py applies when it names the client.
    """
    trusted = list(settings.trusted_proxies)
    return {"host": settings.host, "port": settings.port, "log_level": "info",
            # api/observability.py writes one access line per request; uvicorn's own plain
            # line stays in development (bench/chaos.py matches tracebacks to it).
            "access_log": settings.environment == "development",
            "proxy_headers": bool(trusted), "forwarded_allow_ips": trusted,
            "server_header": False, "timeout_keep_alive": settings.keep_alive_s,
            "timeout_graceful_shutdown": settings.timeout_graceful_shutdown_s}


def draining_server(app: Any, settings: Settings) -> Any:
    """uvicorn's server for one process, with the drain before its shutdown
    (api/workers.py `DrainingServer`)."""
    import uvicorn

    from api.workers import DrainingServer

    return DrainingServer(uvicorn.Config(app, **uvicorn_options(settings)), settings,
                          lambda: app)


def multiproc_dir(settings: Settings) -> tuple[Settings, Path | None]:
    """Several workers count their metrics in PROMETHEUS_MULTIPROC_DIR: a fresh folder of
    ours when it is unset (returned, to be removed at the end), else the operator's, which
    must exist and hold no samples of an earlier run (they would be counted again)."""
    import os
    import tempfile

    folder = settings.prometheus_multiproc_dir
    if folder is None:
        made = Path(tempfile.mkdtemp(prefix="lermap-metrics-"))
        # The workers are new interpreters: they and prometheus-client read the environment.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(made)
        return settings.model_copy(update={"prometheus_multiproc_dir": made}), made
    if not folder.is_dir():
        raise SystemExit(f"PROMETHEUS_MULTIPROC_DIR={folder} is not a folder; create it, or "
                         "unset it and --workers makes one")
    # This process made its own (empty) files there already, when it imported the metrics.
    if any(not p.name.endswith(f"_{os.getpid()}.db") for p in folder.glob("*.db")):
        raise SystemExit(f"PROMETHEUS_MULTIPROC_DIR={folder} holds samples of an earlier run, "
                         "which would be counted again: empty it before the start")
    return settings, None


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import shutil

    from api.app import create_app
    from api.observability import configure_tracing, start_metrics_server

    if args.workers < 1:
        raise SystemExit("--workers must be 1 or more")
    made: Path | None = None
    if args.workers > 1:
        settings, made = multiproc_dir(settings)
    started = ensure_local_started(settings)
    try:
        if not args.no_migrate:  # once, here, before any worker starts
            asyncio.run(_with_db(settings, migrate))
        start_metrics_server(settings)  # with workers: here, merging theirs
        print(f"GraphiQL at http://{settings.host}:{settings.port}/graphql"
              + (f" ({args.workers} worker processes)" if args.workers > 1 else ""))
        if settings.metrics_port:
            print(f"metrics at http://{settings.metrics_host}:{settings.metrics_port}/metrics")
        if args.workers > 1:
            import uvicorn

            from api.workers import run_workers

            run_workers(uvicorn.Config("api.workers:worker_app", factory=True,
                                       workers=args.workers, **uvicorn_options(settings)))
        else:
            configure_tracing(settings)
            draining_server(create_app(settings, database(settings)), settings).run()
    finally:
        if started and not args.keep_neo4j:
            local_neo4j(settings).stop()
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)
    return 0


def cmd_webhooks(settings: Settings, args: argparse.Namespace) -> int:
    """The webhook delivery worker on its own (beside `lermap serve` with WEBHOOKS_WORKER=false,
    or as more workers: their claims never overlap), until SIGTERM or SIGINT."""
    import signal

    from graph.webhook_worker import Worker, config_from

    async def work(db: Database) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        print("webhook worker running", flush=True)
        await Worker(db, config_from(settings)).run(stop)

    asyncio.run(_with_db(settings, work))
    return 0


def cmd_admin(settings: Settings, args: argparse.Namespace) -> int:
    from graph import apikeys

    ensure_local_started(settings)

    async def work(db: Database) -> str:
        await migrate(db)
        return await apikeys.create_admin_key(db, args.label)

    key = asyncio.run(_with_db(settings, work))
    print("Administrator API key (shown once; only its hash is stored):")
    print(key)
    return 0


def _quiet_notifications() -> None:
    """Neo4j's planner notes ("this label does not exist yet": every restore into an empty
    database) are not news to whoever runs a backup or a restore."""
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)


def cmd_backup(settings: Settings, args: argparse.Namespace) -> int:
    from graph.backup import backup

    _quiet_notifications()
    ensure_local_started(settings)
    path = Path(args.file)
    summary = asyncio.run(_with_db(settings, lambda db: backup(db, path)))
    print(f"backed up {summary.nodes} nodes and {summary.relationships} relationships to "
          f"{path} ({path.stat().st_size} bytes) in {summary.seconds:.1f} s"
          + (f", {summary.attempts} attempts (writes landed meanwhile)"
             if summary.attempts > 1 else ""))
    return 0


def cmd_restore(settings: Settings, args: argparse.Namespace) -> int:
    from graph.backup import restore

    _quiet_notifications()
    ensure_local_started(settings)
    summary = asyncio.run(_with_db(settings, lambda db: restore(db, Path(args.file))))
    print(f"restored {summary.nodes} nodes and {summary.relationships} relationships from "
          f"{summary.path} in {summary.seconds:.1f} s; counts verified"
          + (f"; then applied migration(s) {list(summary.migrations_applied)}"
             if summary.migrations_applied else ""))
    return 0


def cmd_schema(settings: Settings, args: argparse.Namespace) -> int:
    from api.schema import build_schema

    sdl = build_schema(settings).as_str() + "\n"
    if args.output:
        Path(args.output).write_text(sdl)
    else:
        sys.stdout.write(sdl)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lermap", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    neo = sub.add_parser("neo4j", help="the managed local Neo4j")
    neo.add_argument("action", choices=["start", "stop", "status"])
    neo.set_defaults(func=cmd_neo4j)

    sub.add_parser("migrate", help="apply pending migrations").set_defaults(func=cmd_migrate)

    imp = sub.add_parser("import", help="import a public data set and report what changed")
    imp.add_argument("source", choices=["ler-map", "esco", "onet", "dcc-registry"])
    imp.add_argument("paths", nargs="+")
    imp.add_argument("--dry-run", action="store_true",
                     help="compare the files with the graph and report, without writing")
    imp.set_defaults(func=cmd_import)

    seed_cmd = sub.add_parser("seed", help="load the demo seed")
    seed_cmd.add_argument("which", choices=["demo"])
    seed_cmd.set_defaults(func=cmd_seed)

    sub.add_parser("load", help="migrate, import every public data set, seed the demo"
                   ).set_defaults(func=cmd_load)

    admin = sub.add_parser("admin", help="administrator keys")
    admin.add_argument("action", choices=["create-key"])
    admin.add_argument("--label", default="admin", help="a note on whose key it is")
    admin.set_defaults(func=cmd_admin)

    backup_cmd = sub.add_parser("backup", help="write the whole graph to a file")
    backup_cmd.add_argument("file", help="JSON Lines; gzip when the name ends .gz")
    backup_cmd.set_defaults(func=cmd_backup)

    restore_cmd = sub.add_parser("restore", help="load a backup into an empty database")
    restore_cmd.add_argument("file")
    restore_cmd.set_defaults(func=cmd_restore)

    schema_cmd = sub.add_parser("schema", help="print the GraphQL schema (SDL)")
    schema_cmd.add_argument("-o", "--output", help="write to this file instead")
    schema_cmd.set_defaults(func=cmd_schema)

    hooks = sub.add_parser("webhooks", help="webhook delivery")
    hooks.add_argument("action", choices=["work"])
    hooks.set_defaults(func=cmd_webhooks)

    serve = sub.add_parser("serve", help="serve the API")
    serve.add_argument("--no-migrate", action="store_true")
    serve.add_argument("--keep-neo4j", action="store_true",
                       help="leave a local Neo4j that serve started running on exit")
    serve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="N processes on one socket (uvicorn's supervisor); shared state "
                       "in Redis and Neo4j, metrics merged in PROMETHEUS_MULTIPROC_DIR")
    serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    from api.observability import configure_logging
    from graph.backup import BackupError

    args = build_parser().parse_args(argv)
    settings = Settings()
    # JSON lines for `serve` (LOG_FORMAT=plain for a terminal); the tools print for people.
    configure_logging(settings if args.command == "serve"
                      else settings.model_copy(update={"log_format": "plain"}))
    try:
        return int(args.func(settings, args))
    except (LocalNeo4jError, MigrationError, BackupError, ValueError) as exc:
        print(f"lermap: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
