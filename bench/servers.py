"""The servers compared: each started on a free loopback port, timed to its first answer, and
always stopped (its whole process group) when the ``with`` block ends."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import yaml

from mockserver.spec import EXEC_PATH, exec_responses, load_spec

HOST = "127.0.0.1"
SANDBOX = "e7847229c547d8"
NODE_MODULES = Path(__file__).parent / "node" / "node_modules"
INSTALL_HINT = "npm install --prefix bench/node @stoplight/prism-cli wiremock"

#: A second sandbox, for the heavy commands whose effect on the others is measured.
HEAVY_SANDBOX = "bench-heavy"
#: The paced command of the SSE measurement, scripted as a fixture (mockserver only).
STREAM_COMMAND = "bench-stream"
STREAM_TICKS = 5
STREAM_TICK_MS = 100


class NotInstalled(Exception):
    """A compared server is missing from this machine; the message says how to install it."""


class StartFailed(Exception):
    """A server exited or did not answer in time; the message ends with its log."""


@dataclass(frozen=True, slots=True)
class Target:
    """One server configuration. ``argv`` may contain ``{port}``."""

    name: str
    label: str
    argv: tuple[str, ...]
    #: the JSON exec request sent to it (each answers it with the spec's example)
    body: dict[str, Any]
    streams: bool = False
    env: dict[str, str] = field(default_factory=dict)

    def command(self, port: int) -> list[str]:
        return [part.replace("{port}", str(port)) for part in self.argv]


def spec_example() -> dict[str, Any]:
    """The spec's 200 JSON example: what every server must answer to the benchmark's request."""
    example = exec_responses(load_spec(None))[200].examples["application/json"]["default"]
    assert isinstance(example, dict)
    return example


def exec_url(port: int) -> str:
    return f"http://{HOST}:{port}" + EXEC_PATH.replace("{id}", SANDBOX)


def write_stream_fixtures(directory: Path) -> Path:
    """A fixture file whose command streams ``STREAM_TICKS`` lines ``STREAM_TICK_MS`` apart."""
    directory.mkdir(parents=True, exist_ok=True)
    timeline = [
        {"stdout": f"tick {n}\n", "after_ms": STREAM_TICK_MS} for n in range(1, STREAM_TICKS + 1)
    ]
    document = {
        "sandboxes": [{"id": HEAVY_SANDBOX, "cwd": "/"}],
        "fixtures": [
            {
                "name": "bench-paced-stream",
                "match": {"command": STREAM_COMMAND},
                "respond": {"exitCode": 0, "stream": timeline},
            }
        ],
    }
    (directory / "bench.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    return directory


def write_prism_spec(path: Path) -> Path:
    """The normalised spec (``{id}`` instead of the upstream ``:id``), which Prism can route."""
    path.write_text(yaml.safe_dump(load_spec(None), sort_keys=False))
    return path


def write_wiremock_root(root: Path, example: dict[str, Any]) -> Path:
    """A WireMock root directory with one stub: POST .../{id}/exec answers the spec's example."""
    mappings = root / "mappings"
    mappings.mkdir(parents=True, exist_ok=True)
    stub = {
        "request": {"method": "POST", "urlPathPattern": "/api/v1/sandboxes/[^/]+/exec"},
        "response": {
            "status": 200,
            "headers": {"Content-Type": "application/json"},
            "jsonBody": example,
        },
    }
    (mappings / "exec.json").write_text(json.dumps(stub, indent=2))
    return root


def mockserver_executable() -> str:
    beside = Path(sys.executable).with_name("mockserver")
    if beside.exists():
        return str(beside)
    raise NotInstalled(f"no mockserver script beside {sys.executable}: run `make bench`")


def prism_script() -> Path:
    script = NODE_MODULES / "@stoplight" / "prism-cli" / "dist" / "index.js"
    if not script.exists():
        raise NotInstalled(f"Prism is not installed: {INSTALL_HINT}")
    return script


def wiremock_jar() -> Path:
    jars = sorted((NODE_MODULES / "wiremock" / "build").glob("wiremock-standalone-*.jar"))
    if not jars:
        raise NotInstalled(f"WireMock is not installed: {INSTALL_HINT}")
    return jars[-1]


