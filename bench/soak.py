"""``python -m bench.soak [--minutes 10] [--rate 20]``: mixed traffic at a steady rate, bounded.

Starts ``mockserver serve`` (default engine) on a free 127.0.0.1 port and, for ``--minutes``,
starts ``--rate`` calls a second, drawn in turn from a fixed mix: JSON commands, SSE streams read
to the end, SSE clients that leave right after ``start``, background commands, commands stopped
by their timeout, and requests the contract refuses (a bad body, an unknown sandbox, another
method). Each minute the load pauses until the calls in flight are answered, and the server's
resident memory, open file descriptors and asyncio tasks (``/__admin/health``) are recorded.

It fails (exit 1) on any 5xx or transport error, any call answered later than its timeout plus
2 s, any answer other than the one its kind expects, or growth after the warm-up (the first
``--warmup`` minutes): resident memory up by more than ``--max-rss-growth`` MiB, more than 10
extra file descriptors, or more than 10 extra tasks. Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.servers import SANDBOX, RunningServer, Target, mockserver_executable

EXEC = f"/api/v1/sandboxes/{SANDBOX}/exec"
GRACE_S = 2.0
_X = {"command": "x"}
DEFAULT_TIMEOUT_S = 10


@dataclass
class Tally:
    """What the calls did: counts by kind, and every failure (capped)."""

    calls: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    slowest_margin_s: float = float("-inf")

    def fail(self, text: str) -> None:
        if len(self.failures) < 50:
            self.failures.append(text)
        else:
            self.failures[-1] = f"... and more (last: {text})"


Call = Callable[[httpx.AsyncClient, int, Tally], Awaitable[None]]


async def _timed(
    tally: Tally, kind: str, limit_s: float, request: Awaitable[httpx.Response]
) -> httpx.Response | None:
    started = time.monotonic()
    try:
        response = await request
    except httpx.HTTPError as error:
        tally.fail(f"{kind}: {type(error).__name__}: {error}")
        return None
    elapsed = time.monotonic() - started
    tally.calls[kind] += 1
    tally.slowest_margin_s = max(tally.slowest_margin_s, elapsed - limit_s)
    if elapsed > limit_s + GRACE_S:
        tally.fail(f"{kind}: answered after {elapsed:.1f} s, limit {limit_s} s + {GRACE_S} s")
    if response.status_code >= 500:
        tally.fail(f"{kind}: {response.status_code} {response.text[:200]}")
    return response


def _expect(tally: Tally, kind: str, response: httpx.Response | None, status: int) -> None:
    if response is not None and response.status_code != status:
        tally.fail(f"{kind}: {response.status_code} instead of {status}: {response.text[:200]}")


async def json_command(client: httpx.AsyncClient, n: int, tally: Tally) -> None:
    command = f"echo call {n} > /tmp/soak-{n % 50}; cat /tmp/soak-{n % 50} | wc -c"
    body = {"command": command, "options": {"timeout": 5}}
    response = await _timed(tally, "json", 5, client.post(EXEC, json=body))
    _expect(tally, "json", response, 200)
    wanted = str(len(f"call {n}\n"))
    if (
        response is not None
        and response.status_code == 200
        and (response.json()["stdout"].strip() != wanted)
    ):
        tally.fail(f"json: call {n} read back {response.json()!r}")


async def _stream(client: httpx.AsyncClient, body: dict[str, Any], leave: bool) -> list[str]:
    events: list[str] = []
    headers = {"Accept": "text/event-stream"}
    async with client.stream("POST", EXEC, json=body, headers=headers) as stream:
        if stream.status_code != 200:
            raise httpx.HTTPStatusError("not a stream", request=stream.request, response=stream)
        async for line in stream.aiter_lines():
            if line.startswith("event: "):
                events.append(line.removeprefix("event: "))
                if leave or events[-1] in ("complete", "error"):
                    break
    return events


async def sse_stream(client: httpx.AsyncClient, n: int, tally: Tally) -> None:
    body = {"command": "for i in 1 2 3; do echo $i; sleep 0.1; done", "options": {"timeout": 5}}
    started = time.monotonic()
    try:
        events = await asyncio.wait_for(_stream(client, body, leave=False), 5 + GRACE_S)
    except (httpx.HTTPError, TimeoutError) as error:
        tally.fail(f"sse: {type(error).__name__}: {error}")
        return
    tally.calls["sse"] += 1
    tally.slowest_margin_s = max(tally.slowest_margin_s, time.monotonic() - started - 5)
    if events != ["start", "stdout", "stdout", "stdout", "complete"]:
        tally.fail(f"sse: events {events}")


async def abandoned_stream(client: httpx.AsyncClient, n: int, tally: Tally) -> None:
    body = {"command": "sleep 2; echo late", "options": {"timeout": 5}}
    try:
        events = await asyncio.wait_for(_stream(client, body, leave=True), GRACE_S)
    except (httpx.HTTPError, TimeoutError) as error:
        tally.fail(f"abandoned: {type(error).__name__}: {error}")
        return
    tally.calls["abandoned"] += 1
    if events != ["start"]:
        tally.fail(f"abandoned: events {events}")


async def background(client: httpx.AsyncClient, n: int, tally: Tally) -> None:
    body = {"command": f"sleep 1; echo done > /tmp/bg-{n % 20}", "options": {"background": True}}
    response = await _timed(tally, "background", 0, client.post(EXEC, json=body))
    _expect(tally, "background", response, 200)


async def timed_out(client: httpx.AsyncClient, n: int, tally: Tally) -> None:
    body = {"command": "echo before; sleep 30", "options": {"timeout": 1}}
    response = await _timed(tally, "timeout", 1, client.post(EXEC, json=body))
    _expect(tally, "timeout", response, 200)
    if response is not None and response.status_code == 200 and response.json()["exitCode"] != 124:
        tally.fail(f"timeout: {response.json()!r}")


async def refused(client: httpx.AsyncClient, n: int, tally: Tally) -> None:
    json_type = {"Content-Type": "application/json"}
    kind, request, status = (
        ("bad body", lambda: client.post(EXEC, json={"command": ""}), 400),
        ("bad json", lambda: client.post(EXEC, content=b"{nope", headers=json_type), 400),
        ("no sandbox", lambda: client.post(f"{EXEC.replace(SANDBOX, 'nope')}", json=_X), 404),
        ("method", lambda: client.request("FROB", EXEC), 405),
    )[n % 4]
    response = await _timed(tally, kind, DEFAULT_TIMEOUT_S, request())
    _expect(tally, kind, response, status)


MIX: tuple[Call, ...] = (
    json_command,
    sse_stream,
    json_command,
    abandoned_stream,
    json_command,
    background,
    sse_stream,
    refused,
    json_command,
    timed_out,
)


def _sample(server: RunningServer, client: httpx.Client) -> dict[str, Any]:
    fds = len(os.listdir(f"/proc/{server.pid}/fd"))
    health = client.get(f"http://127.0.0.1:{server.port}/__admin/health").json()
    return {
        "rss_mib": round(server.rss_bytes() / 1024 / 1024, 1),
        "fds": fds,
        "tasks": health.get("tasks"),
        "journal": health.get("journal"),
    }


async def _minute(base: str, rate: float, seconds: float, start: int, tally: Tally) -> int:
    """One minute of load at ``rate`` calls a second; returns the next call number."""
    limits = httpx.Limits(max_connections=500, max_keepalive_connections=50)
    counter = itertools.count(start)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        pending: set[asyncio.Task[None]] = set()
        began = time.monotonic()
        while (now := time.monotonic()) - began < seconds:
            n = next(counter)
            task = asyncio.ensure_future(MIX[n % len(MIX)](client, n, tally))
            pending.add(task)
            task.add_done_callback(pending.discard)
            await asyncio.sleep(max(0.0, began + (n - start + 1) / rate - now))
        if pending:
            await asyncio.wait(pending, timeout=30)
        for task in pending:
            task.cancel()
            tally.fail("a call was still unanswered 30 s after the load paused")
    return next(counter)


def soak(minutes: int, rate: float, warmup: int, max_rss_growth: float) -> dict[str, Any]:
    tally = Tally()
    samples: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="mockserver-soak-") as tmp:
        argv = (mockserver_executable(), "serve", "--host", "127.0.0.1", "--port", "{port}")
        argv += ("--quiet", "--default-timeout", str(DEFAULT_TIMEOUT_S))
        target = Target("mockserver", "mockserver (simulated engine)", argv, {"command": "true"})
        with RunningServer(target, Path(tmp) / "server.log") as server, httpx.Client() as probe:
            server.wait_ready(60)
            base = f"http://127.0.0.1:{server.port}"
            samples.append({"minute": 0, **_sample(server, probe)})
            n = 0
            for minute in range(1, minutes + 1):
                n = asyncio.run(_minute(base, rate, 60, n, tally))
                time.sleep(3)  # abandoned and background commands end
                samples.append({"minute": minute, **_sample(server, probe)})
                print(json.dumps(samples[-1]), file=sys.stderr, flush=True)
            log = server.log_tail(30)
    settled = [s for s in samples if s["minute"] >= warmup] or samples[-1:]
    first, last = settled[0], settled[-1]
    growth = {key: round(last[key] - first[key], 1) for key in ("rss_mib", "fds", "tasks")}
    if growth["rss_mib"] > max_rss_growth:
        tally.fail(f"resident memory grew by {growth['rss_mib']} MiB after the warm-up")
    if growth["fds"] > 10:
        tally.fail(f"open file descriptors grew by {growth['fds']} after the warm-up")
    if growth["tasks"] > 10:
        tally.fail(f"asyncio tasks grew by {growth['tasks']} after the warm-up")
    return {
        "minutes": minutes,
        "rate_per_s": rate,
        "calls": dict(tally.calls),
        "total_calls": sum(tally.calls.values()),
        "slowest_beyond_timeout_s": round(tally.slowest_margin_s, 2),
        "samples": samples,
        "growth_after_warmup": growth,
        "failures": tally.failures,
        "ok": not tally.failures,
        **({"server_log_tail": log} if tally.failures else {}),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.soak", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument("--rate", type=float, default=20.0, help="calls started per second")
    parser.add_argument("--warmup", type=int, default=2, help="minutes before growth counts")
    parser.add_argument("--max-rss-growth", type=float, default=16.0, help="MiB after warm-up")
    args = parser.parse_args(argv)
    result = soak(args.minutes, args.rate, args.warmup, args.max_rss_growth)
    print(json.dumps(result, indent=2))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
