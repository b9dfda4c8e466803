"""One exchange judged alone: what ``mockserver proxy`` and the schema suites rely on."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mockserver.conformance.exchange import ProbeRequest
from mockserver.conformance.judge import judge_exchange

URL = "http://127.0.0.1:9/api/v1/sandboxes/sbx/exec"
JSON = {"Content-Type": "application/json"}
SSE = {"Content-Type": "text/event-stream"}


def post(payload: Any, accept: str = "application/json") -> ProbeRequest:
    return ProbeRequest.json_post(URL, payload, {"Accept": accept})


def names(violations: list[Any]) -> list[str]:
    return [violation.check for violation in violations]


def body(value: Any) -> bytes:
    return json.dumps(value).encode()


def frames(*events: tuple[str | None, dict[str, Any]]) -> bytes:
    out = []
    for number, (name, data) in enumerate(events, start=1):
        named = f"event: {name}\n" if name else ""
        out.append(f"id: {number}\n{named}data: {json.dumps(data)}\n\n")
    return "".join(out).encode()


GOOD_STREAM = frames(
    ("start", {"type": "start", "command": "exit 2"}),
    ("stdout", {"type": "stdout", "data": "a\n"}),
    ("complete", {"type": "complete", "exitCode": 2, "success": False, "timedOut": False}),
)


def test_conformant_json_and_stream_answers_have_no_violations() -> None:
    ok = body({"stdout": "a\n", "stderr": "", "exitCode": 2, "success": False})
    assert judge_exchange(post({"command": "exit 2"}), 200, JSON, ok) == []
    request = post({"command": "exit 2"}, "text/event-stream")
    assert judge_exchange(request, 200, SSE, GOOD_STREAM) == []


def test_success_that_disagrees_with_the_exit_code_is_named_with_its_section() -> None:
    wrong = body({"stdout": "", "stderr": "", "exitCode": 1, "success": True})
    (violation,) = judge_exchange(post({"command": "exit 1"}), 200, JSON, wrong)
    assert violation.check == "sandbox_success_matches_exit_code"
    assert violation.section == "2"
    assert "success is true but exitCode is 1" in violation.actual
    assert violation.curl is not None and violation.curl.startswith("curl ")


def test_a_missing_field_breaks_the_spec_schema() -> None:
    wrong = body({"stdout": "", "exitCode": 0, "success": True})
    assert "response_schema_conformance" in names(
        judge_exchange(post({"command": "x"}), 200, JSON, wrong)
    )


def test_errors_must_be_json_errors_with_the_status_as_code() -> None:
    problem = {"Content-Type": "application/problem+json"}
    error = body({"code": 404, "message": "Sandbox not found", "details": None})
    assert judge_exchange(post({"command": "x"}), 404, JSON, error) == []
    assert "sandbox_error_schema" in names(
        judge_exchange(post({"command": "x"}), 404, problem, error)
    )
    assert "not_a_server_error" in names(judge_exchange(post({"command": "x"}), 500, JSON, error))


def test_bodies_that_break_the_schema_are_400_and_valid_ones_are_not() -> None:
    ok = body({"stdout": "", "stderr": "", "exitCode": 0, "success": True})
    bad = post({"command": "true", "options": {"timeout": -1}})
    assert names(judge_exchange(bad, 200, JSON, ok)) == ["negative_data_rejection"]
    refused = body({"code": 400, "message": "Bad request", "details": None})
    valid = post({"command": "true"})
    assert names(judge_exchange(valid, 400, JSON, refused)) == [
        "sandbox_schema_valid_request_accepted"
    ]
    no_org = body({"code": 400, "message": "Active organization missing", "details": None})
    assert judge_exchange(valid, 400, JSON, no_org) == []


def test_the_answer_follows_accept() -> None:
    request = post({"command": "exit 2"}, "application/json")
    assert "sandbox_media_type_negotiated" in names(judge_exchange(request, 200, SSE, GOOD_STREAM))


@pytest.mark.parametrize(
    ("stream", "problem"),
    [
        (GOOD_STREAM.replace(b"event: start\n", b""), "no start event"),
        (GOOD_STREAM.replace(b"id: 1\n", b"id: 0\n"), "the first id is 0"),
        (GOOD_STREAM.rsplit(b"id: 3", 1)[0], "no terminal event"),
        (GOOD_STREAM[:-5], "unterminated frame"),
    ],
)
def test_stream_framing(stream: bytes, problem: str) -> None:
    request = post({"command": "exit 2"}, "text/event-stream")
    violations = judge_exchange(request, 200, SSE, stream)
    assert names(violations) == ["sandbox_sse_framing"]
    assert problem in violations[0].actual


def test_a_stream_read_in_part_is_judged_on_what_was_read() -> None:
    request = post({"command": "exit 2"}, "text/event-stream")
    partial = GOOD_STREAM.rsplit(b"id: 3", 1)[0] + b"id: 3\nevent: comp"
    assert judge_exchange(request, 200, SSE, partial, ended_by_server=False) == []


def test_timed_out_needs_a_timeout_exit_code_and_a_timeout_that_can_fire() -> None:
    stream = frames(
        ("start", {"type": "start", "command": "exit 124"}),
        ("complete", {"type": "complete", "exitCode": 124, "success": False, "timedOut": True}),
    )
    request = post({"command": "exit 124", "options": {"timeout": 0}}, "text/event-stream")
    violations = judge_exchange(request, 200, SSE, stream)
    assert names(violations) == ["sandbox_sse_terminal_agrees"]
    assert "options.timeout is 0" in violations[0].actual


def test_unrunnable_input_and_background_answers() -> None:
    ran = body({"stdout": "x", "stderr": "", "exitCode": 0, "success": True})
    relative = post({"command": "pwd", "options": {"cwd": "rel"}})
    assert names(judge_exchange(relative, 200, JSON, ran)) == ["sandbox_unrunnable_input"]
    waited = body({"stdout": "done", "stderr": "", "exitCode": 0, "success": True})
    background = post({"command": "sleep 1; echo done", "options": {"background": True}})
    assert names(judge_exchange(background, 200, JSON, waited)) == ["sandbox_background_answer"]


def test_other_methods_on_the_exec_path_are_405_with_allow_post() -> None:
    error = body({"code": 405, "message": "Method not allowed", "details": None})
    get = ProbeRequest("GET", URL, (("Accept", "application/json"),))
    assert judge_exchange(get, 405, {**JSON, "Allow": "POST"}, error) == []
    assert names(judge_exchange(get, 405, JSON, error)) == ["sandbox_method_not_allowed"]


def test_the_data_only_dialect_is_judged_in_its_own_framing() -> None:
    request = post({"command": "echo a; exit 2"}, "text/event-stream")
    stream = frames(
        (None, {"stdout": "a\n"}),
        (None, {"exit_code": 2, "finished": True, "timed_out": False}),
    )
    assert judge_exchange(request, 200, SSE, stream, sse_dialect="data-only") == []
    assert names(judge_exchange(request, 200, SSE, stream)) == ["sandbox_sse_framing"]
    unfinished = frames((None, {"stdout": "a\n"}))
    violations = judge_exchange(request, 200, SSE, unfinished, sse_dialect="data-only")
    assert names(violations) == ["sandbox_sse_framing"]
