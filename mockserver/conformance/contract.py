"""The contract as pure predicates: each returns the list of ways an answer breaks it.

Shared by the Schemathesis checks and the behaviour properties, so both judge alike.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from mockserver.conformance.dialects import TERMINAL_EVENTS
from mockserver.conformance.dialects import dialect as get_dialect
from mockserver.conformance.exchange import SseEvent, StreamAnswer

EXEC_FIELDS: Mapping[str, type] = {"stdout": str, "stderr": str, "exitCode": int, "success": bool}
#: Exit codes a timed-out command may report (CONTRACT section 3, tolerant).
TIMEOUT_EXIT_CODES = frozenset({124, 137, 143, -1})
#: The exact answer to a background call (extra fields allowed).
BACKGROUND_ANSWER: Mapping[str, object] = {
    "stdout": "",
    "stderr": "",
    "exitCode": 0,
    "success": True,
}


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def media_type(headers: Mapping[str, str]) -> str:
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


def exec_result_problems(value: object) -> list[str]:
    """An exec answer body: the four fields with their types, and ``success == (exitCode == 0)``."""
    if not isinstance(value, dict):
        return [f"the body is a JSON {type(value).__name__}, not an object"]
    problems = []
    for name, kind in EXEC_FIELDS.items():
        if name not in value:
            problems.append(f"field {name!r} is missing")
            continue
        field = value[name]
        ok = is_int(field) if kind is int else isinstance(field, kind)
        if not ok:
            problems.append(
                f"field {name!r} is {json.dumps(field)[:80]} ({_kind(field)}), not {_json_kind(kind)}"
            )
    if not problems and value["success"] != (value["exitCode"] == 0):
        problems.append(
            f"success is {json.dumps(value['success'])} but exitCode is {value['exitCode']}"
        )
    return problems


def error_problems(status: int, headers: Mapping[str, str], body: bytes) -> list[str]:
    """An error answer: ``application/json`` in the spec's Error schema, ``code`` = the status."""
    problems = []
    kind = media_type(headers)
    if kind != "application/json":
        problems.append(f"Content-Type is {kind or 'missing'}, not application/json")
    try:
        value = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        problems.append(f"the body is not JSON: {body[:120]!r}")
        return problems
    if not isinstance(value, dict):
        problems.append(f"the body is a JSON {type(value).__name__}, not an Error object")
        return problems
    code = value.get("code")
    if "code" not in value:
        problems.append("field 'code' is missing")
    elif not is_number(code):
        problems.append(f"field 'code' is {json.dumps(code)[:40]} ({_kind(code)}), not a number")
    elif code != status:
        problems.append(f"field 'code' is {code}, not the HTTP status {status}")
    message = value.get("message")
    if "message" not in value:
        problems.append("field 'message' is missing")
    elif not isinstance(message, str) or not message.strip():
        problems.append(f"field 'message' is {json.dumps(message)[:60]}, not a readable sentence")
    details = value.get("details")
    if details is not None and not isinstance(details, dict):
        problems.append(f"field 'details' is {json.dumps(details)[:60]}, not null or an object")
    return problems


def error_message(body: bytes) -> str | None:
    try:
        value = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    message = value.get("message") if isinstance(value, dict) else None
    return message if isinstance(message, str) else None


def sse_problems(
    events: Sequence[SseEvent],
    *,
    closed_by_server: bool,
    trailing: bytes,
    dialect: str = "default",
) -> list[str]:
    """Framing and order of an exec event stream (CONTRACT section 4), in ``dialect``."""
    return get_dialect(dialect).framing_problems(
        events, closed_by_server=closed_by_server, trailing=trailing
    )


def stream_problems(answer: StreamAnswer) -> list[str]:
    """A 200 exec answer requested as a stream."""
    if answer.status != 200:
        return [f"status {answer.status}, not 200"]
    if answer.media_type != "text/event-stream":
        return [f"Content-Type is {answer.media_type or 'missing'}, not text/event-stream"]
    return sse_problems(
        answer.wire_events,
        closed_by_server=answer.closed_by_server,
        trailing=answer.trailing,
        dialect=answer.dialect,
    )


