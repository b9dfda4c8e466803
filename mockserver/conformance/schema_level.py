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

from mockserver.conformance.behaviour.base import Property, PropertyContext
from mockserver.conformance.contract import integral_floats_as_ints
from mockserver.conformance.dialects import TERMINAL_EVENTS
from mockserver.conformance.exchange import ProbeRequest, StreamAnswer
from mockserver.conformance.judge import ASPECTS, Exchange, SpecSchemas
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
#: The contract's own aspects (judge.py), judged on the same exchange after the built-in checks.
SANDBOX_ASPECTS = tuple(aspect for aspect in ASPECTS if aspect.name.startswith("sandbox_"))

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


#: What each check expects, in the contract's words, and the section it comes from.
EXPECTATIONS: dict[str, tuple[str, str]] = {
    "not_a_server_error": ("no 5xx for anything a client sent", "2"),
    "status_code_conformance": ("a status the spec documents (200, 400, 404)", "2"),
    "content_type_conformance": ("a Content-Type the spec documents for that status", "2"),
    "response_headers_conformance": ("the response headers the spec documents", "2"),
    "response_schema_conformance": ("a body valid against the spec's schema for the status", "2"),
    "negative_data_rejection": ("a 400 Error for a body that breaks the schema", "2"),
    **{aspect.name: (aspect.expected, aspect.section) for aspect in SANDBOX_ASPECTS},
}


def failing_checks(case: Any, answer: StreamAnswer, schemas: SpecSchemas) -> list[tuple[str, str]]:
    """``(check name, what it says)`` for every check the answer fails."""
    response = as_schemathesis_response(answer)
    body_valid = schemas.body_valid
    found = []
    for check in BUILTIN_CHECKS:
        name = check.__name__
        try:
            case.validate_response(response, checks=[check])
        except FailureGroup as group:
            text = "; ".join(_describe(failure) for failure in group.exceptions)
            if not _tolerated(name, case, response, body_valid):
                found.append((name, text))
        except AssertionError as error:
            if not _tolerated(name, case, response, body_valid):
                found.append((name, str(error)))
    exchange = Exchange.of(
        answer.request,
        answer.status,
        answer.headers,
        answer.body,
        events=answer.wire_events,
        ended_by_server=answer.cut is None,
        trailing=answer.trailing,
        sse_dialect=answer.dialect,
        kept_open=answer.cut is not None,
    )
    for aspect in SANDBOX_ASPECTS:
        problems = aspect.judge(exchange, schemas)
        if problems:
            found.append((aspect.name, "; ".join(problems)))
    return found


def body_validator(spec: dict[str, Any]) -> Callable[[Any], bool]:
    """Whether a JSON value is a valid exec request body, per the spec's request schema."""
    return SpecSchemas(spec).body_valid


def _tolerated(
    check: str, case: Any, response: schemathesis.Response, body_valid: Callable[[Any], bool]
) -> bool:
    """Schemathesis failures the contract does not count.

    An unknown container is not tested; and whether ``1.0`` is an integer differs between JSON
    Schema drafts, so a backend may accept a "negative" body that is valid once it reads so.
    """
    if check != "negative_data_rejection" or not isinstance(case.body, dict):
        return False
    if response.status_code == 404:
        options = case.body.get("options")
        return isinstance(options, dict) and "container" in options
    if response.status_code < 300:
        whole = integral_floats_as_ints(case.body)
        changed = json.dumps(whole, sort_keys=True) != json.dumps(case.body, sort_keys=True)
        return changed and body_valid(whole)
    return False


def _describe(failure: Any) -> str:
    title = str(getattr(failure, "title", "") or "")
    message = str(getattr(failure, "message", "") or "").strip()
    if title.startswith("Custom check failed"):
        return message or title
    return f"{title}: {message}" if message and message != title else title or message


#: After this many unjudged cases, check that the target answers a trivial command at all.
INCONCLUSIVE_PROBE_AFTER = 3
#: After this many, stop sending generated cases (each one costs the whole read limit).
INCONCLUSIVE_LIMIT = 8


def _sanity_probe(target: Target, accept: str) -> ContractViolation | None:
    """A violation when even ``true`` gets no whole answer; None when it does."""
    request = target.exec_request({"command": "true"}, accept=accept)
    try:
        answer = target.stream(request)
    except NoAnswer as error:
        return error
    if answer.cut is not None and not _ended(answer):
        return ContractViolation(
            "a whole answer to the command 'true' (generated commands got none either)",
            f"reading stopped: {answer.cut}\n  answer: {answer.summary()}",
            request,
            section="2",
        )
    return None


def _ended(answer: StreamAnswer) -> bool:
    """A stream the checker stopped reading after its terminal event (judged: it stayed open)."""
    return any(event.event in TERMINAL_EVENTS for event in answer.events)


def _suite(
    name: str,
    summary: str,
    mode: GenerationMode,
    accept: str,
    operation: Callable[[], Any],
    schemas: SpecSchemas,
) -> Property:
    def run(ctx: PropertyContext) -> None:
        target = ctx.target
        strategy = operation().as_strategy(
            generation_mode=mode, path_parameters={"id": target.sandbox_id}
        )
        inconclusive: list[ProbeRequest] = []
        hung: list[ContractViolation] = []

        def unjudged(request: ProbeRequest) -> None:
            """A generated command still ran at the read limit: see whether anything answers."""
            inconclusive.append(request)
            if len(inconclusive) == INCONCLUSIVE_PROBE_AFTER:
                verdict = _sanity_probe(target, accept)
                if verdict is not None:
                    hung.append(verdict)
                    raise verdict

        @ctx.given(strategy)
        def test(case: Any) -> None:
            if hung:
                raise hung[0]  # the target answers nothing: no more waiting on it
            if len(inconclusive) >= INCONCLUSIVE_LIMIT:
                return  # enough waiting on slow generated commands: the rest is not judged
            request = probe_request(target, case, accept)
            try:
                answer = target.stream(request)
            except NoAnswer as error:
                if error.timed_out:
                    unjudged(request)
                    return
                raise
            if answer.cut is not None and not _ended(answer):
                unjudged(request)
                return
            failures = failing_checks(case, answer, schemas)
            if failures:
                check, text = failures[0]
                expected, section = EXPECTATIONS.get(check, (check, "2"))
                raise ContractViolation(
                    expected,
                    f"{text}\n  answer: {answer.summary()}",
                    request,
                    check=check,
                    section=section,
                    also=tuple(f"{other}: {what}" for other, what in failures[1:]),
                )

        test()
        if inconclusive:
            ctx.notes.append(
                f"{len(inconclusive)} generated command(s) still ran at the read limit and were"
                f" not judged, e.g. {inconclusive[0].curl()}"
            )

    return Property(name, "2", summary, run, examples=50)


def schema_properties(spec: dict[str, Any]) -> tuple[Property, ...]:
    """The Schemathesis suites: schema-valid as JSON, schema-invalid, schema-valid as a stream."""
    cache: dict[str, Any] = {}
    schemas = SpecSchemas(spec)

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
            schemas,
        ),
        _suite(
            "schema_invalid_json",
            "schema-invalid requests get a 400 Error",
            GenerationMode.NEGATIVE,
            "application/json",
            operation,
            schemas,
        ),
        _suite(
            "schema_valid_stream",
            "schema-valid requests asked for as a stream get a well-framed event stream",
            GenerationMode.POSITIVE,
            "text/event-stream",
            operation,
            schemas,
        ),
    )
