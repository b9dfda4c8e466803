"""The contract's predicates judge answers alike for the Schemathesis checks and the properties."""

from __future__ import annotations

import json

import pytest

from mockserver.conformance.contract import (
    accept_prefers_stream,
    error_problems,
    exec_result_problems,
    failed_command_problems,
    sse_problems,
    stream_output,
    unrunnable_reasons,
)
from mockserver.conformance.exchange import SseEvent

JSON = {"content-type": "application/json"}


def test_a_conformant_exec_result_has_no_problems() -> None:
    ok = {"stdout": "a", "stderr": "", "exitCode": 2, "success": False, "pid": 1}
    assert exec_result_problems(ok) == []


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ([], "not an object"),
        ({"stdout": "", "stderr": "", "exitCode": 0}, "'success' is missing"),
        ({"stdout": "", "stderr": "", "exitCode": "0", "success": True}, "'exitCode'"),
        ({"stdout": "", "stderr": "", "exitCode": True, "success": True}, "'exitCode'"),
        ({"stdout": "", "stderr": "", "exitCode": 0.0, "success": True}, "'exitCode'"),
        ({"stdout": None, "stderr": "", "exitCode": 0, "success": True}, "'stdout'"),
        ({"stdout": "", "stderr": "", "exitCode": 1, "success": True}, "success is true"),
        ({"stdout": "", "stderr": "", "exitCode": 0, "success": 1}, "'success'"),
    ],
)
def test_exec_result_problems_name_the_field(body: object, problem: str) -> None:
    problems = exec_result_problems(body)
    assert any(problem in p for p in problems), problems


def test_an_error_must_be_json_with_code_equal_to_the_status() -> None:
    good = json.dumps({"code": 404, "message": "Sandbox not found", "details": None}).encode()
    assert error_problems(404, JSON, good) == []
    assert error_problems(404, {"content-type": "application/json; charset=utf-8"}, good) == []
    assert error_problems(400, JSON, good) == ["field 'code' is 404, not the HTTP status 400"]
    problem = error_problems(404, {"content-type": "application/problem+json"}, good)
    assert problem == ["Content-Type is application/problem+json, not application/json"]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"<h1>Not Found</h1>", "not JSON"),
        (b'{"message": "x"}', "'code' is missing"),
        (b'{"code": "404", "message": "x"}', "not a number"),
        (b'{"code": 404}', "'message' is missing"),
        (b'{"code": 404, "message": ""}', "readable sentence"),
        (b'{"code": 404, "message": "x", "details": "why"}', "'details'"),
    ],
)
def test_error_problems(body: bytes, problem: str) -> None:
    assert any(problem in p for p in error_problems(404, JSON, body))


def test_details_may_be_absent_and_code_may_be_a_float() -> None:
    assert error_problems(400, JSON, b'{"code": 400.0, "message": "Bad"}') == []


def events(*frames: tuple[str | None, str | None, object]) -> list[SseEvent]:
    return [
        SseEvent(event=name, id=ident, data=json.dumps(data), arrived=0.0)
        for name, ident, data in frames
    ]


GOOD_STREAM = events(
    ("start", "1", {"type": "start", "command": "x"}),
    ("stdout", "2", {"type": "stdout", "data": "a\n"}),
    ("stderr", "3", {"type": "stderr", "data": "b"}),
    ("complete", "4", {"type": "complete", "exitCode": 2, "success": False, "timedOut": False}),
)


def test_a_well_framed_stream_has_no_problems() -> None:
    assert sse_problems(GOOD_STREAM, closed_by_server=True, trailing=b"") == []
    assert stream_output(GOOD_STREAM)[:2] == ("a\n", "b")


