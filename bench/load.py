"""JSON exec throughput: wrk, a separate process, posts the request over a fixed number of
connections for a fixed time and reports requests per second and latency percentiles."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

MARKER = "BENCH_JSON "

_SCRIPT = """
wrk.method = "POST"
wrk.body = [==[%(body)s]==]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%(marker)s{"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, ' ..
    '"max_us": %%d, "socket_errors": %%d, "non_2xx": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect + e.read + e.write + e.timeout, e.status))
end
"""


class LoadFailed(Exception):
    """wrk is missing, failed, or printed no summary."""


@dataclass(frozen=True, slots=True)
class LoadResult:
    connections: int
    seconds: float
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    socket_errors: int
    non_2xx: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def wrk_version() -> str:
    if shutil.which("wrk") is None:
        return "not installed"
    done = subprocess.run(["wrk", "--version"], capture_output=True, text=True, timeout=10)
    return (done.stdout or done.stderr).split(" [", 1)[0].removeprefix("wrk ").strip()


def run_wrk(
    url: str, body: dict[str, Any], connections: int, seconds: float, workdir: Path
) -> LoadResult:
    """Load ``url`` with ``connections`` keep-alive connections for ``seconds`` (one wrk thread)."""
    if shutil.which("wrk") is None:
        raise LoadFailed("wrk is not installed: apt-get install -y wrk")
    if not url.startswith("http://127.0.0.1:"):
        raise LoadFailed(f"refusing to load anything but 127.0.0.1: {url}")
    script = workdir / "post.lua"
    script.write_text(_SCRIPT % {"body": json.dumps(body), "marker": MARKER})
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "5s"]
    try:
        done = subprocess.run(
            [*argv, "-s", str(script), url], capture_output=True, text=True, timeout=seconds + 30
        )
    except subprocess.TimeoutExpired as error:
        raise LoadFailed(f"wrk did not finish within {seconds + 30:.0f} s") from error
    for line in done.stdout.splitlines():
        if line.startswith(MARKER):
            raw = json.loads(line[len(MARKER) :])
            elapsed = raw["duration_us"] / 1e6
            return LoadResult(
                connections=connections,
                seconds=round(elapsed, 3),
                requests=raw["requests"],
                rps=round(raw["requests"] / elapsed, 1),
                p50_ms=raw["p50_us"] / 1000,
                p99_ms=raw["p99_us"] / 1000,
                max_ms=raw["max_us"] / 1000,
                socket_errors=raw["socket_errors"],
                non_2xx=raw["non_2xx"],
            )
    raise LoadFailed(f"wrk printed no summary (exit {done.returncode}): {done.stderr.strip()}")
