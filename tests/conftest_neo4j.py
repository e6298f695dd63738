"""A real Neo4j server for the tests: the embedded-with-Bolt launcher in tests/neo4j/, one per session.

* ``NEO4J_URI`` set → that server is used as is (with ``NEO4J_USER``/``NEO4J_PASSWORD``); nothing is started.
* Otherwise the launcher is built with Maven if its jar is missing or older than pom.xml / the Java source
  (``~/.m2`` caches the dependencies), started on a free loopback port with a fresh data folder and a
  password, and stopped at the end of the session (stdin closed; SIGTERM, then SIGKILL as fallbacks).
* No ``java`` or ``mvn`` → the tests that need Neo4j are skipped, with the reason.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "neo4j"  # the launcher project
JAR = HERE / "target" / "neo4j-launcher.jar"
SOURCES = [HERE / "pom.xml", *sorted((HERE / "src").rglob("*.java"))]
PASSWORD = "eventgraph-test-pw"
BUILD_TIMEOUT = 900  # first build downloads ~120 MB of jars
START_TIMEOUT = 180
# Tests: quick start and little memory (the C1 compiler only: slower code, about 3x the server CPU of a push).
TEST_JVM_OPTS = ("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
# Benchmarks: what a Neo4j server runs with (its default G1 collector and the full JIT).
SERVER_JVM_OPTS = ("-XX:+UseG1GC",)


@dataclass(frozen=True)
class Neo4jServer:
    uri: str
    user: str | None
    password: str | None

    def driver(self):
        from neo4j import GraphDatabase

        auth = (self.user or "neo4j", self.password) if self.password is not None else None
        return GraphDatabase.driver(self.uri, auth=auth)

    def clear(self) -> None:
        """Delete every node and relationship (the schema stays)."""
        with self.driver() as drv, drv.session() as session:
            while session.run("MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS c").single()[
                "c"
            ]:
                pass


def launcher_is_stale() -> bool:
    if not JAR.exists() or not (HERE / "target" / "lib").is_dir():
        return True
    built = JAR.stat().st_mtime
    return any(src.stat().st_mtime > built for src in SOURCES)


def build_launcher() -> None:
    """``mvn -q -B package`` in tests/neo4j, only when the jar is stale."""
    if not launcher_is_stale():
        return
    result = subprocess.run(
        ["mvn", "-q", "-B", "package"], cwd=HERE, capture_output=True, text=True, timeout=BUILD_TIMEOUT
    )
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-30:])
        raise RuntimeError(f"building the Neo4j launcher failed:\n{tail}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _bolt_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


class LauncherProcess:
    """A running launcher: ``start()`` waits for its ready line, ``stop()`` shuts it down."""

    def __init__(self, data_dir: Path, port: int | None = None, password: str | None = PASSWORD,
                 heap: str = "1g", jvm_opts: tuple[str, ...] = TEST_JVM_OPTS) -> None:  # fmt: skip
        self.data_dir = data_dir
        self.port = port or free_port()
        self.password = password
        self.heap = heap
        self.jvm_opts = jvm_opts
        self.log = data_dir / "launcher.log"
        self.proc: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def start(self) -> float:
        """Start and wait until Bolt accepts connections; returns the seconds it took."""
        started = time.monotonic()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        cmd = ["java", f"-Xmx{self.heap}", *self.jvm_opts,
               "-jar", str(JAR), str(self.port), str(self.data_dir / "db")]  # fmt: skip
        if self.password:
            cmd.append(self.password)
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT)
        while time.monotonic() - started < START_TIMEOUT:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Neo4j launcher exited with {self.proc.returncode}:\n{self._log_tail()}")
            if b"NEO4J_READY" in self.log.read_bytes() and _bolt_open(self.port):
                return time.monotonic() - started
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"Neo4j did not start within {START_TIMEOUT}s:\n{self._log_tail()}")

    def _log_tail(self) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-20:])
        except OSError:
            return ""

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(OSError):
            proc.stdin.close()  # the launcher's normal stop signal
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    """A Neo4j server for the whole session (see the module docstring)."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield Neo4jServer(uri, os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD"))
        return
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing and launcher_is_stale():
        pytest.skip(f"Neo4j tests need {' and '.join(missing)} (or set NEO4J_URI to use a running server)")
    build_launcher()
    launcher = LauncherProcess(tmp_path_factory.mktemp("neo4j"))
    launcher.start()
    try:
        yield Neo4jServer(launcher.uri, "neo4j", PASSWORD)
    finally:
        launcher.stop()


@pytest.fixture
def neo4j_empty(neo4j_server: Neo4jServer) -> Neo4jServer:
    """The session server, emptied of data before the test."""
    neo4j_server.clear()
    return neo4j_server
