"""SSE load, run as its own process: ``python -m bench.sse_load URL STREAMS TIMEOUT BODY [--abandon]``.

Opens ``STREAMS`` concurrent event streams of one command, all at once, and prints one JSON
object: how many streams completed well (``start`` first, every ``stdout`` chunk, then
``complete``), the time from sending each request to its first event and to its end, and the wall
time of the whole batch. Everything is bounded by ``TIMEOUT`` seconds. With ``--abandon`` each
client leaves as soon as it has read ``start`` (the command goes on in the server).
"""

from __future__ import annotations

import asyncio
import json
import math
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class StreamTiming:
    first_event_s: float
    total_s: float
    stdout_events: int


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of ``values`` (not empty)."""
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]


async def _body(reader: asyncio.StreamReader, chunked: bool) -> AsyncIterator[bytes]:
    """The response body as it arrives, de-chunked."""
    if not chunked:
        while data := await reader.read(65536):
            yield data
        return
    while size := int((await reader.readline()).split(b";")[0], 16):
        yield (await reader.readexactly(size + 2))[:-2]


async def one_stream(host: str, port: int, request: bytes, abandon: bool = False) -> StreamTiming:
    """One SSE exec over its own connection; raw asyncio keeps the client's cost small."""
    sent = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(request)
        status = (await reader.readline()).decode("latin-1")
        if status.split()[1:2] != ["200"]:
            raise ValueError(f"answered {status.strip()!r}")
        headers = b""
        while (line := await reader.readline()) not in (b"\r\n", b""):
            headers += line.lower()
        first: float | None = None
        events: list[str] = []
        pending = b""
        async for data in _body(reader, b"transfer-encoding: chunked" in headers):
            pending += data.replace(b"\r\n", b"\n")
            *blocks, pending = pending.split(b"\n\n")
            for block in blocks:
                for field in block.split(b"\n"):
                    if field.startswith(b"event:"):
                        first = first or time.perf_counter()
                        events.append(field[6:].strip().decode())
            if events and (abandon or events[-1] in ("complete", "error")):
                break
    finally:
        writer.close()
    if abandon and events[:1] == ["start"]:
        assert first is not None
        return StreamTiming(first - sent, time.perf_counter() - sent, 0)
    if not events or events[0] != "start" or events[-1] != "complete":
        raise ValueError(f"unexpected events {events}")
    assert first is not None
    return StreamTiming(first - sent, time.perf_counter() - sent, events.count("stdout"))


def exec_request(url: str, body: dict[str, Any]) -> tuple[str, int, bytes]:
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 80
    payload = json.dumps(body).encode()
    head = (
        f"POST {parts.path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
        "Accept: text/event-stream\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n"
    )
    return host, port, head.encode() + payload


async def run(
    url: str, streams: int, timeout: float, body: dict[str, Any], abandon: bool = False
) -> dict[str, Any]:
    host, port, request = exec_request(url, body)
    started = time.perf_counter()
    tasks = [
        asyncio.ensure_future(one_stream(host, port, request, abandon)) for _ in range(streams)
    ]
    done, pending = await asyncio.wait(tasks, timeout=timeout)
    wall = time.perf_counter() - started
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    timings = [t.result() for t in done if t.exception() is None]
    errors = sorted({repr(t.exception()) for t in done if t.exception() is not None})
    result: dict[str, Any] = {
        "streams": streams,
        "completed": len(timings),
        "timed_out": len(pending),
        "errors": errors[:5],
        "wall_ms": round(wall * 1000, 1),
    }
    if timings:
        for key in ("first_event_s", "total_s"):
            values = [getattr(t, key) * 1000 for t in timings]
            name = key.removesuffix("_s") + "_ms"
            result[name] = {
                "p50": round(percentile(values, 0.50), 1),
                "p99": round(percentile(values, 0.99), 1),
                "max": round(max(values), 1),
            }
        result["stdout_events"] = min(t.stdout_events for t in timings)
    return result


def main(argv: list[str]) -> None:
    url, streams, timeout, body = argv[0], int(argv[1]), float(argv[2]), json.loads(argv[3])
    if not url.startswith("http://127.0.0.1:"):
        raise SystemExit(f"refusing to load anything but 127.0.0.1: {url}")
    abandon = "--abandon" in argv[4:]
    print(json.dumps(asyncio.run(run(url, streams, timeout, body, abandon))))


if __name__ == "__main__":
    main(sys.argv[1:])
