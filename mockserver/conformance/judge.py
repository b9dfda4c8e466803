"""Judge one exchange: a request as sent and the answer it got, against what one exchange shows.

    from mockserver.conformance.judge import judge_exchange
    from mockserver.conformance.exchange import ProbeRequest

    request = ProbeRequest.json_post(url, {"command": "exit 3"}, {"Accept": "application/json"})
    violations = judge_exchange(request, 200, {"content-type": "application/json"}, body)

This is the part of the contract (docs/contract.md) that needs no second request: the spec's
schemas, ``success == (exitCode == 0)``, the Error schema and ``application/json`` on every
error, no 5xx, a 400 for a body that breaks the schema and a 200 for one that keeps it, the
failed-command answer for unrunnable input, the background answer, JSON or SSE as ``Accept``
asks, SSE framing and event order, and what a stream's terminal event must agree with
(``timedOut`` never without a timeout exit code and never with ``timeout: 0``).

Behaviour that needs several calls (persistence, env not leaking, a stream equal to the JSON
answer of the same command) is judged by ``mockserver check``, which uses these same aspects
for every answer its Schemathesis suites get. Each aspect is a named function of an
:class:`Exchange`; :data:`ASPECTS` lists them in the order they are reported.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jsonschema

from mockserver.conformance.contract import (
    BACKGROUND_ANSWER,
    TIMEOUT_EXIT_CODES,
    accept_prefers_stream,
    contains_nul,
    error_message,
    error_problems,
    exec_result_problems,
    failed_command_problems,
    integral_floats_as_ints,
    media_type,
    stream_output,
    unnamed_properties,
    unrunnable_reasons,
)
from mockserver.conformance.dialects import Dialect, dialect
from mockserver.conformance.exchange import ProbeRequest, SseEvent
from mockserver.conformance.sse import SseParser
from mockserver.conformance.violations import Violation

EXEC_TEMPLATE = "/api/v1/sandboxes/{id}/exec"
_EXEC_PATH = re.compile(r"/api/v1/sandboxes/([^/]+)/exec/?$")
#: Statuses an exec answer may have: the spec's (200, 400, 404), 405 (section 2), and 413 for
#: a body over the server's size limit.
KNOWN_STATUSES = frozenset({200, 400, 404, 405, 413})
_NOT_JSON = object()


@dataclass(frozen=True)
class Exchange:
    """One request as sent and the answer it got, ready to judge."""

    request: ProbeRequest
    status: int
    #: Response headers, names in lower case.
    headers: Mapping[str, str]
    body: bytes
    #: The stream's events in the contract's canonical form (empty when not a stream).
    events: tuple[SseEvent, ...]
    #: The stream's events as framed on the wire, in ``dialect``.
    wire_events: tuple[SseEvent, ...]
    #: False when the reader stopped before the server ended the answer.
    ended_by_server: bool
    #: Bytes of an unfinished frame after the last event.
    trailing: bytes
    dialect: Dialect
    #: The reader waited after the terminal event and the server did not close the stream.
    kept_open: bool = False

    @classmethod
    def of(
        cls,
        request: ProbeRequest,
        status: int,
        headers: Mapping[str, str] | Iterable[tuple[str, str]],
        body: bytes,
        *,
        events: Sequence[SseEvent] | None = None,
        ended_by_server: bool = True,
        trailing: bytes | None = None,
        sse_dialect: str = "default",
        kept_open: bool = False,
    ) -> Exchange:
        pairs = headers.items() if isinstance(headers, Mapping) else headers
        merged: dict[str, str] = {}
        for key, value in pairs:
            name = key.lower()
            merged[name] = f"{merged[name]}, {value}" if name in merged else value
        which = dialect(sse_dialect)
        wire: tuple[SseEvent, ...] = ()
        rest = b""
        if media_type(merged) == "text/event-stream":
            if events is None:
                parser = SseParser()
                parsed = parser.feed(body, 0.0)
                if ended_by_server:
                    parsed += parser.finish(0.0)
                wire, rest = tuple(parsed), parser.trailing
            else:
                wire = tuple(events)
        return cls(
            request=request,
            status=status,
            headers=merged,
            body=body,
            events=which.canonical(wire),
            wire_events=wire,
            ended_by_server=ended_by_server,
            trailing=rest if trailing is None else trailing,
            dialect=which,
            kept_open=kept_open,
        )

    @property
    def media_type(self) -> str:
        return media_type(self.headers)

    @property
    def on_exec_path(self) -> bool:
        return _EXEC_PATH.search(urlsplit(self.request.url).path) is not None

    @property
    def is_exec_call(self) -> bool:
        return self.on_exec_path and self.request.method.upper() == "POST"

    @functools.cached_property
    def payload(self) -> Any:
        """The request body as JSON, or ``_NOT_JSON``."""
        if self.request.body is None:
            return _NOT_JSON
        try:
            return json.loads(self.request.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return _NOT_JSON

    @property
    def options(self) -> dict[str, Any]:
        options = self.payload.get("options") if isinstance(self.payload, dict) else None
        return options if isinstance(options, dict) else {}

    def answer_json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return _NOT_JSON

    def summary(self, limit: int = 600) -> str:
        if self.wire_events:
            lines = [f"{self.status} text/event-stream, {len(self.wire_events)} events"]
            lines += [f"  {event.describe()}" for event in self.wire_events[:12]]
            return "\n".join(lines)
        text = self.body.decode("utf-8", errors="backslashreplace")
        if len(text) > limit:
            text = text[:limit] + f"... ({len(self.body)} bytes)"
        return f"{self.status} {self.headers.get('content-type', '(no Content-Type)')} {text}"


class SpecSchemas:
    """The request and response schemas of the exec operation in one OpenAPI document."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        operation = spec["paths"][EXEC_TEMPLATE]["post"]
        components = {"components": spec.get("components", {})}
        content = operation["requestBody"]["content"]["application/json"]
        self._request = jsonschema.Draft4Validator({**content["schema"], **components})
        self._responses: dict[tuple[int, str], jsonschema.Draft4Validator] = {}
        for status, response in (operation.get("responses") or {}).items():
            for kind, body in ((response or {}).get("content") or {}).items():
                schema = (body or {}).get("schema")
                if status.isdigit() and kind == "application/json" and schema:
                    validator = jsonschema.Draft4Validator({**schema, **components})
                    self._responses[(int(status), kind)] = validator

    def body_valid(self, value: Any) -> bool:
        """Whether a JSON value is a valid exec request body."""
        return bool(self._request.is_valid(value))

    def response_problems(self, status: int, kind: str, value: Any) -> list[str]:
        validator = self._responses.get((status, kind))
        if validator is None:
            return []
        return [
            f"{'/'.join(str(p) for p in error.absolute_path) or 'the body'}: {error.message}"
            for error in validator.iter_errors(value)
        ][:4]