@pytest.mark.parametrize(
    ("stream", "problem"),
    [
        (GOOD_STREAM[1:], "no start event"),
        (GOOD_STREAM[:-1], "no terminal event"),
        ([GOOD_STREAM[1], GOOD_STREAM[0], *GOOD_STREAM[2:]], "start is not the first"),
        (
            events(
                ("start", "0", {"type": "start"}),
                (
                    "complete",
                    "1",
                    {"type": "complete", "exitCode": 0, "success": True, "timedOut": False},
                ),
            ),
            "the first id is 0",
        ),
        (
            events(
                ("start", "1", {"type": "start"}),
                (
                    "complete",
                    "1",
                    {"type": "complete", "exitCode": 0, "success": True, "timedOut": False},
                ),
            ),
            "does not increase",
        ),
        ([*GOOD_STREAM, GOOD_STREAM[-1]], "a second terminal event"),
        (
            events(
                ("start", "1", {"type": "start"}),
                (
                    "complete",
                    "2",
                    {"type": "complete", "exitCode": 1, "success": True, "timedOut": False},
                ),
            ),
            "success is true but exitCode is 1",
        ),
        (events(("start", "1", {"type": "begin"})), "data type is 'begin'"),
        (events((None, "1", {"type": "start"})), "no event: field"),
        (events(("begin", "1", {"type": "begin"})), "not one of the dialect's"),
    ],
)
def test_sse_problems(stream: list[SseEvent], problem: str) -> None:
    problems = sse_problems(stream, closed_by_server=True, trailing=b"")
    assert any(problem in p for p in problems), problems


def test_a_stream_left_open_after_its_terminal_event_is_a_problem() -> None:
    assert sse_problems(GOOD_STREAM, closed_by_server=False, trailing=b"") == [
        "the server kept the stream open after the terminal event"
    ]


def test_multi_line_data_is_a_problem() -> None:
    event = SseEvent("start", "1", '{"type":\n"start"}', 0.0, data_lines=2)
    problems = sse_problems([event], closed_by_server=True, trailing=b"")
    assert any("spans 2 lines" in p for p in problems)


@pytest.mark.parametrize(
    ("accept", "stream"),
    [
        (None, False),
        ("*/*", False),
        ("application/json", False),
        ("text/event-stream", True),
        ("text/event-stream, application/json", False),
        ("application/json;q=0.5, text/event-stream", True),
        ("text/*", True),
        ("application/json, text/event-stream;q=0.9", False),
        ("text/event-stream;q=0", False),
    ],
)
def test_accept_preference(accept: str | None, stream: bool) -> None:
    assert accept_prefers_stream(accept) is stream


@pytest.mark.parametrize(
    ("body", "unrunnable"),
    [
        ({"command": "true"}, False),
        ({"command": "a\x00"}, True),
        ({"command": "pwd", "options": {"cwd": "rel"}}, True),
        ({"command": "pwd", "options": {"cwd": "/abs/missing"}}, False),
        ({"command": "true", "options": {"env": {"": "x"}}}, True),
        ({"command": "true", "options": {"env": {"A=B": "x"}}}, True),
        ({"command": "true", "options": {"env": {"é b": "x"}}}, False),
        ({"command": "true", "options": {"env": {"A": "x\x00"}}}, False),
        ({"command": "cat", "options": {"stdin": "\x00"}}, True),
    ],
)
def test_unrunnable_reasons(body: object, unrunnable: bool) -> None:
    assert bool(unrunnable_reasons(body)) is unrunnable


def test_the_failed_command_answer() -> None:
    good = {
        "stdout": "",
        "stderr": "cwd 'rel' is not absolute\n",
        "exitCode": 126,
        "success": False,
    }
    assert failed_command_problems(good) == []
    assert failed_command_problems({**good, "exitCode": 1}) == ["exitCode is 1, not 126"]
    assert failed_command_problems({**good, "stderr": ""}) == [
        "stderr does not say why the command could not run"
    ]


def test_body_validator_follows_the_spec() -> None:
    from mockserver.conformance.schema_level import body_validator
    from mockserver.spec import load_spec

    valid = body_validator(load_spec(None))
    assert valid({"command": "x", "options": {"timeout": 5, "env": {"A": "b"}, "extra": 1}})
    assert not valid({"command": ""})
    assert not valid({"command": "x", "options": {"timeout": -1}})
    assert not valid({"command": "x", "options": None})


def test_integral_floats_read_as_ints() -> None:
    from mockserver.conformance.contract import integral_floats_as_ints

    assert (
        json.dumps(integral_floats_as_ints({"a": [1.0, 1.5], "b": 2})) == '{"a": [1, 1.5], "b": 2}'
    )