def stream_output(events: Sequence[SseEvent]) -> tuple[str, str, dict[str, Any] | None]:
    """Concatenated stdout and stderr chunks, and the terminal payload (None when missing)."""
    out: list[str] = []
    err: list[str] = []
    terminal: dict[str, Any] | None = None
    for event in events:
        try:
            payload = json.loads(event.data)
        except ValueError:
            continue
        if not isinstance(payload, dict):
            continue
        if event.event == "stdout" and isinstance(payload.get("data"), str):
            out.append(payload["data"])
        elif event.event == "stderr" and isinstance(payload.get("data"), str):
            err.append(payload["data"])
        elif event.event in TERMINAL_EVENTS:
            terminal = {"event": event.event, **payload}
    return "".join(out), "".join(err), terminal


def unrunnable_reasons(body: object) -> list[str]:
    """Why a schema-valid body cannot start a process (CONTRACT section 2), if it cannot."""
    if not isinstance(body, dict):
        return []
    reasons = []
    command = body.get("command")
    if isinstance(command, str) and "\x00" in command:
        reasons.append("a NUL byte in command")
    options = body.get("options")
    if not isinstance(options, dict):
        return reasons
    stdin = options.get("stdin")
    if isinstance(stdin, str) and "\x00" in stdin:
        reasons.append("a NUL byte in options.stdin")
    cwd = options.get("cwd")
    if isinstance(cwd, str):
        if "\x00" in cwd:
            reasons.append("a NUL byte in options.cwd")
        elif not cwd.startswith("/"):
            reasons.append("a relative options.cwd")
    env = options.get("env")
    if isinstance(env, dict):
        for name in env:
            if name == "" or "=" in name or "\x00" in name:
                reasons.append(f"options.env name {name!r} cannot be an environment name")
                break
    return reasons


#: The properties the request schema names, top level and in ``options``.
BODY_PROPERTIES = frozenset({"command", "options"})
OPTION_PROPERTIES = frozenset({"timeout", "stdin", "container", "background", "env", "cwd"})


def unnamed_properties(body: object) -> list[str]:
    """Properties of a body that the schema allows (no additionalProperties) but does not name."""
    if not isinstance(body, dict):
        return []
    found = [name for name in body if name not in BODY_PROPERTIES]
    options = body.get("options")
    if isinstance(options, dict):
        found += [f"options.{name}" for name in options if name not in OPTION_PROPERTIES]
    return found


def integral_floats_as_ints(value: Any) -> Any:
    """``value`` with every float that is a whole number as an int (1.0 -> 1)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: integral_floats_as_ints(item) for key, item in value.items()}
    if isinstance(value, list):
        return [integral_floats_as_ints(item) for item in value]
    return value


def contains_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(key) or contains_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(contains_nul(item) for item in value)
    return False


def failed_command_problems(value: object) -> list[str]:
    """The 200 answer to unrunnable input: ``stdout`` empty, 126, not a success, a reason."""
    problems = exec_result_problems(value)
    if problems:
        return problems
    assert isinstance(value, dict)
    if value["stdout"] != "":
        problems.append(f"stdout is {value['stdout'][:80]!r}, not empty")
    if value["exitCode"] != 126:
        problems.append(f"exitCode is {value['exitCode']}, not 126")
    if not value["stderr"].strip():
        problems.append("stderr does not say why the command could not run")
    return problems


def accept_prefers_stream(accept: str | None) -> bool:
    """Whether an Accept header prefers text/event-stream over application/json (section 2)."""
    if not accept:
        return False
    return _quality(accept, "text/event-stream") > _quality(accept, "application/json")


def _quality(accept: str, wanted: str) -> float:
    kind = wanted.partition("/")[0]
    best: tuple[int, float] = (-1, 0.0)
    for item in accept.split(","):
        parts = [part.strip() for part in item.split(";")]
        media = parts[0].lower()
        q = 1.0
        for param in parts[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media == wanted:
            specificity = 2
        elif media == f"{kind}/*":
            specificity = 1
        elif media == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best[0]:
            best = (specificity, q)
    return best[1]


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _json_kind(kind: type) -> str:
    return {str: "a string", int: "an integer", bool: "a boolean"}[kind]
