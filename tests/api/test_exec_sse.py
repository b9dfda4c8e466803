"""The SSE stream over real HTTP: framing, order, pacing, keepalive, disconnects."""

from __future__ import annotations

import time

import httpx

from tests.conftest import EXEC
from tests.sse_reader import read_sse

PACED = {"paced": [("stdout", "one\n"), ("sleep", 0.8), ("stderr", "two\n"), ("exit", 2)]}


def test_stream_is_start_chunks_complete_with_increasing_ids(serve_programmed, client_for):
    background, _ = serve_programmed(PACED)
    read = read_sse(client_for(background), EXEC, {"command": "paced"})
    assert read.status == 200
    assert read.headers["content-type"].startswith("text/event-stream")
    assert read.headers["cache-control"] == "no-cache"
    assert [e.event for e in read.events] == ["start", "stdout", "stderr", "complete"]
    assert [e.id for e in read.events] == [1, 2, 3, 4]
    assert read.events[0].data == {"type": "start", "command": "paced"}
    assert read.events[1].data == {"type": "stdout", "data": "one\n"}
    assert read.events[2].data == {"type": "stderr", "data": "two\n"}
    assert read.events[3].data == {
        "type": "complete",
        "exitCode": 2,
        "success": False,
        "timedOut": False,
    }


def test_chunks_arrive_as_produced_not_at_the_end(serve_programmed, client_for, streams_live):
    background, _ = serve_programmed(PACED)
    read = read_sse(client_for(background), EXEC, {"command": "paced"})
    first, second = read.events[1], read.events[2]
    assert second.at - first.at >= 0.6


def test_sse_equals_json_for_the_same_command(serve_programmed, client_for):
    background, _ = serve_programmed(PACED)
    client = client_for(background)
    body = client.post(EXEC, json={"command": "paced"}).json()
    read = read_sse(client, EXEC, {"command": "paced"})
    stdout = "".join(e.data["data"] for e in read.events if e.event == "stdout")
    stderr = "".join(e.data["data"] for e in read.events if e.event == "stderr")
    assert (stdout, stderr, read.events[-1].data["exitCode"]) == (
        body["stdout"],
        body["stderr"],
        body["exitCode"],
    )


def test_keepalive_comments_while_silent(serve_programmed, client_for):
    background, _ = serve_programmed(
        {"quiet": [("sleep", 1.2), ("exit", 0)]}, keepalive_interval=0.3
    )
    read = read_sse(client_for(background), EXEC, {"command": "quiet"})
    assert read.comments.count("keepalive") >= 2
    assert [e.event for e in read.events] == ["start", "complete"]


def test_timeout_is_reported_in_the_complete_event(serve_programmed, client_for):
    background, _ = serve_programmed({"hang": [("sleep", 30), ("exit", 0)]})
    read = read_sse(client_for(background), EXEC, {"command": "hang", "options": {"timeout": 1}})
    assert read.events[-1].data == {
        "type": "complete",
        "exitCode": 124,
        "success": False,
        "timedOut": True,
    }


def test_background_streams_start_then_complete_at_once(serve_programmed, client_for):
    background, _ = serve_programmed({"slow": [("sleep", 2), ("exit", 0)]})
    client = client_for(background)
    started = time.monotonic()
    read = read_sse(client, EXEC, {"command": "slow", "options": {"background": True}})
    assert time.monotonic() - started < 1.5
    assert [e.event for e in read.events] == ["start", "complete"]
    assert read.events[-1].data["exitCode"] == 0


def test_unrunnable_input_is_an_error_event(serve_programmed, client_for):
    background, _ = serve_programmed()
    read = read_sse(client_for(background), EXEC, {"command": "x", "options": {"cwd": "rel"}})
    assert [e.event for e in read.events] == ["start", "error"]
    assert "absolute" in read.events[-1].data["message"]


def test_request_errors_are_json_before_any_stream(serve_programmed, client_for):
    background, _ = serve_programmed()
    client = client_for(background)
    for path, body, status in (
        (EXEC, {"command": ""}, 400),
        ("/api/v1/sandboxes/nope/exec", {"command": "x"}, 404),
    ):
        response = client.post(path, json=body, headers={"Accept": "text/event-stream"})
        assert response.status_code == status
        assert response.headers["content-type"] == "application/json"
        assert response.json()["code"] == status


def test_a_client_that_disconnects_does_not_kill_the_command(serve_programmed, client_for):
    program = {"long": [("stdout", "a\n"), ("sleep", 1.0), ("stdout", "b\n"), ("exit", 0)]}
    background, engine = serve_programmed(program)
    with (
        httpx.Client(base_url=background.url, timeout=10) as client,
        client.stream(
            "POST", EXEC, json={"command": "long"}, headers={"Accept": "text/event-stream"}
        ) as response,
    ):
        for line in response.iter_lines():
            if "stdout" in line:
                break
    deadline = time.monotonic() + 5
    while "long" not in engine.finished and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "long" in engine.finished
    # and the server still answers
    assert client_for(background).post(EXEC, json={"command": "x"}).status_code == 200


def test_data_only_dialect(serve_programmed, client_for):
    background, _ = serve_programmed(PACED, sse_dialect="data-only")
    read = read_sse(client_for(background), EXEC, {"command": "paced"})
    assert [e.data for e in read.events] == [
        {"stdout": "one\n"},
        {"stderr": "two\n"},
        {"exit_code": 2, "finished": True, "timed_out": False},
    ]
    assert all(e.event is None for e in read.events)


def test_accept_negotiation(serve_programmed, client_for):
    background, _ = serve_programmed(PACED)
    client = client_for(background)
    cases = {
        "text/event-stream": "text/event-stream",
        "*/*": "application/json",
        "application/json, text/event-stream": "application/json",
        "application/json;q=0.5, text/event-stream": "text/event-stream",
        "text/event-stream;q=0.2, application/json": "application/json",
    }
    for accept, expected in cases.items():
        with client.stream(
            "POST", EXEC, json={"command": "paced"}, headers={"Accept": accept}
        ) as response:
            response.read()
            assert response.headers["content-type"].startswith(expected), accept
