"""The public strategies generate what they promise, checked against the real server and the
contract's own judge where one exists."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockserver import strategies
from mockserver.server import BackgroundServer
from mockserver.settings import Settings
from tests.sse_reader import read_sse

#: Characters str.splitlines breaks lines at, besides CR and LF (JSON leaves them unescaped).
SPLITS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
EXEC = "/api/v1/sandboxes/e7847229c547d8/exec"
FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    config = Settings(port=0, reload=False, log_level="warning")
    with BackgroundServer(config) as running, httpx.Client(base_url=running.url, timeout=30) as c:
        yield c


@FEW
@given(body=strategies.invalid_exec_requests())
def test_invalid_requests_are_refused_with_a_400_error(client: httpx.Client, body: bytes) -> None:
    answer = client.post(EXEC, content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 400, (body, answer.text)
    error = answer.json()
    assert error["code"] == 400 and isinstance(error["message"], str)


@FEW
@given(body=strategies.exec_requests())
def test_valid_requests_are_never_refused_as_invalid(
    client: httpx.Client, body: dict[str, Any]
) -> None:
    options = body.setdefault("options", {})
    options["timeout"] = 5  # keep the generated commands short-lived
    options["background"] = False
    options.pop("container", None)
    answer = client.post(EXEC, json=body)
    assert answer.status_code == 200, (body, answer.text)


@FEW
@given(body=strategies.runnable_exec_requests())
def test_runnable_requests_run(client: httpx.Client, body: dict[str, Any]) -> None:
    answer = client.post(EXEC, json=body).json()
    assert answer["success"] is True and answer["exitCode"] == 0


@given(result=strategies.exec_results())
def test_results_obey_the_contract(result: dict[str, Any]) -> None:
    assert set(result) == {"stdout", "stderr", "exitCode", "success"}
    assert isinstance(result["exitCode"], int) and not isinstance(result["exitCode"], bool)
    assert result["success"] == (result["exitCode"] == 0)


@given(events=strategies.sse_events())
def test_event_sequences_obey_the_dialect(events: list[dict[str, Any]]) -> None:
    names = [event["event"] for event in events]
    assert names[0] == "start" and names.count("start") == 1
    assert names[-1] in ("complete", "error")
    assert set(names[1:-1]) <= {"stdout", "stderr"}
    assert [event["id"] for event in events] == list(range(1, len(events) + 1))
    last = events[-1]["data"]
    if last["type"] == "complete":
        assert last["success"] == (last["exitCode"] == 0)


def parse_sse(wire: bytes) -> tuple[list[tuple[int, str, object]], int]:
    """Events and comment count, read as the SSE spec says: lines end at CR, LF or CRLF only
    (U+2028 and friends, which JSON leaves unescaped, are data)."""
    events: list[tuple[int, str, object]] = []
    comments = 0
    for block in wire.decode("utf-8").split("\n\n")[:-1]:
        fields = {}
        for line in block.split("\n"):
            if line.startswith(":"):
                comments += 1
                continue
            name, _, value = line.partition(": ")
            fields[name] = value
        if fields:
            events.append((int(fields["id"]), fields["event"], json.loads(fields["data"])))
    return events, comments


@given(events=strategies.sse_events(command="ls"), keepalives=st.lists(st.booleans()))
def test_streams_read_back_as_their_events(
    events: list[dict[str, Any]], keepalives: list[bool]
) -> None:
    parsed, comments = parse_sse(strategies.encode_sse(events, keepalives))
    assert parsed == [(e["id"], e["event"], e["data"]) for e in events]
    assert comments == sum(keepalives[: len(events)])
    assert parsed[0][2] == {"type": "start", "command": "ls"}


@given(events=strategies.sse_events())
def test_an_httpx_client_reads_the_events(events: list[dict[str, Any]]) -> None:
    """Over httpx (whose line splitting also breaks at U+2028), with plain text in the data."""
    plain = [
        {
            **e,
            "data": {
                k: SPLITS.sub(" ", v) if isinstance(v, str) else v for k, v in e["data"].items()
            },
        }
        for e in events
    ]
    wire = strategies.encode_sse(plain)

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": "text/event-stream"}, content=wire)

    with httpx.Client(transport=httpx.MockTransport(answer), base_url="http://mock") as fake:
        read = read_sse(fake, EXEC, {"command": "ls"})
    assert [e.event for e in read.events] == [e["event"] for e in plain]


@given(wire=strategies.sse_streams())
def test_sse_streams_are_utf8_event_streams(wire: bytes) -> None:
    text = wire.decode("utf-8")
    assert text.endswith("\n\n") and "event: start" in text


def test_the_readme_example_runs() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Property tests of your own client", 1)[1]
    (example,) = re.findall(r"```python\n(.*?)```", section.split("\n## ", 1)[0], flags=re.S)
    exec(compile(example, "README.md", "exec"), {"__name__": "readme"})
