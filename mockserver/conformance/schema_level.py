"""Schema level: Schemathesis generates requests from the spec; every check judges each answer.

Requests are sent by :class:`Target` (bounded, streams read as they arrive), then handed to
Schemathesis's ``case.validate_response`` with its built-in checks and ours.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import requests
import schemathesis
from schemathesis import GenerationMode
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi import checks as openapi_checks

from mockserver.conformance import schema_checks
from mockserver.conformance.behaviour.base import Property, PropertyContext
from mockserver.conformance.exchange import ProbeRequest, StreamAnswer
from mockserver.conformance.target import EXEC_TEMPLATE, Target
from mockserver.conformance.violations import ContractViolation, NoAnswer

BUILTIN_CHECKS: tuple[Callable[..., Any], ...] = (
    schemathesis.checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_headers_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.negative_data_rejection,
)
ALL_CHECKS = (*BUILTIN_CHECKS, *schema_checks.SANDBOX_CHECKS)

#: Headers Schemathesis adds that say nothing about the request under test.
_DROPPED_HEADERS = frozenset({"user-agent", "accept-encoding", "connection", "accept"})

SCHEMATHESIS_CONFIG = {
    # The contract answers every schema-breaking body with a 400 (CONTRACT section 2).
    "checks": {
        "negative_data_rejection": {"expected-statuses": ["400"]},
        "positive_data_acceptance": {"enabled": False},
    },
}


def exec_operation(spec: dict[str, Any]) -> Any:
    """The exec operation of the normalised spec, as Schemathesis sees it."""
    config = schemathesis.Config.from_dict(SCHEMATHESIS_CONFIG)
    schema = schemathesis.openapi.from_dict(spec, config=config)
    return schema[EXEC_TEMPLATE]["POST"]


def probe_request(target: Target, case: Any, accept: str) -> ProbeRequest:
    """The request a generated case stands for, exactly as the checker sends it."""
    kwargs = case.as_transport_kwargs(base_url=target.base_url)
    headers = {
        key: str(value)
        for key, value in (kwargs.get("headers") or {}).items()
        if key.lower() not in _DROPPED_HEADERS
    }
    body: bytes | None
    if "json" in kwargs:
        body = json.dumps(kwargs["json"], allow_nan=False).encode("utf-8")
        headers.setdefault("Content-Type", "application/json")
    elif kwargs.get("data") is not None:
        data = kwargs["data"]
        body = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    else:
        body = None
    headers.update(target.headers)
    headers["Accept"] = accept
    return ProbeRequest(str(kwargs["method"]), str(kwargs["url"]), tuple(headers.items()), body)


def as_schemathesis_response(answer: StreamAnswer) -> schemathesis.Response:
    request = answer.request
    prepared = requests.Request(
        method=request.method, url=request.url, headers=dict(request.headers), data=request.body
    ).prepare()
    return schemathesis.Response(
        status_code=answer.status,
        headers={key: [value] for key, value in answer.headers.items()},
        content=answer.body,
        request=prepared,
        elapsed=answer.elapsed,
        verify=True,
        stream_cut_short=answer.cut is not None,
    )


def failing_checks(case: Any, response: schemathesis.Response) -> list[tuple[str, str]]:
    """``(check name, what it says)`` for every check the answer fails."""
    found = []
    for check in ALL_CHECKS:
        try:
            case.validate_response(response, checks=[check])
        except FailureGroup as group:
            text = "; ".join(_describe(failure) for failure in group.exceptions)
            found.append((check.__name__, text))
        except AssertionError as error:
            found.append((check.__name__, str(error)))
    return found


def _describe(failure: Any) -> str:
    title = str(getattr(failure, "title", "") or "")
    message = str(getattr(failure, "message", "") or "").strip()
    return f"{title}: {message}" if message and message != title else title or message


def _suite(
    name: str, summary: str, mode: GenerationMode, accept: str, operation: Callable[[], Any]
) -> Property:
    def run(ctx: PropertyContext) -> None:
        target = ctx.target
        strategy = operation().as_strategy(
            generation_mode=mode, path_parameters={"id": target.sandbox_id}
        )
        inconclusive: list[ProbeRequest] = []

        @ctx.given(strategy)
        def test(case: Any) -> None:
            request = probe_request(target, case, accept)
            try:
                answer = target.stream(request)
            except NoAnswer as error:
                if "TimeoutException" in error.actual or "Timeout" in error.actual:
                    inconclusive.append(request)
                    return
                raise
            if answer.cut is not None and answer.cut.startswith("time limit"):
                inconclusive.append(request)
                return
            failures = failing_checks(case, as_schemathesis_response(answer))
            if failures:
                check, text = failures[0]
                raise ContractViolation(
                    text,
                    answer.summary(),
                    request,
                    check=check,
                    section="2",
                    also=tuple(f"{other}: {what}" for other, what in failures[1:]),
                )

        test()
        if inconclusive:
            ctx.notes.append(
                f"{len(inconclusive)} generated command(s) still ran at the read limit and were"
                f" not judged, e.g. {inconclusive[0].curl()}"
            )

    return Property(name, "2", summary, run, examples=40)


def schema_properties(spec: dict[str, Any]) -> tuple[Property, ...]:
    """The Schemathesis suites: schema-valid as JSON, schema-invalid, schema-valid as a stream."""
    cache: dict[str, Any] = {}

    def operation() -> Any:
        if "op" not in cache:
            cache["op"] = exec_operation(spec)
        return cache["op"]

    return (
        _suite(
            "schema_valid_json",
            "schema-valid requests get conformant JSON answers (all Schemathesis checks)",
            GenerationMode.POSITIVE,
            "application/json",
            operation,
        ),
        _suite(
            "schema_invalid_json",
            "schema-invalid requests get a 400 Error",
            GenerationMode.NEGATIVE,
            "application/json",
            operation,
        ),
        _suite(
            "schema_valid_stream",
            "schema-valid requests asked for as a stream get a well-framed event stream",
            GenerationMode.POSITIVE,
            "text/event-stream",
            operation,
        ),
    )
