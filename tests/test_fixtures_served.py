"""Fixture files as a user serves them: the whole stack over real HTTP, reload included."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from mockserver.server import BackgroundServer
from mockserver.settings import Settings
from tests.conftest import EXEC
from tests.sse_reader import read_sse

FIXTURES = """
fixtures:
  - name: build
    match: {command: make build}
    respond:
      exitCode: 2
      stream:
        - {stdout: "compiling\\n", after_ms: 100}
        - {stderr: "error: x\\n", after_ms: 600}
  - name: flaky-once
    match: {command_regex: "^curl "}
    times: 1
    respond: {stderr: "connection refused\\n", exitCode: 7}
  - name: gone
    match: {command: whoops}
    respond: {fault: {status: 404, message: Sandbox not found}}
  - name: dropped
    match: {command: tail -f log}
    respond:
      stream:
        - {stdout: "line 1\\n"}
        - {stdout: "line 2\\n", after_ms: 50}
      fault: {cut_after: 1}
"""


def _serve(tmp_path: Path, text: str = FIXTURES, **settings: object) -> BackgroundServer:
    (tmp_path / "fixtures.yaml").write_text(text)
    config = Settings(fixtures=(tmp_path,), log_level="warning", **settings)  # type: ignore[arg-type]
    return BackgroundServer(config)


def test_timeline_chunks_arrive_at_their_pace_and_json_concatenates(tmp_path: Path) -> None:
    with _serve(tmp_path, reload=False) as running, httpx.Client(base_url=running.url) as client:
        read = read_sse(client, EXEC, {"command": "make build"})
        assert [e.event for e in read.events] == ["start", "stdout", "stderr", "complete"]
        assert read.events[2].at - read.events[1].at >= 0.5
        body = client.post(EXEC, json={"command": "make build"}).json()
        assert body == {
            "stdout": "compiling\n",
            "stderr": "error: x\n",
            "exitCode": 2,
            "success": False,
        }


def test_times_then_fall_through_to_the_shell(tmp_path: Path) -> None:
    with _serve(tmp_path, reload=False) as running, httpx.Client(base_url=running.url) as client:
        first = client.post(EXEC, json={"command": "curl http://x"}).json()
        assert first["exitCode"] == 7 and first["stderr"] == "connection refused\n"
        second = client.post(EXEC, json={"command": "curl http://x"}).json()
        assert second["exitCode"] != 7  # the simulated shell answers now


def test_a_scripted_error_status_and_a_cut_stream(tmp_path: Path) -> None:
    with _serve(tmp_path, reload=False) as running, httpx.Client(base_url=running.url) as client:
        gone = client.post(EXEC, json={"command": "whoops"})
        assert gone.status_code == 404
        assert gone.json() == {"code": 404, "message": "Sandbox not found", "details": None}
        read = read_sse(client, EXEC, {"command": "tail -f log"})
        assert [e.event for e in read.events] == ["start", "stdout"]


def test_an_edit_applies_while_serving_and_a_broken_one_is_refused(tmp_path: Path) -> None:
    simple = (
        'fixtures:\n  - name: v\n    match: {command: version}\n    respond: {stdout: "1\\n"}\n'
    )
    with _serve(tmp_path, simple) as running, httpx.Client(base_url=running.url) as client:
        assert client.post(EXEC, json={"command": "version"}).json()["stdout"] == "1\n"
        (tmp_path / "fixtures.yaml").write_text(simple.replace('"1\\n"', '"2\\n"'))
        assert _eventually(
            lambda: client.post(EXEC, json={"command": "version"}).json()["stdout"] == "2\n"
        )
        (tmp_path / "fixtures.yaml").write_text(simple.replace("command: version", "command: ["))
        state = running.server.fixtures
        assert state is not None
        assert _eventually(lambda: bool(state.errors))
        assert "fixtures.yaml:3" in state.errors[-1]
        assert client.post(EXEC, json={"command": "version"}).json()["stdout"] == "2\n"


def _eventually(condition, seconds: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False
