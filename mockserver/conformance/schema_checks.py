"""The checker's own Schemathesis checks, on top of the built-in ones.

Registered with ``@schemathesis.check`` so they also run in anyone's Schemathesis suite once this
module is imported; each one judges only the exec operation and ignores everything else.
"""

from __future__ import annotations

import json
from typing import Any

import schemathesis

from mockserver.conformance.contract import (
    BACKGROUND_ANSWER,
    accept_prefers_stream,
    contains_nul,
    error_problems,
    exec_result_problems,
    failed_command_problems,
    media_type,
    sse_problems,
    stream_output,
    unnamed_properties,
    unrunnable_reasons,
)
from mockserver.conformance.exchange import SseEvent
from mockserver.conformance.sse import SseParser
from mockserver.conformance.target import EXEC_TEMPLATE


def _ours(case: Any) -> bool:
    return getattr(case.operation, "path", None) == EXEC_TEMPLATE


def _headers(response: Any) -> dict[str, str]:
    return {name: ", ".join(values) for name, values in response.headers.items()}


def _accept(response: Any) -> str | None:
    value = response.request.headers.get("Accept")
    return str(value) if value is not None else None


def _positive(case: Any) -> bool:
    meta = case.meta
    return meta is not None and meta.generation.mode.is_positive


def _options(case: Any) -> dict[str, Any]:
    body = case.body if isinstance(case.body, dict) else {}
    options = body.get("options")
    return options if isinstance(options, dict) else {}


def _events(content: bytes) -> tuple[list[SseEvent], bytes]:
    parser = SseParser()
    events = parser.feed(content, 0.0)
    events += parser.finish(0.0)
    return events, parser.trailing


def _json(content: bytes) -> Any:
    try:
        return json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


@schemathesis.check
def sandbox_success_matches_exit_code(ctx: Any, response: Any, case: Any) -> bool | None:
    """``success == (exitCode == 0)`` in every exec result (CONTRACT section 2)."""
    if not _ours(case) or response.status_code != 200:
        return None
    kind = media_type(_headers(response))
    if kind == "application/json":
        value = _json(response.content)
        if isinstance(value, dict):
            code, success = value.get("exitCode"), value.get("success")
            if isinstance(code, int) and isinstance(success, bool) and success != (code == 0):
                raise AssertionError(f"success is {json.dumps(success)} but exitCode is {code}")
    elif kind == "text/event-stream":
        events, _ = _events(response.content)
        _, _, terminal = stream_output(events)
        if terminal and terminal.get("event") == "complete":
            code, success = terminal.get("exitCode"), terminal.get("success")
            if isinstance(code, int) and isinstance(success, bool) and success != (code == 0):
                raise AssertionError(f"complete: success is {success} but exitCode is {code}")
    return None


