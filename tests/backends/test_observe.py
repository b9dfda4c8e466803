"""What diff compares of one answer: the fields two correct implementations must agree on."""

from __future__ import annotations

from mockserver.backends.observe import differing, of_json, of_stream
from mockserver.conformance.exchange import Answer, ProbeRequest, SseEvent, StreamAnswer
from mockserver.conformance.sse import SseParser

REQUEST = ProbeRequest.json_post("http://x/api/v1/sandboxes/s/exec", {"command": "c"})
STREAM = {"content-type": "text/event-stream"}


def _stream(raw: bytes, closed: bool = True) -> StreamAnswer:
    events: list[SseEvent] = SseParser().feed(raw, 0.0)
    return StreamAnswer(REQUEST, 200, STREAM, tuple(events), raw, closed_by_server=closed)


def test_a_json_answer_keeps_stdout_exactly_and_stderr_only_as_empty_or_not() -> None:
    body = b'{"stdout": "a\\n", "stderr": "sh: 1: x: not found\\n", "exitCode": 127, "success": false, "pid": 9}'
    answer = Answer(REQUEST, 200, {"content-type": "application/json"}, body, 0.1)
    assert of_json(answer) == {
        "status": 200,
        "stdout": "a\n",
        "stderr empty": False,
        "exit code": 127,
        "success": False,
    }


def test_chunking_ids_and_extra_fields_of_a_stream_do_not_count() -> None:
    one = _stream(
        b'id: 1\nevent: start\ndata: {"type":"start"}\n\n'
        b'id: 2\nevent: stdout\ndata: {"type":"stdout","data":"ab"}\n\n'
        b'id: 3\nevent: complete\ndata: {"type":"complete","exitCode":0,"success":true,"timedOut":false}\n\n'
    )
    other = _stream(
        b'id: 1\nevent: start\ndata: {"type":"start","pid":4}\n\n'
        b'id: 2\nevent: stdout\ndata: {"type":"stdout","data":"a"}\n\n'
        b": keepalive\n\n"
        b'id: 5\nevent: stdout\ndata: {"type":"stdout","data":"b"}\n\n'
        b'id: 6\nevent: complete\ndata: {"type":"complete","exitCode":0,"success":true,"timedOut":false}\n\n'
    )
    assert differing(of_stream(one), of_stream(other)) == []
    assert of_stream(one)["sse events"] == "start complete"
    left_open = _stream(one.body, closed=False)
    assert differing(of_stream(one), of_stream(left_open)) == ["sse events"]


def test_the_data_only_dialect_is_read_as_the_contract_s_events() -> None:
    answer = _stream(
        b'data: {"stdout":"a\\n"}\n\ndata: {"stderr":"e"}\n\n'
        b'data: {"exit_code":3,"finished":true,"timed_out":false}\n\n'
    )
    observed = of_stream(answer, "data-only")
    assert observed["sse stdout"] == "a\n"
    assert observed["sse stderr empty"] is False
    assert observed["sse exit code"] == 3
