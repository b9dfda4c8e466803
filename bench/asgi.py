"""``python -m bench.asgi``: the in-process ASGI path, no sockets: what one request costs the app.

The app from ``create_app`` is called directly with ASGI messages (as an in-process client such as
``httpx.ASGITransport`` would call it), after its lifespan has started. Reported per request body:
microseconds per request (the median of the rounds, and every round), requests per second, and
with ``--concurrency N`` the same with N requests in flight at once.

    python -m bench.asgi                       # echo hello on the simulated engine, npm install on fixtures
    python -m bench.asgi --requests 5000 --rounds 7
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from typing import Any

from mockserver.app import create_app
from mockserver.settings import Settings

SANDBOX = "e7847229c547d8"
PATH = f"/api/v1/sandboxes/{SANDBOX}/exec"
BODIES = {
    "simulated echo": {"command": "echo hello", "options": {"timeout": 10}},
    "fixture answer": {"command": "npm install"},
    "schema error": {"command": ""},
}


def _scope(body: bytes) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": PATH,
        "raw_path": PATH.encode(),
        "query_string": b"",
        "root_path": "",
        "server": ("127.0.0.1", 8080),
        "client": ("127.0.0.1", 40000),
        "headers": [
            (b"host", b"127.0.0.1:8080"),
            (b"content-type", b"application/json"),
            (b"accept", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "state": {},
    }


async def _request(app: Any, body: bytes) -> int:
    sent: list[dict[str, Any]] = []
    delivered = False

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(_scope(body), receive, send)
    status: int = sent[0]["status"]
    return status


async def _lifespan(app: Any) -> tuple[asyncio.Queue[dict[str, Any]], asyncio.Task[None]]:
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    task = asyncio.ensure_future(
        app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, inbox.get, outbox.put)
    )
    await inbox.put({"type": "lifespan.startup"})
    message = await outbox.get()
    if message["type"] != "lifespan.startup.complete":
        raise RuntimeError(f"lifespan start-up failed: {message}")
    return inbox, task


async def measure(
    requests: int, rounds: int, concurrency: int, names: list[str], warmup: int = 200
) -> dict[str, Any]:
    app = create_app(Settings(reload=False, log_level="warning"))
    inbox, lifespan = await _lifespan(app)
    results: dict[str, Any] = {}
    try:
        for name in names:
            raw = json.dumps(BODIES[name]).encode()
            expected = 400 if name == "schema error" else 200
            for _ in range(warmup):
                await _request(app, raw)
            per_round: list[float] = []
            for _ in range(rounds):
                started = time.perf_counter()
                for _ in range(requests // concurrency):
                    statuses = await asyncio.gather(
                        *(_request(app, raw) for _ in range(concurrency))
                    )
                    if any(status != expected for status in statuses):
                        raise RuntimeError(f"{name}: answered {statuses[0]}, not {expected}")
                elapsed = time.perf_counter() - started
                per_round.append(elapsed * 1e6 / (requests // concurrency * concurrency))
            median = statistics.median(per_round)
            results[name] = {
                "us_per_request": round(median, 1),
                "requests_per_s": round(1e6 / median),
                "rounds_us": [round(value, 1) for value in per_round],
            }
    finally:
        await inbox.put({"type": "lifespan.shutdown"})
        await lifespan
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.asgi", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--requests", type=int, default=2000, help="requests per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=1, help="requests in flight at once")
    parser.add_argument("--body", action="append", choices=list(BODIES), help="(repeatable)")
    parser.add_argument("--warmup", type=int, default=200, help="requests before measuring")
    args = parser.parse_args(argv)
    names = args.body or list(BODIES)
    results = asyncio.run(measure(args.requests, args.rounds, args.concurrency, names, args.warmup))
    json.dump(results, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
