"""``python -m bench.run [--quick] [--only NAME]``: mockserver, Prism and WireMock side by side.

Each server is started on a free 127.0.0.1 port, timed to its first answer, loaded with JSON exec
requests by wrk (mockserver also with concurrent SSE streams, from a separate Python process),
measured for memory, and stopped. The results go to stdout and to ``bench/results/latest.json``
and ``latest.md``. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench import report
from bench.load import LoadFailed, LoadResult, run_wrk, wrk_version
from bench.servers import (
    STREAM_COMMAND,
    STREAM_TICK_MS,
    STREAM_TICKS,
    NotInstalled,
    RunningServer,
    StartFailed,
    Target,
    mockserver_target,
    package_version,
    prism_target,
    spec_example,
    wiremock_target,
    write_prism_spec,
    write_stream_fixtures,
    write_wiremock_root,
)
from mockserver import __version__

RESULTS = Path(__file__).parent / "results"
NAMES = ("mockserver-scripted", "mockserver-simulated", "prism", "wiremock")
MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Plan:
    quick: bool
    connections: int
    warmup_s: float
    duration_s: float
    #: measured rounds per server, the servers taking turns so that each sees the machine's
    #: background load alike; the round with the median throughput is reported
    rounds: int
    #: start-ups timed per server (the median is reported)
    startups: int
    stream_counts: tuple[int, ...]
    #: concurrent SSE streams of BURST_COMMAND on the simulated engine (the issue's burst)
    burst_streams: int = 1000
    startup_timeout_s: float = 90.0
    sse_timeout_s: float = 60.0
    stream_ticks: int = STREAM_TICKS
    stream_tick_ms: int = STREAM_TICK_MS


def plan(quick: bool) -> Plan:
    # The full warm-up gives Node's and the JVM's JIT compilers time: here WireMock went from
    # 1,300 req/s in its first 4 s of load to 5,000 after 8 s and 8,000 after 30 s.
    if quick:
        return Plan(
            True,
            16,
            warmup_s=2,
            duration_s=3,
            rounds=1,
            startups=1,
            stream_counts=(100,),
            burst_streams=200,
        )
    return Plan(
        False, 16, warmup_s=20, duration_s=6, rounds=5, startups=3, stream_counts=(100, 400)
    )


def build_targets(names: list[str], workdir: Path) -> dict[str, Callable[[], Target]]:
    """Target builders by name; building one may raise NotInstalled."""
    fixtures = write_stream_fixtures(workdir / "fixtures")
    builders: dict[str, Callable[[], Target]] = {
        "mockserver-scripted": lambda: mockserver_target("scripted", fixtures),
        "mockserver-simulated": lambda: mockserver_target("simulated", fixtures),
        "prism": lambda: prism_target(write_prism_spec(workdir / "openapi.yaml")),
        "wiremock": lambda: wiremock_target(
            write_wiremock_root(workdir / "wiremock", spec_example())
        ),
    }
    return {name: builders[name] for name in names}


#: The burst: each stream's command sleeps a second, then writes one line.
BURST_COMMAND = "sleep 1; echo done"


def run_sse(
    url: str, streams: int, timeout: float, command: str = STREAM_COMMAND
) -> dict[str, Any]:
    body = json.dumps({"command": command})
    argv = [sys.executable, "-m", "bench.sse_load", url, str(streams), str(timeout), body]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout + 30)
    if done.returncode != 0:
        raise LoadFailed(f"SSE load failed: {done.stderr.strip()[-500:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def start(
    target: Target, settings: Plan, workdir: Path, stack: ExitStack
) -> tuple[RunningServer, list[float]]:
    """Time ``settings.startups`` start-ups and leave the last server running (on ``stack``)."""
    log = workdir / f"{target.name}.log"
    timings = []
    for _ in range(settings.startups - 1):
        with RunningServer(target, log) as trial:
            timings.append(trial.wait_ready(settings.startup_timeout_s))
    server = stack.enter_context(RunningServer(target, log))
    timings.append(server.wait_ready(settings.startup_timeout_s))
    return server, sorted(round(t, 3) for t in timings)


@dataclass(slots=True)
class Measured:
    """One running server and what has been measured of it so far."""

    server: RunningServer
    result: dict[str, Any]
    loads: list[LoadResult] = field(default_factory=list)
    cpu_ms_per_request: list[float] = field(default_factory=list)


def start_and_warm_up(target: Target, settings: Plan, workdir: Path, stack: ExitStack) -> Measured:
    server, startups = start(target, settings, workdir, stack)
    answer = server.answer()
    result = {
        "label": target.label,
        "command": list(target.argv),
        "startup_s": statistics.median(startups),
        "startup_samples_s": startups,
        "rss_idle_mb": round(server.rss_bytes() / MIB, 1),
        "answer": answer,
        "answer_ok": answer == spec_example(),
    }
    say(f"   answers after {startups} s")
    run_wrk(server.url, target.body, settings.connections, settings.warmup_s, workdir)
    return Measured(server, result)


def load_round(measured: Measured, settings: Plan, workdir: Path) -> LoadResult:
    """One measured round of JSON load, with the server's CPU time spent on it."""
    server = measured.server
    cpu_before = server.cpu_seconds()
    load = run_wrk(
        server.url, server.target.body, settings.connections, settings.duration_s, workdir
    )
    cpu_ms = (server.cpu_seconds() - cpu_before) * 1000 / max(load.requests, 1)
    measured.loads.append(load)
    measured.cpu_ms_per_request.append(round(cpu_ms, 3))
    return load


