"""``mockserver proxy`` in front of the reference backend and of a broken variant of it."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import httpx
import pytest
from backend_servers import SANDBOX_ID, StartBackend, StartCommand

from mockserver.backends.forward import Forwarder
from mockserver.backends.listen import background_proxy
from mockserver.backends.proxy import Judge

EXEC = f"/api/v1/sandboxes/{SANDBOX_ID}/exec"
SSE = {"Accept": "text/event-stream"}


def _traffic(client: httpx.Client) -> None:
    """What a client of the API sends: commands that work and fail, streams, mistakes."""
    client.post(EXEC, json={"command": "echo hi"})
    client.post(EXEC, json={"command": "echo oops >&2; exit 3"})
    client.post(EXEC, json={"command": "exit 1"}, headers=SSE)
    client.post(EXEC, json={"command": "cat", "options": {"stdin": "x"}}, headers=SSE)
    client.post(EXEC, json={"command": ""})
    client.post(EXEC, content=b'{"command": ', headers={"Content-Type": "application/json"})
    client.post(EXEC, json={"command": "true", "options": {"timeout": -1}})
    client.post("/api/v1/sandboxes/nope/exec", json={"command": "ls"})
    client.post("/api/v1/sandboxes/nope/exec", json={"command": "ls"}, headers=SSE)
    client.get(EXEC)


TRAFFIC = 10


class Judged:
    """The validating proxy in front of ``target`` (in a thread), a client of it, and what the
    proxy printed."""

    def __init__(self, target: str) -> None:
        self.lines: list[str] = []
        self.judge = Judge(target, self.lines.append)
        self._proxy = background_proxy(Forwarder(target, self.judge))

    def __enter__(self) -> httpx.Client:
        proxy = self._proxy.__enter__()
        self._client = httpx.Client(base_url=proxy.url, timeout=30)
        return self._client

    def __exit__(self, *exc: object) -> None:
        self._client.close()
        self._proxy.__exit__(None, None, None)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def test_traffic_to_a_correct_backend_keeps_the_contract(backend: StartBackend) -> None:
    judged = Judged(backend().base_url)
    with judged as client:
        _traffic(client)
    assert len(judged.judge.results) == TRAFFIC, judged.text
    assert judged.judge.exit_code == 0, judged.text
    assert all(line.endswith(": ok") for line in judged.lines), judged.text


def test_success_true_for_a_failed_command_is_reported(backend: StartBackend) -> None:
    judged = Judged(backend(defect="success_mismatch").base_url)
    with judged as client:
        client.post(EXEC, json={"command": "true"})
        answer = client.post(EXEC, json={"command": "exit 1"})
    assert answer.json() == {"stdout": "", "stderr": "", "exitCode": 1, "success": True}
    assert judged.judge.exit_code == 1
    assert [result.status for result in judged.judge.results] == ["passed", "failed"]
    text = judged.text
    assert "VIOLATION sandbox_success_matches_exit_code" in text
    assert "expected: success == (exitCode == 0)" in text
    assert "success is true but exitCode is 1" in text
    assert "replay:   curl" in text


@pytest.mark.parametrize(
    ("defect", "check"),
    [
        ("exit_code_as_string", "response_schema_conformance"),
        ("error_problem_json", "sandbox_error_schema"),
        ("crash_on_bad_input", "not_a_server_error"),
        ("negative_timeout_accepted", "negative_data_rejection"),
        ("no_405", "sandbox_method_not_allowed"),
        ("sse_for_any_accept", "sandbox_media_type_negotiated"),
        ("sse_ids_from_zero", "sandbox_sse_framing"),
        ("sse_no_complete", "sandbox_sse_framing"),
    ],
)
def test_each_broken_variant_is_caught_in_live_traffic(
    backend: StartBackend, defect: str, check: str
) -> None:
    judged = Judged(backend(defect=defect).base_url)
    with judged as client:
        _traffic(client)
    assert judged.judge.exit_code == 1
    assert f"VIOLATION {check}" in judged.text, judged.text


def test_a_stream_kept_open_after_its_end_is_caught(backend: StartBackend) -> None:
    judged = Judged(backend(defect="sse_never_closes").base_url)
    with (
        judged as client,
        client.stream("POST", EXEC, json={"command": "echo hi"}, headers=SSE) as response,
    ):
        chunks, read = response.iter_raw(), b""
        while b"event: complete" not in read:
            read += next(chunks)
        time.sleep(1.5)  # a client that waits for the end of the stream, then gives up
    assert judged.judge.exit_code == 1
    assert "the server kept the stream open after the terminal event" in judged.text


def test_the_command_reports_live_and_exits_1_on_sigterm(
    backend: StartBackend, start_command: StartCommand, tmp_path: Path
) -> None:
    broken = backend(defect="success_mismatch")
    report, junit = tmp_path / "proxy.json", tmp_path / "proxy.xml"
    running = start_command(
        "proxy", broken.base_url, "--report", str(report), "--junit-xml", str(junit)
    )
    with httpx.Client(base_url=running.url, timeout=30) as client:
        client.post(EXEC, json={"command": "echo fine"})
        client.post(EXEC, json={"command": "exit 2"})
        # Reported while the proxy runs, before it is told to stop.
        running.wait_for("VIOLATION sandbox_success_matches_exit_code")
    assert running.stop() == 1
    found = json.loads(report.read_text())
    assert found["exit_code"] == 1
    assert [result["status"] for result in found["results"]] == ["passed", "failed"]
    assert found["results"][1]["violation"]["check"] == "sandbox_success_matches_exit_code"
    assert "<failure" in junit.read_text()


def test_the_command_exits_0_in_front_of_a_correct_backend(
    backend: StartBackend, start_command: StartCommand
) -> None:
    reference = backend()
    running = start_command("proxy", reference.base_url)
    with httpx.Client(base_url=running.url, timeout=30) as client:
        _traffic(client)
    running.wait_for(f"#{TRAFFIC} GET")
    assert running.stop(signal.SIGINT) == 0  # Ctrl-C
    running.wait_for(f"judged {TRAFFIC} exchanges: all kept it (exit 0)")