@functools.lru_cache(maxsize=1)
def _embedded_schemas() -> SpecSchemas:
    from mockserver.spec import load_spec

    return SpecSchemas(load_spec())


def spec_schemas(spec: Mapping[str, Any] | None = None) -> SpecSchemas:
    """The schemas of ``spec`` (the embedded upstream document when None)."""
    return _embedded_schemas() if spec is None else SpecSchemas(spec)


# -- aspects: each returns what is wrong with an exchange (empty when nothing is) ---------------

Judged = Callable[[Exchange, SpecSchemas], list[str]]


@dataclass(frozen=True, slots=True)
class Aspect:
    name: str
    section: str
    expected: str
    judge: Judged


def not_a_server_error(exchange: Exchange, schemas: SpecSchemas) -> list[str]:
    if exchange.status >= 500:
        return [f"status {exchange.status}"]
    return []


def status_known(exchange: Exchange, schemas: SpecSchemas) -> list[str]:
    if not exchange.is_exec_call or exchange.status >= 500:
        return []
    if exchange.status not in KNOWN_STATUSES:
        return [f"status {exchange.status} is not one the contract names"]
    return []


def error_schema(exchange: Exchange, schemas: SpecSchemas) -> list[str]:
    if exchange.status < 400:
        return []
    return error_problems(exchange.status, exchange.headers, exchange.body)


def method_not_allowed(exchange: Exchange, schemas: SpecSchemas) -> list[str]:
    if not exchange.on_exec_path or exchange.request.method.upper() == "POST":
        return []
    problems = []
    if exchange.status != 405:
        problems.append(f"status {exchange.status} for {exchange.request.method}, not 405")
    allowed = {m.strip().upper() for m in exchange.headers.get("allow", "").split(",")}
    if exchange.status == 405 and "POST" not in allowed:
        problems.append(f"Allow is {exchange.headers.get('allow', '(missing)')!r}, not naming POST")
    return problems


