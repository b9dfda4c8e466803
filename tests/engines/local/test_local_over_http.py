"""``--engine local`` through the real HTTP server: what a client of the mock sees."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from local_harness import SANDBOX, gone, processes_with, requires_bwrap, unique_sleep
from sse_reader import read_sse

from mockserver.server import BackgroundServer
from mockserver.settings import Settings

pytestmark = requires_bwrap

EXEC = f"/api/v1/sandboxes/{SANDBOX.id}/exec"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[httpx.Client]:
    settings = Settings(engine="local", reload=False, data_dir=tmp_path)
    with BackgroundServer(settings) as running, httpx.Client(base_url=running.url) as client:
        client.timeout = httpx.Timeout(30)
        yield client


def exec_json(client: httpx.Client, command: str, **options: object) -> dict[str, object]:
    body: dict[str, object] = {"command": command}
    if options:
        body["options"] = options
    response = client.post(EXEC, json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, object] = response.json()
    return answer


def test_json_answers_run_a_real_shell_with_persistent_files(
    client: httpx.Client, tmp_path: Path
) -> None:
    first = exec_json(client, "echo kept > notes; echo oops >&2; exit 4")
    assert first == {"stdout": "", "stderr": "oops\n", "exitCode": 4, "success": False}
    second = exec_json(client, 'cat notes; pwd; printf %s "$X"', env={"X": "y"}, stdin="")
    assert second["stdout"] == "kept\n/app\ny"
    assert [p.read_text() for p in (tmp_path / "local").rglob("notes")] == ["kept\n"]


def test_sse_chunks_arrive_as_written_and_match_the_json_answer(client: httpx.Client) -> None:
    command = "echo one; sleep 1; echo two >&2; echo three"
    read = read_sse(client, EXEC, {"command": command})
    kinds = [event.event for event in read.events]
    assert kinds[0] == "start" and kinds[-1] == "complete"
    chunks = [e for e in read.events if e.event in {"stdout", "stderr"}]
    assert chunks[-1].at - chunks[0].at >= 0.5
    stdout = "".join(e.data["data"] for e in chunks if e.event == "stdout")
    stderr = "".join(e.data["data"] for e in chunks if e.event == "stderr")
    answer = exec_json(client, command)
    assert (stdout, stderr) == (answer["stdout"], answer["stderr"]) == ("one\nthree\n", "two\n")
    assert read.events[-1].data["exitCode"] == answer["exitCode"] == 0


def test_timeout_over_http(client: httpx.Client) -> None:
    sleep = unique_sleep()
    started = time.monotonic()
    answer = exec_json(client, f"echo before; sleep {sleep} & wait", timeout=1)
    assert time.monotonic() - started < 3
    assert answer == {"stdout": "before\n", "stderr": "", "exitCode": 124, "success": False}
    assert asyncio.run(gone(f"sleep {sleep}")) == []


def test_background_answers_at_once_and_keeps_running(client: httpx.Client) -> None:
    started = time.monotonic()
    answer = exec_json(client, "sleep 2; echo done > /tmp/flag", background=True)
    assert time.monotonic() - started < 1.5  # well before the command ends
    assert answer["exitCode"] == 0 and answer["success"] is True
    assert exec_json(client, "cat /tmp/flag")["exitCode"] != 0
    deadline = time.monotonic() + 10
    while exec_json(client, "cat /tmp/flag")["stdout"] != "done\n":
        assert time.monotonic() < deadline
        time.sleep(0.2)


def test_stopping_the_server_kills_background_commands(tmp_path: Path) -> None:
    sleep = unique_sleep()
    settings = Settings(engine="local", reload=False, data_dir=tmp_path)
    with BackgroundServer(settings) as running, httpx.Client(base_url=running.url) as client:
        response = client.post(
            EXEC, json={"command": f"sleep {sleep}", "options": {"background": True}}
        )
        assert response.status_code == 200
        deadline = time.monotonic() + 5
        while not processes_with(f"sleep {sleep}"):
            assert time.monotonic() < deadline
            time.sleep(0.05)
    assert asyncio.run(gone(f"sleep {sleep}")) == []
