"""The exported strategies, used as a user would against a live backend (here the reference)."""

from __future__ import annotations

import json

import httpx
from hypothesis import given, settings
from reference_backend import SANDBOX_ID, RunningServer

from mockserver.conformance import strategies
from mockserver.conformance.contract import exec_result_problems, unrunnable_reasons


def test_printf_commands_print_exactly_their_text(reference: RunningServer) -> None:
    url = f"{reference.base_url}/api/v1/sandboxes/{SANDBOX_ID}/exec"

    @settings(max_examples=15, deadline=None, database=None)
    @given(strategies.printf_commands())
    def check(case: tuple[str, str]) -> None:
        command, expected = case
        body = httpx.post(url, json={"command": command}, timeout=10).json()
        assert body["stdout"] == expected

    check()


def test_runnable_bodies_run_and_answer_conformantly(reference: RunningServer) -> None:
    url = f"{reference.base_url}/api/v1/sandboxes/{SANDBOX_ID}/exec"

    @settings(max_examples=15, deadline=None, database=None)
    @given(strategies.runnable_exec_bodies())
    def check(body: dict[str, object]) -> None:
        assert unrunnable_reasons(body) == []
        answer = httpx.post(url, json=body, timeout=10)
        assert answer.status_code == 200
        assert exec_result_problems(answer.json()) == []
        assert answer.json()["exitCode"] == 0

    check()


@settings(max_examples=50, database=None)
@given(strategies.process_text(), strategies.env_names(), strategies.file_names())
def test_generated_values_are_what_a_process_can_carry(text: str, name: str, file: str) -> None:
    assert "\x00" not in text and not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)
    assert name.startswith(strategies.ENV_PREFIX) and name.isidentifier()
    assert "/" not in file and file not in (".", "..")


def test_the_unrunnable_bodies_are_unrunnable_and_the_invalid_ones_invalid() -> None:
    from mockserver.conformance.schema_level import body_validator
    from mockserver.spec import load_spec

    valid = body_validator(load_spec(None))
    for _, body in strategies.UNRUNNABLE_BODIES:
        assert unrunnable_reasons(body) and valid(body)
    for why, raw in strategies.SCHEMA_INVALID_BODIES:
        try:
            value = json.loads(raw)
        except ValueError:
            continue
        assert not valid(value), why
