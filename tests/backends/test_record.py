"""``mockserver record``: a recording of the reference backend replays with identical answers."""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path
from typing import Any

import httpx
import yaml
from backend_servers import SANDBOX_ID, StartBackend, StartCommand
from click.testing import CliRunner

from mockserver.backends.forward import Forwarder
from mockserver.backends.listen import background_proxy
from mockserver.backends.record import Recorder
from mockserver.cli import main
from mockserver.conformance.sse import SseParser
from mockserver.server import BackgroundServer
from mockserver.settings import Settings

EXEC = f"/api/v1/sandboxes/{SANDBOX_ID}/exec"
SSE = {"Accept": "text/event-stream"}

UNKNOWN = "/api/v1/sandboxes/no-such-sandbox/exec"
COUNTER = {"command": "echo x >> counter; wc -l < counter"}
PACED = (EXEC, {"command": "echo one; sleep 0.3; echo two >&2; sleep 0.2; exit 2"}, SSE)
#: (path, body, headers): JSON and SSE, output on both streams, options, errors, paced output,
#: a timeout, the same call answered differently each time.
CALLS: list[tuple[str, Any, dict[str, str]]] = [
    (EXEC, {"command": "echo hello"}, {}),
    (EXEC, {"command": "printf 'a\\n'; printf 'b\\n' >&2; exit 3"}, {}),
    (EXEC, {"command": "cat", "options": {"stdin": "in put\n"}}, {}),
    (EXEC, {"command": 'printf "%s" "$GREETING"', "options": {"env": {"GREETING": "hi  "}}}, {}),
    (EXEC, {"command": "pwd", "options": {"cwd": "/tmp"}}, {}),
    (EXEC, {"command": "printf 'é\\377\\n'"}, {}),
    PACED,
    (EXEC, {"command": "echo streamed"}, SSE),
    (EXEC, {"command": "echo streamed"}, {}),
    (EXEC, {"command": "sleep 5", "options": {"timeout": 1}}, SSE),
    (EXEC, {"command": "true", "options": {"background": True}}, {}),
    (
        EXEC,
        {"command": "printf 'x\\ny\\n'"},
        {"Accept": "text/event-stream, application/json;q=0.5"},
    ),
    (EXEC, COUNTER, {}),
    (EXEC, COUNTER, SSE),
    (EXEC, COUNTER, {}),
    (UNKNOWN, {"command": "ls"}, {}),
    (UNKNOWN, {"command": "ls"}, SSE),
]


def _call(client: httpx.Client, path: str, body: Any, headers: dict[str, str]) -> dict[str, Any]:
    """What a client sees: status, body (JSON) or events (name and data) with their times."""
    started = time.monotonic()
    with client.stream("POST", path, json=body, headers=headers) as response:
        kind = response.headers.get("content-type", "").split(";")[0]
        if kind != "text/event-stream":
            return {"status": response.status_code, "body": json.loads(response.read())}
        parser = SseParser()
        events: list[tuple[str | None, Any, float]] = []
        for chunk in response.iter_raw():
            for event in parser.feed(chunk, time.monotonic() - started):
                events.append((event.event, json.loads(event.data), event.arrived))
        return {"status": response.status_code, "events": events}


def _record(backend_url: str, out: Path, calls: list[tuple[str, Any, dict[str, str]]]) -> list[Any]:
    lines: list[str] = []
    recorder = Recorder(out, backend_url, lines.append)
    with (
        background_proxy(Forwarder(backend_url, recorder)) as proxy,
        httpx.Client(base_url=proxy.url, timeout=30) as client,
    ):
        seen = [_call(client, path, body, headers) for path, body, headers in calls]
    assert recorder.recorded == len(calls), lines
    return seen


def _replay(out: Path, calls: list[tuple[str, Any, dict[str, str]]]) -> list[Any]:
    settings = Settings(fixtures=(out,), engine="scripted", reload=False)
    with BackgroundServer(settings) as mock, httpx.Client(base_url=mock.url, timeout=30) as client:
        return [_call(client, path, body, headers) for path, body, headers in calls]


def _without_times(answer: dict[str, Any]) -> dict[str, Any]:
    if "events" not in answer:
        return answer
    return {**answer, "events": [(name, data) for name, data, _ in answer["events"]]}


