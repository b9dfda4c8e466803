"""``python -m bench.memory [--streams N]``: does the server give memory back after bursts?

Starts ``mockserver serve`` (simulated engine) on a free 127.0.0.1 port and reads its resident
memory (``VmRSS``) at each step:

1. after start-up and a few requests;
2. a burst of N concurrent SSE commands (``sleep 1; echo done``), read to the end: the peak, and
   the memory once they are done;
3. two rounds of N SSE clients that leave right after ``start`` while their commands
   (``sleep 5; echo late``) go on: the memory once each round's commands have ended. A second
   round that grows it again is a leak; one that does not is the allocator's high-water mark.

Targets (issue 11 and 12): back within 40 MiB of the start after the burst, and flat (within
10 MiB) from the first abandoned round to the second. Prints one JSON object; exit 1 when a
target is missed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.servers import RunningServer, mockserver_target, write_stream_fixtures

MIB = 1024 * 1024
BURST_COMMAND = "sleep 1; echo done"
ABANDONED_COMMAND = "sleep 5; echo late"
#: The memory is read once it has not fallen for this long (at most ``SETTLE_MAX_S``).
SETTLE_S = 3.0
SETTLE_MAX_S = 30.0
BURST_TARGET_MIB = 40
ROUNDS_TARGET_MIB = 10


def sse(url: str, streams: int, command: str, abandon: bool, timeout: float) -> dict[str, Any]:
    argv = [sys.executable, "-m", "bench.sse_load", url, str(streams), str(timeout)]
    argv += [json.dumps({"command": command}), *(["--abandon"] if abandon else [])]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout + 30)
    if done.returncode != 0:
        raise RuntimeError(f"SSE load failed: {done.stderr.strip()[-500:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def mib(server: RunningServer) -> float:
    return round(server.rss_bytes() / MIB, 1)


def settled_mib(server: RunningServer) -> float:
    """Resident memory once it has stopped falling (the server gives memory back when idle)."""
    lowest, since, deadline = mib(server), time.monotonic(), time.monotonic() + SETTLE_MAX_S
    while time.monotonic() - since < SETTLE_S and time.monotonic() < deadline:
        time.sleep(0.25)
        now = mib(server)
        if now < lowest - 0.5:
            lowest, since = now, time.monotonic()
    return lowest


def measure(streams: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="mockserver-memory-") as tmp:
        target = mockserver_target("simulated", write_stream_fixtures(Path(tmp) / "fixtures"))
        with RunningServer(target, Path(tmp) / "server.log") as server:
            server.wait_ready(60)
            with httpx.Client(timeout=10) as client:
                for _ in range(50):
                    client.post(server.url, json={"command": "echo warm; ls /"})
            result: dict[str, Any] = {"streams": streams, "rss_start_mib": settled_mib(server)}
            burst = sse(server.url, streams, BURST_COMMAND, abandon=False, timeout=120)
            result["burst"] = {
                "completed": burst["completed"],
                "first_event_ms": burst.get("first_event_ms"),
                "wall_ms": burst["wall_ms"],
                "rss_peak_mib": round(server.peak_rss_bytes() / MIB, 1),
            }
            result["burst"]["rss_after_mib"] = settled_mib(server)
            rounds = []
            for _ in range(2):
                left = sse(server.url, streams, ABANDONED_COMMAND, abandon=True, timeout=120)
                time.sleep(5)  # the commands go on for 5 s after the clients left
                rounds.append({"started": left["completed"], "rss_after_mib": settled_mib(server)})
            result["abandoned_rounds"] = rounds
    start = result["rss_start_mib"]
    result["burst_returned_within_mib"] = round(result["burst"]["rss_after_mib"] - start, 1)
    result["second_round_growth_mib"] = round(
        rounds[1]["rss_after_mib"] - rounds[0]["rss_after_mib"], 1
    )
    result["targets_hold"] = (
        result["burst_returned_within_mib"] <= BURST_TARGET_MIB
        and result["second_round_growth_mib"] <= ROUNDS_TARGET_MIB
        and result["burst"]["completed"] == streams
        and all(r["started"] == streams for r in rounds)
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.memory", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--streams", type=int, default=2000)
    args = parser.parse_args(argv)
    result = measure(args.streams)
    print(json.dumps(result, indent=2))
    return 0 if result["targets_hold"] else 1


if __name__ == "__main__":
    sys.exit(main())