def media_type_negotiated(exchange: Exchange, schemas: SpecSchemas) -> list[str]:
    if not exchange.is_exec_call or exchange.status != 200:
        return []
    accept = exchange.request.header("accept")
    expected = "text/event-stream" if accept_prefers_stream(accept) else "application/json"
    if exchange.media_type != expected:
        return [
            f"Accept: {accept or '(none)'} asks for {expected}; the answer is "
            f"{exchange.media_type or 'without Content-Type'}"
        ]
    return []


def response_schema(exchange: Exchange, schemas: SpecSchemas) -> list[str]:
    if not exchange.is_exec_call or exchange.media_type != "application/json":
        return []
    value = exchange.answer_json()
    if value is _NOT_JSON:
        return [] if exchange.status >= 400 else ["the body is not JSON"]
    problems = schemas.response_problems(exchange.status, "application/json", value)
    if exchange.status == 200:
        problems += [p for p in exec_result_problems(value) if not p.startswith("success is ")]
    return list(dict.fromkeys(problems))


def success_matches_exit_code(exchange: Exchange, schemas: SpecSchemas) -> list[str]:
    if not exchange.is_exec_call or exchange.status != 200:
        return []
    if exchange.media_type == "application/json":
        value = exchange.answer_json()
        terminal = value if isinstance(value, dict) else None
        where = ""
    else:
        _, _, terminal = stream_output(exchange.events)
        if terminal is not None and terminal.get("event") != "complete":
            terminal = None
        where = "complete: "
    if terminal is None:
        return []
    code, success = terminal.get("exitCode"), terminal.get("success")
    if isinstance(code, int) and isinstance(success, bool) and success != (code == 0):
        return [f"{where}success is {json.dumps(success)} but exitCode is {code}"]
    return []


def sse_framing(exchange: Exchange, schemas: SpecSchemas) -> list[str]:
    if exchange.status != 200 or exchange.media_type != "text/event-stream":
        return []
    ended = exchange.ended_by_server
    problems = exchange.dialect.framing_problems(
        exchange.wire_events,
        closed_by_server=not exchange.kept_open,
        trailing=exchange.trailing if ended else b"",
    )
    if not ended and not exchange.kept_open:
        # Read in part: what was read is judged, not what the reader never saw.
        problems = [p for p in problems if not p.startswith("no terminal event")]
    return problems[:6]


def sse_terminal_agrees(exchange: Exchange, schemas: SpecSchemas) -> list[str]:
    """``timedOut`` true only with a timeout exit code, a failure, and a timeout that can fire."""
    if exchange.status != 200 or exchange.media_type != "text/event-stream":
        return []
    _, _, terminal = stream_output(exchange.events)
    if terminal is None or terminal.get("event") != "complete":
        return []
    if terminal.get("timedOut") is not True:
        return []
    problems = []
    code = terminal.get("exitCode")
    if code not in TIMEOUT_EXIT_CODES or terminal.get("success") is not False:
        problems.append(
            f"timedOut true with exitCode {json.dumps(code)} and success"
            f" {json.dumps(terminal.get('success'))}"
        )
    if exchange.options.get("timeout") == 0:
        problems.append("timedOut true although options.timeout is 0 (no limit)")
    if exchange.options.get("background") is True:
        problems.append("timedOut true for a background call, answered at once")
    return problems


def bad_body_rejected(exchange: Exchange, schemas: SpecSchemas) -> list[str]:
    """A body that breaks the request schema is refused with a 400 Error."""
    if not exchange.is_exec_call or exchange.status >= 400:
        return []
    payload = exchange.payload
    if payload is not _NOT_JSON and schemas.body_valid(payload):
        return []
    if payload is not _NOT_JSON and schemas.body_valid(integral_floats_as_ints(payload)):
        return []  # 1.0 is an integer in newer JSON Schema drafts: tolerated
    return [f"status {exchange.status} for a body that breaks the request schema"]


