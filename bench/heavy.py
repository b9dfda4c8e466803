"""``python -m bench.heavy [--seconds 8] [--heavy 2]``: what heavy commands in one sandbox do to
a trivial command's latency in another.

Starts ``mockserver serve`` (simulated engine) on a free 127.0.0.1 port with a second sandbox,
and measures ``echo hello`` in the spec's sandbox with wrk (16 connections): first alone, then
while ``--heavy`` clients keep a CPU-bound shell loop running in the other sandbox, one after
another. Reported: p50/p99 latency and throughput of the trivial command in both rounds, their
ratios, and how many heavy commands ran. The heavy command is a counting loop in the shell
(``HEAVY_COMMAND``), stopped by its own timeout if it ever runs longer.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from bench.load import run_wrk
from bench.servers import (
    HEAVY_SANDBOX,
    RunningServer,
    mockserver_target,
    write_stream_fixtures,
)

HEAVY_COMMAND = "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo $i"


def _keep_busy(url: str, stop: threading.Event, ran: list[float]) -> None:
    with httpx.Client(timeout=60) as client:
        while not stop.is_set():
            started = time.perf_counter()
            body = {"command": HEAVY_COMMAND, "options": {"timeout": 30}}
            answer = client.post(url, json=body).json()
            if answer.get("stdout") != "20000\n":
                raise RuntimeError(f"the heavy command answered {answer!r}")
            ran.append(time.perf_counter() - started)


def measure(seconds: float, heavy: int, workdir: Path) -> dict[str, Any]:
    target = mockserver_target("simulated", write_stream_fixtures(workdir / "fixtures"))
    with RunningServer(target, workdir / "server.log") as server:
        server.wait_ready(60)
        heavy_url = server.url.replace(target_sandbox(server.url), HEAVY_SANDBOX)
        run_wrk(server.url, target.body, 16, 3, workdir)  # warm-up
        alone = run_wrk(server.url, target.body, 16, seconds, workdir)
        stop, ran = threading.Event(), []
        busy = [
            threading.Thread(target=_keep_busy, args=(heavy_url, stop, ran), daemon=True)
            for _ in range(heavy)
        ]
        for thread in busy:
            thread.start()
        time.sleep(1)
        loaded = run_wrk(server.url, target.body, 16, seconds, workdir)
        stop.set()
        for thread in busy:
            thread.join(timeout=60)
    ran_s = sorted(ran)
    return {
        "heavy_clients": heavy,
        "heavy_command": HEAVY_COMMAND,
        "heavy_commands_run": len(ran_s),
        "heavy_command_s_median": round(ran_s[len(ran_s) // 2], 3) if ran_s else None,
        "alone": alone.as_dict(),
        "beside_heavy": loaded.as_dict(),
        "p50_ratio": round(loaded.p50_ms / alone.p50_ms, 2) if alone.p50_ms else None,
        "p99_ratio": round(loaded.p99_ms / alone.p99_ms, 2) if alone.p99_ms else None,
        "rps_ratio": round(loaded.rps / alone.rps, 2) if alone.rps else None,
    }


def target_sandbox(url: str) -> str:
    return url.split("/api/v1/sandboxes/")[1].split("/")[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.heavy", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--heavy", type=int, default=2, help="clients running heavy commands")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mockserver-heavy-") as tmp:
        result = measure(args.seconds, args.heavy, Path(tmp))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
