"""The JSON answer over real HTTP: fields, option resolution, background, timeouts."""

from __future__ import annotations

import json
import time

from tests.conftest import EXEC, SANDBOX


def test_answer_has_the_four_fields_with_success_matching_exit_code(serve_programmed, client_for):
    background, _ = serve_programmed(
        {"fail": [("stdout", "out\n"), ("stderr", "err\n"), ("exit", 3)]}
    )
    response = client_for(background).post(EXEC, json={"command": "fail"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "stdout": "out\n",
        "stderr": "err\n",
        "exitCode": 3,
        "success": False,
    }


def test_options_are_resolved_against_the_sandbox(serve_programmed, client_for):
    background, _ = serve_programmed()
    body = {
        "command": "show",
        "options": {
            "env": {"LANG": "C.UTF-8", "X": "1"},
            "stdin": "in",
            "container": "db",
            "cwd": "/tmp",
            "timeout": 5,
        },
    }
    seen = json.loads(client_for(background).post(EXEC, json=body).json()["stdout"])
    assert seen["env"] == {"HOME": "/home/user", "LANG": "C.UTF-8", "X": "1"}
    assert (seen["stdin"], seen["cwd"], seen["container"], seen["timeout"]) == (
        "in",
        "/tmp",
        "db",
        5,
    )


def test_defaults_apply_when_options_are_absent(serve_programmed, client_for):
    background, _ = serve_programmed(default_timeout=42)
    seen = json.loads(client_for(background).post(EXEC, json={"command": "show"}).json()["stdout"])
    assert (seen["stdin"], seen["cwd"], seen["container"], seen["timeout"]) == (
        "",
        "/app",
        "app",
        42,
    )
    zero = {"command": "show", "options": {"timeout": 0}}
    assert (
        json.loads(client_for(background).post(EXEC, json=zero).json()["stdout"])["timeout"] is None
    )


def test_background_answers_at_once_and_keeps_running(serve_programmed, client_for):
    background, engine = serve_programmed({"slow": [("sleep", 1.0), ("stdout", "x"), ("exit", 0)]})
    client = client_for(background)
    started = time.monotonic()
    response = client.post(EXEC, json={"command": "slow", "options": {"background": True}})
    assert time.monotonic() - started < 0.9
    assert response.json() == {"stdout": "", "stderr": "", "exitCode": 0, "success": True}
    deadline = time.monotonic() + 5
    while "slow" not in engine.finished and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "slow" in engine.finished


def test_an_engine_that_overruns_its_timeout_is_stopped_with_124(serve_programmed, client_for):
    background, _ = serve_programmed({"hang": [("stdout", "before\n"), ("sleep", 30), ("exit", 0)]})
    client = client_for(background)
    started = time.monotonic()
    response = client.post(EXEC, json={"command": "hang", "options": {"timeout": 1}})
    assert time.monotonic() - started < 5
    assert response.json() == {
        "stdout": "before\n",
        "stderr": "",
        "exitCode": 124,
        "success": False,
    }


def test_unrunnable_input_is_a_failed_command_not_a_400(serve_programmed, client_for):
    background, engine = serve_programmed()
    client = client_for(background)
    for options in (
        {"cwd": "relative/dir"},
        {"env": {"A=B": "1"}},
        {"env": {"": "1"}},
        {"stdin": "a\u0000b"},
    ):
        response = client.post(EXEC, json={"command": "x", "options": options})
        assert response.status_code == 200, options
        body = response.json()
        assert body["exitCode"] == 126 and body["success"] is False and body["stdout"] == ""
        assert body["stderr"].endswith("\n") and len(body["stderr"]) > 1
    assert client.post(EXEC, json={"command": "a\u0000b"}).json()["exitCode"] == 126
    assert engine.started == []


def test_lone_surrogates_become_replacement_characters(serve_programmed, client_for):
    background, _ = serve_programmed()
    raw = '{"command": "show", "options": {"stdin": "\\ud800x"}}'
    response = client_for(background).post(
        EXEC, content=raw, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200
    assert json.loads(response.json()["stdout"])["stdin"] == "\ufffdx"


def test_output_round_trips_unicode_and_a_mebibyte(serve_programmed, client_for):
    big = "é" * 700_000 + "\n"
    background, _ = serve_programmed({"big": [("stdout", big), ("stderr", "ünï\n"), ("exit", 0)]})
    body = client_for(background).post(EXEC, json={"command": "big"}).json()
    assert body["stdout"] == big and body["stderr"] == "ünï\n"


def test_a_command_no_engine_answers_is_not_found(serve_programmed, client_for):
    background, _ = serve_programmed()
    background.server.service.engine = _Declining()
    body = client_for(background).post(EXEC, json={"command": "frob"}).json()
    assert body["exitCode"] == 127 and "frob" in body["stderr"]


class _Declining:
    name = "declining"

    def execute(self, request):  # type: ignore[no-untyped-def]
        return None

    async def aclose(self) -> None:
        return None


def test_sandbox_id_in_the_path_selects_the_sandbox(serve_programmed, client_for):
    background, engine = serve_programmed()
    client_for(background).post(EXEC, json={"command": "x"})
    assert engine.started[0].sandbox.id == SANDBOX
