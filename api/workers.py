"""How `lermap serve` runs uvicorn: one process, or `--workers N` processes on one socket,
each draining on SIGTERM.

One process: `DrainingServer` around the app api/cli.py built. Several: uvicorn's own
supervisor binds the socket and starts N spawned processes; each imports `worker_app`
(uvicorn needs an import string to start an app in a fresh interpreter), which builds the
app from the same environment, and runs it in a `DrainingServer` too. On SIGTERM the
supervisor passes SIGTERM to every worker and waits for them: each turns its /readyz to
503, serves on for SHUTDOWN_DRAIN_S, then stops taking connections and finishes what it
has (at most TIMEOUT_GRACEFUL_SHUTDOWN_S).

What the workers share lives outside them: rate limits in Redis (RATE_LIMIT_STORAGE_URL),
the webhook outbox's leases in Neo4j (each worker runs a delivery loop; a claim is a
transaction, so no two send the same attempt), metrics in PROMETHEUS_MULTIPROC_DIR.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from types import FrameType
from typing import Any

import uvicorn
from uvicorn.supervisors import multiprocess

from graph.settings import Settings

log = logging.getLogger("lermap")

# The app this worker process serves (set by `worker_app`), for the drain to reach.
_served: list[Any] = []


class DrainingServer(uvicorn.Server):
    """uvicorn's server, with a drain before its shutdown.

    On the first SIGTERM or SIGINT /readyz turns 503 (api/app.py `drain`) and requests are
    still served for `shutdown_drain_s`, so the balancer sees it and stops sending; then
    uvicorn stops listening and waits for what is in flight (at most
    `timeout_graceful_shutdown_s`), and the lifespan closes the driver. A second signal
    skips the drain.
    """

    def __init__(self, config: uvicorn.Config, settings: Settings,
                 app: Callable[[], Any]) -> None:
        super().__init__(config)
        self.settings = settings
        self.app = app
        self.draining = False

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        from api.app import drain

        app = self.app()
        if self.draining or self.settings.shutdown_drain_s <= 0 or app is None:
            super().handle_exit(sig, frame)
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not serving yet, or any more: nothing to drain
            super().handle_exit(sig, frame)
            return
        self.draining = True
        drain(app)
        # A signal handler runs between two bytecodes of the loop's thread: the rest
        # (a log line, a timer) goes through the loop's thread-safe door.
        loop.call_soon_threadsafe(self._drain_then_exit, sig, frame)

    def _drain_then_exit(self, sig: int, frame: FrameType | None) -> None:
        log.warning("signal %d: draining for %g s (/readyz answers 503), then stopping",
                    sig, self.settings.shutdown_drain_s)

        def stop() -> None:
            if not self.should_exit:  # a second signal may have stopped it already
                super(DrainingServer, self).handle_exit(sig, frame)

        asyncio.get_running_loop().call_later(self.settings.shutdown_drain_s, stop)


def worker_app() -> Any:
    """The app of one `--workers` process: uvicorn imports and calls this in each."""
    from api.app import create_app
    from api.cli import database
    from api.observability import configure_logging, configure_tracing

    settings = Settings()
    configure_logging(settings)
    configure_tracing(settings)  # an exporter's thread does not survive into a new process
    app = create_app(settings, database(settings))
    _served.append(app)
    return app


class WorkerProcess(multiprocess.Process):
    """uvicorn's worker process, serving through a DrainingServer."""

    @property
    def server(self) -> uvicorn.Server:
        if self._server is None:
            self._server = DrainingServer(self.config, Settings(),
                                          lambda: _served[-1] if _served else None)
        return self._server


def run_workers(config: uvicorn.Config) -> None:
    """uvicorn's supervisor over `config.workers` WorkerProcesses on one socket.

    The supervisor makes its processes by the module's name `Process` in several places
    (start, restart after a crash, SIGHUP, SIGTTIN); pointing that name at WorkerProcess,
    in this supervising process only, is the one change, where overriding each method
    would copy them.
    """
    multiprocess.Process = WorkerProcess  # type: ignore[misc]  # see the docstring
    sock = config.bind_socket()
    try:
        multiprocess.Multiprocess(config, sockets=[sock]).run()
    finally:
        sock.close()