def package_version(package: str) -> str:
    manifest = NODE_MODULES / package / "package.json"
    try:
        return str(json.loads(manifest.read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "not installed"


def mockserver_target(engine: str, fixtures: Path) -> Target:
    # The scripted engine answers the spec's request example from the embedded fixture; the
    # simulated engine runs `echo hello` through its shell, which prints the same answer.
    command = "npm install" if engine == "scripted" else "echo hello"
    # --quiet: no line per request (Prism runs at warn, WireMock without request logging).
    argv = (mockserver_executable(), "serve", "--host", HOST, "--port", "{port}", "--quiet")
    return Target(
        name=f"mockserver-{engine}",
        label=f"mockserver --engine {engine} ({command!r})",
        argv=(*argv, "--engine", engine, "--fixtures", str(fixtures)),
        body={"command": command},
        streams=True,
        # An installed package has its bytecode compiled; a checkout run with
        # PYTHONDONTWRITEBYTECODE would compile every module at every start-up.
        env={"PYTHONDONTWRITEBYTECODE": ""},
    )


def prism_target(spec: Path) -> Target:
    # Logging at warn: Prism logs every request at info, mockserver has no access log.
    argv = ("node", str(prism_script()), "mock", "-h", HOST, "-p", "{port}", "-v", "warn")
    return Target(
        "prism", "Prism mock (static examples)", (*argv, str(spec)), {"command": "npm install"}
    )


def wiremock_target(root: Path) -> Target:
    # The options WireMock's --help gives for performance testing and long runs.
    argv = ("java", "-jar", str(wiremock_jar()), "--bind-address", HOST, "--port", "{port}")
    flags = ("--root-dir", str(root), "--no-request-journal", "--disable-request-logging")
    return Target(
        "wiremock",
        "WireMock standalone (one stub)",
        (*argv, *flags, "--disable-banner"),
        {"command": "npm install"},
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _session_members(session: int) -> list[int]:
    """Pids of the processes in ``session`` (the server and anything it started)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == session:
            members.append(int(entry.name))
    return members


def _status_kib(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class RunningServer:
    """``with RunningServer(target, log) as server:`` starts it; leaving the block stops it."""

    def __init__(self, target: Target, log_path: Path) -> None:
        self.target = target
        self.port = free_port()
        self.url = exec_url(self.port)
        self.log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None
        self._started_at = 0.0

    def __enter__(self) -> RunningServer:
        env = {**os.environ, **self.target.env}
        with self.log_path.open("wb") as log:
            self._started_at = time.perf_counter()
            self._process = subprocess.Popen(
                self.target.command(self.port),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid

    def wait_ready(self, timeout: float) -> float:
        """Seconds from the start of the process to its first 200 answer to the exec request."""
        deadline = self._started_at + timeout
        with httpx.Client(timeout=2.0) as client:
            while time.perf_counter() < deadline:
                if self._process is not None and self._process.poll() is not None:
                    raise StartFailed(f"{self.target.name} exited:\n{self.log_tail()}")
                try:
                    if client.post(self.url, json=self.target.body).status_code == 200:
                        return time.perf_counter() - self._started_at
                except httpx.TransportError:
                    pass
                time.sleep(0.01)
        raise StartFailed(
            f"{self.target.name} did not answer in {timeout:.0f} s:\n{self.log_tail()}"
        )

    def answer(self) -> Any:
        return httpx.post(self.url, json=self.target.body, timeout=5.0).json()

    def cpu_seconds(self) -> float:
        """User and system CPU time used so far, summed over the server's processes."""
        ticks = 0
        for pid in _session_members(self.pid):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def rss_bytes(self) -> int:
        return sum(_status_kib(pid, "VmRSS") for pid in _session_members(self.pid)) * 1024

    def peak_rss_bytes(self) -> int:
        """The high-water mark of resident memory, summed over the server's processes."""
        return sum(_status_kib(pid, "VmHWM") for pid in _session_members(self.pid)) * 1024

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        process = self._process
        if process is None or process.poll() is not None:
            return
        for sig, grace in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(process.pid, sig)
                process.wait(timeout=grace)
                break
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue
        # Whatever the server started and left behind in its group goes too.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
