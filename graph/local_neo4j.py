"""A managed local Neo4j Community for development and tests, without Docker.

The jars come from Maven Central through `graph/neo4j_runner/pom.xml` and are
cached under `.neo4j/lib`; a small Java launcher runs the embedded DBMS with
Bolt on loopback. Each instance (`dev`, `test`, ...) has its own data folder,
log file, pid file and a random password kept in a 0600 file, so no secret
lives in the repository.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import Neo4jError, ServiceUnavailable

RUNNER_DIR = Path(__file__).resolve().parent / "neo4j_runner"
POM = RUNNER_DIR / "pom.xml"
LAUNCHER_SRC = RUNNER_DIR / "src" / "main" / "java" / "org" / "lermap" / "Launcher.java"
MAIN_CLASS = "org.lermap.Launcher"
# The launcher prints this once the password is set; Bolt is probed only after
# it, because early probes with the wrong password trip Neo4j's auth rate limit.
READY_LINE = b"neo4j ready on bolt://"

# Neo4j's own start scripts pass these; the embedded DBMS needs them too.
JVM_FLAGS = [
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-XX:+UseG1GC",
]


class LocalNeo4jError(RuntimeError):
    """The local Neo4j could not be installed, started or stopped."""


@dataclass(frozen=True)
class LocalNeo4j:
    """One managed instance: `home/<instance>/` holds its data, log, pid and password."""

    home: Path
    instance: str = "dev"
    port: int = 7687
    host: str = "127.0.0.1"
    java_home: Path | None = None
    # Procedure plugins from Maven Central, as "group:artifact" or
    # "group:artifact:classifier" (the version is Neo4j's own), e.g. APOC core
    # for the benchmark's peer.
    plugins: tuple[str, ...] = ()
    heap: str = "2g"

    # -- paths -------------------------------------------------------------
    @property
    def lib_dir(self) -> Path:
        return self.home / "lib"

    @property
    def plugin_dir(self) -> Path:
        return self.instance_dir / "plugins"

    @property
    def classes_dir(self) -> Path:
        return self.home / "classes"

    @property
    def instance_dir(self) -> Path:
        return self.home / self.instance

    @property
    def log_file(self) -> Path:
        return self.instance_dir / "neo4j.log"

    @property
    def pid_file(self) -> Path:
        return self.instance_dir / "neo4j.pid"

    @property
    def password_file(self) -> Path:
        return self.instance_dir / "password"

    @property
    def uri(self) -> str:
        return f"bolt://{self.host}:{self.port}"

    # -- install -----------------------------------------------------------
    def _java(self, tool: str) -> str:
        if self.java_home is not None:
            return str(self.java_home / "bin" / tool)
        found = shutil.which(tool)
        if found is None:
            raise LocalNeo4jError(f"{tool} not found: install a JDK 17 or set JAVA_HOME")
        return found

    def _fingerprint(self) -> str:
        return hashlib.sha256(POM.read_bytes() + LAUNCHER_SRC.read_bytes()).hexdigest()

    def install(self) -> None:
        """Fetch the jars and compile the launcher, unless the cache is current."""
        marker = self.lib_dir / ".fingerprint"
        if marker.exists() and marker.read_text() == self._fingerprint():
            return
        mvn = shutil.which("mvn")
        if mvn is None:
            raise LocalNeo4jError("Maven (mvn) not found: it fetches Neo4j from Maven Central")
        shutil.rmtree(self.lib_dir, ignore_errors=True)
        _run([mvn, "-q", "-B", "-f", str(POM), "dependency:copy-dependencies",
              f"-DoutputDirectory={self.lib_dir}", "-DincludeScope=runtime"],
             "fetching Neo4j from Maven Central")
        self.classes_dir.mkdir(parents=True, exist_ok=True)
        _run([self._java("javac"), "-cp", f"{self.lib_dir}/*", "-d", str(self.classes_dir),
              str(LAUNCHER_SRC)], "compiling the Neo4j launcher")
        marker.write_text(self._fingerprint())

    def install_plugins(self) -> None:
        """Procedure jars and their runtime dependencies into this instance's plugin
        folder, at Neo4j's own version (a throwaway POM lets Maven resolve them)."""
        version = re.search(r"<neo4j.version>([^<]+)</neo4j.version>", POM.read_text())
        assert version is not None
        marker = self.plugin_dir / ".installed"
        wanted = ",".join(self.plugins) + "@" + version[1]
        if marker.exists() and marker.read_text() == wanted:
            return
        mvn = shutil.which("mvn")
        if mvn is None:
            raise LocalNeo4jError("Maven (mvn) not found: it fetches plugins from Maven Central")
        deps = ""
        for plugin in self.plugins:
            group, artifact, *classifier = plugin.split(":")
            extra = f"<classifier>{classifier[0]}</classifier>" if classifier else ""
            deps += (f"<dependency><groupId>{group}</groupId><artifactId>{artifact}</artifactId>"
                     f"<version>{version[1]}</version>{extra}</dependency>")
        pom = self.instance_dir / "plugins-pom.xml"
        pom.parent.mkdir(parents=True, exist_ok=True)
        pom.write_text(
            '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
            "<groupId>org.lermap</groupId><artifactId>plugins</artifactId><version>1</version>"
            f"<dependencies>{deps}</dependencies></project>")
        shutil.rmtree(self.plugin_dir, ignore_errors=True)
        _run([mvn, "-q", "-B", "-f", str(pom), "dependency:copy-dependencies",
              f"-DoutputDirectory={self.plugin_dir}", "-DincludeScope=runtime"],
             "fetching Neo4j plugins")
        # Neo4j's own jars are on the launcher's class path already.
        for jar in self.plugin_dir.glob("neo4j-*.jar"):
            jar.unlink()
        marker.write_text(wanted)

    def admin_import(self, args: list[str], heap: str = "2g") -> str:
        """`neo4j-admin database import full ARGS` into this instance's default database,
        which must not exist yet (a fresh instance, never started). Returns the tool's
        output. The tool is Neo4j's own offline importer, from the jars the launcher
        runs on; it reads the same layout as the launcher (`instance/data`)."""
        if self.is_running():
            raise LocalNeo4jError(f"local Neo4j '{self.instance}' runs: import needs it stopped")
        self.install()
        home = self.instance_dir / "data"
        conf = self.instance_dir / "admin-conf"
        conf.mkdir(parents=True, exist_ok=True)
        home.mkdir(parents=True, exist_ok=True)
        (conf / "neo4j.conf").touch()
        env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(conf)}
        cmd = [self._java("java"), f"-Xmx{heap}", *JVM_FLAGS, "-cp", f"{self.lib_dir}/*",
               "org.neo4j.cli.AdminTool", "database", "import", "full", *args]
        result = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)  # noqa: S603 -- our java, our args
        if result.returncode != 0:
            raise LocalNeo4jError(f"neo4j-admin database import failed ({result.returncode}):\n"
                                  f"{(result.stdout + result.stderr)[-3000:]}")
        return result.stdout + result.stderr

    # -- lifecycle ---------------------------------------------------------
    def password(self) -> str:
        """The instance's password, made on first use and kept in a 0600 file."""
        if not self.password_file.exists():
            self.instance_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(24))
        return self.password_file.read_text().strip()

    def pid(self) -> int | None:
        """The pid of the running launcher, or None (a stale pid file is removed)."""
        try:
            pid = int(self.pid_file.read_text())
        except (FileNotFoundError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            self.pid_file.unlink(missing_ok=True)
            return None
        return pid

    def is_running(self) -> bool:
        return self.pid() is not None

    def answers(self) -> bool:
        """True when Bolt accepts our credentials."""
        try:
            with socket.create_connection((self.host, self.port), timeout=1):
                pass
            with GraphDatabase.driver(self.uri, auth=("neo4j", self.password()),
                                      connection_timeout=2) as driver:
                driver.verify_connectivity()
            return True
        except (OSError, ServiceUnavailable, Neo4jError):
            return False

    def start(self, timeout_s: float = 120.0) -> bool:
        """Start the instance and wait until Bolt answers. False when it already ran."""
        if self.is_running():
            if self.wait_until_ready(timeout_s):
                return False
            raise LocalNeo4jError(self._failure("is running but Bolt does not answer"))
        if _port_in_use(self.host, self.port):
            raise LocalNeo4jError(
                f"port {self.port} is in use by another program; "
                "set LERMAP_NEO4J_PORT to a free port")
        self.install()
        self.instance_dir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "LERMAP_NEO4J_PASSWORD": self.password()}
        if self.plugins:
            self.install_plugins()
            env["LERMAP_NEO4J_PLUGINS"] = str(self.plugin_dir)
        classpath = f"{self.classes_dir}:{self.lib_dir}/*"
        if self.plugins:
            # Procedures load from the plugin folder; the kernel extensions they inject
            # (APOC's configuration) are found on the class path in an embedded DBMS.
            classpath += f":{self.plugin_dir}/*"
        cmd = [self._java("java"), "-Xms512m", f"-Xmx{self.heap}", *JVM_FLAGS, "-cp", classpath,
               MAIN_CLASS, str(self.instance_dir / "data"), self.host, str(self.port)]
        log_start = self.log_file.stat().st_size if self.log_file.exists() else 0
        with self.log_file.open("ab") as log:
            # A new session: the DBMS outlives the command that started it.
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env,  # noqa: S603 (our java, our args)
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        self.pid_file.write_text(str(proc.pid))
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise LocalNeo4jError(self._failure(f"exited with code {proc.returncode}"))
            if self._logged_ready(log_start) and self.answers():
                return True
            time.sleep(0.5)
        self.stop()
        raise LocalNeo4jError(self._failure(f"did not answer on Bolt within {timeout_s:.0f} s"))

    def wait_until_ready(self, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.answers():
                return True
            if not self.is_running():
                return False
            time.sleep(0.5)
        return False

    def _logged_ready(self, offset: int) -> bool:
        with self.log_file.open("rb") as log:
            log.seek(offset)
            return READY_LINE in log.read()

    def stop(self, timeout_s: float = 60.0) -> bool:
        """SIGTERM (Neo4j shuts down cleanly), SIGKILL after the bound. False if not running."""
        pid = self.pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.2)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return True

    def status(self) -> str:
        pid = self.pid()
        if pid is None:
            return f"{self.instance}: stopped"
        state = "ready" if self.answers() else "starting or unresponsive"
        return f"{self.instance}: running (pid {pid}) on {self.uri}, {state}"

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log yet)"

    def _failure(self, what: str) -> str:
        return f"local Neo4j '{self.instance}' {what}. Last lines of {self.log_file}:\n" \
               f"{self.log_tail()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (our own child, not yet reaped) counts as gone.
    try:
        reaped, _ = os.waitpid(pid, os.WNOHANG)
        return reaped == 0
    except ChildProcessError:
        return True


def _port_in_use(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _run(cmd: list[str], what: str) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)  # noqa: S603 -- fixed argv
    if result.returncode != 0:
        raise LocalNeo4jError(f"{what} failed ({result.returncode}):\n"
                              f"{(result.stdout + result.stderr)[-3000:]}")
