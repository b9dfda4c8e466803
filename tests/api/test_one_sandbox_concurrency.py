"""Fifty concurrent calls writing and reading files in one sandbox keep its state consistent.

Over real HTTP, on the default (simulated) engine, JSON and SSE calls mixed: no file is lost, no
write is torn, and each call reads back exactly what it wrote while the others run.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import httpx
import pytest

from mockserver.server import BackgroundServer
from mockserver.settings import Settings
from tests.conftest import EXEC

CALLS = 50
LINES = 20


def _script(call: int) -> str:
    """Write a file of its own in pieces, append to a shared log around a pause, read back."""
    return (
        f"mkdir -p /tmp/shared && i=0 && while [ $i -lt {LINES} ]; do "
        f'echo "call {call} line $i" >> /tmp/shared/own-{call}; i=$((i+1)); done; '
        f'echo "begin {call}" >> /tmp/shared/log; sleep 0.05; '
        f'echo "end {call}" >> /tmp/shared/log; '
        f"cat /tmp/shared/own-{call}"
    )


def _expected(call: int) -> str:
    return "".join(f"call {call} line {i}\n" for i in range(LINES))


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with BackgroundServer(Settings(reload=False, log_level="warning")) as running:
        yield running.url


async def _json_call(client: httpx.AsyncClient, command: str) -> str:
    response = await client.post(EXEC, json={"command": command})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["exitCode"] == 0, body
    stdout: str = body["stdout"]
    return stdout


async def _sse_call(client: httpx.AsyncClient, command: str) -> str:
    headers = {"Accept": "text/event-stream"}
    stdout: list[str] = []
    events: list[str] = []
    async with client.stream("POST", EXEC, json={"command": command}, headers=headers) as stream:
        assert stream.status_code == 200
        event = ""
        async for line in stream.aiter_lines():
            if line.startswith("event: "):
                event = line.removeprefix("event: ")
                events.append(event)
            elif line.startswith("data: ") and event == "stdout":
                stdout.append(json.loads(line.removeprefix("data: "))["data"])
            elif line.startswith("data: ") and event == "complete":
                assert json.loads(line.removeprefix("data: "))["exitCode"] == 0
    assert events[0] == "start" and events[-1] == "complete", events
    return "".join(stdout)


async def _all(url: str) -> tuple[list[str], str, str]:
    limits = httpx.Limits(max_connections=CALLS)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        calls = [
            (_sse_call if call % 2 else _json_call)(client, _script(call)) for call in range(CALLS)
        ]
        read_back = await asyncio.gather(*calls)
        listing = await _json_call(client, "ls /tmp/shared | sort")
        log = await _json_call(client, "cat /tmp/shared/log")
    return read_back, listing, log


def test_concurrent_calls_in_one_sandbox_keep_its_files_whole(url: str) -> None:
    read_back, listing, log = asyncio.run(_all(url))
    for call, text in enumerate(read_back):
        assert text == _expected(call), f"call {call} read back {text!r}"
    expected_files = sorted([*(f"own-{call}" for call in range(CALLS)), "log"])
    assert listing.split() == expected_files
    lines = log.splitlines()
    assert sorted(lines) == sorted(
        [*(f"begin {call}" for call in range(CALLS)), *(f"end {call}" for call in range(CALLS))]
    )
    for call in range(CALLS):  # each call's end follows its begin: appends are not reordered
        assert lines.index(f"begin {call}") < lines.index(f"end {call}")