def valid_body_accepted(exchange: Exchange, schemas: SpecSchemas) -> list[str]:
    """A schema-valid body is answered 200, but where the contract tolerates a 4xx Error."""
    if not exchange.is_exec_call or not 400 <= exchange.status < 500:
        return []
    payload = exchange.payload
    if payload is _NOT_JSON or not schemas.body_valid(payload):
        return []
    if exchange.status in (404, 405, 413) or tolerated_rejection(payload, exchange.status):
        return []
    message = (error_message(exchange.body) or "").lower()
    if exchange.status == 400 and "organization" in message:
        return []  # no active organization (section 5): judged by who may ask, not the body
    extra = unnamed_properties(payload)
    hint = (
        f" (the body has properties the schema allows without naming them: {', '.join(extra[:3])})"
        if extra
        else ""
    )
    return [
        f"a schema-valid request was rejected with {exchange.status}; the contract answers it"
        " with 200 (a 4xx only for unrunnable input, a missing cwd or an unknown container)" + hint
    ]


def tolerated_rejection(payload: Any, status: int) -> bool:
    """Whether a 4xx to schema-valid input is one the contract tolerates (the status only)."""
    options = payload.get("options") if isinstance(payload, dict) else None
    options = options if isinstance(options, dict) else {}
    if unrunnable_reasons(payload) or contains_nul(payload):
        return True
    if "cwd" in options and status == 400:
        return True
    # The checker does not test containers (section 3): any refusal of one is let be.
    return "container" in options and status in (400, 404)


def unrunnable_answer(exchange: Exchange, schemas: SpecSchemas) -> list[str]:
    """Unrunnable input answered 200 is the failed command: "", a reason, 126, false."""
    if not exchange.is_exec_call or exchange.status != 200:
        return []
    payload = exchange.payload
    if payload is _NOT_JSON or not schemas.body_valid(payload):
        return []
    reasons = unrunnable_reasons(payload)
    if not reasons or "container" in exchange.options:
        return []
    if exchange.media_type == "application/json":
        problems = failed_command_problems(exchange.answer_json())
    elif exchange.media_type == "text/event-stream":
        stdout, _, terminal = stream_output(exchange.events)
        problems = []
        if stdout:
            problems.append("the stream has stdout")
        if terminal is None or (
            terminal.get("event") == "complete" and terminal.get("success") is not False
        ):
            problems.append("the stream does not end in an error or a failed complete")
    else:
        return []
    if problems and exchange.options.get("background") is True and _background_shape(exchange):
        return []  # a backend may find out only in the background: not held against it
    if problems:
        return [f"input with {reasons[0]} cannot run: " + "; ".join(problems)]
    return []


def _background_shape(exchange: Exchange) -> bool:
    if exchange.media_type == "application/json":
        value = exchange.answer_json()
        return isinstance(value, dict) and all(
            value.get(key) == expected for key, expected in BACKGROUND_ANSWER.items()
        )
    _, _, terminal = stream_output(exchange.events)
    names = [event.event for event in exchange.events]
    opening = ["start"] if exchange.dialect.has_start else []
    return names == [*opening, "complete"] and terminal is not None and terminal["exitCode"] == 0


def background_answer(exchange: Exchange, schemas: SpecSchemas) -> list[str]:
    """A runnable background call answers the empty success at once (section 3)."""
    if not exchange.is_exec_call or exchange.status != 200:
        return []
    payload = exchange.payload
    options = exchange.options
    if (
        payload is _NOT_JSON
        or not schemas.body_valid(payload)
        or options.get("background") is not True
    ):
        return []
    if "cwd" in options or "container" in options or contains_nul(payload):
        return []
    if unrunnable_reasons(payload):
        return []
    if exchange.media_type == "application/json":
        value = exchange.answer_json()
        if exec_result_problems(value):
            return []  # response_schema_conformance reports it
        wrong = {k: value[k] for k, v in BACKGROUND_ANSWER.items() if value[k] != v}
        if wrong:
            return [f"a background call answers {json.dumps(dict(BACKGROUND_ANSWER))}; got {wrong}"]
    elif exchange.media_type == "text/event-stream" and not _background_shape(exchange):
        names = [event.event for event in exchange.events]
        opening = "start, then " if exchange.dialect.has_start else ""
        return [f"a background stream is {opening}complete with exitCode 0; got {names}"]
    return []


