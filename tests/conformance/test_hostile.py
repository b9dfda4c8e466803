"""A hostile or broken target gets a verdict (exit 1 or 2) in bounded time and memory, and the
report says which bound was reached and what had been read."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from hostile import HostileServer

from mockserver.conformance import CheckConfig, run
from mockserver.conformance.behaviour import expect
from mockserver.conformance.target import Target
from mockserver.conformance.violations import ContractViolation

#: (behaviour, the check that meets it, what the report must say)
CASES = [
    ("silent", "bad_input_400", "no status line and headers within 1.5 s"),
    ("trickled_headers", "bad_input_400", "no status line and headers within 1.5 s"),
    ("huge_body", "bad_input_400", "the body limit (1048576 bytes)"),
    ("invalid_utf8", "bad_input_400", "\\xff\\xfe"),
    ("http10_never_closes", "bad_input_400", "bytes read and the body still open"),
    ("closes_mid_chunk", "bad_input_400", "the connection broke after 20 bytes"),
    ("event_flood", "sse_incremental", "reading stopped: the event limit (2000 events)"),
    ("giant_event", "sse_incremental", "reading stopped: the event size limit (65536 bytes)"),
]


@pytest.fixture
def hostile() -> Iterator[list[HostileServer]]:
    servers: list[HostileServer] = []
    yield servers
    for server in servers:
        server.close()


@pytest.mark.parametrize(("behaviour", "check", "said"), CASES, ids=[c[0] for c in CASES])
def test_a_hostile_target_gets_a_verdict_within_the_bounds(
    hostile: list[HostileServer], behaviour: str, check: str, said: str
) -> None:
    server = HostileServer(behaviour)
    hostile.append(server)
    config = CheckConfig(
        server.base_url,
        "sbx",
        select=(check,),
        request_timeout=1.5,
        stream_time_limit=1.5,
        stream_event_limit=2000,
        max_event_bytes=65536,
        max_body_bytes=1024 * 1024,
        check_time_limit=20,
    )
    started = time.monotonic()
    finished = run(config)
    assert time.monotonic() - started < 25
    assert finished.exit_code in (1, 2)
    (result,) = finished.results
    text = str(result.violation.actual if result.violation else result.reason) + str(
        result.violation.expected if result.violation else ""
    )
    assert said in text, result


def test_a_check_that_outlives_its_time_limit_is_an_error_saying_so(
    hostile: list[HostileServer],
) -> None:
    server = HostileServer("silent")
    hostile.append(server)
    config = CheckConfig(
        server.base_url, "sbx", select=("bad_input_400",), request_timeout=30, check_time_limit=2
    )
    started = time.monotonic()
    finished = run(config)
    assert time.monotonic() - started < 10
    (result,) = finished.results
    assert finished.exit_code == 2 and result.status == "error"
    assert result.reason is not None and "time limit (2 s)" in result.reason


def test_a_stream_without_end_is_judged_as_it_stands_at_the_time_limit(
    hostile: list[HostileServer],
) -> None:
    server = HostileServer("endless_stream")
    hostile.append(server)
    with Target(server.base_url, "sbx", stream_time_limit=1.5) as target:
        request = target.exec_request({"command": "yes"}, accept="text/event-stream")
        started = time.monotonic()
        stream = target.stream(request)
        assert time.monotonic() - started < 5
    assert stream.cut == "the time limit (1.5 s)" and not stream.closed_by_server
    assert len(stream.events) > 3  # what was read is kept, and shown
    with pytest.raises(ContractViolation) as caught:
        expect.stream_ok(stream)
    assert "no terminal event" in caught.value.actual
    assert "reading stopped: the time limit (1.5 s)" in caught.value.actual