def test_a_recording_replays_with_identical_answers(backend: StartBackend, tmp_path: Path) -> None:
    reference = backend()
    out = tmp_path / "recorded"
    recorded = _record(reference.base_url, out, CALLS)
    lint = CliRunner().invoke(main, ["fixtures", "lint", str(out)])
    assert lint.exit_code == 0, lint.output
    replayed = _replay(out, CALLS)
    for call, before, after in zip(CALLS, recorded, replayed, strict=True):
        assert _without_times(after) == _without_times(before), call
    # The pace of a stream is written as measured and replayed: the gap before "two" is the
    # backend's `sleep 0.3` as the recorder saw it, and the replay waits that long again. Only
    # lower bounds are asserted, since a machine shared with other tests can only add delay;
    # how close a replay comes on a quiet machine is measured, not tested (README).
    fixture = next(
        f
        for f in yaml.safe_load((out / "recorded.yaml").read_text())["fixtures"]
        if f["match"]["command"] == PACED[1]["command"]
    )
    stream = fixture["respond"]["stream"]
    assert [next(iter(item)) for item in stream] == ["stdout", "stderr", "after_ms"]
    # Offsets from the start event: the sleeps put "two" 0.3 s and the end 0.5 s after it. A
    # start event held up on a busy machine shortens both, so the bounds leave 0.1 s for that:
    # what is tested is that the pause was measured and written, not the machine's punctuality.
    recorded_at = list(itertools.accumulate(item.get("after_ms", 0) for item in stream))
    assert recorded_at[1] >= 200 and recorded_at[2] >= 400, stream
    paced = CALLS.index(PACED)
    replayed_at = _offsets(replayed[paced]["events"])
    assert replayed_at[2] >= recorded_at[1] / 1000 - 0.15, (stream, replayed_at)
    assert replayed_at[3] >= recorded_at[2] / 1000 - 0.15, (stream, replayed_at)


def _offsets(events: list[tuple[str, Any, float]]) -> list[float]:
    """When each event arrived, in seconds after the stream's first event (start)."""
    return [event[2] - events[0][2] for event in events]


def test_the_file_holds_no_credential(backend: StartBackend, tmp_path: Path) -> None:
    reference = backend()
    out = tmp_path / "recorded"
    lines: list[str] = []
    recorder = Recorder(out, reference.base_url, lines.append)
    secret_headers = {
        "Authorization": "Bearer s3cr3t-bearer",
        "Cookie": "session=s3cr3t-cookie",
        "X-Api-Key": "s3cr3t-key",
        "X-Auth-Token": "s3cr3t-token",
    }
    with (
        background_proxy(Forwarder(reference.base_url, recorder)) as proxy,
        httpx.Client(base_url=proxy.url, timeout=30) as client,
    ):
        answer = client.post(EXEC, json={"command": "echo hi"}, headers=secret_headers)
    assert answer.json()["stdout"] == "hi\n"
    text = (out / "recorded.yaml").read_text()
    assert "s3cr3t" not in text
    assert yaml.safe_load(text)["fixtures"][0]["match"]["command"] == "echo hi"


def test_the_command_writes_as_it_goes_and_sums_up_on_sigterm(
    backend: StartBackend, start_command: StartCommand, tmp_path: Path
) -> None:
    reference = backend()
    out = tmp_path / "out"
    running = start_command("record", reference.base_url, "--out", str(out))
    with httpx.Client(base_url=running.url, timeout=30) as client:
        client.post(EXEC, json={"command": "echo one"})
        running.wait_for("as fixture 'echo-one'")
        assert "echo one" in (out / "recorded.yaml").read_text()
        client.post(EXEC, json={"command": "echo two"}, headers=SSE)
        client.post(EXEC, json={"command": ""})
    running.wait_for("not recorded: the body is not a valid exec request")
    assert running.stop() == 0
    running.wait_for("recorded 2 calls as 2 fixtures")
    running.wait_for(f"replay: mockserver serve --fixtures {out} --engine scripted")


def test_a_data_only_backend_replays_byte_for_byte(tmp_path: Path) -> None:
    """The mock serving the data-only dialect as the backend; its recording replayed in kind."""
    calls = [{"command": "echo a; echo b >&2; exit 3"}, {"command": "printf x"}]
    path = "/api/v1/sandboxes/e7847229c547d8/exec"

    def streams(url: str) -> list[bytes]:
        with httpx.Client(base_url=url, timeout=30) as client:
            return [client.post(path, json=body, headers=SSE).content for body in calls]

    out = tmp_path / "out"
    with BackgroundServer(Settings(sse_dialect="data-only")) as backend:
        recorder = Recorder(out, backend.url, lambda _: None)
        with background_proxy(Forwarder(backend.url, recorder)) as proxy:
            recorded = streams(proxy.url)
    settings = Settings(sse_dialect="data-only", fixtures=(out,), engine="scripted")
    with BackgroundServer(settings) as replay:
        assert streams(replay.url) == recorded
    assert b'data: {"exit_code":3,"finished":true' in recorded[0]