@schemathesis.check
def sandbox_error_schema(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every error is the Error schema as application/json, ``code`` equal to the status."""
    if not _ours(case) or response.status_code < 400:
        return None
    problems = error_problems(response.status_code, _headers(response), response.content)
    if problems:
        raise AssertionError(
            f"a {response.status_code} must be an Error (application/json, code "
            f"{response.status_code}, message, details null or object): " + "; ".join(problems)
        )
    return None


@schemathesis.check
def sandbox_media_type_negotiated(ctx: Any, response: Any, case: Any) -> bool | None:
    """A 200 is an event stream exactly when Accept prefers text/event-stream (section 2)."""
    if not _ours(case) or response.status_code != 200:
        return None
    wants_stream = accept_prefers_stream(_accept(response))
    expected = "text/event-stream" if wants_stream else "application/json"
    actual = media_type(_headers(response))
    if actual != expected:
        raise AssertionError(
            f"Accept: {_accept(response) or '(none)'} asks for {expected}; the answer is "
            f"{actual or 'without Content-Type'}"
        )
    return None


@schemathesis.check
def sandbox_sse_framing(ctx: Any, response: Any, case: Any) -> bool | None:
    """Event stream framing and order per CONTRACT section 4 (read within bounds)."""
    if not _ours(case) or response.status_code != 200:
        return None
    if media_type(_headers(response)) != "text/event-stream":
        return None
    events, trailing = _events(response.content)
    problems = sse_problems(
        events, closed_by_server=not response.stream_cut_short, trailing=trailing
    )
    if problems:
        raise AssertionError("the event stream breaks the dialect: " + "; ".join(problems[:6]))
    return None


def tolerated_rejection(case: Any, status: int) -> bool:
    """Whether a 4xx to schema-valid input is one the contract tolerates.

    Only the status is judged here; ``sandbox_error_schema`` judges the body.
    """
    options = _options(case)
    if unrunnable_reasons(case.body) or contains_nul(case.body):
        return True
    if "cwd" in options and status == 400:
        return True
    # The checker does not test containers (CONTRACT section 3): any refusal of one is let be.
    return "container" in options and status in (400, 404)


@schemathesis.check
def sandbox_schema_valid_request_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
    """Schema-valid input is answered 200, but where the contract tolerates a 4xx Error."""
    if not _ours(case) or not _positive(case) or response.status_code < 400:
        return None
    if response.status_code >= 500:
        return None  # not_a_server_error reports it
    if tolerated_rejection(case, response.status_code):
        return None
    extra = unnamed_properties(case.body)
    hint = (
        f" (the body has properties the schema allows without naming them: {', '.join(extra[:3])})"
        if extra
        else ""
    )
    raise AssertionError(
        f"a schema-valid request was rejected with {response.status_code}; the contract answers"
        " it with 200 (a 4xx only for unrunnable input, a missing cwd or an unknown container)"
        + hint
    )


@schemathesis.check
def sandbox_unrunnable_input(ctx: Any, response: Any, case: Any) -> bool | None:
    """Unrunnable input answered 200 is the failed command: "", reason, 126, false."""
    if not _ours(case) or not _positive(case) or response.status_code != 200:
        return None
    reasons = unrunnable_reasons(case.body)
    if not reasons or "container" in _options(case):
        return None
    kind = media_type(_headers(response))
    if kind == "application/json":
        problems = failed_command_problems(_json(response.content))
    elif kind == "text/event-stream":
        events, _ = _events(response.content)
        stdout, _, terminal = stream_output(events)
        problems = []
        if stdout:
            problems.append("the stream has stdout")
        if terminal is None or (
            terminal.get("event") == "complete" and terminal.get("success") is not False
        ):
            problems.append("the stream does not end in an error or a failed complete")
    else:
        return None
    if problems and _options(case).get("background") is True and _background_shape(response):
        return None  # a backend may find out only in the background: not held against it
    if problems:
        raise AssertionError(
            f"input with {reasons[0]} cannot run: expected the failed-command answer "
            '{"stdout":"","stderr":"<why>\\n","exitCode":126,"success":false}: '
            + "; ".join(problems)
        )
    return None


def _background_shape(response: Any) -> bool:
    """Whether the answer is the background answer (JSON, or start then complete 0)."""
    kind = media_type(_headers(response))
    if kind == "application/json":
        value = _json(response.content)
        return isinstance(value, dict) and all(
            value.get(key) == expected for key, expected in BACKGROUND_ANSWER.items()
        )
    if kind == "text/event-stream":
        events, _ = _events(response.content)
        _, _, terminal = stream_output(events)
        names = [event.event for event in events]
        return (
            names == ["start", "complete"]
            and terminal is not None
            and terminal.get("exitCode") == 0
        )
    return False


@schemathesis.check
def sandbox_background_answer(ctx: Any, response: Any, case: Any) -> bool | None:
    """A runnable background call answers the empty success at once (section 3)."""
    if not _ours(case) or not _positive(case) or response.status_code != 200:
        return None
    options = _options(case)
    if options.get("background") is not True:
        return None
    if "cwd" in options or "container" in options or contains_nul(case.body):
        return None
    if unrunnable_reasons(case.body):
        return None
    kind = media_type(_headers(response))
    if kind == "application/json":
        value = _json(response.content)
        if exec_result_problems(value):
            return None  # response_schema_conformance reports it
        assert isinstance(value, dict)
        wrong = {k: value[k] for k, v in BACKGROUND_ANSWER.items() if value[k] != v}
        if wrong:
            raise AssertionError(
                f"a background call answers {json.dumps(dict(BACKGROUND_ANSWER))}; got {wrong}"
            )
    elif kind == "text/event-stream":
        events, _ = _events(response.content)
        names = [event.event for event in events]
        _, _, terminal = stream_output(events)
        if names != ["start", "complete"] or terminal is None or terminal.get("exitCode") != 0:
            raise AssertionError(
                f"a background stream is start, then complete with exitCode 0; got {names}"
            )
    return None


#: Our checks, in the order they are reported.
SANDBOX_CHECKS = (
    sandbox_success_matches_exit_code,
    sandbox_error_schema,
    sandbox_media_type_negotiated,
    sandbox_sse_framing,
    sandbox_schema_valid_request_accepted,
    sandbox_unrunnable_input,
    sandbox_background_answer,
)
