"""Assertions that turn a wrong answer into a ContractViolation saying what and why."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from mockserver.conformance.contract import (
    error_problems,
    exec_result_problems,
    stream_problems,
)
from mockserver.conformance.exchange import Answer, ProbeRequest, StreamAnswer
from mockserver.conformance.violations import ContractViolation


def show(value: Any, limit: int = 160) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(value)} long)"


def exec_result(answer: Answer, section: str = "2") -> dict[str, Any]:
    """The answer is a conformant 200 JSON exec result; its body."""
    if answer.status != 200 or answer.media_type != "application/json":
        raise ContractViolation(
            "200 application/json with stdout, stderr, exitCode, success",
            answer.summary(),
            answer.request,
            section=section,
        )
    try:
        value = answer.json()
    except ValueError:
        raise ContractViolation(
            "a JSON body", answer.summary(), answer.request, section=section
        ) from None
    problems = exec_result_problems(value)
    if problems:
        raise ContractViolation(
            "the four fields with their types and success == (exitCode == 0)",
            "; ".join(problems) + f"\n  answer: {answer.summary()}",
            answer.request,
            section=section,
        )
    assert isinstance(value, dict)
    return value


def field_equals(
    answer: Answer, result: dict[str, Any], name: str, expected: Any, why: str, section: str = "2"
) -> None:
    if result.get(name) != expected:
        raise ContractViolation(
            f"{name} {show(expected)} ({why})",
            f"{name} {show(result.get(name))}\n  answer: {answer.summary()}",
            answer.request,
            section=section,
        )


def stdout_is(
    answer: Answer,
    result: dict[str, Any],
    expected: str,
    wanted: str,
    section: str,
    preceding: tuple[ProbeRequest, ...] = (),
) -> None:
    """The result's stdout is ``expected``; otherwise a violation expecting ``wanted``."""
    if result["stdout"] != expected:
        raise violation(
            wanted, f"stdout {show(result['stdout'])}", answer.request, section, preceding
        )


def error_answer(answer: Answer, statuses: Collection[int], why: str, section: str = "2") -> None:
    """The answer is an Error of one of ``statuses``, as application/json, code = status."""
    if answer.status not in statuses:
        wanted = " or ".join(str(status) for status in sorted(statuses))
        raise ContractViolation(
            f"{wanted} Error ({why})", answer.summary(), answer.request, section=section
        )
    problems = error_problems(answer.status, answer.headers, answer.body)
    if problems:
        raise ContractViolation(
            f"the spec's Error schema as application/json with code {answer.status} ({why})",
            "; ".join(problems) + f"\n  answer: {answer.summary()}",
            answer.request,
            section=section,
        )


def stream_ok(answer: StreamAnswer, section: str = "4") -> None:
    problems = stream_problems(answer)
    if problems:
        raise ContractViolation(
            "an event stream framed per the dialect: start first, ids from 1, one terminal event",
            "; ".join(problems[:6]) + f"\n  answer: {answer.summary()}",
            answer.request,
            section=section,
        )


def violation(
    expected: str,
    actual: str,
    request: ProbeRequest | None,
    section: str,
    preceding: tuple[ProbeRequest, ...] = (),
) -> ContractViolation:
    return ContractViolation(expected, actual, request, section=section, preceding=preceding)