#: Every aspect, in the order violations are reported. Names match the checks of the
#: Schemathesis suites, so a finding reads the same from ``check`` and from one exchange.
ASPECTS: tuple[Aspect, ...] = (
    Aspect("not_a_server_error", "2", "no 5xx for anything a client sent", not_a_server_error),
    Aspect(
        "status_code_conformance",
        "2",
        "a status the contract names (200, 400, 404, 405)",
        status_known,
    ),
    Aspect(
        "sandbox_error_schema",
        "2",
        "the spec's Error schema as application/json, code equal to the HTTP status",
        error_schema,
    ),
    Aspect(
        "sandbox_method_not_allowed",
        "2",
        "405 Error with Allow: POST for any other method on the exec path",
        method_not_allowed,
    ),
    Aspect(
        "sandbox_media_type_negotiated",
        "2",
        "text/event-stream exactly when Accept prefers it, application/json otherwise",
        media_type_negotiated,
    ),
    Aspect(
        "response_schema_conformance",
        "2",
        "a body valid against the spec's schema for the status",
        response_schema,
    ),
    Aspect(
        "sandbox_success_matches_exit_code",
        "2",
        "success == (exitCode == 0)",
        success_matches_exit_code,
    ),
    Aspect(
        "negative_data_rejection",
        "2",
        "a 400 Error for a body that breaks the schema",
        bad_body_rejected,
    ),
    Aspect(
        "sandbox_schema_valid_request_accepted",
        "2",
        "a 200 for a schema-valid request (a 4xx only where the contract tolerates it)",
        valid_body_accepted,
    ),
    Aspect(
        "sandbox_unrunnable_input",
        "2",
        'the failed-command answer {"stdout":"","stderr":"<why>\\n","exitCode":126,'
        '"success":false} for input no process can start with',
        unrunnable_answer,
    ),
    Aspect(
        "sandbox_background_answer",
        "3",
        'the background answer {"stdout":"","stderr":"","exitCode":0,"success":true} at once',
        background_answer,
    ),
    Aspect(
        "sandbox_sse_framing",
        "4",
        "the SSE dialect: start first, integer ids from 1 increasing, one-line JSON data,"
        " exactly one terminal event, then the end of the stream",
        sse_framing,
    ),
    Aspect(
        "sandbox_sse_terminal_agrees",
        "4",
        "timedOut true only when the timeout fired: exitCode 124 (or 137, 143, -1), success"
        " false, and a timeout that can fire",
        sse_terminal_agrees,
    ),
)
ASPECTS_BY_NAME: Mapping[str, Aspect] = {aspect.name: aspect for aspect in ASPECTS}


def judge(exchange: Exchange, schemas: SpecSchemas | None = None) -> list[Violation]:
    """Every aspect ``exchange`` breaks, as violations (empty when it keeps the contract)."""
    schemas = schemas or spec_schemas()
    found: list[Violation] = []
    for aspect in ASPECTS:
        problems = aspect.judge(exchange, schemas)
        if problems:
            found.append(
                Violation(
                    check=aspect.name,
                    expected=aspect.expected,
                    actual="; ".join(problems) + f"\n  answer: {exchange.summary()}",
                    request=exchange.request,
                    section=aspect.section,
                )
            )
    return found


def judge_exchange(
    request: ProbeRequest,
    status: int,
    headers: Mapping[str, str] | Iterable[tuple[str, str]],
    body: bytes,
    *,
    events: Sequence[SseEvent] | None = None,
    ended_by_server: bool = True,
    sse_dialect: str = "default",
    spec: Mapping[str, Any] | None = None,
) -> list[Violation]:
    """Judge one exchange against the contract parts one exchange shows; [] when it conforms.

    ``request`` is the request exactly as sent (its ``Accept`` header and JSON body matter).
    ``headers`` are the answer's (any case). ``body`` is the answer's body; for a stream, the
    raw bytes, parsed here unless ``events`` (as parsed by :class:`~mockserver.conformance.sse.
    SseParser`, in ``sse_dialect``) are given. ``ended_by_server`` is False when the reader
    stopped reading before the server ended the answer (then an open stream is not judged as
    one left open, and a partial last frame is not a framing error). ``spec`` is an OpenAPI
    document already normalised (``mockserver.spec.load_spec``); None is the embedded one.
    """
    exchange = Exchange.of(
        request,
        status,
        headers,
        body,
        events=events,
        ended_by_server=ended_by_server,
        sse_dialect=sse_dialect,
    )
    return judge(exchange, spec_schemas(spec))
