"""Scripted fixtures served over real HTTP: JSON and SSE from one timeline, faults, reload."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mockserver.server import BackgroundServer
from mockserver.settings import Settings
from tests.sse_reader import read_sse

EXEC = "/api/v1/sandboxes/e7847229c547d8/exec"
FIXTURES = """
fixtures:
  - name: paced
    match: {command: paced}
    respond:
      exitCode: 3
      stream:
        - {stdout: "one\\n", after_ms: 200}
        - {stderr: "two\\n", after_ms: 200}
        - {stdout: "three\\n"}
  - name: gone
    match: {command: gone}
    respond: {fault: {status: 404, message: "Sandbox not found"}}
  - name: cut
    match: {command: cut}
    respond: {stream: [{stdout: "a\\n"}, {stdout: "b\\n", after_ms: 50}], fault: {cut_after: 1}}
  - name: greet
    match: {command_regex: '^greet (\\w+)$'}
    respond: {template: true, stdout: "hello {{ groups[0] }} in {{ cwd }}\\n"}
"""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[httpx.Client, Path]]:
    (tmp_path / "fixtures.yaml").write_text(FIXTURES, encoding="utf-8")
    settings = Settings(fixtures=(tmp_path,), engine="scripted", reload=True, log_level="warning")
    with BackgroundServer(settings) as running, httpx.Client(base_url=running.url) as client:
        yield client, tmp_path


def test_json_concatenates_the_timeline(served: tuple[httpx.Client, Path]) -> None:
    client, _ = served
    started = time.monotonic()
    answer = client.post(EXEC, json={"command": "paced"})
    assert time.monotonic() - started >= 0.4
    assert answer.status_code == 200
    assert answer.json() == {
        "stdout": "one\nthree\n",
        "stderr": "two\n",
        "exitCode": 3,
        "success": False,
    }


def test_sse_chunks_arrive_at_their_after_ms_pacing(served: tuple[httpx.Client, Path]) -> None:
    client, _ = served
    read = read_sse(client, EXEC, {"command": "paced"})
    assert [(e.event, e.data.get("data")) for e in read.events] == [
        ("start", None),
        ("stdout", "one\n"),
        ("stderr", "two\n"),
        ("stdout", "three\n"),
        ("complete", None),
    ]
    start, one, two, three, complete = (event.at for event in read.events)
    assert one - start >= 0.19
    assert two - one >= 0.19
    assert three - two < 0.15  # no after_ms: sent with the one before
    assert complete < 5.0  # loose upper bound: the timeline lasts 0.4 s
    assert read.events[-1].data == {
        "type": "complete",
        "exitCode": 3,
        "success": False,
        "timedOut": False,
    }


def test_a_status_fault_is_the_spec_error(served: tuple[httpx.Client, Path]) -> None:
    client, _ = served
    answer = client.post(EXEC, json={"command": "gone"})
    assert answer.status_code == 404
    assert answer.json() == {"code": 404, "message": "Sandbox not found", "details": None}


def test_a_cut_stream_ends_without_a_terminal_event(served: tuple[httpx.Client, Path]) -> None:
    client, _ = served
    read = read_sse(client, EXEC, {"command": "cut"})
    assert [(event.event, event.data.get("data")) for event in read.events] == [
        ("start", None),
        ("stdout", "a\n"),
    ]


def test_templates_render_over_http(served: tuple[httpx.Client, Path]) -> None:
    client, _ = served
    answer = client.post(EXEC, json={"command": "greet ada", "options": {"cwd": "/srv"}})
    assert answer.json()["stdout"] == "hello ada in /srv\n"


def test_an_edit_is_served_without_a_restart(served: tuple[httpx.Client, Path]) -> None:
    client, directory = served
    more = directory / "more.yaml"
    text = "fixtures: [{name: added, match: {command: added}, respond: {stdout: fresh}}]\n"
    deadline = time.monotonic() + 10
    written = 0.0
    while time.monotonic() < deadline:
        if time.monotonic() - written > 2:
            # written again every two seconds: the watcher may still be starting on a busy machine
            more.write_text(text)
            written = time.monotonic()
        answer = client.post(EXEC, json={"command": "added"}).json()
        if answer["stdout"] == "fresh":
            break
        time.sleep(0.1)
    assert answer == {"stdout": "fresh", "stderr": "", "exitCode": 0, "success": True}