def summarise_load(measured: Measured) -> None:
    """The round with the median throughput, every round's throughput, and the memory peak."""
    result, loads = measured.result, measured.loads
    result["json"] = sorted(loads, key=lambda load: load.rps)[len(loads) // 2].as_dict()
    result["json_rounds_rps"] = [load.rps for load in loads]
    result["cpu_ms_per_request"] = statistics.median(measured.cpu_ms_per_request)
    result["cpu_ms_per_request_rounds"] = measured.cpu_ms_per_request
    result["rss_peak_mb"] = round(measured.server.peak_rss_bytes() / MIB, 1)


def stream(measured: Measured, settings: Plan) -> None:
    """The SSE measurement, one batch of concurrent streams per count."""
    result, name = measured.result, measured.server.target.name
    result["sse"] = {}
    for streams in settings.stream_counts:
        sse = run_sse(measured.server.url, streams, settings.sse_timeout_s)
        result["sse"][str(streams)] = sse
        say(f"   SSE x{streams}, {name}: {sse['completed']} completed")
    result["rss_peak_sse_mb"] = round(measured.server.peak_rss_bytes() / MIB, 1)
    if name == "mockserver-simulated":
        burst = run_sse(measured.server.url, settings.burst_streams, 120, BURST_COMMAND)
        result["sse_burst"] = burst
        say(f"   SSE burst x{settings.burst_streams}, {name}: {burst['completed']} completed")


def measure(targets: list[Target], settings: Plan, workdir: Path) -> dict[str, dict[str, Any]]:
    """Every measurement of every target; a target that fails gets ``{"error": ...}``.

    All servers are started (one after the other) and kept running, so that the load rounds can
    take turns; the ``ExitStack`` stops every one of them, whatever happens.
    """
    results: dict[str, dict[str, Any]] = {}
    running: dict[str, Measured] = {}

    def fail(name: str, error: Exception) -> None:
        say(f"   {name}: {error}")
        results[name] = {"error": str(error).splitlines()[0]}
        running.pop(name, None)

    with ExitStack() as stack:
        for target in targets:
            say(f"== {target.name}: {target.label}")
            try:
                running[target.name] = start_and_warm_up(target, settings, workdir, stack)
            except (StartFailed, LoadFailed, httpx.HTTPError, ValueError) as error:
                fail(target.name, error)
        for number in range(1, settings.rounds + 1):
            for name, measured in list(running.items()):
                try:
                    load = load_round(measured, settings, workdir)
                except LoadFailed as error:
                    fail(name, error)
                    continue
                cpu_ms = measured.cpu_ms_per_request[-1]
                say(
                    f"   round {number}, {name}: {load.rps:,.0f} req/s, p99 {load.p99_ms:.1f} ms, "
                    f"{cpu_ms:.2f} ms CPU per request"
                )
        for name, measured in running.items():
            summarise_load(measured)
            results[name] = measured.result
        for measured in running.values():
            if measured.server.target.streams:
                try:
                    stream(measured, settings)
                except (LoadFailed, subprocess.TimeoutExpired, ValueError) as error:
                    measured.result["sse_error"] = str(error).splitlines()[0]
    return results


def _first_line(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"
    return ((done.stdout or done.stderr).strip().splitlines() or ["?"])[0]


def machine() -> dict[str, Any]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kib = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "kernel": f"{platform.system()} {platform.release()}",
        "loadavg_before": _loadavg(),
    }


def _loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def versions() -> dict[str, str]:
    commit = _first_line(["git", "-C", str(Path(__file__).parent), "rev-parse", "--short", "HEAD"])
    return {
        "mockserver": f"{__version__} ({commit})",
        "prism": package_version("@stoplight/prism-cli"),
        "wiremock": package_version("wiremock"),
        "python": platform.python_version(),
        "node": _first_line(["node", "--version"]),
        "java": _first_line(["java", "-version"]).replace(" version", "").replace('"', ""),
        "wrk": wrk_version(),
    }


def write_results(document: dict[str, Any], text: str) -> None:
    RESULTS.mkdir(exist_ok=True)
    for name, content in (
        ("latest.json", json.dumps(document, indent=2) + "\n"),
        ("latest.md", text),
    ):
        partial = RESULTS / f"{name}.tmp"
        partial.write_text(content)
        partial.replace(RESULTS / name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="one 3 s round, one start-up, 100 SSE streams"
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=NAMES,
        metavar="NAME",
        help=f"one of {', '.join(NAMES)} (repeatable)",
    )
    args = parser.parse_args(argv)
    # A terminated run still stops the servers it started (the `with` blocks unwind).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    settings = plan(args.quick)
    names = args.only or list(NAMES)
    document: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "versions": versions(),
        "settings": asdict(settings),
        "targets": {},
    }
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mockserver-bench-") as tmp:
        targets = []
        for name, build in build_targets(names, Path(tmp)).items():
            try:
                targets.append(build())
            except NotInstalled as error:
                say(f"   {name}: {error}")
                document["targets"][name] = {"error": str(error)}
        document["targets"].update(measure(targets, settings, Path(tmp)))
    document["targets"] = {name: document["targets"][name] for name in names}
    document["machine"]["loadavg_after"] = _loadavg()
    document["elapsed_s"] = round(time.perf_counter() - started, 1)
    document["ratios"] = report.ratios(document["targets"])
    text = report.markdown(document)
    print(text)
    write_results(document, text)
    print(f"wrote {RESULTS / 'latest.json'} and {RESULTS / 'latest.md'}", file=sys.stderr)
    return 1 if any("error" in result for result in document["targets"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
