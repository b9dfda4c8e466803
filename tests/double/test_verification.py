"""Journal assertions: what matches, and failures that say what differed."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mockserver.verification import RecordedRequest, RequestLog, request_log


def entry(number: int, command: str, **extra: Any) -> dict[str, Any]:
    body = {"command": command, **extra.pop("body", {})}
    return {
        "id": number,
        "method": "POST",
        "path": "/api/v1/sandboxes/box/exec",
        "query": "",
        "headers": extra.pop("headers", [["content-type", "application/json"]]),
        "body": body,
        "raw_body": "",
        "response": {
            "status": extra.pop("status", 200),
            "headers": [],
            "body": None,
            "events": None,
            "complete": True,
        },
        "duration_ms": 1.0,
        "answered_by": {"kind": "engine"},
    }


LOG = request_log(
    [
        entry(1, "ls", headers=[["Authorization", "Bearer a"]]),
        entry(2, "deploy", body={"options": {"timeout": 5, "env": {"A": "1"}}}),
        entry(3, "deploy", status=404),
    ]
)


def test_fields_headers_and_body_subsets_select_requests() -> None:
    assert LOG.filter(command="deploy").commands == ["deploy", "deploy"]
    assert LOG.filter(command=re.compile("^dep"), status=200)[0].id == 2
    assert LOG.filter(headers={"AUTHORIZATION": "Bearer a"})[0].command == "ls"
    assert LOG.filter(headers={"authorization": None}).commands == ["deploy", "deploy"]
    assert LOG.filter(body={"options": {"env": {"A": "1"}}})[0].id == 2
    assert LOG.filter(body=lambda b: "options" not in b).commands == ["ls", "deploy"]
    assert LOG.filter(where=lambda r: r.status == 404)[0].id == 3
    assert LOG.filter(sandbox="box", method="post").commands == ["ls", "deploy", "deploy"]
    assert isinstance(LOG[0], RecordedRequest) and LOG[0].headers["authorization"] == "Bearer a"


def test_a_miss_names_the_closest_request_and_each_difference() -> None:
    with pytest.raises(AssertionError) as failure:
        LOG.assert_called(command="deploy", body={"options": {"timeout": 9}}, status=200)
    message = str(failure.value)
    assert "the closest is #2 POST /api/v1/sandboxes/box/exec (200):" in message
    assert "    body['options']['timeout']: expected 9, got 5" in message
    assert "status" not in message.split("closest")[1].split("received:")[0]


def test_a_wrong_count_lists_the_matching_requests() -> None:
    with pytest.raises(
        AssertionError,
        match=r"expected 1 request matching\n    command: 'deploy'"
        r"\nbut 2 of the 3 received match: #2, #3",
    ):
        LOG.assert_called_once(command="deploy")
    with pytest.raises(AssertionError, match="but 1 of the 3 received match: #1"):
        LOG.assert_not_called(command="ls")
    assert LOG.assert_called(times=2, command="deploy").commands == ["deploy", "deploy"]


def test_an_empty_log_says_nothing_was_received() -> None:
    with pytest.raises(AssertionError, match="but the mock received no request"):
        RequestLog().assert_called(command="ls")


def test_an_unknown_criterion_is_a_type_error_listing_the_known_ones() -> None:
    with pytest.raises(TypeError, match="unknown criteria \\['comand'\\]; use method, path"):
        LOG.filter(comand="ls")
